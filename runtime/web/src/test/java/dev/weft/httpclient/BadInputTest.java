package dev.weft.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What cannot be fetched fails at once with a message that says why; nothing hangs. */
@Timeout(60)
class BadInputTest {
    private static Throwable failsAtOnce(AsyncHttpClient client, HttpClientRequest request) {
        Future<HttpClientResponse> f = client.fetch(request);
        assertTrue(f.isDone(), () -> "not failed at once: " + request);
        return assertInstanceOf(IllegalArgumentException.class, f.exception());
    }

    private static String failsAtOnce(String url) {
        try (AsyncHttpClient client = new AsyncHttpClient()) {
            return failsAtOnce(client, HttpClientRequest.builder(url).build()).getMessage();
        }
    }

    @Test
    void malformedUrls() {
        assertTrue(failsAtOnce("http://exa mple.com/").startsWith("malformed URL: "));
        assertTrue(failsAtOnce("http://[::1/").startsWith("malformed URL: "));
        assertEquals("Unsupported url scheme: ftp://example.com/", failsAtOnce("ftp://example.com/"));
        assertEquals("Unsupported url scheme: example.com/path", failsAtOnce("example.com/path"));
        assertEquals("Unsupported url scheme: /relative", failsAtOnce("/relative"));
        assertEquals("URL without a host: http:///path", failsAtOnce("http:///path"));
        assertEquals("Unsupported url scheme: ", failsAtOnce(""));
    }

    @Test
    void fetchOfAStringUrlFailsTheSameWay() {
        try (AsyncHttpClient client = new AsyncHttpClient()) {
            Future<HttpClientResponse> f = client.fetch("not a url");
            assertTrue(f.isDone());
            assertInstanceOf(IllegalArgumentException.class, f.exception());
        }
    }

    @Test
    void methodsAndBodiesAsTornadoChecksThem() {
        try (AsyncHttpClient client = new AsyncHttpClient()) {
            String url = "http://127.0.0.1:1/";
            assertEquals("Body must not be null for method POST: " + url, failsAtOnce(client,
                    HttpClientRequest.builder(url).method("POST").build()).getMessage());
            assertEquals("Body must be null for method GET: " + url, failsAtOnce(client,
                    HttpClientRequest.builder(url).body("x").build()).getMessage());
            assertTrue(failsAtOnce(client, HttpClientRequest.builder(url).method("get").build())
                    .getMessage().startsWith("unknown method get "));
            assertTrue(failsAtOnce(client, HttpClientRequest.builder(url).method("BREW").build())
                    .getMessage().startsWith("unknown method BREW "));
        }
    }

    @Test
    void headersTheJdkSetsItselfAreRefused() {
        try (AsyncHttpClient client = new AsyncHttpClient()) {
            for (String name : List.of("Host", "Content-Length", "Connection")) {
                Throwable t = failsAtOnce(client, HttpClientRequest.builder("http://127.0.0.1:1/")
                        .header(name, "x").build());
                assertTrue(t.getMessage().contains(name), t.getMessage());
            }
            failsAtOnce(client, HttpClientRequest.builder("http://127.0.0.1:1/")
                    .header("X-Bad", "a\r\nInjected: yes").build());
        }
    }

    @Test
    void settingsOutOfRange() {
        assertEquals("maxClients must be at least 1: 0", assertThrows(IllegalArgumentException.class,
                () -> AsyncHttpClient.builder().maxClients(0)).getMessage());
        assertEquals("maxRedirects must not be negative: -1", assertThrows(IllegalArgumentException.class,
                () -> AsyncHttpClient.builder().maxRedirects(-1)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> AsyncHttpClient.builder().connectTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class,
                () -> HttpClientRequest.builder("http://x/").requestTimeout(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> HttpClientRequest.builder("http://x/").maxRedirects(-2));
        assertThrows(NullPointerException.class, () -> HttpClientRequest.builder(null));
    }

    private static HttpClientResponse response(String contentType, byte[] body) {
        HttpHeaders headers = HttpHeaders.of(
                contentType == null ? Map.of() : Map.of("Content-Type", List.of(contentType)),
                (k, v) -> true);
        return new HttpClientResponse(HttpClientRequest.builder("http://x/").build(), 200, headers,
                body, "http://x/", Duration.ZERO);
    }

    @Test
    void textFollowsTheCharsetParameter() {
        byte[] latin = "é".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("é", response("text/plain; charset=iso-8859-1", latin).text());
        assertEquals("é", response("text/plain;CHARSET=\"ISO-8859-1\"", latin).text());
        assertEquals("é", response("text/html; q=1; charset=latin1", latin).text());
        assertEquals("\uFFFD", response("text/plain", latin).text()); // UTF-8 by default
        assertEquals("\uFFFD", response(null, latin).text());
        byte[] sixteen = "hi".getBytes(StandardCharsets.UTF_16BE);
        assertEquals("hi", response("application/json; charset=UTF-16BE", sixteen).text());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> response("text/plain; charset=no-such-charset", latin).text());
        assertEquals("the response's charset \"no-such-charset\" is not supported by this JVM; "
                + "read body() instead", e.getMessage());
        assertNull(HttpClientResponse.charsetParameter("text/plain; charset="));
    }

    @Test
    void unknownCodesHaveTheUnknownReason() {
        HttpClientError e = new HttpClientError(299, null, null);
        assertEquals("HTTP 299: Unknown", e.getMessage());
        assertEquals(299, e.code());
    }
}
