package dev.weft.guide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.IOLoop;
import dev.weft.http.HttpServer;
import dev.weft.web.Application;
import dev.weft.web.Route;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming-upload examples, uploaded to with the JDK's HTTP client (fixed length and chunked). */
class UploadExamplesTest {
    @TempDir
    Path dir;

    @Test
    void theUploadsArriveWhole() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 5];
        new Random(7).nextBytes(body);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        Path saved = dir.resolve("upload.bin");
        ExecutorService disk = Executors.newSingleThreadExecutor();
        IOLoop loop = IOLoop.current();
        HttpServer server = new Application(List.of(
                Route.of("/upload", UploadHandler::new),
                Route.of("/save", () -> new SaveHandler(saved, disk)))).listen(0);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://127.0.0.1:" + server.boundPort();
        try {
            // a fixed-length PUT, then a chunked one (a publisher of unknown length)
            for (HttpRequest.BodyPublisher publisher : List.of(HttpRequest.BodyPublishers.ofByteArray(body),
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))) {
                HttpRequest put = HttpRequest.newBuilder(URI.create(base + "/upload")).PUT(publisher).build();
                HttpResponse<String> r = loop.runSync(() -> dev.weft.Future.from(
                        client.sendAsync(put, HttpResponse.BodyHandlers.ofString())), Duration.ofSeconds(60));
                assertEquals(body.length + " bytes, SHA-256 " + sha, r.body());
            }
            HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/save"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<String> r = loop.runSync(() -> dev.weft.Future.from(
                    client.sendAsync(post, HttpResponse.BodyHandlers.ofString())), Duration.ofSeconds(60));
            assertEquals("saved", r.body());
            assertArrayEquals(body, Files.readAllBytes(saved));
        } finally {
            server.stop();
            disk.shutdown();
        }
    }
}
