package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.RawClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The defaultHandler and debug settings, over a real socket. */
@org.junit.jupiter.api.Timeout(60)
class SettingsTest {
    static class Boom extends RequestHandler {
        @Override
        public void get() {
            throw new IllegalStateException("the secret detail");
        }

        @Override
        public void post() {
            throw new HttpError(409, "conflict logged");
        }
    }

    static class NotFound extends RequestHandler {
        @Override
        public void prepare() {
            setStatus(404);
            write("<h1>Nothing at " + request().path().replace("<", "&lt;") + "</h1>");
            finish();
        }
    }

    @Test
    void aDefaultHandlerAnswersWhatNoRouteMatches() throws Exception {
        try (WebServerFixture web = new WebServerFixture(new Application(List.of(Route.of("/boom", Boom::new)),
                new Settings().defaultHandler(NotFound::new)))) {
            RawClient.Response r = web.get("/missing/<x>");
            assertEquals(404, r.status);
            assertEquals("<h1>Nothing at /missing/&lt;x></h1>", r.body);
            r = web.request("POST /elsewhere HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
            assertEquals(404, r.status, "prepare answers every method");
            assertEquals(500, web.get("/boom").status, "routes still come first");
        }
    }

    @Test
    void withoutOneA404Page() throws Exception {
        try (WebServerFixture web = new WebServerFixture(new Application(List.of(), new Settings()))) {
            RawClient.Response r = web.get("/missing");
            assertEquals(404, r.status);
            assertEquals("<html><title>404: Not Found</title><body>404: Not Found</body></html>", r.body);
        }
    }

    @Test
    void tracebacksOnlyInDebug() throws Exception {
        try (WebServerFixture web = new WebServerFixture(Route.of("/boom", Boom::new))) {
            RawClient.Response r = web.get("/boom");
            assertEquals(500, r.status);
            assertFalse(r.body.contains("the secret detail"), "never by default");
            assertFalse(r.body.contains("at dev.weft"));
            assertEquals(1, web.errors().size(), "the failure is logged");
        }
        try (WebServerFixture web = new WebServerFixture(new Application(List.of(Route.of("/boom", Boom::new)),
                new Settings().debug(true)))) {
            RawClient.Response r = web.get("/boom");
            assertEquals(500, r.status);
            assertEquals("text/plain", r.header("Content-Type"));
            assertTrue(r.body.startsWith("java.lang.IllegalStateException: the secret detail"), r.body);
            assertTrue(r.body.contains("at dev.weft.web.SettingsTest$Boom.get(SettingsTest.java:"), r.body);
            r = web.request("POST /boom HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
            assertEquals(409, r.status);
            assertTrue(r.body.startsWith("dev.weft.web.HttpError: HTTP 409: Conflict (conflict logged)"), r.body);
        }
    }

    @Test
    void settingsAreCopied() {
        Settings s = new Settings().debug(true);
        Application app = new Application(List.of(), s);
        s.debug(false);
        assertTrue(app.settings().debug);
        assertThrows(IllegalArgumentException.class, () -> new Settings().staticUrlPrefix("static"));
        assertThrows(IllegalArgumentException.class, () -> new Settings().cookieSecret(""));
    }
}
