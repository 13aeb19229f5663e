package dev.weft.net;

import java.io.IOException;

/**
 * An operation on an {@link IOStream} that is closed, or that was closed while the operation was
 * pending (Tornado's {@code StreamClosedError}). The reason the stream closed, if it was an error,
 * is the cause.
 */
public class StreamClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * A closed-stream failure.
     *
     * @param cause why the stream closed, or null if it was closed normally
     */
    public StreamClosedException(Throwable cause) {
        super(cause == null ? "Stream is closed" : "Stream is closed: " + cause, cause);
    }
}
