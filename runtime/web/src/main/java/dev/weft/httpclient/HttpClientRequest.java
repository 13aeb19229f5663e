package dev.weft.httpclient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request for {@link AsyncHttpClient#fetch(HttpClientRequest)} (Tornado's
 * {@code HTTPRequest}): immutable, made by {@link #builder(String)}.
 *
 * <pre>{@code
 * HttpClientRequest post = HttpClientRequest.builder("http://127.0.0.1:8888/items")
 *         .method("POST").header("Content-Type", "application/json").body("{\"n\": 1}")
 *         .raiseError(false).build();
 * }</pre>
 *
 * <p>The timeouts, {@code followRedirects} and {@code maxRedirects} a request leaves unset come
 * from its client's builder. The URL is checked when the request is fetched: a malformed one fails
 * the fetch's future at once with {@link IllegalArgumentException}. As in Tornado, the methods are
 * {@code GET HEAD POST PUT DELETE PATCH OPTIONS} (case-sensitive), {@code POST}, {@code PUT} and
 * {@code PATCH} need a body and the others must not have one.
 *
 * <p>Thread rules: a request is immutable and may be shared; a builder is not thread-safe.
 */
public final class HttpClientRequest {
    private final String url;
    private final String method;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Boolean followRedirects;
    private final Integer maxRedirects;
    private final boolean raiseError;

    private HttpClientRequest(Builder b) {
        url = b.url;
        method = b.method;
        headers = List.copyOf(b.headers);
        body = b.body;
        connectTimeout = b.connectTimeout;
        requestTimeout = b.requestTimeout;
        followRedirects = b.followRedirects;
        maxRedirects = b.maxRedirects;
        raiseError = b.raiseError;
    }

    /**
     * A builder for a GET of {@code url}.
     *
     * @param url an absolute {@code http} or {@code https} URL
     * @return a builder
     */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /**
     * The URL as given.
     *
     * @return the URL
     */
    public String url() {
        return url;
    }

    /**
     * The method.
     *
     * @return the method, {@code GET} unless set
     */
    public String method() {
        return method;
    }

    /**
     * The headers set on the builder, in the order they were added, several values of one name
     * as several entries (what the client adds, such as {@code User-Agent}, is not among them).
     *
     * @return an unmodifiable list of name/value pairs
     */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /**
     * The body.
     *
     * @return a copy of the body, or null when there is none
     */
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    /**
     * Whether a response that is not 2xx fails the future with {@link HttpClientError}.
     *
     * @return true unless {@link Builder#raiseError(boolean)} turned it off
     */
    public boolean raiseError() {
        return raiseError;
    }

    byte[] bodyUnsafe() {
        return body;
    }

    Duration connectTimeoutOrNull() {
        return connectTimeout;
    }

    Duration requestTimeoutOrNull() {
        return requestTimeout;
    }

    Boolean followRedirectsOrNull() {
        return followRedirects;
    }

    Integer maxRedirectsOrNull() {
        return maxRedirects;
    }

    @Override
    public String toString() {
        return "HttpClientRequest[" + method + " " + url + "]";
    }

    /**
     * Builds an {@link HttpClientRequest}. What is not set here comes from the client.
     *
     * <p>Thread rules: not thread-safe; use from one thread.
     */
    public static final class Builder {
        private final String url;
        private String method = "GET";
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private byte[] body;
        private Duration connectTimeout;
        private Duration requestTimeout;
        private Boolean followRedirects;
        private Integer maxRedirects;
        private boolean raiseError = true;

        private Builder(String url) {
            this.url = Objects.requireNonNull(url, "url");
        }

        /**
         * The method, as sent ({@code GET} by default).
         *
         * @param method for instance {@code POST}
         * @return this builder
         */
        public Builder method(String method) {
            this.method = Objects.requireNonNull(method, "method");
            return this;
        }

        /**
         * Adds a header; adding a name again sends both values. A {@code User-Agent} set here wins
         * over the client's {@code userAgent}.
         *
         * @param name the header name
         * @param value its value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.add(Map.entry(Objects.requireNonNull(name, "name"),
                    Objects.requireNonNull(value, "value")));
            return this;
        }

        /**
         * The body, as bytes (copied).
         *
         * @param body the body
         * @return this builder
         */
        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body").clone();
            return this;
        }

        /**
         * The body, encoded as UTF-8.
         *
         * @param body the body
         * @return this builder
         */
        public Builder body(String body) {
            this.body = Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /**
         * How long connecting may take; overrides the client's.
         *
         * @param timeout the timeout; zero for none (as Tornado's 0)
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = AsyncHttpClient.checkTimeout(timeout, "connectTimeout");
            return this;
        }

        /**
         * How long the whole request may take, from leaving the queue to the last byte of the
         * response (each redirect gets its own); overrides the client's.
         *
         * @param timeout the timeout; zero for none (as Tornado's 0)
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = AsyncHttpClient.checkTimeout(timeout, "requestTimeout");
            return this;
        }

        /**
         * Whether to follow 301, 302, 303, 307 and 308 responses with a {@code Location};
         * overrides the client's.
         *
         * @param follow true to follow
         * @return this builder
         */
        public Builder followRedirects(boolean follow) {
            this.followRedirects = follow;
            return this;
        }

        /**
         * How many redirects to follow at most; past them the last 3xx is the response. Overrides
         * the client's.
         *
         * @param max zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxRedirects(int max) {
            this.maxRedirects = AsyncHttpClient.checkMaxRedirects(max);
            return this;
        }

        /**
         * Whether a response that is not 2xx (after redirects) fails the future with
         * {@link HttpClientError} (true by default). Timeouts and connection errors fail it either
         * way, as in Tornado 6.
         *
         * @param raise false to complete normally with any HTTP response
         * @return this builder
         */
        public Builder raiseError(boolean raise) {
            this.raiseError = raise;
            return this;
        }

        /**
         * The request.
         *
         * @return an immutable request
         */
        public HttpClientRequest build() {
            return new HttpClientRequest(this);
        }
    }
}
