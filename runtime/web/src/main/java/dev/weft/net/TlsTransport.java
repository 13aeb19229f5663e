package dev.weft.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS over a non-blocking socket through the JDK's {@link SSLEngine}, on the loop thread: the
 * counterpart of Tornado's {@code SSLIOStream} internals.
 *
 * <p><b>Handshake.</b> Driven by the stream's readiness events: received records are unwrapped as
 * they come, handshake messages wrapped and sent as the engine asks. The engine's delegated tasks
 * (key agreement, the server's signature, checking a certificate chain) are run at once on the
 * loop thread. They are short, CPU-bound computations (well under a millisecond for ECDHE and an
 * EC key, about a millisecond for an RSA-2048 signature); handing them to another thread would
 * cost a thread hop and a wake-up on each, add a second core that a one-loop server is not meant
 * to need, and would not make the loop's total work any smaller. Netty's {@code SslHandler} runs
 * them inline by default for the same reasons. Application writes wait until the handshake is
 * done.
 *
 * <p><b>Renegotiation</b> (a new handshake on a TLS 1.2 connection, asked by either side) is
 * refused: the connection is closed (with a close_notify) instead. It has been the vehicle of
 * attacks (CVE-2009-3555, renegotiation DoS) and HTTP/1.1 has no use for it. TLS 1.3 has no
 * renegotiation; its post-handshake messages (KeyUpdate, NewSessionTicket) are answered as the
 * engine asks.
 *
 * <p><b>Closing.</b> A close_notify received ends the input (the stream reads -1 once the data
 * before it is delivered) and is answered with one; {@link #closing} and {@link #shutdownOutput}
 * send one. A peer that closes the TCP connection without a close_notify is taken as having
 * closed it (Tornado, browsers and curl do the same): HTTP/1.1 frames its own messages, so a
 * truncation cannot pass for a complete response.
 *
 * <p><b>Buffers.</b> Received records wait in a buffer of two packet sizes from the session
 * ({@link javax.net.ssl.SSLSession#getPacketBufferSize()}), so a partial record always has room;
 * their plaintext lands in the stream's 64 KiB scratch buffer, which is larger than what two
 * packets decrypt to. Records to send are wrapped into a per-thread buffer of four packets and
 * written from there; only what the socket does not take is copied into a buffer of the
 * connection's own, so an idle connection holds no output buffer.
 *
 * <p>Thread rules: the stream's loop thread only.
 */
final class TlsTransport implements Transport {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int WRAP_PACKETS = 4;
    private static final ThreadLocal<ByteBuffer[]> WRAP_BUFFER = ThreadLocal.withInitial(() -> new ByteBuffer[1]);

    private final SocketChannel channel;
    private final SSLEngine engine;
    private Runnable handshakeListener = () -> { };
    /** Received bytes not yet unwrapped; in fill mode. */
    private ByteBuffer netIn;
    /** Wrapped bytes the socket did not take yet; in drain mode, null when none. */
    private ByteBuffer pendingOut;
    private final ByteBuffer[] one = new ByteBuffer[1]; // write(ByteBuffer) without garbage
    private Runnable readAgain;
    private boolean started;
    private boolean handshaking = true;
    private boolean eof;
    private boolean inboundDone;
    private boolean closeNotifyQueued;
    private boolean shutdownRequested;
    private boolean shutdownDone;

    TlsTransport(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        this.netIn = ByteBuffer.allocate(2 * engine.getSession().getPacketBufferSize());
    }

    /** Runs {@code listener} when the initial handshake has completed. */
    void onHandshakeDone(Runnable listener) {
        this.handshakeListener = listener;
    }

    SSLEngine engine() {
        return engine;
    }

    boolean handshaking() {
        return handshaking;
    }

    /** Starts the handshake: a client sends its hello now, a server waits for one. */
    void start() throws IOException {
        if (started) {
            return;
        }
        started = true;
        engine.beginHandshake();
        advance();
    }

    @Override
    public void bind(Runnable readAgain) {
        this.readAgain = readAgain;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (inboundDone) {
            return -1;
        }
        try {
            if (!started) {
                start();
            }
            if (!eof && netIn.hasRemaining()) {
                if (channel.read(netIn) < 0) {
                    eof = true;
                }
            }
            int produced = unwrapAll(dst);
            if (produced > 0) {
                if (inboundDone || eof) {
                    readAgain.run(); // the socket will not tell of this end again
                }
                return produced;
            }
        } catch (SSLException e) {
            sendAlert();
            throw e;
        }
        return inboundDone || eof ? -1 : 0;
    }

    /** Unwraps every complete record in {@link #netIn} into {@code dst}. */
    private int unwrapAll(ByteBuffer dst) throws IOException {
        netIn.flip();
        int produced = 0;
        try {
            while (netIn.hasRemaining() && !inboundDone) {
                SSLEngineResult r = engine.unwrap(netIn, dst);
                produced += r.bytesProduced();
                SSLEngineResult.Status s = r.getStatus();
                if (s == SSLEngineResult.Status.CLOSED) {
                    peerClosed();
                    break;
                }
                if (s == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    // Cannot happen with the stream's scratch buffer (see the class comment); if
                    // it does, read the rest on the next iteration rather than lose it.
                    readAgain.run();
                    break;
                }
                if (s == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                    growNetInIfNeeded();
                    break;
                }
                checkHandshake(r);
                advance();
                if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                    break; // the engine waits for something else (a wrap the socket cannot take)
                }
            }
        } finally {
            netIn.compact();
        }
        return produced;
    }

    private void growNetInIfNeeded() {
        int need = engine.getSession().getPacketBufferSize();
        if (netIn.capacity() < need) {
            ByteBuffer bigger = ByteBuffer.allocate(2 * need);
            bigger.put(netIn);
            netIn = bigger.flip();
        }
    }

    /** The peer sent close_notify: answer with ours, as RFC 8446 section 6.1 asks. */
    private void peerClosed() throws IOException {
        inboundDone = true;
        queueCloseNotify();
    }

    /**
     * After the initial handshake, the engine asking for more handshaking is renegotiation (TLS
     * 1.2 and older), which is refused; TLS 1.3's post-handshake messages are served.
     */
    private void checkHandshake(SSLEngineResult r) throws SSLException {
        HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == HandshakeStatus.FINISHED) {
            finishHandshake();
            return;
        }
        if (!handshaking && !closeNotifyQueued && hs != HandshakeStatus.NOT_HANDSHAKING
                && !"TLSv1.3".equals(engine.getSession().getProtocol())) {
            throw new SSLException("TLS renegotiation refused");
        }
    }

    private void finishHandshake() {
        if (handshaking) {
            handshaking = false;
            handshakeListener.run();
        }
    }

    /** Does what the engine asks until it waits for the peer (or for the socket to drain). */
    private void advance() throws IOException {
        for (;;) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK:
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run(); // on the loop: see the class comment
                    }
                    break;
                case NEED_WRAP:
                    if (!flushPending()) {
                        return; // OP_WRITE brings us back
                    }
                    ByteBuffer out = wrapBuffer();
                    SSLEngineResult r = engine.wrap(EMPTY, out);
                    out.flip();
                    send(out);
                    if (r.bytesProduced() == 0
                            && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                        return; // closed, or nothing to send after all: do not spin
                    }
                    checkHandshake(r);
                    break;
                case NOT_HANDSHAKING:
                    if (started) {
                        finishHandshake();
                    }
                    return;
                default:
                    return; // NEED_UNWRAP: the peer's turn
            }
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        one[0] = src;
        try {
            return (int) write(one, 0, 1);
        } finally {
            one[0] = null;
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (handshaking) {
            flush();
            return 0; // application data waits for the handshake
        }
        if (closeNotifyQueued) {
            throw new SSLException("TLS output is closed");
        }
        if (!flushPending()) {
            return 0;
        }
        int packet = engine.getSession().getPacketBufferSize();
        ByteBuffer out = wrapBuffer();
        long taken = 0;
        while (remaining(srcs, offset, length) && out.remaining() >= packet) {
            SSLEngineResult r = engine.wrap(srcs, offset, length, out);
            taken += r.bytesConsumed();
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("TLS output is closed");
            }
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                break;
            }
        }
        out.flip();
        send(out);
        advance(); // a TLS 1.3 KeyUpdate may follow the data
        return taken;
    }

    private static boolean remaining(ByteBuffer[] srcs, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (srcs[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void flush() throws IOException {
        if (flushPending()) {
            advance();
        }
    }

    @Override
    public int interestOps(int wanted) {
        int ops = handshaking ? SelectionKey.OP_READ : wanted;
        if (pendingOut != null) {
            ops |= SelectionKey.OP_WRITE;
        }
        return ops;
    }

    @Override
    public void shutdownOutput() throws IOException {
        shutdownRequested = true;
        if (flushPending()) {
            queueCloseNotify();
        }
    }

    @Override
    public void closing() {
        // Best effort and without blocking: the socket closes right after this.
        try {
            if (!handshaking && flushPending()) {
                queueCloseNotify();
            }
        } catch (IOException | RuntimeException e) {
            // the peer is gone already: nothing to tell it
        }
    }

    /** After a failed unwrap the engine holds an alert for the peer: send it if the socket takes it. */
    private void sendAlert() {
        try {
            engine.closeOutbound();
            closeNotifyQueued = true;
            if (flushPending()) {
                ByteBuffer out = wrapBuffer();
                engine.wrap(EMPTY, out);
                out.flip();
                channel.write(out);
            }
        } catch (IOException | RuntimeException e) {
            // the connection is being closed for the peer's fault: nothing more to do
        }
    }

    private void queueCloseNotify() throws IOException {
        if (closeNotifyQueued) {
            return;
        }
        closeNotifyQueued = true;
        engine.closeOutbound();
        ByteBuffer out = wrapBuffer();
        while (!engine.isOutboundDone()) {
            SSLEngineResult r = engine.wrap(EMPTY, out);
            if (r.bytesProduced() == 0) {
                break;
            }
        }
        out.flip();
        send(out);
        flushPending();
    }

    /** Writes {@code out} to the socket and keeps what it does not take. */
    private void send(ByteBuffer out) throws IOException {
        if (pendingOut == null && out.hasRemaining()) {
            channel.write(out);
        }
        if (out.hasRemaining()) {
            int before = pendingOut == null ? 0 : pendingOut.remaining();
            ByteBuffer keep = ByteBuffer.allocate(before + out.remaining());
            if (pendingOut != null) {
                keep.put(pendingOut); // what was pending goes first
            }
            keep.put(out).flip();
            pendingOut = keep;
        }
    }

    /**
     * Writes what the socket did not take before.
     *
     * @return whether nothing is pending any more
     */
    private boolean flushPending() throws IOException {
        if (pendingOut != null) {
            channel.write(pendingOut);
            if (pendingOut.hasRemaining()) {
                return false;
            }
            pendingOut = null;
        }
        if (shutdownRequested && !shutdownDone) {
            if (!closeNotifyQueued) {
                queueCloseNotify(); // calls back here once the close_notify is written
                return pendingOut == null;
            }
            shutdownDone = true;
            channel.shutdownOutput();
        }
        return true;
    }

    private ByteBuffer wrapBuffer() {
        int need = WRAP_PACKETS * engine.getSession().getPacketBufferSize();
        ByteBuffer[] holder = WRAP_BUFFER.get();
        if (holder[0] == null || holder[0].capacity() < need) {
            holder[0] = ByteBuffer.allocateDirect(need);
        }
        ByteBuffer out = holder[0];
        out.clear();
        return out;
    }
}
