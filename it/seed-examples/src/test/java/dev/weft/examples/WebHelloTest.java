package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Seed example 7 answers real HTTP clients like Tornado's hello world does. */
@org.junit.jupiter.api.Timeout(60)
class WebHelloTest {
    @Test
    void helloWorldOverHttp() throws Exception {
        try (WebHello.Running server = WebHello.run(0)) {
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            URI root = URI.create("http://127.0.0.1:" + server.port() + "/");
            for (int i = 0; i < 3; i++) { // the client keeps the connection alive between them
                HttpResponse<String> r = client.send(
                        HttpRequest.newBuilder(root).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals("Hello Python Tornado!", r.body());
                assertEquals("text/html; charset=UTF-8", r.headers().firstValue("Content-Type").orElseThrow());
            }
            HttpResponse<String> missing = client.send(
                    HttpRequest.newBuilder(root.resolve("/nope")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode());
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(root)
                            .POST(HttpRequest.BodyPublishers.ofString("x")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            assertTrue(post.body().contains("405: Method Not Allowed"));
        }
    }
}
