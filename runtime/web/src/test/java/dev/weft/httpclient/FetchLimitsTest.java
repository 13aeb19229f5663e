package dev.weft.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The limits of a fetch, seen from the server where that is where they show: maxClients and the
 * order of waiting requests, timeouts (599), cancelling, refused connections, closing the client
 * (Tornado's {@code simple_httpclient_test.py}: max_clients, queue timeout, request timeout).
 */
@Timeout(120)
class FetchLimitsTest {
    private static List<Backend> backends;
    private static Fetching fetching;

    @BeforeAll
    static void start() throws Exception {
        backends = Backend.both();
        fetching = new Fetching();
    }

    @AfterAll
    static void stop() throws Exception {
        fetching.close();
        for (Backend b : backends) {
            b.stop();
        }
    }

    static Stream<Backend> backends() {
        return backends.stream();
    }

    private static String group() {
        return UUID.randomUUID().toString();
    }

    private static Future<HttpClientResponse> hold(AsyncHttpClient client, Backend b, String group,
            int id) {
        String url = b.url("/hold?g=" + group + "&id=" + id);
        return fetching.onLoop(() -> client.fetch(url));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void neverMoreInFlightThanMaxClientsAndTheRestWaitInOrder(Backend b) throws Exception {
        int max = 3;
        int n = 12;
        String g = group();
        Holds holds = b.site.holds(g);
        try (AsyncHttpClient client = AsyncHttpClient.builder().maxClients(max).build()) {
            List<Future<HttpClientResponse>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(hold(client, b, g, i));
            }
            // Answer one request at a time, each only once every slot is taken: the server then
            // sees the limit reached and never exceeded, whatever the timing.
            for (int i = 0; i < n; i++) {
                holds.awaitArrivals(Math.min(n, i + max));
                holds.release(i);
            }
            for (int i = 0; i < n; i++) {
                assertEquals("held " + i, fetching.result(all.get(i)).text());
            }
            assertEquals(max, holds.maxInFlight());
            // The first three start together; each later one only when a slot frees, in order.
            List<String> later = holds.arrivals().subList(max, n);
            List<String> expected = new ArrayList<>();
            for (int i = max; i < n; i++) {
                expected.add(String.valueOf(i));
            }
            assertEquals(expected, later);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRequestTimeoutIs599WithoutAResponseAndFreesTheSlot(Backend b) throws Exception {
        String g = group();
        Holds holds = b.site.holds(g);
        try (AsyncHttpClient client = AsyncHttpClient.builder().maxClients(1)
                .requestTimeout(Duration.ofMillis(300)).build()) {
            Future<HttpClientResponse> slow = hold(client, b, g, 0);
            HttpClientError e = assertInstanceOf(HttpClientError.class, fetching.failure(slow));
            assertEquals(599, e.code());
            assertEquals("HTTP 599: Timeout during request", e.getMessage());
            assertNull(e.response());
            if (b.seesClientsGoAway()) {
                holds.awaitClientGone("0");
            }
            holds.release(0); // too late: the client has given up
            // the one slot is free again
            String hello = b.url("/hello");
            assertEquals(200, fetching.result(fetching.onLoop(() -> client.fetch(hello))).code());
            // raiseError(false) does not turn a timeout into a response (Tornado 6)
            Future<HttpClientResponse> again = fetching.onLoop(() -> client.fetch(HttpClientRequest
                    .builder(b.url("/hold?g=" + g + "&id=1")).raiseError(false).build()));
            assertEquals(599, assertInstanceOf(HttpClientError.class, fetching.failure(again)).code());
            holds.awaitArrivals(2);
            holds.release(1);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRequestWaitingTooLongForASlotTimesOutInTheQueue(Backend b) throws Exception {
        String g = group();
        Holds holds = b.site.holds(g);
        try (AsyncHttpClient client = AsyncHttpClient.builder().maxClients(1).build()) {
            Future<HttpClientResponse> first = hold(client, b, g, 0);
            holds.awaitArrivals(1);
            // Tornado: a queued request waits at most the smaller of its two timeouts.
            Future<HttpClientResponse> queued = fetching.onLoop(() -> client.fetch(HttpClientRequest
                    .builder(b.url("/hello")).connectTimeout(Duration.ofMillis(200)).build()));
            HttpClientError e = assertInstanceOf(HttpClientError.class, fetching.failure(queued));
            assertEquals("HTTP 599: Timeout in request queue", e.getMessage());
            assertTrue(!first.isDone());
            holds.release(0);
            assertEquals("held 0", fetching.result(first).text());
            assertEquals(1, holds.arrivals().size());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void cancellingAFetchAbortsItAndFreesItsSlot(Backend b) throws Exception {
        String g = group();
        Holds holds = b.site.holds(g);
        try (AsyncHttpClient client = AsyncHttpClient.builder().maxClients(1).build()) {
            Future<HttpClientResponse> first = hold(client, b, g, 0);
            Future<HttpClientResponse> second = hold(client, b, g, 1);
            Future<HttpClientResponse> third = hold(client, b, g, 2);
            holds.awaitArrivals(1);
            // cancelling a waiting fetch takes it out of the line: it never reaches the server
            assertTrue(second.cancel());
            assertTrue(first.cancel());
            assertTrue(first.isCancelled());
            if (b.seesClientsGoAway()) {
                holds.awaitClientGone("0"); // the request was aborted, not left to run
            }
            // the slot passes to the third
            holds.awaitArrivals(2);
            assertEquals(List.of("0", "2"), holds.arrivals());
            holds.release(1);
            assertEquals("held 2", fetching.result(third).text());
            holds.release(0);
            assertTrue(second.isCancelled());
            assertEquals(0, client.line.active());
        }
    }

    @Test
    void aRefusedConnectionFailsWithTheIOExceptionUnchanged() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/";
        try (AsyncHttpClient client = new AsyncHttpClient()) {
            Throwable t = fetching.failure(fetching.onLoop(() -> client.fetch(url)));
            assertEquals(ConnectException.class, t.getClass());
            // with raiseError(false) too
            Throwable t2 = fetching.failure(fetching.onLoop(() -> client.fetch(
                    HttpClientRequest.builder(url).raiseError(false).build())));
            assertEquals(ConnectException.class, t2.getClass());
            assertEquals(0, client.line.active());
        }
    }

    @Test
    void aConnectTimeoutIs599WhileConnecting() throws Exception {
        // A listener whose accept queue is full and never drained: Linux drops further SYNs, so
        // connecting hangs until the client gives up.
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket f = new Socket();
                    try {
                        f.connect(s.getLocalSocketAddress(), 300);
                        fillers.add(f);
                    } catch (java.net.SocketTimeoutException full) {
                        f.close();
                        break;
                    }
                }
                String url = "http://127.0.0.1:" + s.getLocalPort() + "/";
                try (AsyncHttpClient client = AsyncHttpClient.builder()
                        .connectTimeout(Duration.ofMillis(300)).build()) {
                    HttpClientError e = assertInstanceOf(HttpClientError.class,
                            fetching.failure(fetching.onLoop(() -> client.fetch(url))));
                    assertEquals("HTTP 599: Timeout while connecting", e.getMessage());
                    assertNull(e.response());
                }
            } finally {
                for (Socket f : fillers) {
                    f.close();
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void closingTheClientCancelsWhatIsPendingAndRefusesNewFetches(Backend b) throws Exception {
        String g = group();
        Holds holds = b.site.holds(g);
        AsyncHttpClient client = AsyncHttpClient.builder().maxClients(1).build();
        Future<HttpClientResponse> running = hold(client, b, g, 0);
        Future<HttpClientResponse> waiting = hold(client, b, g, 1);
        holds.awaitArrivals(1);
        client.close();
        assertTrue(running.isCancelled());
        assertTrue(waiting.isCancelled());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> client.fetch(b.url("/hello")));
        assertEquals("fetch() called on a closed AsyncHttpClient", e.getMessage());
        client.close(); // twice is fine
        holds.release(0);
    }
}
