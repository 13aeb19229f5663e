package dev.weft.http;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The limits and timeouts of an {@link HttpServer} (Tornado's {@code HTTP1ConnectionParameters}
 * and the {@code HTTPServer} arguments). Fluent setters return this object; the server copies
 * nothing, so set everything before listening.
 *
 * <p>Defaults: request line and header block 64 KiB each (Tornado's {@code max_header_size}
 * bounds both together: a request line may use all of the block), 10,000 header fields (Tornado
 * counts none; 64 KiB holds at most about 16,000), body 100 MiB ({@code max_body_size}), idle keep-alive connection 1 hour
 * ({@code idle_connection_timeout}), 60 s to send a request's headers once it has begun, 1 hour for
 * its body ({@code body_timeout}, none in Tornado); plain HTTP (no {@code sslContext}), and 10 s for
 * a TLS handshake when there is one.
 */
public final class HttpServerOptions {
    private int maxRequestLineLength = 64 * 1024;
    private int maxHeaderSize = 64 * 1024;
    private int maxHeaderCount = 10_000;
    private long maxBodySize = 100L * 1024 * 1024;
    private Duration idleConnectionTimeout = Duration.ofHours(1);
    private Duration headerTimeout = Duration.ofSeconds(60);
    private Duration bodyTimeout = Duration.ofHours(1);
    private boolean noKeepAlive;
    private boolean xheaders;
    private SSLContext sslContext;
    private Duration tlsHandshakeTimeout = Duration.ofSeconds(10);

    /** The defaults. */
    public HttpServerOptions() {
    }

    /**
     * Longest request line accepted; longer gets {@code 414 URI Too Long}.
     *
     * @param bytes the limit
     * @return this
     */
    public HttpServerOptions maxRequestLineLength(int bytes) {
        maxRequestLineLength = positive(bytes);
        return this;
    }

    /**
     * Largest header block (request line and headers); larger gets {@code 431}.
     *
     * @param bytes the limit
     * @return this
     */
    public HttpServerOptions maxHeaderSize(int bytes) {
        maxHeaderSize = positive(bytes);
        return this;
    }

    /**
     * Most header fields accepted; more get {@code 431}.
     *
     * @param count the limit
     * @return this
     */
    public HttpServerOptions maxHeaderCount(int count) {
        maxHeaderCount = positive(count);
        return this;
    }

    /**
     * Largest request body; larger gets {@code 400}, as in Tornado.
     *
     * @param bytes the limit
     * @return this
     */
    public HttpServerOptions maxBodySize(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative: " + bytes);
        }
        maxBodySize = bytes;
        return this;
    }

    /**
     * How long a connection may wait between requests (or for its first) before it is closed.
     *
     * @param d the timeout
     * @return this
     */
    public HttpServerOptions idleConnectionTimeout(Duration d) {
        idleConnectionTimeout = Objects.requireNonNull(d);
        return this;
    }

    /**
     * How long a client may take to send a request's header block once its first byte arrived;
     * a slower client (slowloris) is answered {@code 408} and disconnected.
     *
     * @param d the timeout
     * @return this
     */
    public HttpServerOptions headerTimeout(Duration d) {
        headerTimeout = Objects.requireNonNull(d);
        return this;
    }

    /**
     * How long a client may take to send a request's body after its headers.
     *
     * @param d the timeout
     * @return this
     */
    public HttpServerOptions bodyTimeout(Duration d) {
        bodyTimeout = Objects.requireNonNull(d);
        return this;
    }

    /**
     * Closes every connection after one response, whatever the client asked.
     *
     * @param value true to disable keep-alive
     * @return this
     */
    public HttpServerOptions noKeepAlive(boolean value) {
        noKeepAlive = value;
        return this;
    }

    /**
     * Trusts {@code X-Real-Ip}/{@code X-Forwarded-For} and {@code X-Scheme}/
     * {@code X-Forwarded-Proto} for {@link HttpServerRequest#remoteIp()} and
     * {@link HttpServerRequest#protocol()}: only behind a reverse proxy that sets them (Tornado's
     * {@code xheaders}).
     *
     * @param value true to trust them
     * @return this
     */
    public HttpServerOptions xheaders(boolean value) {
        xheaders = value;
        return this;
    }

    /**
     * Serves HTTPS with this context (Tornado's {@code ssl_options}): the server's certificate
     * chain and key come from its key managers. ALPN offers {@code http/1.1}; a client offering
     * only other protocols (only {@code h2}) fails the handshake with {@code no_application_protocol},
     * as RFC 7301 section 3.2 requires. Read for each accepted connection.
     *
     * <pre>{@code
     * new HttpServer(app, new HttpServerOptions().sslContext(tls)).listen(8443);
     * }</pre>
     *
     * <p>docs/GUIDE.md (HTTPS) shows how to make the context from a PKCS#12 key store.
     *
     * @param context an initialised context, or null for plain HTTP
     * @return this
     */
    public HttpServerOptions sslContext(SSLContext context) {
        sslContext = context;
        return this;
    }

    /** @return the TLS context, or null for plain HTTP */
    public SSLContext sslContext() {
        return sslContext;
    }

    /**
     * How long a client may take, from the accept, to complete the TLS handshake; a slower one is
     * disconnected (Tornado has no such limit; Netty's default is 10 s, used here too).
     *
     * @param d the timeout
     * @return this
     */
    public HttpServerOptions tlsHandshakeTimeout(Duration d) {
        tlsHandshakeTimeout = Objects.requireNonNull(d);
        return this;
    }

    /** @return the TLS handshake timeout */
    public Duration tlsHandshakeTimeout() {
        return tlsHandshakeTimeout;
    }

    /** @return whether proxy headers are trusted */
    public boolean xheaders() {
        return xheaders;
    }

    /** @return the request line limit in bytes */
    public int maxRequestLineLength() {
        return maxRequestLineLength;
    }

    /** @return the header block limit in bytes */
    public int maxHeaderSize() {
        return maxHeaderSize;
    }

    /** @return the header field count limit */
    public int maxHeaderCount() {
        return maxHeaderCount;
    }

    /** @return the body limit in bytes */
    public long maxBodySize() {
        return maxBodySize;
    }

    /** @return the idle timeout */
    public Duration idleConnectionTimeout() {
        return idleConnectionTimeout;
    }

    /** @return the header timeout */
    public Duration headerTimeout() {
        return headerTimeout;
    }

    /** @return the body timeout */
    public Duration bodyTimeout() {
        return bodyTimeout;
    }

    /** @return whether keep-alive is disabled */
    public boolean noKeepAlive() {
        return noKeepAlive;
    }

    private static int positive(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("must be positive: " + n);
        }
        return n;
    }
}
