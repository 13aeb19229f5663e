package dev.weft.net;

/**
 * A {@link IOStream#write} that would queue more than the stream's write limit (Tornado's
 * {@code StreamBufferFullError}): the caller is producing faster than the peer reads and should
 * await earlier writes first.
 */
public class StreamBufferFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * A full write buffer.
     *
     * @param message the detail
     */
    public StreamBufferFullException(String message) {
        super(message);
    }
}
