package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.http.RawClient;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hooks and request flow of Tornado 6.2's RequestHandler, over a real socket. */
@org.junit.jupiter.api.Timeout(30)
class HandlerFlowTest {
    static class Defaults extends RequestHandler {
        @Override
        public void setDefaultHeaders() {
            setHeader("X-Default", "yes");
            setHeader("Server", "Compare");
        }

        @Override
        public void get() {
            setHeader("X-Gone", "with the error");
            if (getArgument("fail", null) != null) {
                throw new HttpError(403, "secret reason for the log");
            }
            write("defaults");
        }
    }

    static class CustomError extends RequestHandler {
        @Override
        public void get() {
            if (getArgument("http", null) != null) {
                throw new HttpError(409);
            }
            throw new IllegalStateException("k");
        }

        @Override
        public void writeError(int status, Throwable e) {
            write(status + " " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    static class Finishing extends RequestHandler {
        @Override
        public Future<?> getAsync() {
            setStatus(401);
            write("partial ");
            if (getArgument("async", null) != null) {
                return Future.failed(new Finish("async"));
            }
            throw new Finish("go away");
        }
    }

    static class Redirecting extends RequestHandler {
        @Override
        public void get() {
            redirect(getArgument("to", "/x"), Integer.parseInt(getArgument("status", "307")));
        }
    }

    static class Slash extends RequestHandler {
        @Override
        public void get() {
            addSlash();
            write("slash");
        }

        @Override
        public void post() {
            addSlash();
            write("slash");
        }
    }

    static class NoSlash extends RequestHandler {
        @Override
        public void get() {
            removeSlash();
            write("noslash");
        }

        @Override
        public void post() {
            removeSlash();
            write("noslash");
        }
    }

    static class Methods extends RequestHandler {
        @Override
        public Set<String> supportedMethods() {
            return new java.util.LinkedHashSet<>(List.of("GET", "POST", "PROPFIND"));
        }

        @Override
        public void get() {
            write("get");
        }

        @Override
        public Future<?> otherMethodAsync(String method) {
            write(method.toLowerCase());
            return null;
        }
    }

    static class Headers extends RequestHandler {
        @Override
        public void get() {
            setHeader("X-A", "1");
            addHeader("X-B", "1");
            addHeader("X-B", "2");
            clearHeader("X-A");
            clearHeader("X-B");
            clearHeader("Content-Type");
            write(reverseUrl("user", "a b/é", 42) + " " + reverseUrl("plain"));
        }
    }

    static class Nothing extends RequestHandler {
    }

    static final java.util.concurrent.CountDownLatch FLUSH_FAILED = new java.util.concurrent.CountDownLatch(1);

    /** Streams until a flush fails, then fails its own future with that failure. */
    static class Streaming extends RequestHandler {
        @Override
        public Future<?> getAsync() {
            Future<Void> done = new Future<>();
            pump(done);
            return done;
        }

        private void pump(Future<Void> done) {
            write(new byte[64 * 1024]);
            flush().addDoneCallback(f -> {
                if (f.exception() != null) {
                    FLUSH_FAILED.countDown();
                    done.setException(f.exception());
                } else {
                    pump(done);
                }
            });
        }
    }

    private final WebServerFixture web = new WebServerFixture(
            Route.of("/defaults", Defaults::new), Route.of("/custom", CustomError::new),
            Route.of("/finish", Finishing::new), Route.of("/redirect", Redirecting::new),
            Route.of("/r/([^/]*)/([^/]*)", () -> new RedirectHandler("/to/{1}/{0}")),
            Route.of("/n/(?<first>[^/]*)", () -> new RedirectHandler("/named/{first}", false)),
            Route.of("/slash/?", Slash::new), Route.of("/noslash/*", NoSlash::new),
            Route.of("/methods", Methods::new), Route.of("/headers", Headers::new),
            Route.of("/user/([^/]+)/(\\d+)", Nothing::new).named("user"),
            Route.of("/plain\\.html", Nothing::new).named("plain"),
            Route.of("/nothing", Nothing::new), Route.of("/stream", Streaming::new));

    @AfterEach
    void stop() throws Exception {
        web.close();
    }

    @Test
    void defaultHeadersAreSetOnEveryResponseErrorPagesIncluded() throws Exception {
        RawClient.Response ok = web.get("/defaults");
        assertEquals("yes", ok.header("x-default"));
        assertEquals("Compare", ok.header("server"));
        RawClient.Response error = web.get("/defaults?fail=1");
        assertEquals(403, error.status);
        assertEquals("yes", error.header("x-default"));
        assertNull(error.header("x-gone"));
        assertEquals("yes", web.request("POST /defaults HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n")
                .header("x-default"));
    }

    @Test
    void anHttpErrorsLogMessageIsLoggedAtWarningInTornadosFormatAndNeverSent() throws Exception {
        RawClient.Response r = web.get("/defaults?fail=1");
        assertEquals("<html><title>403: Forbidden</title><body>403: Forbidden</body></html>", r.body);
        List<WebServerFixture.Logged> logged = web.records(2);
        assertEquals(new WebServerFixture.Logged("WARNING",
                "403 GET /defaults?fail=1 (127.0.0.1): secret reason for the log"), logged.get(0));
        assertTrue(logged.get(1).message().matches("403 GET /defaults\\?fail=1 \\(127\\.0\\.0\\.1\\) \\d+\\.\\d\\dms"),
                logged.get(1).toString());
        assertEquals(List.of(), web.errors());
    }

    @Test
    void writeErrorReceivesTheException() throws Exception {
        assertEquals("409 HttpError HTTP 409: Conflict", web.get("/custom?http=1").body);
        RawClient.Response crash = web.get("/custom");
        assertEquals(500, crash.status);
        assertEquals("500 IllegalStateException k", crash.body);
        assertTrue(web.errors().get(0).startsWith("Uncaught exception GET /custom (127.0.0.1)"), web.errors().toString());
    }

    @Test
    void aFinishExceptionEndsTheRequestWithoutAnErrorPage() throws Exception {
        RawClient.Response r = web.get("/finish");
        assertEquals(401, r.status);
        assertEquals("partial go away", r.body);
        assertEquals("partial async", web.get("/finish?async=1").body);
        assertEquals(List.of(), web.errors());
    }

    @Test
    void redirectTakesAnyThreeHundredStatus() throws Exception {
        RawClient.Response r = web.get("/redirect?status=307&to=/a%20b");
        assertEquals("HTTP/1.1 307 Temporary Redirect", r.statusLine);
        assertEquals("/a b", r.header("location"));
        assertEquals("/café".length() + 1, web.get("/redirect?to=/caf%C3%A9&status=303").header("location").length());
        assertEquals(500, web.get("/redirect?status=200").status);
    }

    @Test
    void redirectHandlerFormatsThePathArgumentsAndKeepsTheQuery() throws Exception {
        RawClient.Response r = web.get("/r/a/b");
        assertEquals(301, r.status);
        assertEquals("/to/b/a", r.header("location"));
        assertEquals("/to/b/a?x=1&x=3&y=2", web.get("/r/a/b?x=1&y=2&x=3").header("location"));
        assertEquals("/to/c/a b?k=%C3%A9", web.get("/r/a%20b/c?k=%C3%A9").header("location"));
        assertEquals("/to/b/a?%C3%83%C2%A9=%C3%A9&s=a+b+c", web.get("/r/a/b?%C3%A9=%C3%A9&s=a%20b+c")
                .header("location"));
        RawClient.Response named = web.get("/n/one");
        assertEquals(302, named.status);
        assertEquals("/named/one", named.header("location"));
        assertEquals(405, web.request("POST /r/a/b HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n").status);
    }

    @Test
    void addSlashAndRemoveSlashRedirectGetsAndRefuseOthers() throws Exception {
        assertEquals("/slash/?x=1", web.get("/slash?x=1").header("location"));
        assertEquals(301, web.get("/slash").status);
        assertEquals("slash", web.get("/slash/").body);
        assertEquals(404, web.request("POST /slash HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n").status);
        assertEquals("/noslash", web.get("/noslash//").header("location"));
        assertEquals("/noslash?q=1", web.get("/noslash/?q=1").header("location"));
        assertEquals("noslash", web.get("/noslash").body);
        assertEquals(404, web.request("POST /noslash/ HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n").status);
    }

    @Test
    void supportedMethodsCanBeExtendedAnd405sSayWhatIsAllowed() throws Exception {
        assertEquals("propfind", web.request("PROPFIND /methods HTTP/1.1\r\nHost: t\r\n\r\n").body);
        RawClient.Response notListed = web.request("DELETE /methods HTTP/1.1\r\nHost: t\r\n\r\n");
        assertEquals(405, notListed.status);
        // RFC 9110 §15.5.6 requires Allow in a 405 (Tornado sends none): what the class implements.
        assertEquals("GET, PROPFIND", notListed.header("allow"));
        RawClient.Response notImplemented = web.request("POST /methods HTTP/1.1\r\nHost: t\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertEquals(405, notImplemented.status);
        assertEquals("GET, PROPFIND", notImplemented.header("allow"));
        assertEquals("", web.request("BREW /nothing HTTP/1.1\r\nHost: t\r\n\r\n").header("allow"));
        assertEquals("GET", web.request("HEAD /defaults HTTP/1.1\r\nHost: t\r\n\r\n").header("allow"));
    }

    @Test
    void clearHeaderAndReverseUrl() throws Exception {
        RawClient.Response r = web.get("/headers");
        assertNull(r.header("x-a"));
        assertNull(r.header("x-b"));
        assertNull(r.header("content-type"));
        assertEquals("/user/a%20b/%C3%A9/42 /plain.html", r.body);
    }

    @Test
    void reverseUrlRefusesWhatTornadoRefuses() {
        Application app = new Application(List.of(Route.of("/a/(\\d+)", Nothing::new).named("a"),
                Route.of("/b/(?:x|y)/(\\d+)", Nothing::new).named("b"),
                Route.of("/c\\d/(\\d+)", Nothing::new).named("c")));
        assertEquals("/a/7", app.reverseUrl("a", 7));
        assertThrows(IllegalArgumentException.class, () -> app.reverseUrl("a"));
        assertThrows(IllegalArgumentException.class, () -> app.reverseUrl("nope"));
        assertThrows(IllegalStateException.class, () -> app.reverseUrl("b", 1));
        assertThrows(IllegalStateException.class, () -> app.reverseUrl("c", 1));
    }

    @Test
    void aClientThatGoesAwayMidResponseIsNotAnError() throws Exception {
        RawClient c = new RawClient(web.port());
        c.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n");
        c.socket().getInputStream().read(new byte[1024]);
        c.socket().setSoLinger(true, 0); // reset, as a client that gives up does
        c.close();
        assertTrue(FLUSH_FAILED.await(20, java.util.concurrent.TimeUnit.SECONDS));
        web.assertHealthy();
    }

    @Test
    void everyRequestIsLoggedOnceAtTheLevelOfItsStatus() throws Exception {
        web.get("/defaults");
        web.get("/nowhere");
        web.get("/custom");
        List<WebServerFixture.Logged> access = web.records(3).stream()
                .filter(l -> l.message().endsWith("ms")).toList();
        assertEquals(3, access.size(), access.toString());
        assertEquals("INFO", access.get(0).level());
        assertTrue(access.get(0).message().matches("200 GET /defaults \\(127\\.0\\.0\\.1\\) \\d+\\.\\d\\dms"));
        assertEquals("WARNING", access.get(1).level());
        assertTrue(access.get(1).message().startsWith("404 GET /nowhere (127.0.0.1) "));
        assertEquals("SEVERE", access.get(2).level()); // System.Logger's ERROR
        assertTrue(access.get(2).message().startsWith("500 GET /custom (127.0.0.1) "));
    }
}
