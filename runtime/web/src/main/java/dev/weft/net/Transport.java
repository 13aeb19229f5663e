package dev.weft.net;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What an {@link IOStream} reads from and writes to: the socket itself ({@link PlainTransport}),
 * or TLS over it ({@link TlsTransport}). The stream keeps the buffers, the pending read and the
 * write queue; a transport only moves application bytes, so that logic exists once.
 *
 * <p>Thread rules: the stream's loop thread only.
 */
interface Transport {
    /**
     * Reads application bytes into {@code dst}, without blocking.
     *
     * @param dst where they go
     * @return how many were read (0 if none are ready yet), or -1 at the end of the input
     * @throws IOException if the connection failed or the peer broke the protocol
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes application bytes from {@code src} as far as the socket takes them now.
     *
     * @param src the bytes
     * @return how many were taken (0 if the socket is full)
     * @throws IOException if the connection failed
     */
    int write(ByteBuffer src) throws IOException;

    /**
     * Writes from several buffers in turn, as far as the socket takes them now.
     *
     * @param srcs the buffers
     * @param offset the first one
     * @param length how many
     * @return how many bytes were taken
     * @throws IOException if the connection failed
     */
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /**
     * Sends what the transport itself holds unsent (TLS records, handshake messages).
     *
     * @throws IOException if the connection failed
     */
    void flush() throws IOException;

    /**
     * The selector interest the transport needs, given what the stream wants.
     *
     * @param wanted the stream's {@code OP_READ}/{@code OP_WRITE} bits
     * @return the bits to register
     */
    int interestOps(int wanted);

    /**
     * Ends the output side: after what is queued, the peer sees the end of the stream.
     *
     * @throws IOException if the connection failed
     */
    void shutdownOutput() throws IOException;

    /** Says goodbye to the peer if the protocol has a way (without blocking), before the socket closes. */
    void closing();

    /**
     * Called once by the stream: {@code readAgain} reads from the transport on a later loop
     * iteration, for input it holds that the socket will not signal again.
     *
     * @param readAgain what to run
     */
    void bind(Runnable readAgain);
}
