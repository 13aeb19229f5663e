package dev.weft.http;

import dev.weft.Future;
import dev.weft.net.IOStream;
import java.time.Duration;

/**
 * The response side of one request on a connection (Tornado's {@code HTTPConnection}): a request
 * handler writes the status line and headers once, then any body chunks, then finishes.
 *
 * <p>Framing is chosen by the connection: with a {@code Content-Length} header the body is sent as
 * is (writing more or less than that is an error that closes the connection); without one, an
 * HTTP/1.1 response is sent chunked and an HTTP/1.0 one is delimited by closing the connection.
 * The body of a response to {@code HEAD}, and of 1xx, 204 and 304 responses, is dropped.
 *
 * <p>Thread rules: call on the connection's loop thread only.
 */
public interface HttpConnection {
    /**
     * Sends the status line and headers, and optionally the first body chunk with them.
     *
     * @param status the status code
     * @param reason the reason phrase, or null for the standard one
     * @param headers the header fields; values must not contain CR or LF
     * @param chunk body bytes to send with them, or null
     * @return completes when the data is sent (back-pressure); fails if the connection closed
     * @throws IllegalStateException if the headers were already sent
     */
    Future<Void> writeHeaders(int status, String reason, HttpHeaders headers, byte[] chunk);

    /**
     * Sends a body chunk.
     *
     * @param chunk the bytes
     * @return completes when sent
     */
    Future<Void> write(byte[] chunk);

    /**
     * Ends the response. The connection then reads the next request, or closes.
     *
     * @return completes when everything is sent
     */
    Future<Void> finish();

    /**
     * Whether the client connection is closed (writes would fail).
     *
     * @return true once closed
     */
    boolean isClosed();

    /**
     * Runs {@code cb} if the client closes the connection before the response is finished
     * (Tornado's {@code on_connection_close}).
     *
     * @param cb the callback, or null
     */
    void setCloseCallback(Runnable cb);

    /**
     * Sets the largest body this request may have (Tornado's {@code set_max_body_size}), in place
     * of the server's {@link HttpServerOptions#maxBodySize}; over it the client gets {@code 413}
     * and the connection is closed. It applies to a body streamed to a {@link BodySink} and must be
     * set before the body is read: in the handler's {@code prepare}.
     *
     * @param bytes the limit
     * @throws UnsupportedOperationException if this connection reads no bodies (the default)
     */
    default void setMaxBodySize(long bytes) {
        throw new UnsupportedOperationException("this connection reads no request bodies");
    }

    /**
     * Sets how long this request's body may take to arrive (Tornado's {@code set_body_timeout}),
     * in place of the server's {@link HttpServerOptions#bodyTimeout}; set it in the handler's
     * {@code prepare}, as {@link #setMaxBodySize}.
     *
     * @param timeout the timeout
     * @throws UnsupportedOperationException if this connection reads no bodies (the default)
     */
    default void setBodyTimeout(Duration timeout) {
        throw new UnsupportedOperationException("this connection reads no request bodies");
    }

    /**
     * Hands the connection's stream over to the caller, for a protocol that takes over after an
     * upgrade ({@code 101 Switching Protocols}, as WebSocket does; Tornado's
     * {@code HTTP1Connection.detach}). Call it before {@link #finish()}: once a response is sent
     * the connection goes on to the next request. The response can still be written and finished
     * as usual; from then on the HTTP connection neither reads nor times out nor counts the
     * connection as its own: the caller owns the stream, its close callback and whatever bytes
     * the client sent after the request.
     *
     * @return the stream, still open, with any data read past the request buffered in it
     * @throws IllegalStateException if the connection has moved on to another request or closed
     * @throws UnsupportedOperationException if this kind of connection cannot be taken over
     */
    default IOStream detach() {
        throw new UnsupportedOperationException(getClass().getName() + " cannot be detached");
    }
}
