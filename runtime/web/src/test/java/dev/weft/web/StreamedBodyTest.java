package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.http.HttpServerOptions;
import dev.weft.http.RawClient;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamRequestBody} handlers over a real socket: the body arrives in pieces between
 * {@code prepare} and the method, Content-Length and chunked; the sink's future holds the
 * connection; the limit is the handler's; clients that go away and broken framing are survived.
 */
class StreamedBodyTest {
    private static final String H = "Host: t\r\n";
    private static final long SERVER_LIMIT = 1000;

    /** What the upload handlers of one test saw, written on the loop thread. */
    static final class Seen {
        final List<String> events = new CopyOnWriteArrayList<>();
        final AtomicInteger maxPiece = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicReference<Future<Void>> gate = new AtomicReference<>();
        final CountDownLatch firstPiece = new CountDownLatch(1);
        volatile int pieces;
        volatile long bytes;
    }

    /** Counts and checksums its body; {@code ?limit=n} raises its limit, {@code ?refuse} says 403. */
    @StreamRequestBody
    static class Upload extends RequestHandler {
        private final Seen seen;
        private final CRC32 crc = new CRC32();
        private long bytes;

        Upload(Seen seen) {
            this.seen = seen;
        }

        @Override
        public void prepare() {
            seen.events.add("prepare");
            String limit = getQueryArgument("limit", null);
            if (limit != null) {
                request().connection().setMaxBodySize(Long.parseLong(limit));
            }
            if (getQueryArgument("refuse", null) != null) {
                throw new HttpError(403);
            }
        }

        @Override
        public Future<?> dataReceived(byte[] chunk) {
            if (seen.pieces == 0) {
                seen.events.add("data");
            }
            seen.pieces++;
            seen.maxPiece.accumulateAndGet(chunk.length, Math::max);
            crc.update(chunk);
            bytes += chunk.length;
            seen.bytes = bytes;
            if (getQueryArgument("bad", null) != null) {
                throw new HttpError(422);
            }
            seen.firstPiece.countDown();
            return seen.gate.getAndSet(null); // the first piece after a gate is set waits for it
        }

        @Override
        public void post() {
            seen.events.add("post");
            write(bytes + " " + Long.toHexString(crc.getValue()) + " " + request().body().length);
        }

        @Override
        public void put() {
            post();
        }

        @Override
        public void onConnectionClose() {
            seen.events.add("closed");
            seen.closed.countDown();
        }
    }

    /** An ordinary handler on the same server: its body is read whole, under the server's limit. */
    static class Whole extends RequestHandler {
        @Override
        public void post() {
            write("whole " + request().body().length);
        }
    }

    private final Seen seen = new Seen();
    private WebServerFixture web;

    @BeforeEach
    void start() {
        Application app = new Application(List.of(
                Route.of("/upload", () -> new Upload(seen)),
                Route.of("/whole", Whole::new)));
        web = new WebServerFixture(app, new HttpServerOptions().maxBodySize(SERVER_LIMIT));
    }

    @AfterEach
    void stop() throws Exception {
        web.close();
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String expected(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return body.length + " " + Long.toHexString(crc.getValue()) + " 0";
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] head(String method, String target, String... fields) {
        StringBuilder sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\n" + H);
        for (String f : fields) {
            sb.append(f).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Chunked framing of {@code body} in chunks of the given sizes, cycled. */
    private static byte[] chunked(byte[] body, int... sizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        for (int i = 0; at < body.length; i++) {
            int n = Math.min(sizes[i % sizes.length], body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            at += n;
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    @Test
    void aContentLengthBodyArrivesInPiecesBetweenPrepareAndTheMethod() throws Exception {
        byte[] body = randomBytes(1024 * 1024 + 17, 1);
        try (RawClient c = new RawClient(web.port())) {
            c.send(concat(head("POST", "/upload?limit=2000000", "Content-Length: " + body.length), body));
            RawClient.Response r = c.read(false);
            assertEquals(200, r.status, r.toString());
            assertEquals(expected(body), r.body);
            // keep-alive: the whole body was consumed, the next request is found
            assertEquals(404, c.get("/nowhere").status);
        }
        assertEquals(List.of("prepare", "data", "post"), seen.events);
        assertTrue(seen.pieces >= 17, "a 1 MiB body comes in many pieces: " + seen.pieces);
        assertTrue(seen.maxPiece.get() <= 64 * 1024, "pieces of at most 64 KiB: " + seen.maxPiece);
        web.assertHealthy();
    }

    @Test
    void aChunkedBodyArrivesWholeWithLargeChunksSplit() throws Exception {
        byte[] body = randomBytes(700_000, 2);
        try (RawClient c = new RawClient(web.port())) {
            c.send(concat(head("PUT", "/upload?limit=1000000", "Transfer-Encoding: chunked"),
                    chunked(body, 1, 300_000, 5, 4096, 65_536, 65_537)));
            RawClient.Response r = c.read(false);
            assertEquals(200, r.status, r.toString());
            assertEquals(expected(body), r.body);
            assertEquals(404, c.get("/nowhere").status);
        }
        assertEquals(List.of("prepare", "data", "post"), seen.events);
        assertTrue(seen.maxPiece.get() <= 64 * 1024, "a 300,000-byte chunk is split: " + seen.maxPiece);
        web.assertHealthy();
    }

    @Test
    void anEmptyBodyGoesStraightToTheMethod() throws Exception {
        RawClient.Response r = web.request("POST /upload HTTP/1.1\r\n" + H + "Content-Length: 0\r\n\r\n");
        assertEquals("0 0 0", r.body);
        assertEquals(List.of("prepare", "post"), seen.events);
    }

    @Test
    void prepareRunsBeforeTheClientIsToldToContinue() throws Exception {
        byte[] body = randomBytes(5000, 3);
        try (RawClient c = new RawClient(web.port())) {
            c.send(head("POST", "/upload?limit=5000", "Content-Length: 5000", "Expect: 100-continue"));
            RawClient.Response cont = c.read(false);
            assertEquals(100, cont.status);
            assertEquals(List.of("prepare"), seen.events, "prepare ran before 100 Continue");
            c.send(body);
            assertEquals(expected(body), c.read(false).body);
        }
        // Refused in prepare: the final status instead of 100 Continue, and no body is read.
        try (RawClient c = new RawClient(web.port())) {
            c.send(head("POST", "/upload?refuse=1", "Content-Length: 5000", "Expect: 100-continue"));
            RawClient.Response r = c.read(false);
            assertEquals(403, r.status);
            assertTrue(c.closedByServer(), "the unread body ends the connection");
        }
        assertEquals(List.of("prepare", "data", "post", "prepare"), seen.events);
        web.assertHealthy();
    }

    @Test
    void theLimitIsTheHandlersOwn() throws Exception {
        byte[] body = randomBytes(4000, 4);
        // raised in prepare above the server's 1000 bytes
        RawClient.Response ok = web.request(new String(concat(head("POST", "/upload?limit=4000",
                "Content-Length: 4000"), body), StandardCharsets.ISO_8859_1));
        assertEquals(expected(body), ok.body);
        // the server's limit otherwise: 413, before any of the body is read
        try (RawClient c = new RawClient(web.port())) {
            c.send(head("POST", "/upload", "Content-Length: 4000"));
            assertEquals(413, c.read(false).status);
            assertTrue(c.closedByServer());
        }
        // a chunked body passing the limit midway: 413 once it does
        try (RawClient c = new RawClient(web.port())) {
            c.send(concat(head("POST", "/upload?limit=3000", "Transfer-Encoding: chunked"),
                    chunked(body, 1000)));
            assertEquals(413, c.read(false).status);
            assertTrue(c.closedByServer());
        }
        assertEquals(3000, seen.bytes, "the pieces within the limit were delivered");
        // an ordinary handler is unchanged: the server's limit, answered 400 as before
        RawClient.Response whole = web.request(new String(concat(head("POST", "/whole",
                "Content-Length: 4000"), body), StandardCharsets.ISO_8859_1));
        assertEquals(400, whole.status);
        RawClient.Response small = web.request("POST /whole HTTP/1.1\r\n" + H + "Content-Length: 3\r\n\r\nabc");
        assertEquals("whole 3", small.body);
        web.assertHealthy();
    }

    /**
     * While the future of {@code dataReceived} is pending the connection reads nothing more: a
     * non-blocking client fills the socket buffers and stalls long before its 64 MiB are out, and
     * the handler has still had one piece. Completing the future lets the rest through.
     */
    @Test
    void thePiecesFutureHoldsTheConnection() throws Exception {
        int total = 64 * 1024 * 1024;
        Future<Void> gate = new Future<>();
        seen.gate.set(gate);
        byte[] block = randomBytes(64 * 1024, 5);
        CRC32 crc = new CRC32();
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", web.port()));
                Selector selector = Selector.open()) {
            ch.configureBlocking(false);
            SelectionKey key = ch.register(selector, SelectionKey.OP_WRITE);
            ByteBuffer out = ByteBuffer.wrap(head("POST", "/upload?limit=" + total,
                    "Content-Length: " + total));
            long sent = 0;
            int written = 0; // of the current block
            boolean headSent = false;
            // Write until the socket stays unwritable for a while (the buffers are full).
            while (sent < total) {
                if (!out.hasRemaining()) {
                    headSent = true;
                    int n = (int) Math.min(block.length, total - sent);
                    out = ByteBuffer.wrap(block, 0, n);
                }
                int n = ch.write(out);
                if (headSent) {
                    sent += n;
                }
                if (n == 0 && selector.select(1000) == 0) {
                    break;
                }
                selector.selectedKeys().clear();
            }
            assertTrue(seen.firstPiece.await(10, TimeUnit.SECONDS), "the first piece arrived");
            assertTrue(sent < total, "the client stalled: the server stopped reading");
            assertEquals(1, seen.pieces, "no piece while the first one's future is pending");
            long stalledAt = sent;
            gate.setResult(null); // from this thread: the handler resumes on its loop
            key.cancel();
            selector.selectNow(); // deregisters, so that the channel may block
            ch.configureBlocking(true);
            // the rest of the current block first, then the other blocks
            while (sent < total) {
                if (!out.hasRemaining()) {
                    out = ByteBuffer.wrap(block, 0, (int) Math.min(block.length, total - sent));
                }
                sent += ch.write(out);
            }
            assertTrue(stalledAt < sent);
            ByteBuffer in = ByteBuffer.allocate(4096);
            StringBuilder response = new StringBuilder();
            while (!response.toString().contains("\r\n\r\n") || !response.toString().endsWith(" 0")) {
                in.clear();
                if (ch.read(in) < 0) {
                    break;
                }
                response.append(new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1));
            }
            for (long at = 0; at < total; at += block.length) {
                crc.update(block, 0, (int) Math.min(block.length, total - at));
            }
            assertTrue(response.toString().startsWith("HTTP/1.1 200"), response.toString());
            assertTrue(response.toString().endsWith(total + " " + Long.toHexString(crc.getValue()) + " 0"),
                    response.toString());
        }
        assertTrue(seen.pieces > 1);
        web.assertHealthy();
    }

    @Test
    void aClientThatGoesAwayMidUploadIsNoError() throws Exception {
        byte[] part = randomBytes(100_000, 6);
        try (RawClient c = new RawClient(web.port())) {
            c.send(concat(head("POST", "/upload?limit=10000000", "Content-Length: 10000000"), part));
            assertTrue(seen.firstPiece.await(10, TimeUnit.SECONDS));
        }
        assertTrue(seen.closed.await(10, TimeUnit.SECONDS), "onConnectionClose ran");
        assertFalse(seen.events.contains("post"), "the method does not run without its body");
        web.assertHealthy(); // and nothing at ERROR
        assertEquals(0, web.records(1).stream().filter(r -> r.message().contains("/upload")).count(),
                "no access line: the request never finished");
    }

    @Test
    void malformedChunkFramingIs400AndTheServerGoesOn() throws Exception {
        String[] broken = {
            "5\r\nhello\r\nzz\r\n\r\n", // not a size
            "5\r\nhelloXX0\r\n\r\n", // data not followed by CRLF
            "5\nhello\r\n0\r\n\r\n", // bare LF
        };
        for (String framing : broken) {
            try (RawClient c = new RawClient(web.port())) {
                c.send(concat(head("POST", "/upload?limit=100", "Transfer-Encoding: chunked"),
                        framing.getBytes(StandardCharsets.ISO_8859_1)));
                assertEquals(400, c.read(false).status, framing);
                assertTrue(c.closedByServer(), framing);
            }
        }
        assertFalse(seen.events.contains("post"));
        web.assertHealthy();
    }

    @Test
    void anErrorInDataReceivedIsTheResponse() throws Exception {
        byte[] body = randomBytes(300_000, 7);
        try (RawClient c = new RawClient(web.port())) {
            c.send(concat(head("POST", "/upload?bad=1&limit=300000", "Content-Length: 300000"), body));
            assertEquals(422, c.read(false).status);
            assertTrue(c.closedByServer(), "the rest of the body is dropped with the connection");
        }
        assertEquals(List.of("prepare", "data"), seen.events);
        web.assertHealthy();
    }
}
