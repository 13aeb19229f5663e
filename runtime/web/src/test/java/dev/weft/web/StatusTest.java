package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Status codes and reason phrases as Tornado 6.2 sends them. */
@org.junit.jupiter.api.Timeout(30)
class StatusTest {
    static class SetStatus extends RequestHandler {
        @Override
        public void get() {
            setStatus(Integer.parseInt(pathArg(0)), getArgument("reason", null, false));
            String body = getArgument("body", "");
            if (!body.isEmpty()) {
                write(body);
            }
        }
    }

    static class Raise extends RequestHandler {
        @Override
        public void get() {
            throw new HttpError(Integer.parseInt(pathArg(0)), null, getArgument("reason", null));
        }
    }

    private final WebServerFixture web = new WebServerFixture(Route.of("/set/(\\d+)", SetStatus::new),
            Route.of("/raise/(\\d+)", Raise::new));

    @AfterEach
    void stop() throws Exception {
        web.close();
    }

    @Test
    void anyCodeFrom100To599CanBeSetWithPythonsReasonOrUnknown() throws Exception {
        assertEquals("HTTP/1.1 418 I'm a Teapot", web.get("/set/418").statusLine);
        assertEquals("HTTP/1.1 299 Unknown", web.get("/set/299").statusLine);
        assertEquals("HTTP/1.1 599 Unknown", web.get("/set/599").statusLine);
        assertEquals("HTTP/1.1 413 Request Entity Too Large", web.get("/set/413").statusLine);
        assertEquals("HTTP/1.1 499 Custom Thing", web.get("/set/499?reason=Custom%20Thing").statusLine);
        // Outside 100..599 (RFC 9110 §15): the handler's IllegalArgumentException, a 500.
        assertEquals(500, web.get("/set/600").status);
    }

    @Test
    void anUnsafeReasonBecomesUnknown() throws Exception {
        assertEquals("HTTP/1.1 200 Unknown", web.get("/set/200?reason=a%3Cb").statusLine);
        assertEquals("HTTP/1.1 200 Unknown", web.get("/set/200?reason=").statusLine);
        assertEquals("HTTP/1.1 201 Unknown", web.get("/set/201?reason=%0d%0aX:%201").statusLine);
        assertEquals("HTTP/1.1 200 Unknown", web.get("/set/200?reason=%E2%82%AC").statusLine);
        assertEquals("HTTP/1.1 200 tab\tok", web.get("/set/200?reason=tab%09ok").statusLine);
        // Latin-1 is allowed and goes out as UTF-8, as Tornado writes its status line.
        assertEquals("HTTP/1.1 200 cafÃ©", web.get("/set/200?reason=caf%C3%A9").statusLine);
        web.assertHealthy();
    }

    @Test
    void raisedErrorsUseTheirStatusAndEscapedReason() throws Exception {
        RawClient.Response teapot = web.get("/raise/418");
        assertEquals("HTTP/1.1 418 I'm a Teapot", teapot.statusLine);
        assertEquals("<html><title>418: I&#39;m a Teapot</title><body>418: I&#39;m a Teapot</body></html>",
                teapot.body);
        assertEquals("HTTP/1.1 503 Busy", web.get("/raise/503?reason=Busy").statusLine);
        assertEquals("<html><title>299: Unknown</title><body>299: Unknown</body></html>",
                web.get("/raise/299").body);
        RawClient.Response xss = web.get("/raise/400?reason=%3Cscript%3E");
        assertEquals("HTTP/1.1 400 Unknown", xss.statusLine);
        assertTrue(xss.body.contains("400: Unknown"), xss.body);
    }

    @Test
    void noContentAndNotModifiedCarryNoContentTypeOrBody() throws Exception {
        for (String code : new String[] {"204", "304"}) {
            RawClient.Response r = web.get("/set/" + code);
            assertEquals(Integer.parseInt(code), r.status);
            assertNull(r.header("content-type"), code);
            assertNull(r.header("content-length"), code);
            assertNull(r.header("transfer-encoding"), code);
        }
        RawClient.Response raised = web.get("/raise/304");
        assertEquals(304, raised.status);
        assertNull(raised.header("content-type"));
        // A body written to a 204 is Tornado's assertion: a 500 page instead.
        RawClient.Response bad = web.get("/set/204?body=x");
        assertEquals(500, bad.status);
        assertTrue(web.errors().get(0).contains("Cannot send body with 204"), web.errors().toString());
    }
}
