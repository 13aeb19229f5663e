package dev.weft.web;

import dev.weft.http.HttpStatus;

/**
 * Thrown from a {@link RequestHandler} to answer with an error status (Tornado's
 * {@code HTTPError}). The client sees only the status and reason phrase, through
 * {@link RequestHandler#writeError}; the log message is for the server's log, where it is written
 * at WARNING as Tornado writes it ({@code 403 GET /path (127.0.0.1): message}). A status outside
 * 100 to 599, which RFC 9110 §15 does not allow (Tornado would send it), is answered with 500.
 */
public class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String reason;
    private final String logMessage;

    /**
     * An error with the standard reason phrase and no log message.
     *
     * @param status the HTTP status, for instance 404
     */
    public HttpError(int status) {
        this(status, null, null);
    }

    /**
     * An error with a message for the log (never sent to the client).
     *
     * @param status the HTTP status
     * @param logMessage what to log, or null
     */
    public HttpError(int status, String logMessage) {
        this(status, logMessage, null);
    }

    /**
     * An error with a message for the log and a custom reason phrase.
     *
     * @param status the HTTP status
     * @param logMessage what to log, or null
     * @param reason the reason phrase sent in the status line, or null for the standard one
     */
    public HttpError(int status, String logMessage, String reason) {
        super("HTTP " + status + ": " + (reason != null ? reason : HttpStatus.reason(status))
                + (logMessage != null ? " (" + logMessage + ")" : ""), null, false, false);
        this.status = status;
        this.reason = reason;
        this.logMessage = logMessage;
    }

    /**
     * @return the message for the server's log, or null: logged at WARNING as
     *     {@code 403 GET /path (127.0.0.1): message} (Tornado's format), never sent to the client
     */
    public String logMessage() {
        return logMessage;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the custom reason phrase, or null */
    public String reason() {
        return reason;
    }
}
