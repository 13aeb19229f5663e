package dev.weft.web;

import java.io.IOException;

/**
 * {@link WebSocketClientConnection#websocketConnect} could not open a WebSocket: the server
 * answered something other than a valid {@code 101 Switching Protocols} (Tornado raises an
 * {@code HTTPClientError} with the code).
 */
public class WebSocketHandshakeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    /**
     * @param status the server's status code (101 when the 101 itself was not valid)
     * @param message what was wrong
     */
    public WebSocketHandshakeException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** @return the server's status code */
    public int status() {
        return status;
    }
}
