package dev.weft.http;

import dev.weft.IOLoop;
import dev.weft.net.IOStream;
import dev.weft.net.TCPServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * An HTTP/1.1 server (Tornado's {@code HTTPServer}): keep-alive, pipelining, Content-Length and
 * chunked bodies in both directions, {@code Expect: 100-continue}, and the limits and timeouts of
 * {@link HttpServerOptions}. Every complete request goes to the {@link HttpRequestHandler}, which
 * may be a {@code dev.weft.web.Application}.
 *
 * <pre>{@code
 * HttpServer server = new HttpServer(request -> {
 *     HttpHeaders h = new HttpHeaders();
 *     h.set("Content-Length", "5");
 *     request.connection().writeHeaders(200, null, h, "hello".getBytes());
 *     request.connection().finish();
 * });
 * server.listen(8888);
 * IOLoop.current().start();
 * }</pre>
 *
 * <p>To serve on several threads, bind and start with a thread count; connections are spread over
 * that many worker loops (the handler, an {@code Application} for instance, must then be safe to
 * share, which an {@code Application} is):
 *
 * <pre>{@code
 * HttpServer server = new HttpServer(app);
 * server.bind(8000, null, TCPServer.DEFAULT_BACKLOG);
 * server.start(4);
 * IOLoop.current().start();     // this loop only accepts
 * }</pre>
 *
 * <p>Requests the server refuses never reach the handler; the client gets the status and the
 * connection is closed: 400 for malformed requests (including the request-smuggling shapes: both
 * Content-Length and Transfer-Encoding, conflicting Content-Lengths, a last transfer coding other
 * than {@code chunked}, whitespace before a colon), for an invalid or missing
 * Host, for a request target in the wrong form for its method (see
 * {@link HttpServerRequest#uri()}), for a body over the limit and for an HTTP major version other
 * than 1 (Tornado's answers; 413 and 505 would be allowed too; a body streamed to a
 * {@link BodySink} over its request's own limit gets 413); 408 when a request is sent too
 * slowly, 414 for a request line over the limit, 431 for too many or too large header fields and
 * 501 for a transfer coding under {@code chunked}. {@code HTTP/1.2}-{@code 1.9} are served as
 * 1.1, and expectations other than {@code 100-continue} are ignored, as Tornado does.
 *
 * <p>HTTPS: with {@link HttpServerOptions#sslContext} set, every connection speaks TLS (see
 * {@link TCPServer} for the handshake and what happens to a client that fails it), ALPN offers
 * {@code http/1.1}, and requests report {@code https} as their {@link HttpServerRequest#protocol()}.
 *
 * <p>Thread rules: as {@link TCPServer}; the handler runs on the loop thread of its connection.
 */
public class HttpServer extends TCPServer {
    private final HttpRequestHandler handler;
    private final HttpServerOptions options;
    private final Set<Http1ServerConnection> connections = ConcurrentHashMap.newKeySet();

    /**
     * A server with the default options.
     *
     * @param handler called for every request
     */
    public HttpServer(HttpRequestHandler handler) {
        this(handler, new HttpServerOptions());
    }

    /**
     * A server.
     *
     * @param handler called for every request
     * @param options limits and timeouts
     */
    public HttpServer(HttpRequestHandler handler, HttpServerOptions options) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** @return the limits and timeouts */
    public HttpServerOptions options() {
        return options;
    }

    HttpRequestHandler handler() {
        return handler;
    }

    /**
     * The number of open client connections.
     *
     * @return the count, on all loops
     */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Closes every open client connection, each on its own loop (at once for those of the calling
     * thread's loop), as Tornado's {@code close_all_connections}. Call after {@link #stop()} for a
     * clean shutdown.
     */
    public void closeAllConnections() {
        IOLoop here = IOLoop.currentOrNull();
        for (Http1ServerConnection c : List.copyOf(connections)) {
            if (c.loop() == here) {
                c.close();
            } else {
                c.loop().addCallback(c::close);
            }
        }
    }

    @Override
    protected SSLContext sslContext() {
        return options.sslContext();
    }

    @Override
    protected java.time.Duration handshakeTimeout() {
        return options.tlsHandshakeTimeout();
    }

    /** Offers {@code http/1.1} by ALPN: the only protocol this server speaks. */
    @Override
    protected SSLEngine createSslEngine(SSLContext context, InetSocketAddress address) {
        SSLEngine engine = super.createSslEngine(context, address);
        SSLParameters p = engine.getSSLParameters();
        p.setApplicationProtocols(new String[] {"http/1.1"});
        engine.setSSLParameters(p);
        return engine;
    }

    @Override
    protected void handleStream(IOStream stream, InetSocketAddress address) {
        Http1ServerConnection c = new Http1ServerConnection(stream, address, this);
        connections.add(c);
        c.start();
    }

    /**
     * Closes the connections of a worker loop that has stopped ({@link #stop()}): nothing would
     * serve them any more.
     */
    @Override
    protected void workerLoop(IOLoop loop, boolean starting) {
        if (!starting) {
            for (Http1ServerConnection c : List.copyOf(connections)) {
                if (c.loop() == loop) {
                    c.close();
                    connections.remove(c); // its close callback would need the stopped loop
                }
            }
        }
    }

    void connectionClosed(Http1ServerConnection c) {
        connections.remove(c);
    }
}
