package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.LoopLog;
import dev.weft.net.TlsKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** weft's HTTP server over TLS, against the JDK's HTTPS client, curl and hostile peers. */
@org.junit.jupiter.api.Timeout(120)
class HttpsTest {
    private static final TlsKeys KEYS = TlsKeys.localhost();
    private final List<String> errors = new ArrayList<>();
    private final BiConsumer<String, Throwable> oldHook = LoopLog.setHook((m, t) -> {
        synchronized (errors) {
            errors.add(m + (t == null ? "" : " :: " + t));
        }
    });
    private TestServer server;

    /**
     * "/" says hello with the scheme and the client's port (the same port on every request is
     * keep-alive); "/big?n=N" sends N bytes; "/echo" sends the body back.
     */
    static void handle(HttpServerRequest r) {
        HttpConnection c = r.connection();
        HttpHeaders h = new HttpHeaders();
        byte[] body;
        if (r.path().equals("/big")) {
            int n = Integer.parseInt(r.query().substring(2));
            body = new byte[n];
            for (int i = 0; i < n; i++) {
                body[i] = (byte) (i * 31 + (i >> 8));
            }
        } else if (r.path().equals("/echo")) {
            body = r.body();
        } else {
            body = ("hello " + r.protocol() + " " + r.remoteAddress().getPort())
                    .getBytes(StandardCharsets.UTF_8);
        }
        h.set("Content-Length", Integer.toString(body.length));
        c.writeHeaders(200, null, h, body);
        c.finish();
    }

    private static byte[] big(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >> 8));
        }
        return b;
    }

    private int start(HttpServerOptions options) {
        server = new TestServer(HttpsTest::handle, options.sslContext(KEYS.serverContext()));
        return server.port();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        LoopLog.setHook(oldHook);
        synchronized (errors) {
            assertEquals(List.of(), errors, "nothing may be logged at ERROR");
        }
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    private static HttpClient jdkClient() {
        return HttpClient.newBuilder().sslContext(KEYS.clientContext()).build();
    }

    /** One good request with the JDK client: the server still serves. */
    private void assertServes(int port) throws Exception {
        HttpResponse<String> r = jdkClient().send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().startsWith("hello https "), r.body());
    }

    @Test
    void jdkClientKeepsOneConnectionForSeveralRequestsAndLargeBodies() throws Exception {
        int port = start(new HttpServerOptions());
        HttpClient client = jdkClient(); // prefers HTTP/2: ALPN must settle on http/1.1
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals(HttpClient.Version.HTTP_1_1, r.version());
            bodies.add(r.body());
        }
        assertEquals(1, bodies.size(), "one connection (one client port) for all: " + bodies);
        assertTrue(bodies.iterator().next().startsWith("hello https "));

        int n = 5 * 1024 * 1024 + 17;
        HttpResponse<byte[]> down = client.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/big?n=" + n)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(big(n), down.body());

        byte[] upload = big(3 * 1024 * 1024 + 5);
        HttpResponse<byte[]> up = client.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/echo"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(upload, up.body());
        assertEquals(1, server.connectionCount());
    }

    @Test
    void curlOverHttps() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl"))
                || Files.isExecutable(Path.of("/usr/local/bin/curl")),
                "curl is not installed: the curl-over-HTTPS test needs it");
        int port = start(new HttpServerOptions());
        String url = "https://localhost:" + port + "/";
        Path dir = Files.createTempDirectory("weft-curl");
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        // Two URLs in one run: curl reuses the connection, and says so with num_connects 0.
        Process p = new ProcessBuilder("curl", "-sS", "-k", "--max-time", "30",
                "-w", "%{http_code} %{http_version} %{num_connects}\\n",
                "-o", first.toString(), url, "-o", second.toString(), url + "big?n=100000")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("200 1.1 1\n200 1.1 0\n", out, "http/1.1 by ALPN, one connection for both");
        assertTrue(Files.readString(first).startsWith("hello https "));
        assertArrayEquals(big(100000), Files.readAllBytes(second));
        for (Path f : List.of(first, second, dir)) {
            Files.deleteIfExists(f);
        }
    }
}
