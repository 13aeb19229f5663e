package dev.weft.examples;

import dev.weft.IOLoop;
import dev.weft.http.HttpServer;
import dev.weft.http.HttpServerOptions;
import dev.weft.web.Application;
import dev.weft.web.HttpError;
import dev.weft.web.RequestHandler;
import dev.weft.web.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The small web site the HTTP client examples fetch from: a weft {@link Application} serving ten
 * linked HTML pages on a free loopback port, on a thread and loop of its own (the examples' own
 * loop is then free to be the client's, as it would be against a real server).
 *
 * <p>The pages link to each other, once to a page that does not exist ({@code /missing}, a 404),
 * once with a fragment, and once off the site.
 */
public final class GuideSite {
    private static final Map<String, List<String>> LINKS = new LinkedHashMap<>();

    static {
        LINKS.put("/", List.of("/about", "/docs/", "/blog/", "http://elsewhere.example/",
                "/about#team"));
        LINKS.put("/about", List.of("/", "team"));
        LINKS.put("/team", List.of("/about", "/missing"));
        LINKS.put("/docs/", List.of("intro", "api", "../"));
        LINKS.put("/docs/intro", List.of("api", "/"));
        LINKS.put("/docs/api", List.of("intro"));
        LINKS.put("/blog/", List.of("1", "2"));
        LINKS.put("/blog/1", List.of("2", "/blog/"));
        LINKS.put("/blog/2", List.of("1", "/"));
        LINKS.put("/contact", List.of("/")); // nothing links here: the spider never finds it
    }

    private GuideSite() {
    }

    /** The page's title: its path, in words. */
    static String title(String path) {
        return path.equals("/") ? "Home" : "Page " + path;
    }

    /** Serves a page of {@link #LINKS}, or 404. */
    static final class PageHandler extends RequestHandler {
        @Override
        public void get() {
            String path = request().path();
            List<String> links = LINKS.get(path);
            if (links == null) {
                throw new HttpError(404);
            }
            StringBuilder html = new StringBuilder("<html><head><title>" + title(path)
                    + "</title></head><body>\n");
            for (String link : links) {
                html.append("<a href=\"").append(link).append("\">").append(link).append("</a>\n");
            }
            write(html.append("</body></html>\n"));
        }
    }

    /** A running site; {@link #close()} stops its server and its loop. */
    public static final class Running implements AutoCloseable {
        private final Thread thread;
        private final IOLoop loop;
        private final HttpServer server;

        private Running(Thread thread, IOLoop loop, HttpServer server) {
            this.thread = thread;
            this.loop = loop;
            this.server = server;
        }

        /**
         * @param path a path on the site
         * @return its absolute URL
         */
        public String url(String path) {
            return "http://127.0.0.1:" + server.boundPort() + path;
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
     * Serves the site on 127.0.0.1 and a free port.
     *
     * @return the running site
     * @throws Exception if it does not start within ten seconds
     */
    public static Running serve() throws Exception {
        CompletableFuture<Running> started = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            IOLoop loop = IOLoop.current();
            try {
                HttpServer server = new Application(List.of(Route.of("/.*", PageHandler::new)))
                        .listen(0, "127.0.0.1", new HttpServerOptions());
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
        }, "guide-site");
        thread.setDaemon(true);
        thread.start();
        return started.get(10, TimeUnit.SECONDS);
    }
}
