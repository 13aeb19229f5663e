package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.RawClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signed cookies in Tornado's format, read both ways with a cookie signed by real Tornado 6.2. */
@org.junit.jupiter.api.Timeout(60)
class SecureCookieTest {
    static final String SECRET = "weft-and-tornado-share-this-secret";
    // Recorded with Tornado 6.2: create_signed_value(SECRET, "session", "café | 42", clock=lambda: 1764700000)
    static final String TORNADO_V2 = "2|1:0|10:1764700000|7:session|16:Y2Fmw6kgfCA0Mg==|"
            + "d2f2beac3bfd03618ee2033ef629ca8ab3bcc9eff51f5b3a6841fb907659d868";
    // create_signed_value(SECRET, "user", b"\x00\xff binary", clock=lambda: 1764700000)
    static final String TORNADO_BYTES = "2|1:0|10:1764700000|4:user|12:AP8gYmluYXJ5|"
            + "4a86fdbd94f75edfecf5957153992802c9523cd06a866e9822ef15c65970764f";
    // create_signed_value(SECRET, "session", "v1 value", version=1, clock=lambda: 1764700000)
    static final String TORNADO_V1 = "djEgdmFsdWU=|1764700000|262375184563d3d85e3fb39f869f2f98a7b12c4a";
    static final long SIGNED_AT = 1764700000L;

    static class Read extends RequestHandler {
        @Override
        public void get() {
            String maxAge = getArgument("maxAge", null);
            write(String.valueOf(maxAge == null ? getSecureCookie("session")
                    : getSecureCookie("session", Double.parseDouble(maxAge))));
        }
    }

    static class Write extends RequestHandler {
        @Override
        public void get() {
            setSecureCookie("session", getArgument("v"));
        }
    }

    private static WebServerFixture server(String secret) {
        Settings s = new Settings();
        if (secret != null) {
            s.cookieSecret(secret);
        }
        return new WebServerFixture(new Application(List.of(Route.of("/read", Read::new),
                Route.of("/write", Write::new)), s));
    }

    @Test
    void signsExactlyAsTornado() {
        assertEquals(TORNADO_V2, SignedValues.create(SECRET, "session",
                "café | 42".getBytes(StandardCharsets.UTF_8), SIGNED_AT));
        assertEquals(TORNADO_BYTES, SignedValues.create(SECRET, "user",
                new byte[] {0, (byte) 0xff, ' ', 'b', 'i', 'n', 'a', 'r', 'y'}, SIGNED_AT));
    }

    @Test
    void readsTornadosValues() {
        assertArrayEquals("café | 42".getBytes(StandardCharsets.UTF_8),
                SignedValues.decode(SECRET, "session", TORNADO_V2, 31, SIGNED_AT + 31 * 86400));
        assertNull(SignedValues.decode(SECRET, "session", TORNADO_V2, 31, SIGNED_AT + 31 * 86400 + 1),
                "one second past the age limit");
        assertArrayEquals(new byte[] {0, (byte) 0xff, ' ', 'b', 'i', 'n', 'a', 'r', 'y'},
                SignedValues.decode(SECRET, "user", TORNADO_BYTES, 31, SIGNED_AT));
        assertArrayEquals("v1 value".getBytes(StandardCharsets.UTF_8),
                SignedValues.decode(SECRET, "session", TORNADO_V1, 31, SIGNED_AT));
        assertNull(SignedValues.decode(SECRET, "session", TORNADO_V1, 31, SIGNED_AT - 32 * 86400),
                "a v1 timestamp far in the future is tampering");
    }

    @Test
    void aTornadoCookieOverTheSocket() throws Exception {
        try (WebServerFixture web = server(SECRET)) {
            // Tornado sends it quoted (it has '='); a browser sends it back as it got it
            assertEquals("café | 42", web.get("/read?maxAge=100000", "Cookie: session=\"" + TORNADO_V2 + "\"").body);
            assertEquals("café | 42", web.get("/read?maxAge=100000", "Cookie: session=" + TORNADO_V2).body);
            assertEquals("null", web.get("/read", "Cookie: session=\"" + TORNADO_V2 + "\"").body,
                    "older than the default 31 days");
            web.assertHealthy();
        }
    }

    @Test
    void roundTripAndTheSetCookieHeader() throws Exception {
        try (WebServerFixture web = server(SECRET)) {
            RawClient.Response r = web.get("/write?v=hello%20world");
            String setCookie = r.header("Set-Cookie");
            assertTrue(setCookie.startsWith("session=\"2|1:0|10:"), setCookie);
            assertTrue(setCookie.contains("|7:session|16:aGVsbG8gd29ybGQ=|"), setCookie);
            assertTrue(setCookie.contains("; expires="), setCookie);
            assertTrue(setCookie.endsWith("; Path=/"), setCookie);
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            assertEquals("hello world", web.get("/read", "Cookie: " + cookie).body);
            try (WebServerFixture other = server("another secret")) {
                assertEquals("null", other.get("/read", "Cookie: " + cookie).body, "another secret");
            }
        }
    }

    @Test
    void forgedAndMalformedCookiesAreNull() throws Exception {
        String[] bad = {
            TORNADO_V2.replace("Y2Fmw6kgfCA0Mg==", "Y2Fmw6kgfCA0Mw=="), // value changed
            TORNADO_V2.replace("10:1764700000", "10:1864700000"), // timestamp changed
            TORNADO_V2.substring(0, TORNADO_V2.length() - 1), // signature cut
            TORNADO_V2 + "0",
            TORNADO_BYTES, // signed for another name
            "2|", "2|1:0", "2|1:0|10:1764700000|7:session|99:x|ab", "2|x:0|", "2|-1:0|", "3|1:0|x",
            "999|a", "|||", "a|b|c", "0|1:0|", "2|1:0|10:1764700000|7:session|16:!!!!!!!!!!!!!!!!|x",
            "1234|1:0|", "2|99999999999:0|",
        };
        try (WebServerFixture web = server(SECRET)) {
            for (String b : bad) {
                assertNull(SignedValues.decode(SECRET, "session", b, 1e9, SIGNED_AT), b);
                assertEquals("null", web.get("/read?maxAge=100000", "Cookie: session=\"" + b + "\"").body, b);
            }
            assertEquals("null", web.get("/read").body, "no cookie");
            web.assertHealthy();
        }
    }

    @Test
    void withoutASecretItIsAServerError() throws Exception {
        try (WebServerFixture web = server(null)) {
            assertEquals(500, web.get("/write?v=x").status);
            assertEquals(1, web.errors().size());
            assertTrue(web.errors().get(0).contains("cookieSecret"), web.errors().get(0));
        }
    }
}
