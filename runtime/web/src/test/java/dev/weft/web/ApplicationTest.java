package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.http.HttpServerOptions;
import dev.weft.http.RawClient;
import dev.weft.http.TestServer;
import dev.weft.LoopLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Timeout(30)
class ApplicationTest {
    record Item(String name, int count, List<String> tags) {
    }

    static class IndexHandler extends RequestHandler {
        @Override
        public void get() {
            write("Hello Python Tornado!");
        }
    }

    static class UserHandler extends RequestHandler {
        @Override
        public void get() {
            write("user " + pathArg(0) + " section " + pathArg("section"));
        }
    }

    static class ArgsHandler extends RequestHandler {
        @Override
        public void get() {
            write(getArgument("a") + "|" + getArgument("missing", "dflt") + "|" + getArguments("m"));
        }

        @Override
        public void post() {
            write(getBodyArguments("x") + "|" + getArgument("q") + "|" + getArguments("x"));
        }

        @Override
        public void put() {
            UploadedFile f = getFiles("file").get(0);
            write(getArgument("title") + "|" + f.filename() + "|" + f.contentType() + "|"
                    + new String(f.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    static class JsonHandler extends RequestHandler {
        @Override
        public void get() {
            if (getArgument("kind", "map").equals("record")) {
                write(new Item("widget", 3, List.of("a", "</script>")));
            } else {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ok", true);
                m.put("n", 1.5);
                m.put("nothing", null);
                write(m);
            }
        }
    }

    static class StatusHandler extends RequestHandler {
        @Override
        public void get() {
            setStatus(201);
            setHeader("X-Custom", "yes");
            write("made");
        }

        @Override
        public void delete() {
            setStatus(204);
        }

        @Override
        public void put() {
            setHeader("X-Evil", "a\r\nSet-Cookie: pwned=1");
        }

        @Override
        public void patch() {
            write("must not be sent");
            responseHeaders().add("X-Evil", "a\r\nSet-Cookie: pwned=1"); // past setHeader's check
        }
    }

    static class RedirectHandler extends RequestHandler {
        @Override
        public void get() {
            redirect("/target");
        }
    }

    static class CookieHandler extends RequestHandler {
        @Override
        public void get() {
            write("seen=" + getCookie("seen", "none"));
            setCookie("seen", "yes", new CookieOptions().httpOnly(true).maxAge(Duration.ofSeconds(60)));
        }
    }

    static class FailingHandler extends RequestHandler {
        @Override
        public void get() {
            write("partial output that must not be sent");
            throw new IllegalStateException("secret database password");
        }

        @Override
        public void post() {
            throw new HttpError(403, "not allowed for you");
        }
    }

    static class AsyncHandler extends RequestHandler {
        @Override
        public Future<?> getAsync() {
            Future<Void> f = new Future<>();
            write("before;");
            IOLoop.current().callLater(Duration.ofMillis(20), () -> {
                write("after");
                f.setResult(null);
            });
            return f;
        }

        @Override
        public Future<?> postAsync() {
            Future<Void> f = new Future<>();
            IOLoop.current().callLater(Duration.ofMillis(5),
                    () -> f.setException(new IllegalArgumentException("async secret")));
            return f;
        }
    }

    static class StreamingHandler extends RequestHandler {
        @Override
        public Future<?> getAsync() {
            write("one,");
            Future<Void> done = new Future<>();
            flush().addDoneCallback(f -> {
                write("two");
                finish().addDoneCallback(g -> done.setResult(null));
            });
            return done;
        }
    }

    static class HeadHandler extends RequestHandler {
        @Override
        public void head() {
            write("twelve bytes");
        }

        @Override
        public void get() {
            write("twelve bytes");
        }
    }

    static final java.util.concurrent.CountDownLatch POLL_STARTED = new java.util.concurrent.CountDownLatch(1);
    static final java.util.concurrent.CountDownLatch CLIENT_GONE = new java.util.concurrent.CountDownLatch(1);

    /** Never answers; notices when the client gives up. */
    static class LongPollHandler extends RequestHandler {
        @Override
        public Future<?> getAsync() {
            POLL_STARTED.countDown();
            return new Future<Void>();
        }

        @Override
        public void onConnectionClose() {
            CLIENT_GONE.countDown();
        }
    }

    /** Looks the user up asynchronously before any method runs. */
    static class AuthHandler extends RequestHandler {
        private String user;

        @Override
        public Future<?> prepareAsync() {
            Future<Void> f = new Future<>();
            IOLoop.current().callLater(Duration.ofMillis(5), () -> {
                user = getCookie("user");
                if (user == null) {
                    f.setException(new HttpError(401));
                } else {
                    f.setResult(null);
                }
            });
            return f;
        }

        @Override
        public void get() {
            write("hello " + user);
        }
    }

    private TestServer server;
    private final List<String> logged = new ArrayList<>();
    private BiConsumer<String, Throwable> oldHook;

    @BeforeEach
    void start() {
        oldHook = LoopLog.setHook((m, t) -> {
            synchronized (logged) {
                logged.add(m + (t == null ? "" : " :: " + t));
            }
        });
        Application app = new Application(List.of(
                Route.of("/", IndexHandler::new),
                Route.of("/user/([0-9]+)/(?<section>[a-z%0-9]+)", UserHandler::new),
                Route.of("/args", ArgsHandler::new),
                Route.of("/json", JsonHandler::new),
                Route.of("/status", StatusHandler::new),
                Route.of("/redirect", RedirectHandler::new),
                Route.of("/cookie", CookieHandler::new),
                Route.of("/fail", FailingHandler::new),
                Route.of("/async", AsyncHandler::new),
                Route.of("/stream", StreamingHandler::new),
                Route.of("/head", HeadHandler::new),
                Route.of("/poll", LongPollHandler::new),
                Route.of("/auth", AuthHandler::new),
                Route.of("/user/.*", IndexHandler::new)));
        server = new TestServer(app, new HttpServerOptions());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        LoopLog.setHook(oldHook);
    }

    private RawClient.Response request(String raw) throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send(raw);
            return c.read(raw.startsWith("HEAD"));
        }
    }

    private RawClient.Response get(String path) throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            return c.get(path);
        }
    }

    @Test
    void helloWorld() throws Exception {
        RawClient.Response r = get("/");
        assertEquals(200, r.status);
        assertEquals("Hello Python Tornado!", r.body);
        assertEquals("text/html; charset=UTF-8", r.header("content-type"));
        assertEquals("21", r.header("content-length"));
        assertNotNull(r.header("date"));
        assertEquals("WeftServer/0.1", r.header("server"));
    }

    @Test
    void routesAreTriedInOrderAndPathArgumentsDecoded() throws Exception {
        assertEquals("user 42 section a b", get("/user/42/a%20b").body);
        assertEquals("Hello Python Tornado!", get("/user/abc").body); // falls through to the last
        assertEquals(404, get("/nowhere").status);
        assertEquals(404, get("/args/x").status); // a pattern must match the whole path
        assertEquals(404, get("/argsx").status);
    }

    @Test
    void errorPagesHaveTornadosShape() throws Exception {
        RawClient.Response r = get("/nowhere");
        assertEquals(404, r.status);
        assertEquals("<html><title>404: Not Found</title><body>404: Not Found</body></html>", r.body);
        RawClient.Response m = request("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
        assertEquals(405, m.status);
        assertEquals(405, request("FOO / HTTP/1.1\r\nHost: t\r\n\r\n").status);
    }

    @Test
    void queryAndBodyArguments() throws Exception {
        assertEquals("1|dflt|[x, y z]", get("/args?a=0&a=1&m=x&m=y+z").body);
        assertEquals(400, get("/args").status); // missing a
        String body = "x=1&x=%C3%A9";
        RawClient.Response r = request("POST /args?q=query&x=0 HTTP/1.1\r\nHost: t\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body);
        assertEquals("[1, é]|query|[0, 1, é]", r.body);
    }

    @Test
    void multipartUploads() throws Exception {
        String body = "--b0undary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nMy file\r\n"
                + "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nsome\r\ntext\r\n--b0undary--\r\n";
        RawClient.Response r = request("PUT /args HTTP/1.1\r\nHost: t\r\n"
                + "Content-Type: multipart/form-data; boundary=b0undary\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body);
        assertEquals("My file|notes.txt|text/plain|some\r\ntext", r.body);
    }

    @Test
    void mapsAndRecordsAreWrittenAsJson() throws Exception {
        RawClient.Response r = get("/json");
        assertEquals("application/json; charset=UTF-8", r.header("content-type"));
        assertEquals("{\"ok\": true, \"n\": 1.5, \"nothing\": null}", r.body);
        assertEquals("{\"name\": \"widget\", \"count\": 3, \"tags\": [\"a\", \"<\\/script>\"]}",
                get("/json?kind=record").body);
    }

    @Test
    void statusHeadersAndNoContent() throws Exception {
        RawClient.Response r = get("/status");
        assertEquals(201, r.status);
        assertEquals("Created", r.statusLine.substring(r.statusLine.indexOf("201 ") + 4));
        assertEquals("yes", r.header("x-custom"));
        RawClient.Response d = request("DELETE /status HTTP/1.1\r\nHost: t\r\n\r\n");
        assertEquals(204, d.status);
        assertNull(d.header("content-length"));
    }

    @Test
    void headerInjectionIsRefusedWithA500() throws Exception {
        RawClient.Response r = request("PUT /status HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
        assertEquals(500, r.status);
        assertNull(r.header("set-cookie"));
        RawClient.Response p = request("PATCH /status HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
        assertEquals(500, p.status);
        assertNull(p.header("set-cookie"));
        assertFalse(p.body.contains("must not"));
    }

    @Test
    void redirect() throws Exception {
        RawClient.Response r = get("/redirect");
        assertEquals(302, r.status);
        assertEquals("/target", r.header("location"));
        assertEquals("", r.body);
    }

    @Test
    void cookiesAreReadAndSet() throws Exception {
        RawClient.Response first = get("/cookie");
        assertEquals("seen=none", first.body);
        String setCookie = first.header("set-cookie");
        // Tornado's (Python's Morsel) form: attributes sorted by name, max_age gives Max-Age only.
        assertEquals("seen=yes; HttpOnly; Max-Age=60; Path=/", setCookie);
        RawClient.Response again = request("GET /cookie HTTP/1.1\r\nHost: t\r\n"
                + "Cookie: other=1; seen=\"yes\"\r\n\r\n");
        assertEquals("seen=yes", again.body);
    }

    @Test
    void uncaughtExceptionGivesA500WithoutTheStackTraceAndIsLogged() throws Exception {
        RawClient.Response r = get("/fail");
        assertEquals(500, r.status);
        assertEquals("<html><title>500: Internal Server Error</title>"
                + "<body>500: Internal Server Error</body></html>", r.body);
        assertFalse(r.body.contains("secret") || r.body.contains("partial") || r.body.contains("at dev."));
        synchronized (logged) {
            assertTrue(logged.stream().anyMatch(l -> l.contains("Uncaught exception")
                    && l.contains("secret database password")), logged.toString());
        }
        RawClient.Response forbidden = request("POST /fail HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
        assertEquals(403, forbidden.status);
        assertFalse(forbidden.body.contains("not allowed"));
    }

    @Test
    void futureReturningHandlersFinishWhenTheFutureCompletes() throws Exception {
        assertEquals("before;after", get("/async").body);
        RawClient.Response failed = request("POST /async HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
        assertEquals(500, failed.status);
        assertFalse(failed.body.contains("async secret"));
    }

    @Test
    void flushSendsChunkedAndTheConnectionStaysUsable() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.get("/stream");
            assertEquals("chunked", r.header("transfer-encoding"));
            assertEquals("one,two", r.body);
            assertEquals("Hello Python Tornado!", c.get("/").body);
        }
    }

    @Test
    void onConnectionCloseRunsWhenTheClientGivesUp() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /poll HTTP/1.1\r\nHost: t\r\n\r\n");
            assertTrue(POLL_STARTED.await(10, java.util.concurrent.TimeUnit.SECONDS));
        }
        assertTrue(CLIENT_GONE.await(10, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void asyncPrepareRunsFirstAndCanRefuse() throws Exception {
        assertEquals(401, get("/auth").status);
        assertEquals("hello ann", request("GET /auth HTTP/1.1\r\nHost: t\r\nCookie: user=ann\r\n\r\n").body);
    }

    @Test
    void headGetsTheLengthButNoBody() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("HEAD /head HTTP/1.1\r\nHost: t\r\n\r\n");
            RawClient.Response r = c.read(true);
            assertEquals(200, r.status);
            assertEquals("12", r.header("content-length"));
            assertEquals("twelve bytes", c.get("/head").body);
        }
    }
}
