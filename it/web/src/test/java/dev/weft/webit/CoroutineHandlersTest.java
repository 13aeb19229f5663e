package dev.weft.webit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.IOLoop;
import dev.weft.http.HttpServer;
import dev.weft.http.HttpServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Timeout(60)
class CoroutineHandlersTest {
    private static Thread thread;
    private static IOLoop loop;
    private static HttpServer server;
    private static CoroutineHandlers.EchoServer echo;
    private static int port;
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        CompletableFuture<Integer> started = new CompletableFuture<>();
        thread = new Thread(() -> {
            loop = IOLoop.current();
            echo = new CoroutineHandlers.EchoServer();
            echo.listen(0, "127.0.0.1");
            server = CoroutineHandlers.app(echo.boundPort())
                    .listen(0, "127.0.0.1", new HttpServerOptions());
            started.complete(server.boundPort());
            try {
                loop.start();
            } finally {
                loop.close();
            }
        }, "web-it");
        thread.setDaemon(true);
        thread.start();
        port = started.get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        loop.addCallback(() -> {
            server.stop();
            server.closeAllConnections();
            echo.stop();
            loop.stop();
        });
        thread.join(10_000);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void coroutineHandlerAwaitsBeforeAnswering() throws Exception {
        HttpResponse<String> r = get("/sleep?ms=30");
        assertEquals(200, r.statusCode());
        assertEquals("slept 30 ms", r.body());
    }

    @Test
    void manySuspendedHandlersAreServedConcurrentlyOnOneThread() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(CLIENT.sendAsync(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/sleep?ms=200"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            assertEquals("slept 200 ms", f.get(30, TimeUnit.SECONDS).body());
        }
    }

    @Test
    void awaitedFlushesStreamChunks() throws Exception {
        HttpResponse<String> r = get("/stream");
        assertEquals("chunk0;chunk1;chunk2;chunk3;chunk4;", r.body());
        assertEquals("chunked", r.headers().firstValue("Transfer-Encoding").orElse(""));
    }

    @Test
    void failureAfterAnAwaitIsA500WithoutDetails() throws Exception {
        HttpResponse<String> r = get("/fail");
        assertEquals(500, r.statusCode());
        assertFalse(r.body().contains("internal detail"));
        assertEquals(404, get("/fail?kind=missing").statusCode());
    }

    @Test
    void postBodyAndPathArgumentsToJson() throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/json/abc"))
                .POST(HttpRequest.BodyPublishers.ofString("héllo")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        // Tornado's json_encode: Python's separators, non-ASCII escaped.
        assertEquals("{\"echo\": \"h\\u00e9llo\", \"length\": 5, \"path\": [\"abc\"]}", r.body());
    }

    @Test
    void coroutinePrepareGuardsTheMethod() throws Exception {
        assertEquals(403, get("/guarded").statusCode());
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/guarded"))
                .header("X-Token", "open-sesame").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("welcome ali", r.body());
    }

    @Test
    void handlerTalksToATcpServerThroughIOStreams() throws Exception {
        HttpResponse<String> r = get("/echo?say=ping+pong");
        assertEquals(200, r.statusCode());
        assertEquals("{\"echoed\": \"ping pong\"}", r.body());
    }
}
