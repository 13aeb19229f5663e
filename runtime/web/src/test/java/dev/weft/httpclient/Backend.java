package dev.weft.httpclient;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.http.HttpHeaders;
import dev.weft.http.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A server on 127.0.0.1 and a free port that serves a {@link Site}: the JDK's or weft's. */
// Not AutoCloseable: JUnit would close a parameterized test's arguments after each test.
abstract class Backend {
    final Site site = new Site();

    abstract int port();

    /** Whether it tells the test when a client closes a held request's connection. */
    abstract boolean seesClientsGoAway();

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port() + pathAndQuery;
    }

    abstract void stop() throws Exception;

    /** The JDK's {@code com.sun.net.httpserver}, a thread per held request. */
    static final class Jdk extends Backend {
        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jdk-test-server");
            t.setDaemon(true);
            return t;
        });

        Jdk() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(threads);
            server.createContext("/", this::serve);
            server.start();
        }

        private void serve(HttpExchange ex) throws IOException {
            try (ex) {
                byte[] body;
                try (InputStream in = ex.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Map<String, List<String>> headers = new LinkedHashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
                Site.Req req = new Site.Req(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                        Site.parseQuery(ex.getRequestURI().getRawQuery()), headers, body);
                Site.Reply reply;
                try {
                    reply = site.handle(req).get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    reply = Site.Reply.text(500, "not released: " + e);
                }
                reply.headers().forEach(h -> ex.getResponseHeaders().add(h.getKey(), h.getValue()));
                boolean empty = reply.body().length == 0 || req.method().equals("HEAD");
                ex.sendResponseHeaders(reply.status(), empty ? -1 : reply.body().length);
                if (!empty && !req.method().equals("HEAD")) {
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(reply.body());
                    }
                }
            }
        }

        @Override
        int port() {
            return server.getAddress().getPort();
        }

        @Override
        boolean seesClientsGoAway() {
            return false;
        }

        @Override
        void stop() {
            server.stop(0);
            threads.shutdownNow();
        }

        @Override
        public String toString() {
            return "com.sun.net.httpserver";
        }
    }

    /** weft's own {@link dev.weft.http.HttpServer} on a loop thread of its own. */
    static final class Weft extends Backend {
        private final TestServer server;

        Weft() {
            server = new TestServer(request -> {
                Map<String, List<String>> headers = new LinkedHashMap<>();
                for (String name : request.headers().names()) {
                    headers.put(name.toLowerCase(Locale.ROOT), request.headers().getAll(name));
                }
                Site.Req req = new Site.Req(request.method(), request.path(),
                        Site.parseQuery(request.query()), headers, request.body());
                if (req.path().equals("/hold")) {
                    Holds holds = site.holds(req.query().get("g"));
                    String id = req.query().get("id");
                    request.connection().setCloseCallback(() -> holds.clientWentAway(id));
                }
                site.handle(req).thenAccept(reply -> server().loopThread().loop().addCallback(() -> {
                    HttpHeaders h = new HttpHeaders();
                    reply.headers().forEach(e -> h.add(e.getKey(), e.getValue()));
                    if (reply.status() != 204 && reply.status() != 304) {
                        h.set("Content-Length", String.valueOf(reply.body().length));
                    }
                    request.connection().writeHeaders(reply.status(), null, h,
                            req.method().equals("HEAD") ? null : reply.body());
                    request.connection().finish();
                }));
            }, new dev.weft.http.HttpServerOptions());
        }

        private TestServer server() {
            return server;
        }

        @Override
        int port() {
            return server.port();
        }

        @Override
        boolean seesClientsGoAway() {
            return true;
        }

        @Override
        void stop() throws InterruptedException {
            server.close();
        }

        @Override
        public String toString() {
            return "weft HttpServer";
        }
    }

    static List<Backend> both() throws IOException {
        List<Backend> all = new ArrayList<>();
        all.add(new Jdk());
        all.add(new Weft());
        return all;
    }
}
