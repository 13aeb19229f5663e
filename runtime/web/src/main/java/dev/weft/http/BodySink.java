package dev.weft.http;

import dev.weft.Future;

/**
 * Where a connection puts a request's body as it reads it (Tornado's {@code HTTPMessageDelegate}
 * {@code data_received} and {@code finish}): what {@link HttpRequestHandler#startRequest} returns
 * for a request whose body it wants to see.
 *
 * <p>A streaming sink ({@link #streaming()} true, the default) gets the body in pieces as they
 * arrive, within the request's own limit ({@link HttpConnection#setMaxBodySize}), so that an upload
 * larger than memory passes through in constant memory. The connection first waits for
 * {@link #ready()} (the handler's {@code prepare}), then reads; after each piece it reads no
 * further until the future {@link #dataReceived} returned completes: that is the back-pressure
 * that keeps a fast client from filling memory while the sink writes to a slow disk. A body over
 * the limit is answered {@code 413} and the connection closed.
 *
 * <p>A sink that is not streaming gets the body whole, as {@link HttpRequestHandler#handle} does:
 * the connection reads all of it within the server's {@link HttpServerOptions#maxBodySize} (over
 * it: 400, Tornado's answer), then calls {@link #dataReceived} once with it (not at all for an
 * empty body), then {@link #finish()}.
 *
 * <p>If the response is finished before the body has arrived (the handler refused the upload in
 * {@code prepare}, say), the rest of the body is no longer given to the sink; the connection drops
 * it and closes after the response. If the client goes away mid-body, the connection's close
 * callback ({@link HttpConnection#setCloseCallback}) runs and the sink hears nothing more.
 *
 * <p>Thread rules: every method is called on the connection's loop thread.
 */
public interface BodySink {
    /**
     * Whether the body is handed over in pieces as it arrives (true) or whole once it has all
     * arrived (false).
     *
     * @return true by default
     */
    default boolean streaming() {
        return true;
    }

    /**
     * Called once before any of the body is read (only for a streaming sink): the connection starts
     * reading it once the returned future completes (its outcome is ignored). Until then the
     * request's limit and body timeout may still be changed, and {@code 100 Continue} is not sent
     * (nor is it once the response has begun); if the response has been finished by then, the
     * body is not read at all and the connection closes after the response.
     *
     * @return a future, or null to read at once
     */
    default Future<?> ready() {
        return null;
    }

    /**
     * A piece of the body, in order; never empty.
     *
     * @param chunk the bytes, the sink's to keep
     * @return null to have the next piece read at once, or a future: nothing more is read until it
     *     completes; if it fails, the connection is closed
     */
    Future<?> dataReceived(byte[] chunk);

    /** The body has all arrived (after a chunked body's trailer section). */
    void finish();
}
