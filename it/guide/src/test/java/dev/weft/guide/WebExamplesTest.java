package dev.weft.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.http.HttpHeaders;
import dev.weft.http.HttpServer;
import dev.weft.net.TCPServer;
import dev.weft.web.Application;
import dev.weft.web.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The web examples: served on a free port and fetched with the JDK's HTTP client. */
class WebExamplesTest {

    /** Compiled, never run: it serves port 8000 until the process ends. */
    static void readmeServesForever() {
        // tag::readme-web[]
        new Application(List.of(Route.of("/", IndexHandler::new))).listen(8000);
        IOLoop.current().start();
        // end::readme-web[]
    }

    /** Compiled, never run: it serves port 8000 until the process ends. */
    static void applicationServesForever() {
        // tag::application[]
        Application app = new Application(List.of(Route.of("/", IndexHandler::new)));
        app.listen(8000);
        IOLoop.current().start();
        // end::application[]
    }

    /** Compiled, never run: the low-level server of {@code dev.weft.http}. */
    static void httpServerServesForever() {
        // tag::http-server[]
        HttpServer server = new HttpServer(request -> {
            HttpHeaders h = new HttpHeaders();
            h.set("Content-Length", "5");
            request.connection().writeHeaders(200, null, h, "hello".getBytes());
            request.connection().finish();
        });
        server.listen(8888);
        IOLoop.current().start();
        // end::http-server[]
    }

    /** Compiled, never run: serving on four loops. */
    static void httpServerOnFourThreads(Application app) {
        // tag::http-server-threads[]
        HttpServer server = new HttpServer(app);
        server.bind(8000, null, TCPServer.DEFAULT_BACKLOG);
        server.start(4);
        IOLoop.current().start();     // this loop only accepts
        // end::http-server-threads[]
    }

    /** Compiled, never run. */
    static void tcpServerServesForever(TCPServer server) {
        // tag::tcp-server[]
        server.listen(8888);          // bind and accept on the current thread's loop
        IOLoop.current().start();
        // end::tcp-server[]
    }

    static Application application() {
        // tag::routes[]
        Application app = new Application(List.of(
                Route.of("/", IndexHandler::new),
                Route.of("/slow", SlowHandler::new),
                Route.of("/greet/([a-z]+)", GreetingHandler::new)));
        // end::routes[]
        return app;
    }

    @Coroutine
    static Future<List<String>> fetchAll(int port) {
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        List<String> bodies = new java.util.ArrayList<>();
        for (String path : List.of("/", "/slow", "/greet/ada?greeting=Hi")) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).build();
            HttpResponse<String> response =
                    Co.await(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            bodies.add(response.statusCode() + " " + response.body());
        }
        return Future.completed(bodies);
    }

    @Test
    void theHandlersAnswer() {
        IOLoop loop = IOLoop.current();
        HttpServer server = application().listen(0);
        try {
            List<String> bodies = loop.runSync(() -> fetchAll(server.boundPort()),
                    Duration.ofSeconds(60));
            assertEquals(List.of("200 Hello Python Tornado!", "200 done",
                    "200 {\"message\": \"Hi, ada\"}"), bodies);
        } finally {
            server.stop();
        }
    }
}
