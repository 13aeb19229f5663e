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
}
