package dev.weft.http;

/**
 * What an {@link HttpServer} calls for every complete request (Tornado's {@code request_callback}).
 * It answers through {@link HttpServerRequest#connection()}, now or later; the connection reads
 * the next request only once the response is finished.
 *
 * <p>Thread rules: called on the connection's loop thread. An exception escaping it is logged;
 * the client then gets {@code 500} if nothing was sent yet, and the connection is closed.
 */
@FunctionalInterface
public interface HttpRequestHandler {
    /**
     * Handles one request.
     *
     * @param request the request, with its whole body
     */
    void handle(HttpServerRequest request);

    /**
     * Called for every request as soon as its head has been read, before any of its body
     * (Tornado's {@code start_request} and {@code headers_received}). Return null, as the default
     * does, to have the body read whole and {@link #handle} called with it; or return a
     * {@link BodySink} that takes the body instead (in pieces as it arrives, for an upload larger
     * than memory), in which case {@code handle} is not called for this request.
     *
     * @param request the request, with an empty body; answer it through its connection
     * @return the body's sink, or null
     */
    default BodySink startRequest(HttpServerRequest request) {
        return null;
    }
}
