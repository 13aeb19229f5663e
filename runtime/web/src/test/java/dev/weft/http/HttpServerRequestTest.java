package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpServerRequestTest {
    private static HttpServerRequest request(String uri, boolean xheaders, String... headerPairs) {
        HttpHeaders h = new HttpHeaders();
        for (int i = 0; i < headerPairs.length; i += 2) {
            h.add(headerPairs[i], headerPairs[i + 1]);
        }
        return new HttpServerRequest("GET", uri, "HTTP/1.1", h, new byte[0],
                new InetSocketAddress("10.0.0.1", 5555), null, xheaders);
    }

    @Test
    void pathQueryAndArguments() {
        HttpServerRequest r = request("/a%20b/c?x=1&y=%zz&x=2&flag", false);
        assertEquals("/a%20b/c", r.path());
        assertEquals("x=1&y=%zz&x=2&flag", r.query());
        assertEquals(Map.of("x", List.of("1", "2"), "y", List.of("%zz"), "flag", List.of("")),
                r.queryArguments());
    }

    @Test
    void cookies() {
        // As Tornado: the last "a" wins, a piece without "=" has an empty (illegal) name.
        HttpServerRequest r = request("/", false, "Cookie", "a=1; b=\"two\\073\"; junk; a=3");
        assertEquals(Map.of("a", "3", "b", "two;"), r.cookies());
    }

    @Test
    void proxyHeadersAreTrustedOnlyWhenAskedAndOnlyIfTheyAreAddresses() {
        assertEquals("10.0.0.1", request("/", false, "X-Real-Ip", "1.2.3.4").remoteIp());
        assertEquals("1.2.3.4", request("/", true, "X-Real-Ip", "1.2.3.4").remoteIp());
        assertEquals("5.6.7.8", request("/", true, "X-Forwarded-For", "9.9.9.9, 5.6.7.8").remoteIp());
        assertEquals("::1", request("/", true, "X-Forwarded-For", "::1").remoteIp());
        assertEquals("10.0.0.1", request("/", true, "X-Real-Ip", "<script>").remoteIp());
        assertEquals("https", request("/", true, "X-Forwarded-Proto", "https").protocol());
        assertEquals("http", request("/", true, "X-Scheme", "javascript").protocol());
        assertEquals("http", request("/", false, "X-Scheme", "https").protocol());
    }
}
