package dev.weft.http;

import dev.weft.Future;
import java.io.ByteArrayOutputStream;

/**
 * The sink of a request whose body is read whole ({@link HttpRequestHandler#handle}): keeps every
 * piece and joins them. A body read in one piece (a {@code Content-Length} body) is kept as it
 * came, not copied.
 *
 * <p>Thread rules: one per body, on the connection's loop thread.
 */
final class BufferingSink implements BodySink {
    private static final byte[] EMPTY = new byte[0];
    private byte[] first;
    private ByteArrayOutputStream more;

    @Override
    public boolean streaming() {
        return false;
    }

    @Override
    public Future<?> dataReceived(byte[] chunk) {
        if (first == null) {
            first = chunk;
        } else {
            if (more == null) {
                more = new ByteArrayOutputStream(first.length + chunk.length);
                more.writeBytes(first);
            }
            more.writeBytes(chunk);
        }
        return null;
    }

    @Override
    public void finish() {
    }

    /** @return the body so far, empty if none */
    byte[] body() {
        return more != null ? more.toByteArray() : first != null ? first : EMPTY;
    }
}
