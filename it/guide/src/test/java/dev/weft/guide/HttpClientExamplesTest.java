package dev.weft.guide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.sun.net.httpserver.HttpServer;
import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.httpclient.AsyncHttpClient;
import dev.weft.httpclient.HttpClientRequest;
import dev.weft.httpclient.HttpClientResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP client examples of README and of dev.weft.httpclient's Javadoc. */
class HttpClientExamplesTest {

    // tag::fetch-coroutine[]
    @Coroutine
    static Future<String> fetchCoroutine(AsyncHttpClient httpClient, String url) {
        HttpClientResponse response = Co.await(httpClient.fetch(url));
        return Future.completed(response.text());
    }
    // end::fetch-coroutine[]

    @Test
    void fetchCoroutineReturnsThePage() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = "Hello, guide".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try (AsyncHttpClient httpClient = new AsyncHttpClient()) {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            assertEquals("Hello, guide", IOLoop.current().runSync(() -> fetchCoroutine(httpClient, url)));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aPostRequest() {
        // tag::post-request[]
        HttpClientRequest post = HttpClientRequest.builder("http://127.0.0.1:8888/items")
                .method("POST").header("Content-Type", "application/json").body("{\"n\": 1}")
                .raiseError(false).build();
        // end::post-request[]
        assertEquals("POST", post.method());
        assertEquals("http://127.0.0.1:8888/items", post.url());
        assertEquals(List.of(Map.entry("Content-Type", "application/json")), post.headers());
        assertArrayEquals("{\"n\": 1}".getBytes(StandardCharsets.UTF_8), post.body());
        assertFalse(post.raiseError());
    }

    // tag::status-codes[]
    @Coroutine
    static Future<Map<String, Integer>> statusCodes(AsyncHttpClient client, Map<String, String> urls) {
        Map<String, Future<HttpClientResponse>> fetches = new LinkedHashMap<>();
        urls.forEach((name, url) -> fetches.put(name,
                client.fetch(HttpClientRequest.builder(url).raiseError(false).build())));
        Map<String, HttpClientResponse> responses = Co.await(Co.all(fetches));  // multi({...})
        Map<String, Integer> codes = new LinkedHashMap<>();
        responses.forEach((name, response) -> codes.put(name, response.code()));
        return Future.completed(codes);
    }
    // end::status-codes[]

    @Test
    void statusCodesGivesEachCodeUnderItsName() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/here") ? 200 : 404, -1);
            ex.close();
        });
        server.start();
        try (AsyncHttpClient client = new AsyncHttpClient()) {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Map<String, String> urls = new LinkedHashMap<>();
            urls.put("missing", base + "/gone");
            urls.put("found", base + "/here");
            Map<String, Integer> codes = IOLoop.current().runSync(() -> statusCodes(client, urls));
            assertEquals(List.of(Map.entry("missing", 404), Map.entry("found", 200)),
                    List.copyOf(codes.entrySet()));
        } finally {
            server.stop(0);
        }
    }
}
