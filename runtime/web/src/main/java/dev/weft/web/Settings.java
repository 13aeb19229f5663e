package dev.weft.web;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * An {@link Application}'s settings (Tornado's {@code Application(**settings)}): set what you need,
 * the rest keeps Tornado's defaults.
 *
 * <pre>{@code
 * new Application(routes, new Settings()
 *         .staticPath(Path.of("static"))      // /static/..., /favicon.ico, /robots.txt; staticUrl("app.css")
 *         .cookieSecret(System.getenv("COOKIE_SECRET"))  // setSecureCookie / getSecureCookie
 *         .xsrfCookies(true)                  // POST, PUT, PATCH, DELETE need xsrfFormHtml()'s _xsrf
 *         .compressResponse(true)             // gzip text and JSON of 1 KiB or more
 *         .defaultHandler(NotFoundHandler::new)
 *         .debug(false));                     // true serves stack traces: development only
 * }</pre>
 *
 * <p>Thread rules: fill it in before the application is made; the application keeps a copy.
 */
public final class Settings {
    Path staticPath;
    String staticUrlPrefix = "/static/";
    String cookieSecret;
    boolean xsrfCookies;
    boolean compressResponse;
    Supplier<? extends RequestHandler> defaultHandler;
    boolean debug;
    java.time.Duration websocketPingInterval;
    java.time.Duration websocketPingTimeout;
    long websocketMaxMessageSize = 10 * 1024 * 1024;

    /** Tornado's defaults: no static files, no secret, no XSRF check, no compression, no debug. */
    public Settings() {
    }

    private Settings(Settings o) {
        staticPath = o.staticPath;
        staticUrlPrefix = o.staticUrlPrefix;
        cookieSecret = o.cookieSecret;
        xsrfCookies = o.xsrfCookies;
        compressResponse = o.compressResponse;
        defaultHandler = o.defaultHandler;
        debug = o.debug;
        websocketPingInterval = o.websocketPingInterval;
        websocketPingTimeout = o.websocketPingTimeout;
        websocketMaxMessageSize = o.websocketMaxMessageSize;
    }

    Settings copy() {
        return new Settings(this);
    }

    /**
     * Serves the files under {@code dir} at {@link #staticUrlPrefix} (and {@code /favicon.ico},
     * {@code /robots.txt} from it) with a {@link StaticFileHandler}, before the other routes,
     * and lets handlers call {@link RequestHandler#staticUrl}.
     *
     * @param dir the directory
     * @return this
     */
    public Settings staticPath(Path dir) {
        this.staticPath = dir;
        return this;
    }

    /**
     * The URL prefix of static files, {@code /static/} by default.
     *
     * @param prefix the prefix, starting and ending with {@code /}
     * @return this
     */
    public Settings staticUrlPrefix(String prefix) {
        if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("staticUrlPrefix must start and end with /: " + prefix);
        }
        this.staticUrlPrefix = prefix;
        return this;
    }

    /**
     * The HMAC key of signed cookies ({@link RequestHandler#setSecureCookie}) and of nothing
     * else. Use a long random value, kept out of the source.
     *
     * @param secret the key
     * @return this
     */
    public Settings cookieSecret(String secret) {
        if (secret != null && secret.isEmpty()) {
            throw new IllegalArgumentException("an empty cookieSecret signs nothing");
        }
        this.cookieSecret = secret;
        return this;
    }

    /**
     * Whether POST, PUT, PATCH and DELETE need the {@code _xsrf} token ({@link
     * RequestHandler#checkXsrfCookie}).
     *
     * @param on true to check
     * @return this
     */
    public Settings xsrfCookies(boolean on) {
        this.xsrfCookies = on;
        return this;
    }

    /**
     * Whether responses are gzipped for clients that accept it (Tornado's
     * {@code compress_response}): text and the JSON, JavaScript, XML and SVG types, when the
     * client accepts gzip and the body is sent in parts or is at least 1024 bytes; every response
     * then says {@code Vary: Accept-Encoding}. Unlike Tornado, {@code gzip;q=0} is honoured as a
     * refusal (RFC 9110 §12.4.2) and a 206 is never compressed.
     *
     * @param on true to compress
     * @return this
     */
    public Settings compressResponse(boolean on) {
        this.compressResponse = on;
        return this;
    }

    /**
     * The handler of requests no route matches (Tornado's {@code default_handler_class}); without
     * one they get a plain 404 page.
     *
     * @param factory makes one handler per request
     * @return this
     */
    public Settings defaultHandler(Supplier<? extends RequestHandler> factory) {
        this.defaultHandler = factory;
        return this;
    }

    /**
     * Development mode: error pages of uncaught exceptions show their stack trace (Tornado's
     * {@code serve_traceback}, which {@code debug} turns on). Never on by default: a trace tells
     * an attacker about the code.
     *
     * @param on true for development
     * @return this
     */
    public Settings debug(boolean on) {
        this.debug = on;
        return this;
    }

    /**
     * How often a {@link WebSocketHandler} pings its client (Tornado's
     * {@code websocket_ping_interval}); null (the default) for never.
     *
     * @param interval the interval, or null
     * @return this
     */
    public Settings websocketPingInterval(java.time.Duration interval) {
        if (interval != null && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("websocketPingInterval must be positive: " + interval);
        }
        this.websocketPingInterval = interval;
        return this;
    }

    /**
     * How long a pinging {@link WebSocketHandler} waits for a pong before it closes the
     * connection (Tornado's {@code websocket_ping_timeout}); null (the default) for the larger of
     * three ping intervals and 30 seconds, as Tornado.
     *
     * @param timeout the timeout, or null
     * @return this
     */
    public Settings websocketPingTimeout(java.time.Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("websocketPingTimeout must be positive: " + timeout);
        }
        this.websocketPingTimeout = timeout;
        return this;
    }

    /**
     * The largest message a {@link WebSocketHandler} accepts, 10 MiB by default (Tornado's
     * {@code websocket_max_message_size}); a larger one closes the connection with 1009.
     *
     * @param bytes the limit
     * @return this
     */
    public Settings websocketMaxMessageSize(long bytes) {
        if (bytes < 0 || bytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("websocketMaxMessageSize out of range: " + bytes);
        }
        this.websocketMaxMessageSize = bytes;
        return this;
    }
}
