package dev.weft.web;

import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.LoopLog;
import dev.weft.Timeout;
import dev.weft.net.IOStream;
import dev.weft.net.StreamClosedException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One WebSocket connection after its handshake, either end (RFC 6455 §5-§7; Tornado's
 * {@code WebSocketProtocol13}): frames become messages, messages become frames, and the closing
 * handshake, pings and protocol errors are handled here, for {@link WebSocketHandler} on a server
 * and {@link WebSocketClientConnection} on a client alike.
 *
 * <p>Reading: frames are read ahead in chunks and handed over one message at a time; when the
 * listener's {@code onMessage} returns a future that is not done, no further frame is read until
 * it is (Tornado's flow control, and back-pressure on a fast sender). Control frames may come
 * between the fragments of a message; text is checked to be UTF-8 as it arrives, across fragments.
 *
 * <p>A peer that breaks the protocol gets a close frame with the code that says why (1002
 * protocol error, 1007 invalid UTF-8, 1009 message too big) and the connection is closed; nothing
 * is thrown and nothing is logged above DEBUG. A listener that throws, or whose future fails, is
 * logged at ERROR and the connection is closed with 1011.
 *
 * <p>Closing: whoever closes sends a close frame and waits up to 5 seconds (Tornado's wait) for
 * the peer's; an endpoint that receives one answers with the same code. Once both are exchanged
 * the TCP connection is shut down for writing and drained until the peer closes too (at most 2
 * seconds): closing a socket with unread input makes the kernel send a reset, which can destroy
 * the close frame before the peer reads it.
 *
 * <p>No extension is negotiated (so no {@code permessage-deflate}); frames with reserved bits are
 * therefore errors. Outgoing messages are never fragmented.
 *
 * <p>Thread rules: everything on the stream's loop thread.
 */
final class WebSocketProtocol {
    /** What the protocol reports to its owner; all on the loop thread. */
    interface Listener {
        /**
         * A whole message: a String for text, a byte[] for binary.
         *
         * @return null, or a future to wait for before the next message is read
         */
        Future<?> onMessage(Object message);

        void onPing(byte[] data);

        void onPong(byte[] data);

        /** The connection has closed, by either side or by failure; called once. */
        void onClosed();
    }

    private static final int READ_CHUNK = 64 * 1024;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final long LINGER_MAX_BYTES = 1024 * 1024;
    private static final byte[] EMPTY = new byte[0];

    private final IOStream stream;
    private final IOLoop loop;
    private final SecureRandom maskSource; // null on a server
    private final WebSocketFrameDecoder decoder;
    private final long maxMessageSize;
    private final long pingInterval; // nanoseconds, 0 for none
    private final long pingTimeout;
    private Listener listener;

    // A fragmented message being put together.
    private int fragmentOpcode = -1;
    private final List<byte[]> fragments = new ArrayList<>();
    private long fragmentBytes;
    private Utf8Validator utf8;

    private boolean receiveDone; // a close frame came, or the peer broke the protocol
    private boolean closeSent;
    private boolean lingering;
    private long drained;
    private boolean closedReported;
    private Integer closeCode;
    private String closeReason;
    private Timeout closeTimer;
    private Timeout pingTimer;
    private long lastPing;
    private long lastPong;

    /**
     * @param stream the connection, just past the handshake
     * @param client true on the client side (frames sent masked, frames received unmasked)
     * @param maxMessageSize the largest message accepted; larger ones fail the connection (1009)
     * @param pingInterval how often to ping, or null/zero for never
     * @param pingTimeout how long without a pong closes the connection; null for Tornado's
     *     default, the larger of three intervals and 30 seconds
     */
    WebSocketProtocol(IOStream stream, boolean client, long maxMessageSize, Duration pingInterval,
            Duration pingTimeout) {
        this.stream = stream;
        this.loop = IOLoop.current();
        this.maskSource = client ? new SecureRandom() : null;
        this.decoder = new WebSocketFrameDecoder(!client);
        this.maxMessageSize = maxMessageSize;
        this.pingInterval = pingInterval == null || pingInterval.isNegative() ? 0 : pingInterval.toNanos();
        long timeout = pingTimeout != null ? pingTimeout.toNanos()
                : Math.max(3 * this.pingInterval, Duration.ofSeconds(30).toNanos());
        this.pingTimeout = timeout;
    }

    /** Starts reading (and pinging) on behalf of {@code l}. */
    void start(Listener l) {
        this.listener = l;
        stream.setCloseCallback(this::onStreamClosed);
        lastPing = lastPong = loop.time();
        schedulePing();
        processFrames();
    }

    /** @return the code of the peer's close frame, or null */
    Integer closeCode() {
        return closeCode;
    }

    /** @return the reason of the peer's close frame, or null */
    String closeReason() {
        return closeReason;
    }

    /** @return whether no more messages may be sent: closing or closed */
    boolean isClosing() {
        return closeSent || stream.isClosed();
    }

    /** @return the stream (for its address and options) */
    IOStream stream() {
        return stream;
    }

    /**
     * Sends a message.
     *
     * @return completes when handed to the kernel; fails with {@link WebSocketClosedException}
     *     if closing, or {@link StreamClosedException} if the connection drops first
     */
    Future<Void> writeMessage(byte[] payload, boolean text) {
        if (isClosing()) {
            return Future.failed(new WebSocketClosedException());
        }
        return send(text ? WebSocketFrame.TEXT : WebSocketFrame.BINARY, payload);
    }

    /** Sends a ping (at most 125 bytes). */
    Future<Void> ping(byte[] data) {
        if (data.length > WebSocketFrame.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("a ping carries at most 125 bytes");
        }
        if (isClosing()) {
            return Future.failed(new WebSocketClosedException());
        }
        return send(WebSocketFrame.PING, data);
    }

    /**
     * Starts the closing handshake (does nothing if it has started).
     *
     * @param code the status code, or null to send none
     * @param reason the reason, or null
     * @throws IllegalArgumentException for a code an endpoint may not send, or a reason over 123
     *     bytes of UTF-8
     */
    void close(Integer code, String reason) {
        if (code != null && !WebSocketFrame.isValidCloseCode(code)) {
            throw new IllegalArgumentException("not a close code an endpoint may send: " + code);
        }
        if (code == null && reason != null) {
            throw new IllegalArgumentException("a close reason needs a code");
        }
        byte[] payload = WebSocketFrame.closePayload(code, reason);
        if (isClosing()) {
            return;
        }
        closeSent = true;
        send(WebSocketFrame.CLOSE, payload);
        if (receiveDone) {
            lingerClose();
        } else {
            cancelTimer();
            closeTimer = loop.callLater(CLOSE_WAIT, stream::close);
        }
    }

    /** Drops the connection without a closing handshake (Tornado's {@code _abort}). */
    void abort() {
        stream.close();
    }

    private Future<Void> send(int opcode, byte[] payload) {
        return stream.write(WebSocketFrame.encode(opcode, payload, maskSource));
    }

    // ---- reading ----

    private void readMore() {
        if (stream.isClosed() || stream.reading()) {
            return;
        }
        stream.readBytes(READ_CHUNK, true).addDoneCallback(this::onRead);
    }

    private void onRead(Future<byte[]> f) {
        if (f.exception() != null) {
            return; // the stream closed: onStreamClosed reports it
        }
        byte[] data = f.result();
        if (lingering) {
            drained += data.length;
            if (drained > LINGER_MAX_BYTES) {
                stream.close();
            } else {
                readMore();
            }
            return;
        }
        if (receiveDone) {
            return; // failed or closed: the bytes mean nothing now, lingerClose will drain
        }
        decoder.feed(data);
        processFrames();
    }

    /** Handles the frames buffered, then reads more; pauses while a message is being handled. */
    private void processFrames() {
        while (!receiveDone) {
            WebSocketFrame frame;
            Future<?> pending;
            try {
                frame = decoder.next(maxMessageSize - fragmentBytes);
                if (frame == null) {
                    readMore();
                    return;
                }
                pending = handleFrame(frame);
            } catch (WebSocketProtocolException e) {
                fail(e.closeCode, e.getMessage());
                return;
            }
            if (pending != null) {
                if (!pending.isDone()) {
                    loop.addFuture(pending, done -> {
                        handled(done);
                        processFrames();
                    });
                    return;
                }
                handled(pending);
            }
        }
    }

    private Future<?> handleFrame(WebSocketFrame frame) throws WebSocketProtocolException {
        byte[] payload = frame.payload;
        switch (frame.opcode) {
            case WebSocketFrame.TEXT:
            case WebSocketFrame.BINARY:
                if (fragmentOpcode >= 0) {
                    throw new WebSocketProtocolException(1002, "a new message inside a fragmented one");
                }
                boolean text = frame.opcode == WebSocketFrame.TEXT;
                if (frame.fin) {
                    if (text && !Utf8Validator.isValid(payload)) {
                        throw new WebSocketProtocolException(1007, "text that is not UTF-8");
                    }
                    return deliver(text ? new String(payload, StandardCharsets.UTF_8) : payload);
                }
                fragmentOpcode = frame.opcode;
                utf8 = text ? new Utf8Validator() : null;
                addFragment(payload);
                return null;
            case WebSocketFrame.CONTINUATION:
                if (fragmentOpcode < 0) {
                    throw new WebSocketProtocolException(1002, "a continuation frame with nothing to continue");
                }
                addFragment(payload);
                if (!frame.fin) {
                    return null;
                }
                if (utf8 != null && !utf8.complete()) {
                    throw new WebSocketProtocolException(1007, "text that ends inside a UTF-8 character");
                }
                byte[] whole = joinFragments();
                boolean wasText = fragmentOpcode == WebSocketFrame.TEXT;
                fragmentOpcode = -1;
                utf8 = null;
                return deliver(wasText ? new String(whole, StandardCharsets.UTF_8) : whole);
            case WebSocketFrame.PING:
                if (!closeSent) {
                    send(WebSocketFrame.PONG, payload);
                }
                try {
                    listener.onPing(payload);
                } catch (RuntimeException e) {
                    listenerFailed("onPing", e);
                }
                return null;
            case WebSocketFrame.PONG:
                lastPong = loop.time();
                try {
                    listener.onPong(payload);
                } catch (RuntimeException e) {
                    listenerFailed("onPong", e);
                }
                return null;
            default: // CLOSE: the decoder lets no other opcode through
                onCloseFrame(payload);
                return null;
        }
    }

    private void addFragment(byte[] payload) throws WebSocketProtocolException {
        if (utf8 != null && !utf8.feed(payload, 0, payload.length)) {
            throw new WebSocketProtocolException(1007, "text that is not UTF-8");
        }
        fragments.add(payload);
        fragmentBytes += payload.length;
    }

    private byte[] joinFragments() {
        byte[] out = new byte[(int) fragmentBytes];
        int at = 0;
        for (byte[] part : fragments) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        fragments.clear();
        fragmentBytes = 0;
        return out;
    }

    private Future<?> deliver(Object message) {
        if (closeSent) {
            return null; // we are closing: what the peer sent meanwhile is dropped
        }
        try {
            return listener.onMessage(message);
        } catch (RuntimeException e) {
            listenerFailed("onMessage", e);
            return null;
        }
    }

    /** After a message's future is done: a failure closes the connection (1011). */
    private void handled(Future<?> f) {
        Throwable t = f.isCancelled() ? new java.util.concurrent.CancellationException() : f.exception();
        if (t == null) {
            return;
        }
        if (t instanceof StreamClosedException) {
            // The handler wrote to a connection that had gone: routine, as for HTTP responses.
            LoopLog.debug("WebSocket " + stream + " closed while a message was handled", null);
            return;
        }
        listenerFailed("onMessage", t);
    }

    private void listenerFailed(String what, Throwable t) {
        if (t instanceof VirtualMachineError) {
            throw (VirtualMachineError) t;
        }
        LoopLog.error("Uncaught exception in " + what + " of WebSocket " + stream, t);
        if (!isClosing()) {
            close(1011, null);
        }
    }

    private void onCloseFrame(byte[] payload) throws WebSocketProtocolException {
        if (payload.length == 1) {
            throw new WebSocketProtocolException(1002, "a close frame with a 1-byte payload");
        }
        Integer code = null;
        if (payload.length >= 2) {
            int c = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
            if (!WebSocketFrame.isValidCloseCode(c)) {
                throw new WebSocketProtocolException(1002, "invalid close code " + c);
            }
            byte[] reason = java.util.Arrays.copyOfRange(payload, 2, payload.length);
            if (!Utf8Validator.isValid(reason)) {
                throw new WebSocketProtocolException(1007, "a close reason that is not UTF-8");
            }
            code = c;
            closeCode = c;
            closeReason = new String(reason, StandardCharsets.UTF_8);
        }
        receiveDone = true;
        if (!closeSent) {
            closeSent = true;
            send(WebSocketFrame.CLOSE, WebSocketFrame.closePayload(code, null)); // echo the code
        }
        lingerClose();
    }

    /** Fails the connection (RFC 6455 §7.1.7): a close frame saying why, then closing. */
    private void fail(int code, String why) {
        LoopLog.debug("Failing WebSocket " + stream + " with " + code + ": " + why, null);
        receiveDone = true;
        if (!closeSent) {
            closeSent = true;
            String reason = why.length() <= 123 ? why : why.substring(0, 123);
            send(WebSocketFrame.CLOSE, WebSocketFrame.closePayload(code, reason));
        }
        lingerClose();
    }

    /** Once what is queued is sent: shut down our side, then drain until the peer closes. */
    private void lingerClose() {
        if (lingering || stream.isClosed()) {
            return;
        }
        lingering = true;
        cancelPing();
        stream.write(EMPTY).addDoneCallback(f -> {
            if (f.exception() != null || stream.isClosed()) {
                stream.close();
                return;
            }
            if (!stream.shutdownOutputOrClose()) { // with TLS, a close_notify first
                return;
            }
            cancelTimer();
            closeTimer = loop.callLater(LINGER, stream::close);
            readMore(); // a read still pending drains too: onRead sees lingering
        });
    }

    private void onStreamClosed() {
        cancelTimer();
        cancelPing();
        if (closedReported) {
            return;
        }
        closedReported = true;
        try {
            listener.onClosed();
        } catch (RuntimeException e) {
            LoopLog.error("Uncaught exception in onClose of WebSocket " + stream, e);
        }
    }

    // ---- pings (Tornado's periodic_ping) ----

    private void schedulePing() {
        if (pingInterval > 0) {
            pingTimer = loop.callLater(Duration.ofNanos(pingInterval), this::periodicPing);
        }
    }

    private void periodicPing() {
        pingTimer = null;
        if (isClosing()) {
            return;
        }
        long now = loop.time();
        // As Tornado: a loop that was itself stalled (no ping sent for two intervals) does not
        // blame the peer for the missing pong.
        if (now - lastPing < 2 * pingInterval && now - lastPong > pingTimeout) {
            LoopLog.debug("WebSocket " + stream + " sent no pong in time: closing", null);
            close(null, null);
            return;
        }
        send(WebSocketFrame.PING, EMPTY);
        lastPing = now;
        schedulePing();
    }

    private void cancelPing() {
        if (pingTimer != null) {
            loop.removeTimeout(pingTimer);
            pingTimer = null;
        }
    }

    private void cancelTimer() {
        if (closeTimer != null) {
            loop.removeTimeout(closeTimer);
            closeTimer = null;
        }
    }
}
