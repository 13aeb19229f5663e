package dev.weft.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

/**
 * A blocking TLS client on an {@link SSLEngine} of its own, so a test can see the records the
 * server sends: whether a close_notify came before the TCP connection ended, for one.
 */
final class TlsEngineClient implements AutoCloseable {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final SSLEngine engine;
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;
    private final ByteBuffer app;
    private boolean eof;

    TlsEngineClient(int port, SSLContext context) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000); // a guard: a hang fails the test instead of blocking it
        in = socket.getInputStream();
        out = socket.getOutputStream();
        engine = context.createSSLEngine("localhost", port);
        engine.setUseClientMode(true);
        int packet = engine.getSession().getPacketBufferSize();
        netIn = ByteBuffer.allocate(2 * packet).flip();
        netOut = ByteBuffer.allocate(2 * packet);
        app = ByteBuffer.allocate(4 * engine.getSession().getApplicationBufferSize());
        engine.beginHandshake();
        for (;;) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_WRAP) {
                wrap(EMPTY);
            } else if (hs == HandshakeStatus.NEED_TASK) {
                Runnable t;
                while ((t = engine.getDelegatedTask()) != null) {
                    t.run();
                }
            } else if (hs == HandshakeStatus.NEED_UNWRAP) {
                if (unwrapOnce() == null) {
                    throw new IOException("closed during the handshake");
                }
            } else {
                break;
            }
        }
    }

    String protocol() {
        return engine.getSession().getProtocol();
    }

    private void wrap(ByteBuffer src) throws IOException {
        netOut.clear();
        engine.wrap(src, netOut);
        netOut.flip();
        out.write(netOut.array(), 0, netOut.limit());
        out.flush();
    }

    /** Unwraps one record, reading from the socket as needed; null at the TCP end. */
    private SSLEngineResult unwrapOnce() throws IOException {
        for (;;) {
            SSLEngineResult r = engine.unwrap(netIn, app);
            if (r.getStatus() != SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                return r;
            }
            netIn.compact();
            int n = in.read(netIn.array(), netIn.position(), netIn.remaining());
            if (n < 0) {
                eof = true;
                netIn.flip();
                return null;
            }
            netIn.position(netIn.position() + n);
            netIn.flip();
        }
    }

    void send(String text) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        while (src.hasRemaining()) {
            wrap(src);
        }
    }

    /** Reads application data until {@code marker} has arrived; returns all of it. */
    String readUntil(String marker) throws IOException {
        for (;;) {
            String sofar = new String(app.array(), 0, app.position(), StandardCharsets.ISO_8859_1);
            if (sofar.contains(marker)) {
                app.clear();
                return sofar;
            }
            SSLEngineResult r = unwrapOnce();
            if (r == null || r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new IOException("closed before " + marker + "; got " + sofar);
            }
        }
    }

    /**
     * Reads until the server ends the connection.
     *
     * @return true if a close_notify came, false if the TCP connection ended without one
     */
    boolean awaitClose() throws IOException {
        for (;;) {
            SSLEngineResult r = unwrapOnce();
            if (r == null) {
                return false;
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                return engine.isInboundDone();
            }
            app.clear();
        }
    }

    /** Sends close_notify. */
    void sendCloseNotify() throws IOException {
        engine.closeOutbound();
        while (!engine.isOutboundDone()) {
            wrap(EMPTY);
        }
    }

    /** @return whether the TCP connection has ended (reading after a close_notify) */
    boolean tcpEnded() throws IOException {
        if (eof) {
            return true;
        }
        return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
