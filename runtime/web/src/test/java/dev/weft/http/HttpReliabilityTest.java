package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input over raw sockets: every malformed, oversized, truncated or smuggling request gets its
 * status (or a clean close) and the server answers the next good request.
 */
@org.junit.jupiter.api.Timeout(60)
class HttpReliabilityTest {
    private static final String H = "Host: t\r\n";
    private TestServer server;
    private final AtomicInteger handled = new AtomicInteger();
    private final List<String> paths = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        HttpServerOptions options = new HttpServerOptions()
                .maxHeaderSize(8 * 1024)
                .maxRequestLineLength(2 * 1024)
                .maxHeaderCount(50)
                .maxBodySize(1024);
        server = new TestServer(r -> {
            handled.incrementAndGet();
            paths.add(r.path());
            HttpServerTest.echo(r);
        }, options);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("garbage", "GARBAGE\r\n\r\n", 400),
                Arguments.of("no target", "GET HTTP/1.1\r\n" + H + "\r\n", 400),
                Arguments.of("two spaces", "GET  / HTTP/1.1\r\n" + H + "\r\n", 400),
                Arguments.of("control char in target", "GET /a\u0001b HTTP/1.1\r\n" + H + "\r\n", 400),
                Arguments.of("bad method", "G(T / HTTP/1.1\r\n" + H + "\r\n", 400),
                Arguments.of("missing host", "GET / HTTP/1.1\r\n\r\n", 400),
                Arguments.of("two hosts", "GET / HTTP/1.1\r\n" + H + H + "\r\n", 400),
                Arguments.of("http/2.0", "GET / HTTP/2.0\r\n" + H + "\r\n", 400),
                Arguments.of("http/0.9-ish", "GET / HTTP/1\r\n" + H + "\r\n", 400),
                Arguments.of("lowercase version", "GET / http/1.1\r\n" + H + "\r\n", 400),
                Arguments.of("space before colon",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("obs-fold before any field", "GET / HTTP/1.1\r\n  X-A: 1\r\n" + H + "\r\n", 400),
                Arguments.of("no colon", "GET / HTTP/1.1\r\n" + H + "NoColon\r\n\r\n", 400),
                Arguments.of("NUL in value", "GET / HTTP/1.1\r\n" + H + "X-A: a\u0000b\r\n\r\n", 400),
                Arguments.of("CL and TE",
                        "POST / HTTP/1.1\r\n" + H + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "0\r\n\r\nGET /smuggled HTTP/1.1\r\n" + H + "\r\n", 400),
                Arguments.of("two different CL",
                        "POST / HTTP/1.1\r\n" + H + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
                Arguments.of("CL list that differs",
                        "POST / HTTP/1.1\r\n" + H + "Content-Length: 3, 4\r\n\r\nabcd", 400),
                Arguments.of("negative CL", "POST / HTTP/1.1\r\n" + H + "Content-Length: -1\r\n\r\n", 400),
                Arguments.of("CL with sign", "POST / HTTP/1.1\r\n" + H + "Content-Length: +3\r\n\r\nabc", 400),
                Arguments.of("CL not a number", "POST / HTTP/1.1\r\n" + H + "Content-Length: abc\r\n\r\n", 400),
                Arguments.of("CL overflow",
                        "POST / HTTP/1.1\r\n" + H + "Content-Length: 99999999999999999999999\r\n\r\n", 400),
                Arguments.of("TE gzip", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: gzip\r\n\r\n", 400),
                Arguments.of("TE gzip, chunked",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501),
                Arguments.of("TE chunked twice",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked"
                                + "\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("TE in HTTP/1.0",
                        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("TE with vertical tab",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: \u000bchunked\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("bad chunk size",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n", 400),
                Arguments.of("chunk size with sign",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n+2\r\nab\r\n0\r\n\r\n", 400),
                Arguments.of("chunk without CRLF",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n0\r\n\r\n", 400),
                Arguments.of("huge chunk size",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffff\r\n", 400),
                Arguments.of("body over limit",
                        "POST / HTTP/1.1\r\n" + H + "Content-Length: 1025\r\n\r\n", 400),
                Arguments.of("chunked body over limit",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n"
                                + "200\r\n" + "x".repeat(512) + "\r\n"
                                + "200\r\n" + "x".repeat(512) + "\r\n1\r\nx\r\n0\r\n\r\n", 400),
                Arguments.of("request line too long",
                        "GET /" + "a".repeat(3000) + " HTTP/1.1\r\n" + H + "\r\n", 414),
                Arguments.of("request line longer than the header limit",
                        "GET /" + "a".repeat(9000) + " HTTP/1.1\r\n" + H + "\r\n", 414),
                Arguments.of("header block too large",
                        "GET / HTTP/1.1\r\n" + H + "X-Big: " + "b".repeat(9000) + "\r\n\r\n", 431),
                Arguments.of("too many headers",
                        "GET / HTTP/1.1\r\n" + H + "X-A: 1\r\n".repeat(60) + "\r\n", 431));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestGetsItsStatusAndIsClosed(String name, String request, int status) throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send(request);
            RawClient.Response r = c.read(false);
            assertEquals(status, r.status, name);
            assertEquals("close", r.header("connection"));
            assertTrue(c.closedByServer(), "connection closed after " + name);
        }
        assertEquals(0, handled.get(), "no handler saw " + name);
        assertGoodRequestServed();
    }

    @Test
    void smuggledRequestNeverReachesTheHandler() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("POST /a HTTP/1.1\r\n" + H + "Content-Length: 0\r\nContent-Length: 44\r\n\r\n"
                    + "GET /admin HTTP/1.1\r\n" + H + "\r\n");
            assertEquals(400, c.read(false).status);
            assertTrue(c.closedByServer());
        }
        assertGoodRequestServed();
        assertFalse(paths.contains("/admin"));
    }

    static Stream<Arguments> truncatedRequests() {
        return Stream.of(
                Arguments.of("half a request line", "GET / HT"),
                Arguments.of("headers cut short", "GET / HTTP/1.1\r\nHost: t\r\nX-A: "),
                Arguments.of("body cut short", "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"),
                Arguments.of("chunked body cut short",
                        "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"),
                Arguments.of("nothing", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("truncatedRequests")
    void truncatedRequestIsClosedQuietly(String name, String request) throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send(request);
            c.shutdownOutput();
            assertTrue(c.closedByServer(), name);
        }
        assertEquals(0, handled.get());
        assertGoodRequestServed();
    }

    @Test
    void randomBytesNeverCrashTheServer() throws Exception {
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        var old = dev.weft.LoopLog.setHook((m, t) -> errors.add(m + " :: " + t));
        try {
            Random random = new Random(42);
            for (int i = 0; i < 200; i++) {
                byte[] junk = new byte[1 + random.nextInt(300)];
                random.nextBytes(junk);
                if (i % 2 == 0) {
                    // Start like a request so the fuzz reaches the header parser too.
                    byte[] prefix = "GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                    byte[] both = new byte[prefix.length + junk.length + 4];
                    System.arraycopy(prefix, 0, both, 0, prefix.length);
                    System.arraycopy(junk, 0, both, prefix.length, junk.length);
                    System.arraycopy(new byte[] {'\r', '\n', '\r', '\n'}, 0, both, both.length - 4, 4);
                    junk = both;
                }
                try (RawClient c = new RawClient(server.port())) {
                    c.send(junk);
                    c.shutdownOutput();
                    try {
                        c.read(false); // a status, or a close
                    } catch (IOException | RuntimeException e) {
                        // closed without a response: fine
                    }
                    assertTrue(c.closedByServer());
                }
            }
            assertGoodRequestServed();
        } finally {
            dev.weft.LoopLog.setHook(old);
        }
        assertEquals(List.of(), errors, "bad input is routine: nothing logged as an error");
    }

    @Test
    void slowClientIsCutOffByTheHeaderTimeout() throws Exception {
        server.close();
        server = new TestServer(HttpServerTest::echo, new HttpServerOptions()
                .headerTimeout(Duration.ofMillis(1500)));
        byte[] request = ("GET / HTTP/1.1\r\n" + H + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        try (RawClient c = new RawClient(server.port())) {
            long start = System.nanoTime();
            int sent = 0;
            try {
                while (sent < request.length) {
                    c.send(new byte[] {request[sent++]});
                    c.socket().setSoTimeout(1000);
                    if (c.socket().getInputStream().available() > 0) {
                        break;
                    }
                    Thread.sleep(1000);
                }
            } catch (IOException e) {
                // the server closed while we were still sending: that is the point
            }
            assertTrue(sent < request.length, "cut off before the request was complete");
            c.socket().setSoTimeout(5000);
            RawClient.Response r = c.read(false);
            assertEquals(408, r.status);
            assertTrue(c.closedByServer());
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(1500).toNanos());
        }
        assertEquals(0, server.connectionCount());
    }

    @Test
    void slowBodyIsCutOffByTheBodyTimeout() throws Exception {
        server.close();
        server = new TestServer(HttpServerTest::echo, new HttpServerOptions()
                .bodyTimeout(Duration.ofMillis(300)));
        try (RawClient c = new RawClient(server.port())) {
            c.send("POST / HTTP/1.1\r\n" + H + "Content-Length: 10\r\n\r\nabc");
            RawClient.Response r = c.read(false);
            assertEquals(408, r.status);
            assertTrue(c.closedByServer());
        }
        assertEquals(0, handled.get());
    }

    @Test
    void hugeLengthsAreRefusedEvenWithoutABodyLimit() throws Exception {
        server.close();
        server = new TestServer(HttpServerTest::echo, new HttpServerOptions().maxBodySize(Long.MAX_VALUE));
        try (RawClient c = new RawClient(server.port())) {
            c.send("POST / HTTP/1.1\r\n" + H + "Content-Length: 99999999999\r\n\r\n");
            assertEquals(400, c.read(false).status);
        }
        try (RawClient c = new RawClient(server.port())) {
            c.send("POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\nffffffffff\r\n");
            assertEquals(400, c.read(false).status);
        }
        assertGoodRequestServed();
    }

    @Test
    void idleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        server.close();
        server = new TestServer(HttpServerTest::echo, new HttpServerOptions()
                .idleConnectionTimeout(Duration.ofMillis(300)));
        try (RawClient c = new RawClient(server.port())) {
            assertEquals(200, c.get("/one").status);
            assertTrue(c.closedByServer()); // within the 5 s socket timeout, after 300 ms idle
        }
    }

    private void assertGoodRequestServed() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.get("/good");
            assertEquals(200, r.status);
            assertEquals("GET /good ", r.body);
        }
    }
}
