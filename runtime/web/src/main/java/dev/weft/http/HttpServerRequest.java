package dev.weft.http;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request received by an {@link HttpServer}, with its whole body (Tornado's
 * {@code HTTPServerRequest}); a request whose body was streamed to a {@link BodySink} has an empty
 * one. Answer it through {@link #connection()}.
 *
 * <p>Thread rules: use on the connection's loop thread.
 */
public final class HttpServerRequest {
    private final String method;
    private final String uri;
    private final String version;
    private final HttpHeaders headers;
    private final byte[] body;
    private final InetSocketAddress remoteAddress;
    private final String remoteIp;
    private final String protocol;
    private final HttpConnection connection;
    private final long startTime = System.nanoTime();
    private final boolean xheaders;
    private final boolean secure;
    private final String path;
    private final String query;
    private Map<String, List<String>> queryArguments;
    private Map<String, String> cookies;

    /**
     * A request (made by the server; public for tests and adapters).
     *
     * @param method the method, for instance {@code GET}
     * @param uri the request target, for instance {@code /a/b?x=1}
     * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
     * @param headers the header fields
     * @param body the body, empty if none
     * @param remoteAddress the client's address, or null
     * @param connection where the response goes
     */
    public HttpServerRequest(String method, String uri, String version, HttpHeaders headers,
            byte[] body, InetSocketAddress remoteAddress, HttpConnection connection) {
        this(method, uri, version, headers, body, remoteAddress, connection, false);
    }

    /**
     * A request, optionally trusting a reverse proxy's headers for the client's address and
     * scheme (Tornado's {@code xheaders}): {@code X-Real-Ip} or the last {@code X-Forwarded-For}
     * address, and {@code X-Scheme} or {@code X-Forwarded-Proto}.
     *
     * @param method the method
     * @param uri the request target as sent
     * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
     * @param headers the header fields
     * @param body the body, empty if none
     * @param remoteAddress the peer's address, or null
     * @param connection where the response goes
     * @param xheaders whether to trust the proxy headers
     */
    public HttpServerRequest(String method, String uri, String version, HttpHeaders headers,
            byte[] body, InetSocketAddress remoteAddress, HttpConnection connection,
            boolean xheaders) {
        this(method, uri, version, headers, body, remoteAddress, connection, xheaders, false);
    }

    /**
     * A request that came over TLS or not: its {@link #protocol()} is then {@code https} unless
     * trusted proxy headers say otherwise.
     *
     * @param method the method
     * @param uri the request target as sent
     * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
     * @param headers the header fields
     * @param body the body, empty if none
     * @param remoteAddress the peer's address, or null
     * @param connection where the response goes
     * @param xheaders whether to trust the proxy headers
     * @param secure whether the connection is TLS
     */
    public HttpServerRequest(String method, String uri, String version, HttpHeaders headers,
            byte[] body, InetSocketAddress remoteAddress, HttpConnection connection,
            boolean xheaders, boolean secure) {
        this(method, uri, version, headers, body, remoteAddress, connection, xheaders, secure,
                peerIp(remoteAddress));
    }

    /** As the public constructors, with the peer's address as text already (once per connection). */
    HttpServerRequest(String method, String uri, String version, HttpHeaders headers,
            byte[] body, InetSocketAddress remoteAddress, HttpConnection connection,
            boolean xheaders, boolean secure, String peerIp) {
        String ip = peerIp;
        String scheme = secure ? "https" : "http";
        if (xheaders) {
            String forwarded = headers.get("X-Real-Ip");
            if (forwarded == null && headers.get("X-Forwarded-For") != null) {
                String[] hops = headers.get("X-Forwarded-For").split(",");
                forwarded = HttpSyntax.trimOws(hops[hops.length - 1]);
            }
            if (forwarded != null && isIpLiteral(forwarded)) {
                ip = forwarded;
            }
            String proto = headers.get("X-Scheme");
            if (proto == null) {
                proto = headers.get("X-Forwarded-Proto");
            }
            proto = proto == null ? null : HttpSyntax.trimOws(proto);
            if ("http".equals(proto) || "https".equals(proto)) {
                scheme = proto;
            }
        }
        this.xheaders = xheaders;
        this.secure = secure;
        this.remoteIp = ip;
        this.protocol = scheme;
        this.method = method;
        this.uri = uri;
        this.version = version;
        this.headers = headers;
        this.body = body;
        this.remoteAddress = remoteAddress;
        this.connection = connection;
        int q = uri.indexOf('?');
        this.path = q < 0 ? uri : uri.substring(0, q);
        this.query = q < 0 ? "" : uri.substring(q + 1);
    }

    /** @return the method, for instance {@code GET} */
    public String method() {
        return method;
    }

    /**
     * The request target: path and query as sent, or for an absolute-form target
     * ({@code GET http://host/a?b}) its origin-form {@code /a?b} (the host is then in the
     * {@code Host} header); {@code *} for {@code OPTIONS *}, {@code host:port} for
     * {@code CONNECT}. Raw octets above {@code 0x7f} (which clients should percent-encode, and
     * Tornado accepts) are kept, one ISO-8859-1 char each.
     *
     * @return the target
     */
    public String uri() {
        return uri;
    }

    /** @return the path part of {@link #uri()}, still percent-encoded */
    public String path() {
        return path;
    }

    /** @return the query part of {@link #uri()} without {@code ?}, empty if none */
    public String query() {
        return query;
    }

    /**
     * The protocol version: {@code HTTP/1.0}, or {@code HTTP/1.1}, also for a request that said
     * {@code HTTP/1.2} to {@code HTTP/1.9} (RFC 9110 §2.5: served as the highest minor version the
     * server speaks).
     *
     * @return {@code HTTP/1.1} or {@code HTTP/1.0}
     */
    public String version() {
        return version;
    }

    /** @return the header fields */
    public HttpHeaders headers() {
        return headers;
    }

    /** @return the body bytes (not a copy), empty if none */
    public byte[] body() {
        return body;
    }

    /**
     * This request with {@code body} as its body, complete now (its {@link #startTime()} is now):
     * what a server makes once the body that followed a head has arrived.
     *
     * @param body the body
     * @return a new request; this one is unchanged
     */
    public HttpServerRequest withBody(byte[] body) {
        return new HttpServerRequest(method, uri, version, headers, body, remoteAddress, connection,
                xheaders, secure);
    }

    /** @return the client's address, or null if unknown */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * The client's IP address: the peer's, or with {@code xheaders} the one the proxy reported.
     *
     * @return the address as text, or null if unknown
     */
    public String remoteIp() {
        return remoteIp;
    }

    /** @return {@code http}, or with {@code xheaders} the scheme the proxy reported */
    public String protocol() {
        return protocol;
    }

    /** The peer's IP address as text, or null if unknown. */
    static String peerIp(InetSocketAddress remoteAddress) {
        return remoteAddress == null || remoteAddress.getAddress() == null
                ? null : remoteAddress.getAddress().getHostAddress();
    }

    /** A proxy header is believed only if it holds a plain IPv4 or IPv6 address. */
    private static boolean isIpLiteral(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return false;
        }
        boolean colon = s.indexOf(':') >= 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.'
                    || (colon && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** @return where the response is written */
    public HttpConnection connection() {
        return connection;
    }

    /**
     * When the request was complete: for a body read whole, when it had arrived; for a body
     * streamed to a {@link BodySink}, when the head had.
     *
     * @return the {@link System#nanoTime} then
     */
    public long startTime() {
        return startTime;
    }

    /** @return the decoded query arguments, each name with its values in order */
    public Map<String, List<String>> queryArguments() {
        if (queryArguments == null) {
            queryArguments = QueryString.parse(query);
        }
        return queryArguments;
    }

    /**
     * The cookies sent in {@code Cookie} headers, read as Tornado reads them ({@link Cookies#parse}):
     * quoted values are unquoted, the last value of a repeated name wins, and pieces that are
     * malformed or have an illegal name are skipped.
     *
     * @return an unmodifiable map from name to value
     */
    public Map<String, String> cookies() {
        if (cookies == null) {
            cookies = Cookies.parse(headers.getAll("Cookie"));
        }
        return cookies;
    }

    @Override
    public String toString() {
        return "HttpServerRequest[" + method + " " + uri + " " + version + " from " + remoteIp() + "]";
    }
}
