package dev.weft.web;

import dev.weft.Future;
import dev.weft.http.BodySink;

/**
 * The body of a request to an ordinary handler (Tornado's {@code _HandlerDelegate} without
 * streaming): the connection reads it whole, within the server's limit; then the handler runs with
 * it, as though it had been routed only then.
 *
 * <p>Thread rules: on the connection's loop thread.
 */
final class BufferedBody implements BodySink {
    private final RequestHandler handler;
    private byte[] body;

    BufferedBody(RequestHandler handler) {
        this.handler = handler;
    }

    @Override
    public boolean streaming() {
        return false;
    }

    @Override
    public Future<?> dataReceived(byte[] chunk) {
        body = chunk; // the whole body, in one call
        return null;
    }

    @Override
    public void finish() {
        if (body != null) {
            handler.bodyArrived(handler.request().withBody(body));
        }
        handler.execute();
    }
}
