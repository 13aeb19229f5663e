package dev.weft.httpclient;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * An asynchronous HTTP client (Tornado's {@code AsyncHTTPClient}) on the JDK's
 * {@link java.net.http.HttpClient}: HTTP/1.1 for {@code http} URLs, HTTP/2 or HTTP/1.1 (as ALPN
 * decides) for {@code https}, connections kept alive and reused.
 *
 * <pre>{@code
 * @Coroutine
 * static Future<String> fetchCoroutine(AsyncHttpClient httpClient, String url) {
 *     HttpClientResponse response = Co.await(httpClient.fetch(url));
 *     return Future.completed(response.text());
 * }
 * }</pre>
 *
 * <p>What a fetch's future does:
 * <ul>
 * <li>It completes on the {@link IOLoop} of the thread that called {@code fetch}, through that
 *     loop's {@code addCallback}; from a thread without a loop, on the thread that ends the fetch
 *     (a pool thread of the client's or the JDK's, the timeout thread, or a thread that cancels it;
 *     never the JDK client's selector thread, which handles every connection's I/O and must not run
 *     user code). A coroutine awaiting it resumes where it started. If that
 *     loop is closed before the fetch ends, the outcome is dropped with the loop's other
 *     callbacks.
 * <li>At most {@code maxClients} requests are in flight; the others wait in the order they were
 *     made. A request that waits longer than the smaller of its timeouts fails with
 *     {@link HttpClientError} 599 "Timeout in request queue" (Tornado).
 * <li>Redirects (301, 302, 303, 307, 308 with a {@code Location}) are followed up to
 *     {@code maxRedirects}; each new request takes its turn in the line again, as in Tornado.
 *     303, and 301/302 after a POST, become a GET without the body. Past the limit, or with
 *     {@code followRedirects(false)}, the 3xx is the response.
 * <li>A response that is not 2xx fails the future with {@link HttpClientError} (its
 *     {@link HttpClientError#response()} is the response), unless the request says
 *     {@code raiseError(false)}. A connect or request timeout fails it with {@link HttpClientError}
 *     599 and no response; a refused or broken connection with the JDK's
 *     {@link java.io.IOException}, unchanged (a {@link java.net.ConnectException} for instance).
 *     Those two fail it whatever {@code raiseError} says, as in Tornado 6.
 * <li>A malformed URL, a scheme other than http/https, an unknown method, a body where the method
 *     takes none (or none for POST, PUT, PATCH) or a header the JDK refuses ({@code Host},
 *     {@code Content-Length}, {@code Connection}, ... which the JDK sets itself) fail the future
 *     at once with {@link IllegalArgumentException}.
 * <li>Cancelling the future aborts the request (the JDK closes its connection) and frees its
 *     slot, or takes it out of the line.
 * </ul>
 *
 * <p>Unlike Tornado's client it does not ask for gzip ({@code decompress_response}): the JDK client
 * does not decompress. Without {@link Builder#userAgent} the JDK's {@code User-Agent} is sent.
 *
 * <p>Cost: each request in flight runs as a blocking {@code send} on a pooled thread of weft's
 * own (the JDK's {@code sendAsync} would start a new thread for every response on a machine of
 * one or two cores), and its response is handled on the JDK client's selector thread and reaches
 * the caller's loop in one hop (see {@code JdkTasks}); so up to {@code maxClients} threads per
 * client wait in {@code send} (measured in docs/BENCHMARKS.md, "HTTP client").
 *
 * <p>Thread rules: thread-safe; {@code fetch} may be called from any thread, with or without a
 * loop. One client is meant to be shared: it holds the JDK client and its connection pool.
 */
public final class AsyncHttpClient implements AutoCloseable {
    final FetchLine line;
    private final FetchSettings defaults;
    // One JDK client per connect timeout in use: the JDK sets that timeout per client only.
    private final ConcurrentHashMap<Duration, HttpClient> jdkClients = new ConcurrentHashMap<>();
    private final SSLContext sslContext; // null: the JDK's default (its cacerts)
    private volatile boolean closed;

    /** A client with the defaults of {@link Builder}. */
    public AsyncHttpClient() {
        this(new Builder());
    }

    private AsyncHttpClient(Builder b) {
        line = new FetchLine(b.maxClients);
        sslContext = b.sslContext;
        defaults = new FetchSettings(b.connectTimeout, b.requestTimeout, b.followRedirects,
                b.maxRedirects, true, b.userAgent);
        jdk(defaults.connectTimeout());
    }

    /**
     * A builder of a client.
     *
     * @return a builder with Tornado's defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * GETs {@code url}.
     *
     * @param url an absolute http or https URL
     * @return the future of its response, completed on the caller's loop
     * @throws IllegalStateException if the client is closed
     */
    public Future<HttpClientResponse> fetch(String url) {
        return fetch(HttpClientRequest.builder(url).build());
    }

    /**
     * Runs {@code request}.
     *
     * @param request the request
     * @return the future of its response, completed on the caller's loop; failed at once with
     *     {@link IllegalArgumentException} when the request cannot be made
     * @throws IllegalStateException if the client is closed (Tornado raises too)
     */
    public Future<HttpClientResponse> fetch(HttpClientRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed) {
            throw new IllegalStateException("fetch() called on a closed AsyncHttpClient");
        }
        FetchSettings settings = defaults.forRequest(request);
        Hop first;
        try {
            first = Hop.first(request, settings.userAgent());
        } catch (IllegalArgumentException e) {
            return Future.failed(e);
        }
        Fetch fetch = new Fetch(this, request, settings, first, IOLoop.currentOrNull());
        fetch.enter();
        return fetch.future;
    }

    HttpClient jdk(Duration connectTimeout) {
        return jdkClients.computeIfAbsent(connectTimeout, timeout -> {
            HttpClient.Builder b = HttpClient.newBuilder()
                    .executor(JdkTasks.INSTANCE) // responses handled on the selector thread
                    .followRedirects(HttpClient.Redirect.NEVER); // followed here, as Tornado does
            if (!timeout.isZero()) {
                b.connectTimeout(timeout);
            }
            if (sslContext != null) {
                b.sslContext(sslContext);
            }
            return b.build();
        });
    }

    /**
     * Closes the client: later fetches throw {@link IllegalStateException}; fetches waiting or in
     * flight are cancelled (their futures become cancelled and their requests are aborted). On a
     * JDK that can shut a {@link HttpClient} down (21 and later) its threads end too; on 17 they
     * end once the client is no longer referenced. Closing twice does nothing more.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Fetch f : line.live()) {
            f.future.cancel();
        }
        for (HttpClient c : jdkClients.values()) {
            shutdownNow(c);
        }
    }

    private static void shutdownNow(HttpClient client) {
        Method shutdownNow;
        try {
            shutdownNow = HttpClient.class.getMethod("shutdownNow");
        } catch (NoSuchMethodException beforeJdk21) {
            return;
        }
        try {
            shutdownNow.invoke(client);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot shut the JDK HttpClient down", e);
        }
    }

    static Duration checkTimeout(Duration timeout, String what) {
        Objects.requireNonNull(timeout, what);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + timeout);
        }
        return timeout;
    }

    static int checkMaxRedirects(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("maxRedirects must not be negative: " + max);
        }
        return max;
    }

    /**
     * Builds an {@link AsyncHttpClient}; each setting is a default that a request may override
     * (except {@code maxClients}).
     *
     * <p>Thread rules: not thread-safe; use from one thread.
     */
    public static final class Builder {
        private int maxClients = 10;
        private Duration connectTimeout = Duration.ofSeconds(20);
        private Duration requestTimeout = Duration.ofSeconds(20);
        private boolean followRedirects = true;
        private int maxRedirects = 5;
        private String userAgent;
        private SSLContext sslContext;

        private Builder() {
        }

        /**
         * How many requests may be in flight at once (10 by default); the others wait in order.
         *
         * @param max one or more
         * @return this builder
         * @throws IllegalArgumentException if below one
         */
        public Builder maxClients(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxClients must be at least 1: " + max);
            }
            this.maxClients = max;
            return this;
        }

        /**
         * How long connecting may take (20 s by default).
         *
         * @param timeout the timeout; zero for none
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = checkTimeout(timeout, "connectTimeout");
            return this;
        }

        /**
         * How long a request may take from leaving the line to its last byte (20 s by default).
         *
         * @param timeout the timeout; zero for none
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = checkTimeout(timeout, "requestTimeout");
            return this;
        }

        /**
         * Whether to follow redirects (true by default).
         *
         * @param follow false to return 3xx responses as they are
         * @return this builder
         */
        public Builder followRedirects(boolean follow) {
            this.followRedirects = follow;
            return this;
        }

        /**
         * How many redirects to follow at most (5 by default).
         *
         * @param max zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxRedirects(int max) {
            this.maxRedirects = checkMaxRedirects(max);
            return this;
        }

        /**
         * The {@code User-Agent} of requests that do not set their own.
         *
         * @param userAgent the value; null for the JDK's
         * @return this builder
         */
        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        /**
         * The TLS context of {@code https} requests (Tornado's {@code ssl_options}): its trust
         * managers decide which server certificates are accepted. Host names are verified
         * whatever the context.
         *
         * @param context an initialised context; null (the default) for the JDK's default, which
         *     trusts the JDK's {@code cacerts}
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /**
         * The client.
         *
         * @return a new client
         */
        public AsyncHttpClient build() {
            return new AsyncHttpClient(this);
        }
    }
}
