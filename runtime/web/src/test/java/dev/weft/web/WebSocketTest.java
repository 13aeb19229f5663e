package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.http.HttpHeaders;
import dev.weft.http.LoopThread;
import dev.weft.http.RawClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * WebSocket over real sockets: the handshake's checks, echo with weft's own client and with the
 * JDK's {@code java.net.http.WebSocket}, the close handshake, pings, origin and subprotocol,
 * message flow control and write back-pressure.
 */
@org.junit.jupiter.api.Timeout(60)
class WebSocketTest {
    /** What the handlers saw, in order, across the loop thread and the test thread. */
    static final LinkedBlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();

    static class EchoHandler extends WebSocketHandler {
        @Override
        public void open() {
            EVENTS.add("open " + pathArgs());
        }

        @Override
        public Future<?> onMessage(String message) {
            return writeMessage(message);
        }

        @Override
        public Future<?> onMessage(byte[] message) {
            return writeMessage(message);
        }

        @Override
        public void onClose() {
            EVENTS.add("close " + closeCode() + " " + closeReason());
        }
    }

    static class ChatProtocolHandler extends EchoHandler {
        @Override
        public String selectSubprotocol(List<String> offered) {
            return offered.contains("chat.v2") ? "chat.v2" : null;
        }

        @Override
        public void open() {
            writeMessage("subprotocol " + selectedSubprotocol());
        }
    }

    /** Handles each message asynchronously: the next must wait until the future completes. */
    static class SlowHandler extends WebSocketHandler {
        @Override
        public Future<?> onMessage(String message) {
            EVENTS.add("start " + message);
            Future<Void> done = new Future<>();
            IOLoop.current().callLater(Duration.ofMillis(20), () -> {
                EVENTS.add("end " + message);
                writeMessage("done " + message);
                done.setResult(null);
            });
            return done;
        }
    }

    static class PongCounter extends EchoHandler {
        @Override
        public void onPong(byte[] data) {
            EVENTS.add("pong");
        }
    }

    /** Writes 1 MiB messages to a client that does not read, until a write has to wait. */
    static class FloodHandler extends WebSocketHandler {
        static final CompletableFuture<Integer> WRITTEN = new CompletableFuture<>();
        static final CompletableFuture<Boolean> ALL_SENT = new CompletableFuture<>();

        @Override
        public void open() {
            List<Future<Void>> sent = new ArrayList<>();
            int n = 0;
            while (n < 256) {
                byte[] m = new byte[1024 * 1024];
                java.util.Arrays.fill(m, (byte) n);
                Future<Void> f = writeMessage(m);
                sent.add(f);
                n++;
                if (!f.isDone()) {
                    break; // back-pressure: the kernel's buffers are full
                }
            }
            WRITTEN.complete(sent.get(sent.size() - 1).isDone() ? -1 : n);
            Future<Void> last = sent.get(sent.size() - 1);
            last.addDoneCallback(f -> ALL_SENT.complete(f.exception() == null));
        }
    }

    /** Closes when asked to; then tries to write, which must fail. */
    static class ClosingHandler extends WebSocketHandler {
        @Override
        public Future<?> onMessage(String message) {
            if (message.equals("boom")) {
                throw new IllegalStateException("boom");
            }
            close(1000, "as asked");
            writeMessage("after close").addDoneCallback(f ->
                    EVENTS.add("write after close: " + f.exception().getClass().getSimpleName()));
            return null;
        }
    }

    /** An open that takes a while: messages that come meanwhile wait for it (Tornado's test_open_coroutine). */
    static class SlowOpenHandler extends WebSocketHandler {
        private boolean opened;

        @Override
        public Future<?> openAsync() {
            Future<Void> done = new Future<>();
            IOLoop.current().callLater(Duration.ofMillis(30), () -> {
                opened = true;
                done.setResult(null);
            });
            return done;
        }

        @Override
        public Future<?> onMessage(String message) {
            return writeMessage(message + " after open: " + opened);
        }
    }

    private WebServerFixture server;

    private WebServerFixture serve(Settings settings) {
        EVENTS.clear();
        server = new WebServerFixture(new Application(List.of(
                Route.of("/echo/(\\w*)", EchoHandler::new),
                Route.of("/echo", EchoHandler::new),
                Route.of("/chat", ChatProtocolHandler::new),
                Route.of("/slow", SlowHandler::new),
                Route.of("/pong", PongCounter::new),
                Route.of("/flood", FloodHandler::new),
                Route.of("/closing", ClosingHandler::new),
                Route.of("/slow-open", SlowOpenHandler::new)), settings));
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private String event() throws InterruptedException {
        String e = EVENTS.poll(15, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no event");
        }
        return e;
    }

    private <T> T onClientLoop(LoopThread loop, Supplier<Future<T>> fn) throws Exception {
        CompletableFuture<T> cf = new CompletableFuture<>();
        loop.run(() -> fn.get().addDoneCallback(f -> {
            if (f.exception() != null) {
                cf.completeExceptionally(f.exception());
            } else {
                cf.complete(f.result());
            }
        }));
        try {
            return cf.get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    // ---- the handshake ----

    @Test
    void handshakeAnswers101WithTheAcceptKeyOfRfc6455() throws Exception {
        serve(new Settings());
        // RFC 6455 §1.3's own example key and accept value.
        RawClient.Response r = server.get("/echo", "Upgrade: websocket", "Connection: keep-alive, Upgrade",
                "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
        assertEquals(101, r.status);
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", r.header("Sec-WebSocket-Accept"));
        assertEquals("websocket", r.header("Upgrade"));
        assertEquals("Upgrade", r.header("Connection"));
    }

    @Test
    void handshakesThatAreNotValidAreRefusedAndTheServerGoesOn() throws Exception {
        serve(new Settings());
        String key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==";
        assertEquals(400, server.get("/echo").status); // a plain GET
        assertEquals(400, server.get("/echo", "Upgrade: h2c", "Connection: Upgrade",
                "Sec-WebSocket-Version: 13", key).status);
        assertEquals(400, server.get("/echo", "Upgrade: websocket", "Connection: keep-alive",
                "Sec-WebSocket-Version: 13", key).status);
        RawClient.Response old = server.get("/echo", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Version: 8", key);
        assertEquals(426, old.status);
        assertEquals("13", old.header("Sec-WebSocket-Version"));
        assertEquals(400, server.get("/echo", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Version: 13").status); // no key
        assertEquals(400, server.get("/echo", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: c2hvcnQ=").status); // 5 bytes
        assertEquals(400, server.get("/echo", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!!!").status);
        assertEquals(400, server.request("GET /echo HTTP/1.0\r\nHost: t\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n" + key + "\r\n\r\n").status);
        assertEquals(405, server.request("POST /echo HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n" + key
                + "\r\nContent-Length: 0\r\n\r\n").status);
        server.assertHealthy();
    }

    @Test
    void crossOriginIsRefusedAndTheSameOriginAccepted() throws Exception {
        serve(new Settings());
        int port = server.port();
        RawClient.Response cross = server.get("/echo", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                "Origin: http://evil.example");
        assertEquals(403, cross.status);
        try (RawWebSocket ws = new RawWebSocket(port, "/echo", "Origin: http://127.0.0.1:" + port)) {
            ws.sendText("same origin");
            assertEquals("same origin", ws.read().text());
        }
        server.assertHealthy();
    }

    @Test
    void theHandlerChoosesASubprotocolTheClientOffered() throws Exception {
        serve(new Settings());
        try (LoopThread loop = new LoopThread("ws-client")) {
            String url = "ws://127.0.0.1:" + server.port() + "/chat";
            WebSocketClientConnection ws = onClientLoop(loop, () ->
                    WebSocketClientConnection.websocketConnect(url, List.of("chat.v1", "chat.v2"), null));
            assertEquals("chat.v2", loop.call(ws::selectedSubprotocol));
            assertEquals("subprotocol chat.v2", onClientLoop(loop, ws::readMessage));
            WebSocketClientConnection none = onClientLoop(loop, () ->
                    WebSocketClientConnection.websocketConnect(url, List.of("mqtt"), null));
            assertNull(loop.call(none::selectedSubprotocol));
            assertEquals("subprotocol null", onClientLoop(loop, none::readMessage));
        }
    }

    // ---- messages ----

    @Test
    void wssWithWeftsClientAndTheJdksOverTls() throws Exception {
        EVENTS.clear();
        dev.weft.net.TlsKeys keys = dev.weft.net.TlsKeys.localhost();
        server = new WebServerFixture(new Application(List.of(Route.of("/echo/(\\w*)", EchoHandler::new))),
                new dev.weft.http.HttpServerOptions().sslContext(keys.serverContext()));
        String url = "wss://localhost:" + server.port() + "/echo/secure";
        try (LoopThread loop = new LoopThread("wss-client")) {
            WebSocketClientConnection ws = onClientLoop(loop, () -> WebSocketClientConnection
                    .websocketConnect(url, List.of(), null, keys.clientContext()));
            assertEquals("open [secure]", event());
            byte[] big = new byte[200_000];
            new java.util.Random(7).nextBytes(big);
            onClientLoop(loop, () -> ws.writeMessage(big));
            assertArrayEquals(big, (byte[]) onClientLoop(loop, ws::readMessage));
            onClientLoop(loop, () -> ws.writeMessage("über TLS"));
            assertEquals("über TLS", onClientLoop(loop, ws::readMessage));
            loop.run(() -> ws.close(1000, "done"));
            assertEquals("close 1000 done", event());
            assertNull(onClientLoop(loop, ws::readMessage));

            // A client that does not trust the certificate never gets a WebSocket.
            Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> onClientLoop(loop, () -> WebSocketClientConnection
                            .websocketConnect(url, List.of(), null, dev.weft.net.TlsKeys
                                    .forNames("dns:other.example").clientContext())));
            assertTrue(refused instanceof javax.net.ssl.SSLException, refused.toString());
        }
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        HttpClient jdk = HttpClient.newBuilder().sslContext(keys.clientContext()).build();
        WebSocket jws = jdk.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                got.add(data.toString());
                w.request(1);
                return null;
            }
        }).get(15, TimeUnit.SECONDS);
        assertEquals("open [secure]", event());
        jws.sendText("from the JDK", true).get(15, TimeUnit.SECONDS);
        assertEquals("from the JDK", got.poll(15, TimeUnit.SECONDS));
        jws.sendClose(1000, "bye").get(15, TimeUnit.SECONDS);
        assertEquals("close 1000 bye", event());
        assertEquals(List.of(), server.errors());
    }

    @Test
    void weftsClientEchoesTextBinaryAndLongMessages() throws Exception {
        serve(new Settings());
        try (LoopThread loop = new LoopThread("ws-client")) {
            WebSocketClientConnection ws = onClientLoop(loop, () -> WebSocketClientConnection
                    .websocketConnect("ws://127.0.0.1:" + server.port() + "/echo/room1"));
            assertEquals("open [room1]", event());
            onClientLoop(loop, () -> ws.writeMessage("héllo, wörld ✓"));
            assertEquals("héllo, wörld ✓", onClientLoop(loop, ws::readMessage));
            byte[] bin = {0, 1, 2, (byte) 0xFF, (byte) 0x80};
            onClientLoop(loop, () -> ws.writeMessage(bin));
            assertArrayEquals(bin, (byte[]) onClientLoop(loop, ws::readMessage));
            // 16-bit and 64-bit length fields.
            for (int size : new int[] {125, 126, 65535, 65536, 3 * 1024 * 1024}) {
                byte[] big = new byte[size];
                new java.util.Random(size).nextBytes(big);
                onClientLoop(loop, () -> ws.writeMessage(big));
                assertArrayEquals(big, (byte[]) onClientLoop(loop, ws::readMessage), "size " + size);
            }
            loop.run(() -> ws.close(1000, "bye"));
            assertEquals("close 1000 bye", event());
            assertNull(onClientLoop(loop, ws::readMessage));
            assertEquals(1000, loop.call(ws::closeCode));
        }
        server.assertHealthy();
    }

    @Test
    void theJdkClientEchoesAndClosesCleanly() throws Exception {
        serve(new Settings());
        LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            final StringBuilder text = new StringBuilder();
            final java.io.ByteArrayOutputStream bin = new java.io.ByteArrayOutputStream();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    received.add(text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                bin.writeBytes(b);
                if (last) {
                    received.add(bin.toByteArray());
                    bin.reset();
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                received.add("closed " + code + " " + reason);
                return null;
            }
        };
        HttpClient http = HttpClient.newHttpClient();
        WebSocket ws = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), listener)
                .get(15, TimeUnit.SECONDS);
        ws.sendText("from the JDK", true).get(15, TimeUnit.SECONDS);
        assertEquals("from the JDK", received.poll(15, TimeUnit.SECONDS));
        // A message in three fragments, split inside a two-byte character's UTF-8? The JDK
        // splits on chars; the server must join them.
        ws.sendText("frag", false).get(15, TimeUnit.SECONDS);
        ws.sendText("mé", false).get(15, TimeUnit.SECONDS);
        ws.sendText("nted", true).get(15, TimeUnit.SECONDS);
        assertEquals("fragménted", received.poll(15, TimeUnit.SECONDS));
        byte[] big = new byte[200_000];
        new java.util.Random(7).nextBytes(big);
        ws.sendBinary(ByteBuffer.wrap(big), true).get(15, TimeUnit.SECONDS);
        assertArrayEquals(big, (byte[]) received.poll(15, TimeUnit.SECONDS));
        ws.sendClose(4000, "app done").get(15, TimeUnit.SECONDS);
        assertEquals("closed 4000 ", received.poll(15, TimeUnit.SECONDS)); // the code is echoed
        assertEquals("open []", event());
        assertEquals("close 4000 app done", event());
        server.assertHealthy();
    }

    @Test
    void controlFramesBetweenFragmentsAreAnsweredAndTheMessageIsWhole() throws Exception {
        serve(new Settings());
        try (RawWebSocket ws = new RawWebSocket(server.port(), "/echo")) {
            byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // 3 bytes, split across fragments
            ws.send(false, 0, 0x1, new byte[] {'a', euro[0]}, true);
            ws.send(true, 0, 0x9, "ping!".getBytes(StandardCharsets.UTF_8), true);
            ws.send(false, 0, 0x0, new byte[] {euro[1]}, true);
            ws.send(true, 0, 0xA, new byte[0], true); // an unasked pong is fine
            ws.send(true, 0, 0x0, new byte[] {euro[2], 'b'}, true);
            RawWebSocket.Frame pong = ws.read();
            assertEquals(0xA, pong.opcode());
            assertEquals("ping!", pong.text());
            RawWebSocket.Frame echo = ws.read();
            assertEquals(0x1, echo.opcode());
            assertEquals("a€b", echo.text());
            ws.send(0x8, RawWebSocket.closePayload(1000, ""));
            RawWebSocket.Frame close = ws.read();
            assertEquals(0x8, close.opcode());
            assertEquals(1000, close.closeCode());
            assertTrue(ws.closedByServer());
        }
        server.assertHealthy();
    }

    @Test
    void messagesWaitForTheFutureOfThePreviousOne() throws Exception {
        serve(new Settings());
        try (RawWebSocket ws = new RawWebSocket(server.port(), "/slow")) {
            ws.sendText("one");
            ws.sendText("two");
            ws.sendText("three");
            for (String m : List.of("one", "two", "three")) {
                assertEquals("done " + m, ws.read().text());
            }
        }
        assertEquals(List.of("start one", "end one", "start two", "end two", "start three", "end three"),
                List.of(event(), event(), event(), event(), event(), event()));
        server.assertHealthy();
    }

    @Test
    void messagesSentDuringAnOpenCoroutineWaitForIt() throws Exception {
        serve(new Settings());
        try (RawWebSocket ws = new RawWebSocket(server.port(), "/slow-open")) {
            ws.sendText("first");
            assertEquals("first after open: true", ws.read().text());
        }
        server.assertHealthy();
    }

    @Test
    void writeMessageFuturesWaitForASlowReader() throws Exception {
        serve(new Settings());
        try (RawWebSocket ws = new RawWebSocket(server.port(), "/flood")) {
            int written = FloodHandler.WRITTEN.get(15, TimeUnit.SECONDS);
            assertTrue(written > 0, "some write had to wait for the client to read");
            for (int i = 0; i < written; i++) {
                RawWebSocket.Frame f = ws.read();
                assertEquals(1024 * 1024, f.payload().length);
                assertEquals((byte) i, f.payload()[0]);
                assertEquals((byte) i, f.payload()[1024 * 1024 - 1]);
            }
            assertTrue(FloodHandler.ALL_SENT.get(15, TimeUnit.SECONDS));
        }
    }

    // ---- closing and pings ----

    @Test
    void aClientsCloseCodeIsEchoedAndTheHandlerSeesItsReason() throws Exception {
        serve(new Settings());
        try (LoopThread loop = new LoopThread("ws-client")) {
            WebSocketClientConnection ws = onClientLoop(loop, () -> WebSocketClientConnection
                    .websocketConnect("ws://127.0.0.1:" + server.port() + "/echo"));
            loop.run(() -> ws.close(3001, "custom"));
            assertNull(onClientLoop(loop, ws::readMessage));
            assertEquals(3001, loop.call(ws::closeCode));
            assertTrue(loop.call(ws::isClosed));
            assertEquals("open []", event());
            assertEquals("close 3001 custom", event());
        }
    }

    @Test
    void theServerClosesWithACodeAndLaterWritesFail() throws Exception {
        serve(new Settings());
        try (RawWebSocket ws = new RawWebSocket(server.port(), "/closing")) {
            ws.sendText("please close");
            RawWebSocket.Frame close = ws.read();
            assertEquals(0x8, close.opcode());
            assertEquals(1000, close.closeCode());
            assertEquals("as asked", new String(close.payload(), 2, close.payload().length - 2,
                    StandardCharsets.UTF_8));
            ws.send(0x8, RawWebSocket.closePayload(1000, ""));
            assertTrue(ws.closedByServer());
        }
        assertEquals("write after close: WebSocketClosedException", event());
        server.assertHealthy();
    }

    @Test
    void aBinaryMessageToATextOnlyHandlerIs1003() throws Exception {
        serve(new Settings());
        try (RawWebSocket ws = new RawWebSocket(server.port(), "/slow")) {
            ws.send(0x2, new byte[] {1, 2, 3});
            assertEquals(1003, ws.readUntilClose().closeCode());
        }
        server.assertHealthy();
    }

    @Test
    void aHandlerThatThrowsIsLoggedAndClosedWith1011() throws Exception {
        serve(new Settings());
        try (RawWebSocket ws = new RawWebSocket(server.port(), "/closing")) {
            ws.sendText("boom");
            assertEquals(1011, ws.readUntilClose().closeCode());
        }
        List<String> errors = server.errors();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("Uncaught exception in onMessage of WebSocket"), errors.get(0));
        assertTrue(errors.get(0).contains("boom"), errors.get(0));
    }

    @Test
    void aClientThatNeverAnswersPingsIsClosed() throws Exception {
        serve(new Settings().websocketPingInterval(Duration.ofMillis(50))
                .websocketPingTimeout(Duration.ofMillis(200)));
        try (RawWebSocket ws = new RawWebSocket(server.port(), "/echo")) {
            int pings = 0;
            RawWebSocket.Frame f;
            while ((f = ws.read()).opcode() == 0x9) {
                pings++;
            }
            assertEquals(0x8, f.opcode(), "after the pings, a close");
            assertTrue(pings >= 1);
            ws.send(0x8, new byte[0]); // answer the close: the server then closes the TCP connection
            assertTrue(ws.closedByServer());
        }
        assertEquals("open []", event());
        assertEquals("close null null", event());
        server.assertHealthy();
    }

    @Test
    void aClientThatAnswersPingsStaysOpen() throws Exception {
        serve(new Settings().websocketPingInterval(Duration.ofMillis(30))
                .websocketPingTimeout(Duration.ofSeconds(20))); // only a failure guard
        HttpClient http = HttpClient.newHttpClient();
        WebSocket ws = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/pong"),
                        new WebSocket.Listener() { })
                .get(15, TimeUnit.SECONDS);
        assertEquals("open []", event());
        for (int i = 0; i < 5; i++) {
            assertEquals("pong", event()); // the JDK answers each ping
        }
        assertFalse(ws.isInputClosed());
        ws.sendClose(1000, "").get(15, TimeUnit.SECONDS);
        server.assertHealthy();
    }

    @Test
    void weftsClientMasksAndTheServerPingsIt() throws Exception {
        serve(new Settings().websocketPingInterval(Duration.ofMillis(30)));
        try (LoopThread loop = new LoopThread("ws-client")) {
            HttpHeaders h = new HttpHeaders();
            h.add("Origin", "http://127.0.0.1:" + server.port());
            WebSocketClientConnection ws = onClientLoop(loop, () -> WebSocketClientConnection
                    .websocketConnect("ws://127.0.0.1:" + server.port() + "/pong", List.of(), h));
            assertEquals("open []", event());
            for (int i = 0; i < 3; i++) {
                assertEquals("pong", event()); // weft's client answers pings too
            }
            onClientLoop(loop, () -> ws.writeMessage("still here"));
            assertEquals("still here", onClientLoop(loop, ws::readMessage));
            loop.run(ws::close);
            assertNull(onClientLoop(loop, ws::readMessage));
        }
        server.assertHealthy();
    }

    @Test
    void aRefusedHandshakeFailsTheClientsFuture() throws Exception {
        serve(new Settings());
        try (LoopThread loop = new LoopThread("ws-client")) {
            HttpHeaders h = new HttpHeaders();
            h.add("Origin", "http://elsewhere.example");
            WebSocketHandshakeException e = org.junit.jupiter.api.Assertions.assertThrows(
                    WebSocketHandshakeException.class, () -> onClientLoop(loop, () ->
                            WebSocketClientConnection.websocketConnect(
                                    "ws://127.0.0.1:" + server.port() + "/echo", List.of(), h)));
            assertEquals(403, e.status());
            e = org.junit.jupiter.api.Assertions.assertThrows(WebSocketHandshakeException.class,
                    () -> onClientLoop(loop, () -> WebSocketClientConnection.websocketConnect(
                            "ws://127.0.0.1:" + server.port() + "/no-such-route")));
            assertEquals(404, e.status());
        }
        server.assertHealthy();
    }
}
