/**
 * An HTTP/1.1 server on {@link dev.weft.net.IOStream}: Tornado's {@code tornado.httpserver} and
 * {@code tornado.http1connection}.
 *
 * <p>{@link dev.weft.http.HttpServer} parses requests strictly (refusing what could be smuggled),
 * enforces the limits and timeouts of {@link dev.weft.http.HttpServerOptions}, and hands each
 * complete {@link dev.weft.http.HttpServerRequest} to an {@link dev.weft.http.HttpRequestHandler},
 * which answers through {@link dev.weft.http.HttpConnection}. Most applications use
 * {@link dev.weft.web.Application} as the handler rather than this package directly.
 */
package dev.weft.http;
