package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.LoopLog;
import dev.weft.httpclient.AsyncHttpClient;
import dev.weft.httpclient.HttpClientRequest;
import dev.weft.httpclient.HttpClientResponse;
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

    /** Reads until the server closes; true if it did (EOF or a reset), never hangs past the guard. */
    private static boolean closedByServer(Socket s) throws IOException {
        s.setSoTimeout(20_000);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                // an alert record may come first
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void plainHttpToTheTlsPortClosesThatConnectionOnly() throws Exception {
        int port = start(new HttpServerOptions());
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue(closedByServer(s));
        }
        assertServes(port);
    }

    @Test
    void randomGarbageClosesThatConnectionOnly() throws Exception {
        // A first byte that looks like a record header can make the engine wait for the rest:
        // the handshake timeout then ends it.
        HttpServerOptions options = new HttpServerOptions().tlsHandshakeTimeout(Duration.ofSeconds(1));
        int port = start(options);
        Random random = new Random(16);
        for (int i = 0; i < 40; i++) {
            byte[] junk = new byte[1 + random.nextInt(3000)];
            random.nextBytes(junk);
            if (i % 4 == 0) {
                junk[0] = 0x16; // a handshake record's type, then garbage
                if (junk.length > 2) {
                    junk[1] = 3;
                    junk[2] = 3;
                }
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(junk);
                assertTrue(closedByServer(s), "garbage #" + i);
            }
        }
        relaxHandshakeTimeout(options);
        assertServes(port);
    }

    @Test
    void aStalledHandshakeIsClosedByTheTimeout() throws Exception {
        HttpServerOptions options = new HttpServerOptions().tlsHandshakeTimeout(Duration.ofMillis(300));
        int port = start(options);
        try (Socket silent = new Socket("127.0.0.1", port);
                Socket half = new Socket("127.0.0.1", port)) {
            byte[] hello = clientHello(port);
            half.getOutputStream().write(hello, 0, hello.length / 2);
            // The idle timeout is an hour: only the handshake timeout can close these.
            assertTrue(closedByServer(silent));
            assertTrue(closedByServer(half));
        }
        relaxHandshakeTimeout(options);
        assertServes(port);
    }

    @Test
    void aClientThatGoesAwayMidHandshakeIsForgotten() throws Exception {
        int port = start(new HttpServerOptions());
        byte[] hello = clientHello(port);
        for (int cut : new int[] {1, 5, hello.length / 2, hello.length}) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(hello, 0, cut);
                if (cut == hello.length) {
                    s.getInputStream().read(); // the server's hello has begun: go away in mid-flight
                }
                s.setSoLinger(true, 0); // a reset, the rudest way to leave
            }
        }
        assertServes(port);
        waitUntil("only the finished connection is left", () -> server.connectionCount() <= 1);
    }

    /**
     * A short handshake timeout could also cut off a good client's handshake on a loaded machine:
     * the check that the server goes on gets the default. The option is read per connection, on
     * the loop thread, so it is set there.
     */
    private void relaxHandshakeTimeout(HttpServerOptions options) {
        server.loopThread().run(() -> options.tlsHandshakeTimeout(Duration.ofSeconds(10)));
    }

    /** The first flight of a real client, to cut short. */
    private static byte[] clientHello(int port) throws Exception {
        SSLEngine e = KEYS.clientContext().createSSLEngine("localhost", port);
        e.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.beginHandshake();
        e.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }

    @Test
    void closeNotifyFromTheClientIsAnsweredAndTheConnectionClosed() throws Exception {
        int port = start(new HttpServerOptions());
        try (TlsEngineClient c = new TlsEngineClient(port, KEYS.clientContext())) {
            c.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertTrue(c.readUntil("hello https").contains("HTTP/1.1 200 OK"));
            assertEquals(1, server.connectionCount());
            c.sendCloseNotify();
            assertTrue(c.awaitClose(), "the server answers close_notify with its own");
            assertTrue(c.tcpEnded());
        }
        waitUntil("the server dropped the connection", () -> server.connectionCount() == 0);
    }

    @Test
    void theServerSendsCloseNotifyWhenItCloses() throws Exception {
        int port = start(new HttpServerOptions().idleConnectionTimeout(Duration.ofMillis(300)));
        try (TlsEngineClient idle = new TlsEngineClient(port, KEYS.clientContext())) {
            idle.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            idle.readUntil("hello https");
            assertTrue(idle.awaitClose(), "close_notify before the idle connection's FIN");
        }
        try (TlsEngineClient once = new TlsEngineClient(port, KEYS.clientContext())) {
            // Sent at once: the idle timeout is short.
            once.send("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(once.readUntil("hello https").contains("Connection: close"));
            assertTrue(once.awaitClose(), "close_notify after a Connection: close response");
        }
    }

    @Test
    void alpnSettlesOnHttp11AndAClientWithoutItIsRefused() throws Exception {
        int port = start(new HttpServerOptions());
        try (SSLSocket s = socket(port, "TLSv1.3", "h2", "http/1.1")) {
            s.startHandshake();
            assertEquals("http/1.1", s.getApplicationProtocol());
            assertTrue(roundTrip(s).startsWith("HTTP/1.1 200 OK"));
        }
        try (SSLSocket s = socket(port, "TLSv1.3", "h2")) {
            assertThrows(SSLException.class, s::startHandshake); // no_application_protocol
        }
        try (SSLSocket s = socket(port, "TLSv1.3")) {
            s.startHandshake(); // no ALPN at all is fine
            assertTrue(roundTrip(s).startsWith("HTTP/1.1 200 OK"));
        }
        assertServes(port);
    }

    @Test
    void tls12RenegotiationIsRefusedAndTheServerGoesOn() throws Exception {
        int port = start(new HttpServerOptions());
        try (SSLSocket s = socket(port, "TLSv1.2")) {
            assertTrue(roundTrip(s).startsWith("HTTP/1.1 200 OK"));
            assertEquals("TLSv1.2", s.getSession().getProtocol());
            boolean refused;
            try {
                s.startHandshake(); // a client-initiated renegotiation
                refused = s.getInputStream().read() < 0;
            } catch (java.net.SocketTimeoutException hung) {
                refused = false;
            } catch (IOException e) {
                refused = true;
            }
            assertTrue(refused, "the server closes instead of renegotiating");
        }
        waitUntil("the server dropped the connection", () -> server.connectionCount() == 0);
        assertServes(port);
    }

    @Test
    void tls13KeyUpdateIsServedWithoutHanging() throws Exception {
        int port = start(new HttpServerOptions());
        try (SSLSocket s = socket(port, "TLSv1.3")) {
            assertTrue(roundTrip(s).startsWith("HTTP/1.1 200 OK"));
            s.startHandshake(); // on TLS 1.3 the JDK sends a KeyUpdate asking for one back
            assertTrue(roundTrip(s).startsWith("HTTP/1.1 200 OK"));
            s.startHandshake();
            assertTrue(roundTrip(s).startsWith("HTTP/1.1 200 OK"));
        }
    }

    private static SSLSocket socket(int port, String protocol, String... alpn) throws IOException {
        SSLSocket s = (SSLSocket) KEYS.clientContext().getSocketFactory().createSocket("localhost", port);
        s.setSoTimeout(20_000);
        s.setEnabledProtocols(new String[] {protocol});
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (alpn.length > 0) {
            p.setApplicationProtocols(alpn);
        }
        s.setSSLParameters(p);
        return s;
    }

    /** One GET on a blocking TLS socket; returns the response head and body. */
    private static String roundTrip(SSLSocket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder sb = new StringBuilder();
        int contentLength = -1;
        int headEnd = -1;
        while (headEnd < 0 || sb.length() < headEnd + contentLength) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + sb);
            }
            sb.append((char) b);
            if (headEnd < 0 && sb.toString().endsWith("\r\n\r\n")) {
                headEnd = sb.length();
                java.util.regex.Matcher m = java.util.regex.Pattern
                        .compile("Content-Length: (\\d+)").matcher(sb);
                contentLength = m.find() ? Integer.parseInt(m.group(1)) : 0;
            }
        }
        return sb.toString();
    }

    @Test
    void asyncHttpClientFetchesOverHttpsWithATrustStoreOfItsOwn() throws Exception {
        int port = start(new HttpServerOptions());
        try (AsyncHttpClient client = AsyncHttpClient.builder()
                .sslContext(KEYS.clientContext()).build()) {
            HttpClientResponse r = client.fetch("https://localhost:" + port + "/")
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(200, r.code());
            assertTrue(r.text().startsWith("hello https "), r.text());
            byte[] upload = big(200_000);
            HttpClientResponse echo = client.fetch(HttpClientRequest.builder(
                    "https://localhost:" + port + "/echo").method("POST").body(upload).build())
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertArrayEquals(upload, echo.body());
        }
        try (AsyncHttpClient untrusting = new AsyncHttpClient()) {
            // The JDK's own trust store does not know the test certificate.
            Exception e = assertThrows(Exception.class, () -> untrusting.fetch(
                    "https://localhost:" + port + "/").toCompletableFuture().get(30, TimeUnit.SECONDS));
            Throwable t = e;
            while (t.getCause() != null && !(t instanceof SSLException)) {
                t = t.getCause();
            }
            assertInstanceOf(SSLException.class, t, String.valueOf(e));
        }
    }
}
