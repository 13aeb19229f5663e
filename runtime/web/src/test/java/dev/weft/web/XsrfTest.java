package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.RawClient;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The xsrfCookies setting as Tornado 6.2 checks it, with tokens Tornado minted, over a real socket. */
@org.junit.jupiter.api.Timeout(60)
class XsrfTest {
    // Recorded from Tornado 6.2 (xsrf_cookies=True): a fresh cookie, and the page token it gave with it
    static final String TORNADO_COOKIE = "2|6ac1d2e3|da91def6666c9879a8452930b3db1288|1796236575";
    // ... and the token Tornado gave for the version-1 cookie 00112233445566778899aabbccddeeff
    static final String TORNADO_TOKEN_FOR_V1 = "2|264cccd5|265deee66219aaa2aed5666eea91222a|1796236575";
    static final Pattern FIELD = Pattern.compile("<input type=\"hidden\" name=\"_xsrf\" value=\"([^\"]+)\"/>");

    WebServerFixture web;

    static class Form extends RequestHandler {
        @Override
        public void get() {
            write("<form method=post>" + xsrfFormHtml() + "</form>");
        }

        @Override
        public void post() {
            write("posted");
        }

        @Override
        public void put() {
            write("put");
        }

        @Override
        public void delete() {
            write("deleted");
        }

        @Override
        public void options() {
            write("options");
        }
    }

    static class Exempt extends Form {
        @Override
        public void checkXsrfCookie() {
            // an API with its own authentication
        }
    }

    @BeforeEach
    void setUp() {
        web = new WebServerFixture(new Application(List.of(Route.of("/", Form::new),
                Route.of("/api", Exempt::new)), new Settings().xsrfCookies(true)));
    }

    @AfterEach
    void tearDown() throws Exception {
        web.close();
    }

    private RawClient.Response send(String method, String cookie, String body, String... headers) throws Exception {
        StringBuilder sb = new StringBuilder(method).append(" / HTTP/1.1\r\nHost: t\r\n");
        if (cookie != null) {
            sb.append("Cookie: _xsrf=").append(cookie).append("\r\n");
        }
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        if (body != null) {
            sb.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
                    .append(body.length()).append("\r\n");
        }
        return web.request(sb.append("\r\n").append(body == null ? "" : body).toString());
    }

    private static String field(RawClient.Response r) {
        Matcher m = FIELD.matcher(r.body);
        assertTrue(m.find(), r.body);
        return m.group(1);
    }

    private static String enc(String s) {
        return s.replace("|", "%7C");
    }

    @Test
    void aFormRoundTrip() throws Exception {
        RawClient.Response page = web.get("/");
        String setCookie = page.header("Set-Cookie");
        assertTrue(setCookie.matches("_xsrf=2\\|[0-9a-f]{8}\\|[0-9a-f]{32}\\|[0-9]+; Path=/"), setCookie);
        String cookie = setCookie.substring("_xsrf=".length(), setCookie.indexOf(';'));
        String token = field(page);
        assertEquals(cookie, token, "a new cookie's first page carries that same masking");
        assertEquals("posted", send("POST", cookie, "_xsrf=" + enc(token)).body);
        // with the cookie sent back, each page masks the token anew and sets no cookie
        RawClient.Response again = web.get("/", "Cookie: _xsrf=" + cookie);
        assertEquals(null, again.header("Set-Cookie"));
        String token2 = field(again);
        assertNotEquals(token, token2);
        assertEquals("posted", send("POST", cookie, "_xsrf=" + enc(token2)).body);
        assertEquals("posted", send("POST", cookie, "_xsrf=" + enc(" " + token2 + " ")).body, "stripped, as get_argument");
        web.assertHealthy();
    }

    @Test
    void headersCarryItToo() throws Exception {
        String cookie = web.get("/").header("Set-Cookie").split(";")[0].substring(6);
        assertEquals("posted", send("POST", cookie, null, "X-XSRFToken: " + cookie).body);
        assertEquals("posted", send("POST", cookie, null, "X-CSRFToken: " + cookie).body);
        assertEquals("put", send("PUT", cookie, null, "X-Xsrftoken: " + cookie).body);
        assertEquals("deleted", send("DELETE", cookie, null, "X-XSRFToken: " + cookie).body);
        assertEquals(403, send("POST", cookie, "_xsrf=", "X-XSRFToken: nonsense").status,
                "an empty argument falls through to the header");
    }

    @Test
    void tokensTornadoMinted() throws Exception {
        assertEquals("posted", send("POST", TORNADO_COOKIE, "_xsrf=" + enc(TORNADO_COOKIE)).body);
        assertEquals("posted", send("POST", "00112233445566778899aabbccddeeff", null,
                "X-XSRFToken: " + TORNADO_TOKEN_FOR_V1).body);
        assertEquals("posted", send("POST", "00112233445566778899aabbccddeeff", null,
                "X-XSRFToken: 00112233445566778899aabbccddeeff").body, "version 1 both sides");
        assertEquals(403, send("POST", TORNADO_COOKIE, null, "X-XSRFToken: " + TORNADO_TOKEN_FOR_V1).status);
    }

    @Test
    void unsafeMethodsWithoutTheTokenGet403() throws Exception {
        String[][] refused = {
            {"POST", null, null}, {"PUT", null, null}, {"DELETE", null, null},
            {"POST", TORNADO_COOKIE, null}, // the cookie alone proves nothing
            {"POST", null, "_xsrf=" + enc(TORNADO_COOKIE)}, // nor the token alone
            {"POST", TORNADO_COOKIE, "_xsrf=" + enc(TORNADO_TOKEN_FOR_V1)}, // another token
            {"POST", TORNADO_COOKIE, "_xsrf=2%7Czz%7C00%7C1"}, {"POST", TORNADO_COOKIE, "_xsrf=2%7C%7C%7C"},
            {"POST", TORNADO_COOKIE, "_xsrf=3%7Cab%7Ccd%7C1"}, {"POST", TORNADO_COOKIE, "_xsrf=2%7C00%7C00"},
            {"POST", TORNADO_COOKIE, "_xsrf=2%7C6ac1d2e3%7Cda91%7Cx"}, {"POST", "garbage", "_xsrf=other"},
        };
        for (String[] c : refused) {
            RawClient.Response r = send(c[0], c[1], c[2]);
            assertEquals(403, r.status, String.join(" ", java.util.Arrays.asList(c)));
        }
        assertEquals("options", send("OPTIONS", null, null).body, "safe methods are not checked");
        assertEquals(200, send("GET", null, null).status);
        assertEquals("posted", web.request("POST /api HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n").body,
                "a handler may exempt itself");
        List<WebServerFixture.Logged> logged = web.records(refused.length * 2);
        assertTrue(logged.stream().anyMatch(l -> l.message().contains("XSRF cookie does not match POST argument")));
        assertTrue(logged.stream().anyMatch(l -> l.message().contains("'_xsrf' argument missing from POST")));
        web.assertHealthy();
    }

    @Test
    void offByDefault() throws Exception {
        try (WebServerFixture plain = new WebServerFixture(Route.of("/", Form::new))) {
            assertEquals("posted", plain.request("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n").body);
        }
    }
}
