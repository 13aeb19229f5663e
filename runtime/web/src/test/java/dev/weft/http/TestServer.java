package dev.weft.http;

/** An {@link HttpServer} on 127.0.0.1 and an ephemeral port, served by its own loop thread. */
public final class TestServer implements AutoCloseable {
    private final LoopThread loop = new LoopThread("test-server");
    private final HttpServer server;
    private final int port;

    public TestServer(HttpRequestHandler handler, HttpServerOptions options) {
        server = loop.call(() -> {
            HttpServer s = new HttpServer(handler, options);
            s.listen(0, "127.0.0.1");
            return s;
        });
        port = loop.call(server::boundPort);
    }

    public int port() {
        return port;
    }

    public HttpServer server() {
        return server;
    }

    public LoopThread loopThread() {
        return loop;
    }

    public int connectionCount() {
        return loop.call(server::connectionCount);
    }

    @Override
    public void close() throws InterruptedException {
        loop.run(() -> {
            server.stop();
            server.closeAllConnections();
        });
        loop.close();
    }
}
