package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.RawClient;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cookies set and read as Tornado 6.2 (Python's http.cookies) sets and reads them. */
@org.junit.jupiter.api.Timeout(30)
class CookieParityTest {
    static class Set extends RequestHandler {
        @Override
        public void get() {
            setCookie("a", "first");
            setCookie("b", "other", new CookieOptions().httpOnly(true).maxAge(60).sameSite("Lax").secure(true));
            setCookie("a", getArgument("v", "x", false), new CookieOptions().domain(getArgument("domain", null)));
        }
    }

    static class Expiring extends RequestHandler {
        @Override
        public void get() {
            setCookie("d", "1", new CookieOptions().expiresDays(1));
            setCookie("e", "1", new CookieOptions().expires(Instant.ofEpochSecond(1359312200)).path(null));
        }
    }

    static class Read extends RequestHandler {
        @Override
        public void get() {
            write("a=[" + getCookie("a", "NONE") + "] names=" + String.join(",", cookies().keySet()));
        }
    }

    static class Clear extends RequestHandler {
        @Override
        public void get() {
            clearCookie("a");
            clearCookie("b", "/p", "example.com");
        }
    }

    static class ClearAll extends RequestHandler {
        @Override
        public void get() {
            clearAllCookies();
        }
    }

    static class ErrorAfterCookie extends RequestHandler {
        @Override
        public void get() {
            setCookie("kept", "yes");
            throw new HttpError(403);
        }
    }

    private final WebServerFixture web = new WebServerFixture(Route.of("/set", Set::new),
            Route.of("/expiring", Expiring::new), Route.of("/read", Read::new),
            Route.of("/clear", Clear::new), Route.of("/clearall", ClearAll::new),
            Route.of("/error", ErrorAfterCookie::new));

    @AfterEach
    void stop() throws Exception {
        web.close();
    }

    private String setCookies(String target) throws Exception {
        RawClient.Response r = web.get(target);
        assertEquals(200, r.status, r.toString());
        return r.header("set-cookie");
    }

    @Test
    void theSameNameTwiceSendsOneHeaderTheLastInMorselOrder() throws Exception {
        assertEquals("b=other; HttpOnly; Max-Age=60; Path=/; SameSite=Lax; Secure\na=x; Path=/",
                setCookies("/set"));
        assertEquals("b=other; HttpOnly; Max-Age=60; Path=/; SameSite=Lax; Secure\n"
                + "a=x; Domain=example.com; Path=/", setCookies("/set?domain=example.com"));
    }

    @Test
    void valuesAreQuotedAsPythonQuotesThem() throws Exception {
        assertTrue(setCookies("/set?v=a%2Cb").endsWith("a=\"a\\054b\"; Path=/"));
        assertTrue(setCookies("/set?v=%22q%22").endsWith("a=\"\\\"q\\\"\"; Path=/"));
        assertTrue(setCookies("/set?v=a%5Cb").endsWith("a=\"a\\\\b\"; Path=/"));
        assertTrue(setCookies("/set?v=a%3Bb").endsWith("a=\"a\\073b\"; Path=/"));
        assertTrue(setCookies("/set?v=%C3%A9").endsWith("a=\"\\351\"; Path=/"));
        assertTrue(setCookies("/set?v=").endsWith("a=\"\"; Path=/"));
        assertTrue(setCookies("/set?v=%7E%40(%7B)").endsWith("a=\"~@({)\"; Path=/"));
        assertTrue(setCookies("/set?v=plain!%23$%25'*.%5E_%60%7C~:").endsWith("a=plain!#$%'*.^_`|~:; Path=/"));
        web.assertHealthy();
    }

    @Test
    void expiresDaysGivesExpiresOnlyAndClearingSendsTornadosForm() throws Exception {
        String[] two = setCookies("/expiring").split("\n");
        assertTrue(two[0].matches("d=1; expires=[A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT;"
                + " Path=/"), two[0]);
        assertEquals("e=1; expires=Sun, 27 Jan 2013 18:43:20 GMT", two[1]);
        String[] cleared = web.get("/clear").header("set-cookie").split("\n");
        assertTrue(cleared[0].matches("a=\"\"; expires=.* GMT; Path=/"), cleared[0]);
        assertTrue(cleared[1].matches("b=\"\"; Domain=example.com; expires=.* GMT; Path=/p"), cleared[1]);
        int thisYear = java.time.Year.now(java.time.ZoneOffset.UTC).getValue();
        assertTrue(cleared[0].contains(" " + (thisYear - 1) + " ") || cleared[0].contains(" " + thisYear + " "),
                "a year ago: " + cleared[0]);
        String all = web.get("/clearall", "Cookie: x=1; y=2; x=3").header("set-cookie");
        assertTrue(all.matches("x=\"\"; expires=.* GMT; Path=/\ny=\"\"; expires=.* GMT; Path=/"), all);
    }

    @Test
    void readingUnquotesAndTheLastOfARepeatedNameWins() throws Exception {
        assertEquals("a=[2] names=a,b", web.get("/read", "Cookie: a=1; a=2; b=3").body);
        assertEquals("a=[x;y] names=a", web.get("/read", "Cookie: a=\"x\\073y\"").body);
        assertEquals("a=[a\"b] names=a", web.get("/read", "Cookie: a=\"a\\\"b\"").body);
        assertEquals("a=[spaced value] names=a,b", web.get("/read", "Cookie: a = spaced value ; b=2").body);
        // Two Cookie fields read as Tornado's comma-joined one.
        assertEquals("a=[1,b=2] names=a", web.get("/read", "Cookie: a=1", "Cookie: b=2").body);
    }

    @Test
    void malformedCookieHeadersAreSkippedNeverAnError() throws Exception {
        assertEquals("a=[] names=a,c", web.get("/read", "Cookie: junk; a=; =v; path=/; b@=1; c=2").body);
        assertEquals("a=[\"unterminated] names=a", web.get("/read", "Cookie: a=\"unterminated").body);
        assertEquals("a=[NONE] names=", web.get("/read", "Cookie: ;;;").body);
        assertEquals("a=[NONE] names=", web.get("/read", "Cookie: ===").body);
        assertEquals("a=[\\] names=a", web.get("/read", "Cookie: a=\"\\\"").body);
        web.assertHealthy();
    }

    @Test
    void cookiesSetBeforeAnErrorAreSentWithTheErrorPage() throws Exception {
        RawClient.Response r = web.get("/error");
        assertEquals(403, r.status);
        assertEquals("kept=yes; Path=/", r.header("set-cookie"));
    }
}
