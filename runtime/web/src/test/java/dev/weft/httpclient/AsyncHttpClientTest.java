package dev.weft.httpclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Codes, headers, bodies and redirects, against the JDK's server and weft's, fetched from a loop
 * thread (each outcome is checked to arrive on that thread). Modelled on Tornado's
 * {@code httpclient_test.py}.
 */
@Timeout(120)
class AsyncHttpClientTest {
    private static List<Backend> backends;
    private static Fetching fetching;
    private static AsyncHttpClient client;

    @BeforeAll
    static void start() throws Exception {
        backends = Backend.both();
        fetching = new Fetching();
        client = AsyncHttpClient.builder().userAgent("weft-test/1").build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        fetching.close();
        for (Backend b : backends) {
            b.stop();
        }
    }

    static Stream<Backend> backends() {
        return backends.stream();
    }

    private static HttpClientResponse fetch(HttpClientRequest request) throws InterruptedException {
        return fetching.result(fetching.onLoop(() -> client.fetch(request)));
    }

    private static Throwable fetchFailure(HttpClientRequest request) throws InterruptedException {
        return fetching.failure(fetching.onLoop(() -> client.fetch(request)));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void getReturnsCodeHeadersAndBody(Backend b) throws Exception {
        String url = b.url("/hello");
        HttpClientResponse r = fetching.result(fetching.onLoop(() -> client.fetch(url)));
        assertEquals(200, r.code());
        assertEquals("OK", r.reason());
        assertEquals("Hello, world", r.text());
        assertArrayEquals("Hello, world".getBytes(StandardCharsets.UTF_8), r.body());
        assertEquals("text/plain; charset=UTF-8", r.header("content-type"));
        assertEquals("text/plain; charset=UTF-8", r.header("CONTENT-TYPE"));
        assertEquals("12", r.header("Content-Length"));
        assertNull(r.header("X-Absent"));
        assertEquals(List.of(), r.headers("X-Absent"));
        assertEquals(url, r.effectiveUrl());
        assertTrue(!r.requestTime().isNegative() && !r.requestTime().isZero(), r.requestTime()::toString);
        assertEquals(url, r.request().url());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyValueOfARepeatedHeaderInOrder(Backend b) throws Exception {
        HttpClientResponse r = fetch(HttpClientRequest.builder(b.url("/multi")).build());
        assertEquals(List.of("a", "b"), r.headers("x-multi"));
        assertEquals("a", r.header("X-Multi"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void notFoundFailsWithHttpClientErrorCarryingTheResponse(Backend b) throws Exception {
        Throwable t = fetchFailure(HttpClientRequest.builder(b.url("/status?code=404")).build());
        HttpClientError e = assertInstanceOf(HttpClientError.class, t);
        assertEquals(404, e.code());
        assertEquals("HTTP 404: Not Found", e.getMessage());
        assertEquals(404, e.response().code());
        assertEquals("Not Found", e.response().reason());
        assertEquals("status 404", e.response().text());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void withoutRaiseErrorEveryCodeIsAResponse(Backend b) throws Exception {
        for (int code : new int[] {201, 204, 400, 403, 418, 500, 503}) {
            HttpClientResponse r = fetch(HttpClientRequest.builder(b.url("/status?code=" + code))
                    .raiseError(false).build());
            assertEquals(code, r.code());
            assertEquals(code == 204 ? "" : "status " + code, r.text());
        }
        // 2xx never raise.
        assertEquals(201, fetch(HttpClientRequest.builder(b.url("/status?code=201")).build()).code());
        HttpClientError e = assertInstanceOf(HttpClientError.class,
                fetchFailure(HttpClientRequest.builder(b.url("/status?code=500")).build()));
        assertEquals("HTTP 500: Internal Server Error", e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void postSendsItsBodyAndHeadersAndTornadosDefaultContentType(Backend b) throws Exception {
        HttpClientResponse r = fetch(HttpClientRequest.builder(b.url("/echo")).method("POST")
                .header("X-Test", "one").header("X-Test", "two").body("naïve ☃").build());
        assertEquals("POST", r.header("X-Method"));
        assertEquals("naïve ☃", new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("application/x-www-form-urlencoded", r.header("X-Got-Content-Type"));
        assertEquals("one|two", r.header("X-Got-X-Test"));
        assertEquals("weft-test/1", r.header("X-Got-User-Agent"));

        HttpClientResponse own = fetch(HttpClientRequest.builder(b.url("/echo")).method("PUT")
                .header("Content-Type", "application/json").header("User-Agent", "mine")
                .body("{}").build());
        assertEquals("PUT", own.header("X-Method"));
        assertEquals("application/json", own.header("X-Got-Content-Type"));
        assertEquals("mine", own.header("X-Got-User-Agent"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void largeBinaryBodiesArriveWhole(Backend b) throws Exception {
        byte[] big = new byte[1 << 20];
        new Random(14).nextBytes(big);
        HttpClientResponse r = fetch(HttpClientRequest.builder(b.url("/echo")).method("POST")
                .body(big).build());
        assertEquals(String.valueOf(big.length), r.header("X-Body-Length"));
        assertArrayEquals(big, r.body());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void otherMethods(Backend b) throws Exception {
        for (String method : new String[] {"GET", "DELETE", "OPTIONS"}) {
            HttpClientResponse r = fetch(HttpClientRequest.builder(b.url("/echo")).method(method).build());
            assertEquals(method, r.header("X-Method"));
            assertEquals("0", r.header("X-Body-Length"));
        }
        HttpClientResponse head = fetch(HttpClientRequest.builder(b.url("/hello")).method("HEAD").build());
        assertEquals(200, head.code());
        assertEquals(0, head.body().length);
        HttpClientResponse patch = fetch(HttpClientRequest.builder(b.url("/echo")).method("PATCH")
                .body(new byte[] {1, 2}).build());
        assertEquals("PATCH", patch.header("X-Method"));
        assertArrayEquals(new byte[] {1, 2}, patch.body());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void textDecodesByTheResponsesCharset(Backend b) throws Exception {
        assertEquals("café", fetch(HttpClientRequest.builder(b.url("/latin1")).build()).text());
        assertEquals("naïve ☃", fetch(HttpClientRequest.builder(b.url("/utf8-no-charset")).build()).text());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void redirectsAreFollowedToTheEnd(Backend b) throws Exception {
        HttpClientResponse r = fetch(HttpClientRequest.builder(b.url("/chain?n=5")).build());
        assertEquals(200, r.code());
        assertEquals("end", r.text());
        assertEquals(b.url("/chain?n=0"), r.effectiveUrl());
        assertEquals(b.url("/chain?n=5"), r.request().url());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void pastMaxRedirectsTheLast3xxIsTheResponse(Backend b) throws Exception {
        // The client's default is 5: six redirects are one too many.
        HttpClientError e = assertInstanceOf(HttpClientError.class,
                fetchFailure(HttpClientRequest.builder(b.url("/chain?n=6")).build()));
        assertEquals(302, e.code());
        assertEquals(b.url("/chain?n=1"), e.response().effectiveUrl());
        assertEquals("chain?n=0", e.response().header("Location"));

        HttpClientResponse r = fetch(HttpClientRequest.builder(b.url("/chain?n=3")).maxRedirects(2)
                .raiseError(false).build());
        assertEquals(302, r.code());
        assertEquals("again", r.text());
        assertEquals(b.url("/chain?n=1"), r.effectiveUrl());

        HttpClientResponse none = fetch(HttpClientRequest.builder(b.url("/chain?n=1")).maxRedirects(0)
                .raiseError(false).build());
        assertEquals(302, none.code());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void followRedirectsFalseReturnsTheRedirect(Backend b) throws Exception {
        HttpClientError e = assertInstanceOf(HttpClientError.class, fetchFailure(
                HttpClientRequest.builder(b.url("/chain?n=1")).followRedirects(false).build()));
        assertEquals(302, e.code());
        assertEquals("HTTP 302: Found", e.getMessage());
        assertEquals("chain?n=0", e.response().header("Location"));

        try (AsyncHttpClient noFollow = AsyncHttpClient.builder().followRedirects(false).build()) {
            HttpClientResponse r = fetching.result(fetching.onLoop(() -> noFollow.fetch(
                    HttpClientRequest.builder(b.url("/chain?n=1")).raiseError(false).build())));
            assertEquals(302, r.code());
            // and a request may turn following back on
            HttpClientResponse followed = fetching.result(fetching.onLoop(() -> noFollow.fetch(
                    HttpClientRequest.builder(b.url("/chain?n=1")).followRedirects(true).build())));
            assertEquals("end", followed.text());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void redirectMethodsAsTornado(Backend b) throws Exception {
        String echo = b.url("/echo");
        // 303: GET without the body or its headers; 301 and 302 after POST: the same.
        for (int code : new int[] {301, 302, 303}) {
            HttpClientResponse r = fetch(HttpClientRequest.builder(
                    b.url("/redirect?code=" + code + "&to=" + echo)).method("POST")
                    .header("Content-Type", "text/plain").header("X-Test", "kept").body("data").build());
            assertEquals("GET", r.header("X-Method"), "after " + code);
            assertEquals("0", r.header("X-Body-Length"));
            assertEquals("-", r.header("X-Got-Content-Type"));
            assertEquals("kept", r.header("X-Got-X-Test"));
            assertEquals(echo, r.effectiveUrl());
        }
        // 307 and 308 repeat the request as it was; 301 and 302 keep a PUT a PUT.
        for (int code : new int[] {307, 308}) {
            HttpClientResponse r = fetch(HttpClientRequest.builder(
                    b.url("/redirect?code=" + code + "&to=" + echo)).method("POST").body("data").build());
            assertEquals("POST", r.header("X-Method"), "after " + code);
            assertEquals("data", r.text());
        }
        HttpClientResponse put = fetch(HttpClientRequest.builder(b.url("/redirect?code=301&to=" + echo))
                .method("PUT").body("p").build());
        assertEquals("PUT", put.header("X-Method"));
        assertEquals("p", put.text());
        // 303 after HEAD stays HEAD.
        HttpClientResponse head = fetch(HttpClientRequest.builder(b.url("/redirect?code=303&to=" + echo))
                .method("HEAD").build());
        assertEquals("HEAD", head.header("X-Method"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRelativeLocationIsResolvedAgainstTheRequest(Backend b) throws Exception {
        HttpClientResponse r = fetch(HttpClientRequest.builder(b.url("/redirect?to=/hello")).build());
        assertEquals("Hello, world", r.text());
        assertEquals(b.url("/hello"), r.effectiveUrl());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRedirectWithoutLocationIsTheResponse(Backend b) throws Exception {
        HttpClientResponse r = fetch(HttpClientRequest.builder(b.url("/status?code=302"))
                .raiseError(false).build());
        assertEquals(302, r.code());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRedirectToAnotherSchemeFailsWithIllegalArgument(Backend b) throws Exception {
        Throwable t = fetchFailure(HttpClientRequest.builder(b.url("/redirect?to=ftp://127.0.0.1/x")).build());
        assertInstanceOf(IllegalArgumentException.class, t);
        assertTrue(t.getMessage().contains("Unsupported url scheme: ftp://127.0.0.1/x"), t.getMessage());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aFetchFromAThreadWithoutALoopCompletesOnTheCompletingThread(Backend b) throws Exception {
        java.util.concurrent.atomic.AtomicReference<dev.weft.Future<HttpClientResponse>> f =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread plain = new Thread(() -> f.set(client.fetch(b.url("/hello"))), "no-loop");
        plain.start();
        plain.join();
        Thread completing = Fetching.await(f.get());
        assertTrue(completing != plain, "completed on " + completing);
        assertEquals("Hello, world", f.get().result().text());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aLooplessCallerNeverRunsOnTheJdkSelectorThread(Backend b) throws Exception {
        // Responses are handled on the JDK client's selector thread (JdkTasks); a caller without
        // a loop gets its outcome elsewhere, since its callbacks are user code that may block.
        for (int i = 0; i < 5; i++) {
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.atomic.AtomicReference<Thread> on =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Thread plain = new Thread(() -> client.fetch(b.url("/hello")).addDoneCallback(x -> {
                on.set(Thread.currentThread());
                done.countDown();
            }), "no-loop");
            plain.start();
            plain.join();
            assertTrue(done.await(30, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(!JdkTasks.SELECTOR_THREAD.equals(on.get().getClass().getName()),
                    "completed on the selector thread " + on.get());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void queuedFetchesAndRedirectsStartOffTheSelectorThread(Backend b) throws Exception {
        // One slot: every fetch but the first waits, and is started when the one before it ends
        // (on the selector thread, which hands the start elsewhere); each also redirects twice.
        try (AsyncHttpClient one = AsyncHttpClient.builder().maxClients(1).build()) {
            List<dev.weft.Future<HttpClientResponse>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                all.add(fetching.onLoop(() -> one.fetch(b.url("/chain?n=2"))));
            }
            for (dev.weft.Future<HttpClientResponse> f : all) {
                assertEquals("end", fetching.result(f).text());
            }
            assertSame(0, one.line.active());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theSameClientServesManyRequestsAtOnce(Backend b) throws Exception {
        List<dev.weft.Future<HttpClientResponse>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String url = b.url("/chain?n=" + (i % 3));
            all.add(fetching.onLoop(() -> client.fetch(url)));
        }
        for (dev.weft.Future<HttpClientResponse> f : all) {
            assertEquals("end", fetching.result(f).text());
        }
        assertSame(0, client.line.active());
    }
}
