package dev.weft.net;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * An {@link IOStream} over TLS: Tornado's {@code SSLIOStream}. Reads and writes carry application
 * data; the handshake runs first, driven by the loop, and writes made before it ends wait for it.
 * The TLS work is the JDK's {@link SSLEngine}, used without blocking (see the package
 * documentation for the handshake, renegotiation and close rules).
 *
 * <p>{@link TCPServer} and {@link TCPClient} make these when given an
 * {@link javax.net.ssl.SSLContext}; both wait for the handshake before handing the stream on.
 *
 * <p>Thread rules: as {@link IOStream}.
 */
public final class SslIOStream extends IOStream {
    private final TlsTransport tls;
    private final IOLoop loop;
    private Future<SslIOStream> handshake;
    private boolean handshakeDone;

    /**
     * Wraps a connected (or connecting) channel with an engine already set to client or server
     * mode, on the calling thread's loop.
     *
     * @param channel the socket; the stream owns it from now on
     * @param engine the TLS engine for this connection, not used yet
     */
    public SslIOStream(SocketChannel channel, SSLEngine engine) {
        this(channel, new TlsTransport(channel, Objects.requireNonNull(engine, "engine")));
    }

    private SslIOStream(SocketChannel channel, TlsTransport tls) {
        super(channel, tls);
        this.tls = tls;
        this.loop = IOLoop.current();
        tls.onHandshakeDone(this::handshakeCompleted);
    }

    /**
     * Starts the handshake if it has not started, and waits for it (Tornado's
     * {@code wait_for_handshake}). Call it once the socket is connected.
     *
     * @return completes with this stream once the handshake is done, on a later loop iteration;
     *     fails with the TLS error or {@link StreamClosedException} if the connection ends first
     */
    public Future<SslIOStream> waitForHandshake() {
        if (handshake != null) {
            return handshake;
        }
        handshake = new Future<>();
        if (isClosed()) {
            handshake.setException(new StreamClosedException(error()));
            return handshake;
        }
        if (handshakeDone) {
            handshake.setResult(this);
            return handshake;
        }
        setCloseCallbackForHandshake();
        try {
            tls.start();
        } catch (IOException | RuntimeException e) {
            close();
            handshake.setException(e);
            return handshake;
        }
        updateInterest();
        return handshake;
    }

    private void setCloseCallbackForHandshake() {
        setCloseCallback(() -> {
            Future<SslIOStream> f = handshake;
            if (f != null && !f.isDone()) {
                Throwable e = error();
                f.setException(e != null ? e : new StreamClosedException(null));
            }
        });
    }

    private void handshakeCompleted() {
        handshakeDone = true;
        // Completed on a later iteration: the engine is in the middle of a read or write now,
        // and what the future's callbacks do (start a read, write) must not run inside it.
        loop.addCallback(() -> {
            Future<SslIOStream> f = handshake;
            if (f != null && !isClosed()) {
                setCloseCallback(null);
                f.setResult(this);
            }
        });
    }

    /**
     * The TLS session: protocol, cipher suite, the peer's certificates once the handshake is done.
     *
     * @return the engine's session
     */
    public SSLSession session() {
        return tls.engine().getSession();
    }

    /**
     * The protocol ALPN chose (RFC 7301), such as {@code http/1.1}.
     *
     * @return the protocol, empty if none was negotiated, null before the handshake is done
     */
    public String applicationProtocol() {
        return handshakeDone ? tls.engine().getApplicationProtocol() : null;
    }
}
