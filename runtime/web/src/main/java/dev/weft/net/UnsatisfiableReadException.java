package dev.weft.net;

import java.io.IOException;

/**
 * A read that can never complete within its limit: {@link IOStream#readUntil} found no delimiter
 * within {@code maxBytes} (Tornado's {@code UnsatisfiableReadError}). Unlike Tornado, the stream is
 * left open with the data still buffered, so that a server can still answer, for example with
 * {@code 431 Request Header Fields Too Large}.
 */
public class UnsatisfiableReadException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * A read that cannot be satisfied.
     *
     * @param message what was looked for and the limit
     */
    public UnsatisfiableReadException(String message) {
        super(message);
    }
}
