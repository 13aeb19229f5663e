package dev.weft.web;

/**
 * A peer broke RFC 6455: the connection is failed with {@link #closeCode} (1002 protocol error,
 * 1007 invalid data, 1009 too big).
 */
final class WebSocketProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The close code to answer with. */
    final int closeCode;

    WebSocketProtocolException(int closeCode, String message) {
        super(message, null, false, false); // expected input, not a bug: no stack trace
        this.closeCode = closeCode;
    }
}
