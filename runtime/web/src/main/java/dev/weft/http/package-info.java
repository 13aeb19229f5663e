/**
 * An HTTP/1.1 server on {@link dev.weft.net.IOStream}: Tornado's {@code tornado.httpserver} and
 * {@code tornado.http1connection}.
 *
 * <p>{@link dev.weft.http.HttpServer} parses requests strictly (refusing what could be smuggled),
 * enforces the limits and timeouts of {@link dev.weft.http.HttpServerOptions}, and hands each
 * complete {@link dev.weft.http.HttpServerRequest} to an {@link dev.weft.http.HttpRequestHandler},
 * which answers through {@link dev.weft.http.HttpConnection}. Most applications use
 * {@link dev.weft.web.Application} as the handler rather than this package directly.
 *
 * <p>One job per class: {@link dev.weft.http.HttpSyntax} holds HTTP's character rules (the only
 * place they are written, the web framework asks there too); inside the package,
 * {@code RequestHead} parses a request's head, {@code RequestTarget} checks its target and Host,
 * {@code ChunkedBodyReader} and {@code FixedBodyReader} read a body into a
 * {@link dev.weft.http.BodySink} (a handler's, for a streamed upload, or {@code BufferingSink}
 * that keeps it whole), {@code ResponseEncoder} frames a response, and
 * {@code Http1ServerConnection} keeps a connection's life (keep-alive, timeouts, closing).
 */
package dev.weft.http;
