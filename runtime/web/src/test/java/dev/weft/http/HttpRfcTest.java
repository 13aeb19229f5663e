package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.LoopLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RFC 9112 points found by trying bad input (issue 17), over real sockets: each refused
 * request gets its 4xx and a closed connection, the server goes on, and nothing is logged as an
 * error; each accepted one reaches the handler as described.
 */
@org.junit.jupiter.api.Timeout(60)
class HttpRfcTest {
    private TestServer server;
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private BiConsumer<String, Throwable> oldHook;

    /** Answers with method, target, version, Host and X-A as the handler sees them. */
    private void describe(HttpServerRequest r) {
        String text = r.method() + " " + r.uri() + " " + r.version() + " host=" + r.headers().get("Host")
                + " x-a=" + r.headers().get("X-A") + " body=" + new String(r.body(), StandardCharsets.ISO_8859_1);
        seen.add(text);
        byte[] body = text.getBytes(StandardCharsets.ISO_8859_1);
        HttpHeaders h = new HttpHeaders();
        h.set("Content-Length", Integer.toString(body.length));
        r.connection().writeHeaders(200, null, h, body);
        r.connection().finish();
    }

    @BeforeEach
    void start() {
        oldHook = LoopLog.setHook((m, t) -> errors.add(m + " :: " + t));
        server = new TestServer(this::describe, new HttpServerOptions());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        LoopLog.setHook(oldHook);
        assertEquals(List.of(), errors, "malformed input is routine: nothing logged as an error");
    }

    static Stream<Arguments> refused() {
        String te = "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: ";
        String chunked = "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
        return Stream.of(
                Arguments.of("Host with a space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n"),
                Arguments.of("Host with a non-numeric port", "GET / HTTP/1.1\r\nHost: a:8x\r\n\r\n"),
                Arguments.of("Host with a slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n"),
                Arguments.of("Host with userinfo", "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n"),
                Arguments.of("Host as a list", "GET / HTTP/1.1\r\nHost: a, b\r\n\r\n"),
                Arguments.of("Host as a list without space", "GET / HTTP/1.1\r\nHost: a,b\r\n\r\n"),
                Arguments.of("Host with an unclosed [", "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n"),
                Arguments.of("Host in HTTP/1.0 checked too", "GET / HTTP/1.0\r\nHost: a b\r\n\r\n"),
                Arguments.of("TE xchunked", te + "xchunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("TE chunked, identity", te + "chunked, identity\r\n\r\n0\r\n\r\n"),
                Arguments.of("TE identity", te + "identity\r\n\r\n"),
                Arguments.of("TE empty", te + "\r\n\r\n"),
                Arguments.of("asterisk outside OPTIONS", "GET * HTTP/1.1\r\nHost: t\r\n\r\n"),
                Arguments.of("authority-form outside CONNECT", "GET t:80 HTTP/1.1\r\nHost: t\r\n\r\n"),
                Arguments.of("CONNECT with origin-form", "CONNECT / HTTP/1.1\r\nHost: t\r\n\r\n"),
                Arguments.of("relative target", "GET a/b HTTP/1.1\r\nHost: t\r\n\r\n"),
                Arguments.of("absolute-form with userinfo", "GET http://u@t/ HTTP/1.1\r\nHost: t\r\n\r\n"),
                Arguments.of("absolute-form without a host", "GET http:///x HTTP/1.1\r\nHost: t\r\n\r\n"),
                Arguments.of("chunk extension without a name", chunked + "1;\r\nx\r\n0\r\n\r\n"),
                Arguments.of("chunk extension with only a value", chunked + "1;=v\r\nx\r\n0\r\n\r\n"),
                Arguments.of("chunk size line with a bare LF", chunked + "1\nx\r\n0\r\n\r\n"),
                Arguments.of("bare CR in a header", "GET / HTTP/1.1\r\nHost: t\r\nX-A: a\rb\r\n\r\n"),
                Arguments.of("HTTP/1.10", "GET / HTTP/1.10\r\nHost: t\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedWith400AndClosed(String name, String request) throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send(request);
            RawClient.Response r = c.read(false);
            assertEquals(400, r.status, name);
            assertEquals("close", r.header("connection"));
            assertTrue(c.closedByServer(), "closed after " + name);
        }
        assertEquals(List.of(), seen, "no handler saw " + name);
        assertGoodRequestServed();
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("IPv6 Host", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
                        "GET / HTTP/1.1 host=[::1]:8080 x-a=null body="),
                Arguments.of("empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n", "GET / HTTP/1.1 host= x-a=null body="),
                Arguments.of("Host with an empty port", "GET / HTTP/1.1\r\nHost: a:\r\n\r\n",
                        "GET / HTTP/1.1 host=a: x-a=null body="),
                Arguments.of("absolute-form, its authority replaces Host",
                        "GET http://example.com:81/p/q?x=1 HTTP/1.1\r\nHost: other\r\n\r\n",
                        "GET /p/q?x=1 HTTP/1.1 host=example.com:81 x-a=null body="),
                Arguments.of("absolute-form without a path", "GET HTTPS://example.com?x HTTP/1.1\r\nHost: t\r\n\r\n",
                        "GET /?x HTTP/1.1 host=example.com x-a=null body="),
                Arguments.of("raw UTF-8 bytes in the target reach the handler as ISO-8859-1 chars",
                        "GET /caf\u00c3\u00a9 HTTP/1.1\r\nHost: t\r\n\r\n",
                        new String("GET /caf\u00c3\u00a9 HTTP/1.1 host=t x-a=null body="
                                .getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)),
                Arguments.of("OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n", "OPTIONS * HTTP/1.1 host=t x-a=null body="),
                Arguments.of("CONNECT authority-form", "CONNECT t:443 HTTP/1.1\r\nHost: t:443\r\n\r\n",
                        "CONNECT t:443 HTTP/1.1 host=t:443 x-a=null body="),
                Arguments.of("HTTP/1.5 is served as 1.1", "GET / HTTP/1.5\r\nHost: t\r\n\r\n",
                        "GET / HTTP/1.1 host=t x-a=null body="),
                Arguments.of("bare LF line endings", "GET / HTTP/1.1\nHost: t\nX-A: 1\n\n",
                        "GET / HTTP/1.1 host=t x-a=1 body="),
                Arguments.of("bare LF mixed with CRLF", "GET / HTTP/1.1\r\nHost: t\nX-A: 1\r\n\n",
                        "GET / HTTP/1.1 host=t x-a=1 body="),
                Arguments.of("an empty line before the request line", "\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n",
                        "GET / HTTP/1.1 host=t x-a=null body="),
                Arguments.of("a bare LF before the request line", "\nGET / HTTP/1.1\r\nHost: t\r\n\r\n",
                        "GET / HTTP/1.1 host=t x-a=null body="),
                Arguments.of("repeated header reads comma-joined",
                        "GET / HTTP/1.1\r\nHost: t\r\nX-A: 1\r\nX-B: 0\r\nx-a: 2 \r\nX-A:\t3\r\n\r\n",
                        "GET / HTTP/1.1 host=t x-a=1,2,3 body="),
                Arguments.of("obs-fold joined with a space as in Tornado",
                        "GET / HTTP/1.1\r\nHost: t\r\nX-A: 1\r\n  2\r\n\r\n", "GET / HTTP/1.1 host=t x-a=1 2 body="),
                Arguments.of("unknown expectation ignored as in Tornado",
                        "POST / HTTP/1.1\r\nHost: t\r\nExpect: teapot\r\nContent-Length: 1\r\n\r\nx",
                        "POST / HTTP/1.1 host=t x-a=null body=x"),
                Arguments.of("chunk extensions with names",
                        "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "2;a;b=c ; d=\"e\\\"f\"\r\nxy\r\n0;z\r\nTrailer-A: 1\r\n\r\n",
                        "POST / HTTP/1.1 host=t x-a=null body=xy"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedAndServed(String name, String request, String expected) throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send(request);
            RawClient.Response r = c.read(false);
            assertEquals(200, r.status, name);
            assertEquals(expected, r.body, name);
            assertNull(r.header("connection"), "kept alive after " + name);
            assertEquals(200, c.get("/next").status, "the connection goes on after " + name);
        }
    }

    @Test
    void http15IsAnsweredLikeHttp11WithChunkedResponses() throws Exception {
        server.close();
        server = new TestServer(HttpServerTest::echo, new HttpServerOptions());
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /chunked HTTP/1.9\r\nHost: t\r\n\r\n");
            RawClient.Response r = c.read(false);
            assertEquals("HTTP/1.1 200 OK", r.statusLine);
            assertEquals("chunked", r.header("transfer-encoding"));
            assertEquals("first,second", r.body);
            assertFalse(c.closedByServer(), "HTTP/1.1 keep-alive by default");
        }
    }

    @Test
    void requestLineAndHeadersMayFillTornadosDefault64KiB() throws Exception {
        String longPath = "/" + "p".repeat(60 * 1024);
        String head = "GET " + longPath + " HTTP/1.1\r\nHost: t\r\nX-A: ";
        String bigValue = "v".repeat(64 * 1024 - head.length() - 4);
        String request = "GET " + longPath + " HTTP/1.1\r\nHost: t\r\nX-A: " + bigValue + "\r\n\r\n";
        assertEquals(64 * 1024, request.length(), "exactly the limit");
        try (RawClient c = new RawClient(server.port())) {
            c.send(request);
            RawClient.Response r = c.read(false);
            assertEquals(200, r.status);
            assertEquals("GET " + longPath + " HTTP/1.1 host=t x-a=" + bigValue + " body=", r.body);
        }
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET " + longPath + " HTTP/1.1\r\nHost: t\r\nX-A: " + bigValue + "v\r\n\r\n");
            assertEquals(431, c.read(false).status, "one byte over");
            assertTrue(c.closedByServer());
        }
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /" + "p".repeat(64 * 1024) + " HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(414, c.read(false).status, "a request line that fills the block");
        }
        assertGoodRequestServed();
    }

    @Test
    void thousandsOfHeaderFieldsFitAsInTornado() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n" + "X-A: 1\r\n".repeat(5000) + "\r\n");
            RawClient.Response r = c.read(false);
            assertEquals(200, r.status);
            assertEquals("GET / HTTP/1.1 host=t x-a=" + "1,".repeat(4999) + "1 body=", r.body);
        }
    }

    @Test
    void bareLfIsAnsweredAtOnceNotAfterTheHeaderTimeout() throws Exception {
        server.close();
        // A header timeout far longer than the socket's read timeout: an answer proves no wait.
        server = new TestServer(this::describe, new HttpServerOptions()
                .headerTimeout(java.time.Duration.ofMinutes(10)));
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /lf HTTP/1.1\nHost: t\n\n"); // and the connection stays open
            assertEquals(200, c.read(false).status);
        }
    }

    @Test
    void clientResetMidResponseRunsTheCloseCallbackAndFailsTheWriteQuietly() throws Exception {
        java.util.concurrent.CompletableFuture<Throwable> writeFailure = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Boolean> closed = new java.util.concurrent.CompletableFuture<>();
        server.close();
        server = new TestServer(r -> {
            HttpConnection c = r.connection();
            c.setCloseCallback(() -> closed.complete(true));
            byte[] chunk = new byte[16 * 1024];
            c.writeHeaders(200, null, new HttpHeaders(), chunk);
            Runnable[] more = new Runnable[1];
            more[0] = () -> c.write(chunk).addDoneCallback(f -> {
                if (f.exception() != null) {
                    writeFailure.complete(f.exception());
                } else {
                    dev.weft.IOLoop.current().addCallback(more[0]);
                }
            });
            more[0].run();
        }, new HttpServerOptions());
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(64 * 1024, c.socket().getInputStream().readNBytes(64 * 1024).length);
            c.socket().setSoLinger(true, 0); // a reset
        }
        assertTrue(writeFailure.get(20, java.util.concurrent.TimeUnit.SECONDS)
                instanceof dev.weft.net.StreamClosedException);
        assertTrue(closed.get(20, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, server.connectionCount());
    }

    private void assertGoodRequestServed() throws Exception {
        seen.clear();
        try (RawClient c = new RawClient(server.port())) {
            assertEquals(200, c.get("/good").status);
        }
        assertEquals(1, seen.size());
        seen.clear();
    }
}
