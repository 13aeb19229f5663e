package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pipelined requests: answered in order, several to one write, with back-pressure on a client
 * that does not read, with async handlers among them, and with a malformed one in the middle.
 */
@org.junit.jupiter.api.Timeout(60)
class HttpPipeliningTest {
    private TestServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static void answer(HttpServerRequest r, byte[] body) {
        HttpHeaders h = new HttpHeaders();
        h.set("Content-Length", Integer.toString(body.length));
        r.connection().writeHeaders(200, null, h, body);
        r.connection().finish();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String pipeline(int n, String prefix) {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < n; i++) {
            all.append("GET /").append(prefix).append(i).append(" HTTP/1.1\r\nHost: t\r\n\r\n");
        }
        return all.toString();
    }

    @Test
    void responsesToOneReadAreQueuedTogetherAndSentInOrder() throws Exception {
        // Each handler looks at whether the previous response has been handed to the kernel yet:
        // answered one write per response it always would have; batched, the responses to the
        // requests of one read are still queued while the next one is handled.
        List<Future<Void>> finished = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sawPreviousQueued = new AtomicInteger();
        server = new TestServer(r -> {
            if (!finished.isEmpty() && !finished.get(finished.size() - 1).isDone()) {
                sawPreviousQueued.incrementAndGet();
            }
            HttpHeaders h = new HttpHeaders();
            byte[] body = utf8(r.path());
            h.set("Content-Length", Integer.toString(body.length));
            r.connection().writeHeaders(200, null, h, body);
            finished.add(r.connection().finish());
        }, new HttpServerOptions());
        try (RawClient c = new RawClient(server.port())) {
            c.send(pipeline(16, "p")); // one send: on loopback, usually one read of the server
            for (int i = 0; i < 16; i++) {
                assertEquals("/p" + i, c.read(false).body);
            }
        }
        assertTrue(sawPreviousQueued.get() >= 1,
                "every response was sent before the next request was handled");
        server.loopThread().run(() -> {
            for (Future<Void> f : finished) {
                assertTrue(f.isDone() && f.exception() == null, "a finish() future did not complete");
            }
        });
    }

    @Test
    void bodiesOfEveryFramingInOnePipelineAreAnsweredInOrder() throws Exception {
        server = new TestServer(r -> answer(r, utf8(r.method() + " " + r.path() + " "
                + new String(r.body(), StandardCharsets.UTF_8))), new HttpServerOptions());
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "POST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
                    + "POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n0\r\n\r\n"
                    + "GET /d HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("GET /a ", c.read(false).body);
            assertEquals("POST /b hello", c.read(false).body);
            assertEquals("POST /c abc", c.read(false).body);
            assertEquals("GET /d ", c.read(false).body);
        }
    }

    @Test
    void asyncHandlersInAPipelineKeepTheOrderOfTheRequests() throws Exception {
        // Every third request is answered a few loop iterations later; the next request must not
        // be handled before it is finished, and the responses must come back in request order.
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        server = new TestServer(r -> {
            String path = r.path();
            events.add("start " + path);
            int n = Integer.parseInt(path.substring(2));
            if (n % 3 == 1) {
                IOLoop loop = IOLoop.current();
                loop.addCallback(() -> loop.addCallback(() -> {
                    events.add("end " + path);
                    answer(r, utf8("late " + path));
                }));
            } else {
                events.add("end " + path);
                answer(r, utf8(path));
            }
        }, new HttpServerOptions());
        try (RawClient c = new RawClient(server.port())) {
            c.send(pipeline(30, "q"));
            for (int i = 0; i < 30; i++) {
                String expected = (i % 3 == 1 ? "late " : "") + "/q" + i;
                assertEquals(expected, c.read(false).body);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            expected.add("start /q" + i);
            expected.add("end /q" + i);
        }
        assertEquals(expected, events);
    }

    @Test
    void aMalformedRequestInAPipelineGetsItsAnswerAfterTheEarlierOnesThenTheClose() throws Exception {
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        server = new TestServer(r -> {
            handled.add(r.path());
            answer(r, utf8(r.path()));
        }, new HttpServerOptions());
        try (RawClient c = new RawClient(server.port())) {
            c.send(pipeline(3, "ok")
                    + "GET /bad HTTP/1.1\r\nHost: t\r\nNo colon here\r\n\r\n"
                    + pipeline(3, "after"));
            for (int i = 0; i < 3; i++) {
                RawClient.Response r = c.read(false);
                assertEquals(200, r.status);
                assertEquals("/ok" + i, r.body);
            }
            RawClient.Response refused = c.read(false);
            assertEquals(400, refused.status);
            assertEquals("close", refused.header("connection"));
            assertTrue(c.closedByServer(), "the connection stayed open after the 400");
        }
        assertEquals(List.of("/ok0", "/ok1", "/ok2"), handled);
    }

    @Test
    void connectionCloseInAPipelineEndsItAfterThatResponse() throws Exception {
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        server = new TestServer(r -> {
            handled.add(r.path());
            answer(r, utf8(r.path()));
        }, new HttpServerOptions());
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /1 HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /2 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                    + "GET /3 HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("/1", c.read(false).body);
            RawClient.Response last = c.read(false);
            assertEquals("/2", last.body);
            assertEquals("close", last.header("connection"));
            assertTrue(c.closedByServer(), "the connection stayed open after Connection: close");
        }
        assertEquals(List.of("/1", "/2"), handled);
    }

    @Test
    void aClientThatDoesNotReadStopsTheServerFromAnsweringAhead() throws Exception {
        // 64 pipelined requests for 1 MiB each from a client that reads slowly. Without
        // back-pressure the server would answer them all at once, queueing 64 MiB; with it, it
        // answers only as far ahead of the client as the kernel's socket buffers and the
        // high-water mark hold (a handful of responses on loopback, whose buffers grow to a few
        // MiB), so the handled count never runs far ahead of the responses read.
        int requests = 64;
        int size = 1024 * 1024;
        byte[] big = new byte[size];
        java.util.Arrays.fill(big, (byte) 'x');
        AtomicInteger handled = new AtomicInteger();
        server = new TestServer(r -> {
            handled.incrementAndGet();
            answer(r, big);
        }, new HttpServerOptions());
        int maxAhead = 0;
        try (RawClient c = new RawClient(server.port(), 30_000)) {
            c.send(pipeline(requests, "big"));
            for (int i = 0; i < requests; i++) {
                RawClient.Response r = c.read(false);
                assertEquals(size, r.bytes.length);
                maxAhead = Math.max(maxAhead, handled.get() - (i + 1));
            }
        }
        assertEquals(requests, handled.get());
        assertTrue(maxAhead <= 32, "the server answered " + maxAhead
                + " requests ahead of a client that was not reading");
    }
}
