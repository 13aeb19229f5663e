package dev.weft.web;

import dev.weft.Future;
import dev.weft.LoopLog;
import dev.weft.net.IOStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A WebSocket endpoint (RFC 6455; Tornado's {@code tornado.websocket.WebSocketHandler}). Route it
 * like any handler; a {@code GET} with a valid upgrade request becomes a WebSocket connection, and
 * its messages arrive in {@link #onMessage(String)} and {@link #onMessage(byte[])}.
 *
 * <pre>{@code
 * public class EchoWebSocket extends WebSocketHandler {
 *     @Override public void open() { System.out.println("WebSocket opened"); }
 *     @Override public Future<?> onMessage(String message) { return writeMessage("You said: " + message); }
 *     @Override public void onClose() { System.out.println("WebSocket closed"); }
 * }
 * }</pre>
 *
 * <p>The handshake is checked as RFC 6455 §4.2.1 says (Tornado is laxer on some points): a GET
 * over HTTP/1.1 or later whose {@code Upgrade} is {@code websocket} and whose {@code Connection}
 * lists {@code upgrade}, else 400; {@code Sec-WebSocket-Version: 13}, else 426 with
 * {@code Sec-WebSocket-Version: 13} (Tornado also takes the drafts' 7 and 8); a
 * {@code Sec-WebSocket-Key} that is 16 bytes in base64, else 400 (Tornado only wants one); an
 * {@code Origin} that {@link #checkOrigin} accepts, else 403. Then the server answers {@code 101}
 * and the connection is the handler's until it closes.
 *
 * <p>Messages are handled one at a time: when {@code onMessage} returns a future that is not done
 * (an {@code @Coroutine} that awaits), the next message is not read until it completes, as in
 * Tornado. {@link #writeMessage} returns a future that completes once the message is handed to
 * the kernel: await it to keep a slow client from making the server buffer without bound.
 *
 * <p>The application's settings give the ping interval and timeout and the largest message
 * ({@link Settings#websocketPingInterval}, {@link Settings#websocketPingTimeout},
 * {@link Settings#websocketMaxMessageSize}, default 10 MiB: a larger message closes the connection
 * with 1009). A client that breaks the protocol gets the close code that says why (1002, 1007,
 * 1009); the server goes on. No extension is offered, so no {@code permessage-deflate}.
 *
 * <p>Thread rules: as for every handler, all of it runs on the connection's loop thread; call
 * {@code writeMessage}, {@code close} and {@code ping} there only (from another thread, go through
 * the loop's {@code addCallback}).
 */
public abstract class WebSocketHandler extends RequestHandler {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketProtocol protocol;
    private String subprotocol;
    private boolean closeReported;

    /** A handler; the application makes one per request. */
    protected WebSocketHandler() {
    }

    // ---- what a subclass overrides ----

    /**
     * Called once the connection is open, before any message. Path arguments are in
     * {@link #pathArgs()}.
     */
    public void open() {
    }

    /**
     * The coroutine form of {@link #open()}: no message is delivered until its future completes.
     * The default calls {@code open()} and returns null.
     *
     * @return null or a future
     */
    public Future<?> openAsync() {
        open();
        return null;
    }

    /**
     * A text message arrived. The default closes the connection with 1003 (a kind of data this
     * endpoint does not accept).
     *
     * @param message the message
     * @return null, or a future (an {@code @Coroutine}): the next message waits for it
     */
    public Future<?> onMessage(String message) {
        close(1003, "text messages are not accepted");
        return null;
    }

    /**
     * A binary message arrived. The default closes the connection with 1003.
     *
     * @param message the message
     * @return null, or a future: the next message waits for it
     */
    public Future<?> onMessage(byte[] message) {
        close(1003, "binary messages are not accepted");
        return null;
    }

    /**
     * Called once when the connection has closed, by either side or because it broke;
     * {@link #closeCode()} and {@link #closeReason()} say what the client's close frame said.
     */
    public void onClose() {
    }

    /**
     * A pong arrived (an answer to {@link #ping}, or unasked).
     *
     * @param data its payload
     */
    public void onPong(byte[] data) {
    }

    /**
     * A ping arrived; the pong is sent already.
     *
     * @param data its payload
     */
    public void onPing(byte[] data) {
    }

    /**
     * Whether to accept a connection from a page of {@code origin} (the request's {@code Origin}
     * header; requests without one, from non-browser clients, are not checked). The default, as
     * Tornado's, accepts only the same origin: the host and port of the origin equal the
     * request's {@code Host}. Override it to allow other sites; a refused origin gets 403.
     *
     * @param origin the {@code Origin} header
     * @return true to accept
     */
    public boolean checkOrigin(String origin) {
        String host = request().headers().get("Host");
        if (host == null) {
            return false;
        }
        try {
            String authority = new URI(origin).getRawAuthority();
            return authority != null && authority.toLowerCase(Locale.ROOT)
                    .equals(host.toLowerCase(Locale.ROOT));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /**
     * Chooses one of the subprotocols the client offers ({@code Sec-WebSocket-Protocol}), in its
     * order of preference. The default chooses none.
     *
     * @param subprotocols what the client offers, possibly empty
     * @return one of them, or null for none
     */
    public String selectSubprotocol(List<String> subprotocols) {
        return null;
    }

    /**
     * The largest message accepted: {@link Settings#websocketMaxMessageSize} unless overridden.
     *
     * @return the size in bytes
     */
    public long maxMessageSize() {
        return application().settingsView().websocketMaxMessageSize;
    }

    /** @return how often to ping the client, or null for never ({@link Settings#websocketPingInterval}) */
    public Duration pingInterval() {
        return application().settingsView().websocketPingInterval;
    }

    /** @return how long to wait for a pong, or null for the default ({@link Settings#websocketPingTimeout}) */
    public Duration pingTimeout() {
        return application().settingsView().websocketPingTimeout;
    }

    // ---- what a subclass calls ----

    /**
     * Sends a text message.
     *
     * @param message the text
     * @return completes when handed to the kernel; fails with {@link WebSocketClosedException}
     *     if the connection is closed or closing
     */
    public Future<Void> writeMessage(String message) {
        if (protocol == null) {
            return Future.failed(new WebSocketClosedException());
        }
        return protocol.writeMessage(message.getBytes(StandardCharsets.UTF_8), true);
    }

    /**
     * Sends a binary message.
     *
     * @param message the bytes, not changed
     * @return as {@link #writeMessage(String)}
     */
    public Future<Void> writeMessage(byte[] message) {
        if (protocol == null) {
            return Future.failed(new WebSocketClosedException());
        }
        return protocol.writeMessage(message, false);
    }

    /**
     * Sends a ping; the answer comes to {@link #onPong}.
     *
     * @param data at most 125 bytes
     * @return completes when sent; fails if closed
     */
    public Future<Void> ping(byte[] data) {
        if (protocol == null) {
            return Future.failed(new WebSocketClosedException());
        }
        return protocol.ping(data);
    }

    /** Starts the closing handshake with no status code. */
    public void close() {
        close(null, null);
    }

    /**
     * Starts the closing handshake: sends a close frame and closes once the client answers (or
     * after 5 seconds). Nothing happens if it is closing already.
     *
     * @param code the status code (1000 is a normal close), or null for none
     * @param reason a short reason (at most 123 bytes of UTF-8), or null
     * @throws IllegalArgumentException for a code an endpoint may not send (1005, 1006, 1015,
     *     unassigned ones) or a reason too long
     */
    public void close(Integer code, String reason) {
        if (protocol != null) {
            protocol.close(code, reason);
        }
    }

    /** @return the status code of the client's close frame, or null (none sent, or not closed yet) */
    public Integer closeCode() {
        return protocol == null ? null : protocol.closeCode();
    }

    /** @return the reason of the client's close frame, or null */
    public String closeReason() {
        return protocol == null ? null : protocol.closeReason();
    }

    /** @return the subprotocol {@link #selectSubprotocol} chose, or null */
    public String selectedSubprotocol() {
        return subprotocol;
    }

    /** @return whether the connection is closing or closed (messages can no longer be sent) */
    public boolean isClosing() {
        return protocol == null || protocol.isClosing();
    }

    // ---- the handshake ----

    /** Checks the upgrade request and, if it is one, takes the connection over. */
    @Override
    public Future<?> getAsync() {
        var headers = request().headers();
        if (!"websocket".equalsIgnoreCase(trimmed(headers.get("Upgrade")))) {
            return refuse(400, "Can \"Upgrade\" only to \"WebSocket\".");
        }
        if (!headers.hasToken("Connection", "upgrade")) {
            return refuse(400, "\"Connection\" must be \"Upgrade\".");
        }
        if (request().version().equals("HTTP/1.0")) {
            return refuse(400, "WebSocket needs HTTP/1.1.");
        }
        String origin = headers.get("Origin");
        if (origin == null) {
            origin = headers.get("Sec-Websocket-Origin"); // the drafts' name, still checked as Tornado
        }
        if (origin != null && !checkOrigin(origin)) {
            return refuse(403, "Cross origin websockets not allowed");
        }
        if (!"13".equals(trimmed(headers.get("Sec-WebSocket-Version")))) {
            setHeader("Sec-WebSocket-Version", "13");
            return refuse(426, "Upgrade Required");
        }
        String key = trimmed(headers.get("Sec-WebSocket-Key"));
        if (!validKey(key)) {
            return refuse(400, "Missing/Invalid WebSocket key");
        }
        List<String> offered = new ArrayList<>();
        for (String value : headers.getAll("Sec-WebSocket-Protocol")) {
            for (String p : value.split(",")) {
                String t = p.trim();
                if (!t.isEmpty()) {
                    offered.add(t);
                }
            }
        }
        String chosen = selectSubprotocol(List.copyOf(offered));
        if (chosen != null && !offered.contains(chosen)) {
            throw new IllegalStateException("selectSubprotocol chose " + chosen + ", not offered: " + offered);
        }
        subprotocol = chosen;

        setStatus(101);
        clearHeader("Content-Type");
        setHeader("Upgrade", "websocket");
        setHeader("Connection", "Upgrade");
        setHeader("Sec-WebSocket-Accept", acceptKey(key));
        if (chosen != null) {
            setHeader("Sec-WebSocket-Protocol", chosen);
        }
        IOStream stream = request().connection().detach(); // first: finish() may send at once
        finish();
        long limit = maxMessageSize();
        stream.setMaxBufferSize((int) Math.min(Integer.MAX_VALUE / 2, limit + 256 * 1024));
        protocol = new WebSocketProtocol(stream, false, limit, pingInterval(), pingTimeout());
        Future<?> opened;
        try {
            opened = openAsync();
        } catch (RuntimeException e) {
            LoopLog.error("Uncaught exception in open of " + requestSummary(), e);
            protocol.abort();
            return null;
        }
        if (opened == null || opened.isDone()) {
            started(opened);
        } else {
            dev.weft.IOLoop.current().addFuture(opened, this::started);
        }
        return null;
    }

    private void started(Future<?> opened) {
        if (opened != null && (opened.isCancelled() || opened.exception() != null)) {
            LoopLog.error("Uncaught exception in open of " + requestSummary(),
                    opened.isCancelled() ? new java.util.concurrent.CancellationException() : opened.exception());
            protocol.abort();
            // The stream's close callback was never set: report the close here.
            reportClose();
            return;
        }
        protocol.start(new WebSocketProtocol.Listener() {
            @Override
            public Future<?> onMessage(Object message) {
                return message instanceof String ? WebSocketHandler.this.onMessage((String) message)
                        : WebSocketHandler.this.onMessage((byte[]) message);
            }

            @Override
            public void onPing(byte[] data) {
                WebSocketHandler.this.onPing(data);
            }

            @Override
            public void onPong(byte[] data) {
                WebSocketHandler.this.onPong(data);
            }

            @Override
            public void onClosed() {
                reportClose();
            }
        });
    }

    private void reportClose() {
        if (!closeReported) {
            closeReported = true;
            onClose();
        }
    }

    /** Answers a request that is no WebSocket handshake, as Tornado: the reason as the body, logged at DEBUG. */
    private Future<?> refuse(int status, String message) {
        LoopLog.debug(status + " " + requestSummary() + ": " + message, null);
        setStatus(status);
        write(message);
        finish();
        return null;
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }

    /** RFC 6455 §4.2.1: the key is 16 random bytes in base64. */
    static boolean validKey(String key) {
        if (key == null || key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** RFC 6455 §4.2.2: base64 of SHA-1 of the key and the protocol's GUID. */
    static String acceptKey(String key) {
        try {
            byte[] sha1 = java.security.MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e); // every JDK must have it
        }
    }
}
