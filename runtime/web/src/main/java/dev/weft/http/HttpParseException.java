package dev.weft.http;

/**
 * A request the server refuses before any handler sees it; carries the status to answer with.
 * Internal to the connection: clients only ever see the status.
 */
final class HttpParseException extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpParseException(int status, String message) {
        super(message, null, false, false); // no stack trace: bad input is routine, not a bug
        this.status = status;
    }
}
