package dev.weft.web;

import dev.weft.net.StreamClosedException;

/**
 * A message written to a WebSocket that is closed or closing (Tornado's
 * {@code WebSocketClosedError}). It is a {@link StreamClosedException}, so one {@code catch}
 * covers both ways a connection can be gone: closed before the write, or dropped during it.
 */
public class WebSocketClosedException extends StreamClosedException {
    private static final long serialVersionUID = 1L;

    /** A write to a closed WebSocket. */
    public WebSocketClosedException() {
        super(null);
    }

    @Override
    public String getMessage() {
        return "WebSocket is closed";
    }
}
