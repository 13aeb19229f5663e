package dev.weft;

import java.nio.channels.SelectableChannel;

/**
 * Reacts to readiness of a channel registered with {@link IOLoop#addHandler} (Tornado's fd
 * handler).
 *
 * <p>Thread rules: called only on the loop's thread. An exception escaping it is logged and the
 * loop goes on; the handler stays registered.
 */
@FunctionalInterface
public interface IOHandler {
    /**
     * The channel is ready.
     *
     * @param ch the channel
     * @param readyOps the ready operations ({@link java.nio.channels.SelectionKey#OP_READ} etc.),
     *     restricted to those the handler is currently registered for
     */
    void ready(SelectableChannel ch, int readyOps);
}
