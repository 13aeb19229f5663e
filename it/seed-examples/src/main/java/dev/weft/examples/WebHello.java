package dev.weft.examples;

import dev.weft.IOLoop;
import dev.weft.http.HttpServer;
import dev.weft.web.Application;
import dev.weft.web.RequestHandler;
import dev.weft.web.Route;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Seed example 7: Tornado's web hello world.
 *
 * <pre>
 * class IndexHandler(tornado.web.RequestHandler):
 *     def get(self):
 *         self.write("Hello Python Tornado!")
 *
 * app = tornado.web.Application([(r"/", IndexHandler)])
 * app.listen(8000)
 * tornado.ioloop.IOLoop.current().start()
 * </pre>
 *
 * {@link #main} is exactly that; {@link #run} serves the same application on a thread of its own,
 * for tests and for embedding.
 */
public final class WebHello {
    private WebHello() {
    }

    /** The main route's handler: answers GET with the greeting. */
    static class IndexHandler extends RequestHandler {
        @Override
        public void get() {
            write("Hello Python Tornado!");
        }
    }

    static Application makeApp() {
        return new Application(List.of(Route.of("/", IndexHandler::new)));
    }

    /** A running server; {@link #close()} stops its loop and waits for its thread. */
    public static final class Running implements AutoCloseable {
        private final Thread thread;
        private final IOLoop loop;
        private final HttpServer server;

        Running(Thread thread, IOLoop loop, HttpServer server) {
            this.thread = thread;
            this.loop = loop;
            this.server = server;
        }

        /** @return the port it listens on (the chosen one when run on port 0) */
        public int port() {
            return server.boundPort();
        }

        @Override
        public void close() throws InterruptedException {
            loop.addCallback(() -> {
                server.stop();
                server.closeAllConnections();
                loop.stop();
            });
            thread.join(10_000);
        }
    }

    /**
     * Serves the example on 127.0.0.1:{@code port} on a new thread with its own IOLoop.
     *
     * @param port the port, 0 for any free one
     * @return the running server, to learn its port and stop it
     */
    public static Running run(int port) throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<Running> started = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            IOLoop loop = IOLoop.current();
            try {
                HttpServer server = makeApp().listen(port, "127.0.0.1",
                        new dev.weft.http.HttpServerOptions());
                started.complete(new Running(Thread.currentThread(), loop, server));
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
                return;
            }
            try {
                loop.start();
            } finally {
                loop.close();
            }
        }, "web-hello");
        thread.setDaemon(true);
        thread.start();
        return started.get(10, TimeUnit.SECONDS);
    }

    /**
     * For the tour of all examples: serves on a free loopback port, asks for "/" once with the
     * JDK's HTTP client, prints the answer and stops.
     *
     * @param out where to print
     * @throws Exception if the server does not start or answer
     */
    public static void demo(java.io.PrintStream out) throws Exception {
        try (Running running = run(0)) {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                    .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://127.0.0.1:" + running.port() + "/")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            out.println("GET / -> " + response.statusCode() + " " + response.body());
        }
    }

    /**
     * Seed example 7 as written: serves http://localhost:8000/ until the process is stopped.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Application app = makeApp();
        app.listen(8000);
        System.out.println("Listening on http://localhost:8000/");
        IOLoop.current().start();
    }
}
