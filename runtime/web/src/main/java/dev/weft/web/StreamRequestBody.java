package dev.weft.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link RequestHandler} class whose request body is streamed to it rather than read into
 * memory first (Tornado's {@code @stream_request_body} decorator), for uploads of any size:
 *
 * <ol>
 *   <li>{@link RequestHandler#prepare()} (or {@code prepareAsync}) runs as soon as the request's
 *   head has arrived, before any of the body; it may refuse the request (the body is then not
 *   read), and may set this request's limit and timeout with
 *   {@code request().connection().setMaxBodySize(n)} and {@code setBodyTimeout(d)} (Tornado's
 *   {@code set_max_body_size}); otherwise the server's {@code HttpServerOptions} apply.</li>
 *   <li>{@link RequestHandler#dataReceived} is called for each piece of the body as it arrives
 *   (at most 64 KiB each, {@code Content-Length} and chunked bodies alike). A future it returns
 *   holds the connection: nothing more is read from the client until it completes.</li>
 *   <li>The HTTP method ({@code post()}, {@code putAsync()}, ...) runs once the body has all
 *   arrived. {@link dev.weft.http.HttpServerRequest#body()} is empty, and no form arguments are
 *   parsed from it.</li>
 * </ol>
 *
 * <p>A body over the limit is answered {@code 413 Content Too Large} (RFC 9110 §15.5.14; Tornado
 * answers 400) and the connection is closed. A client that goes away mid-body is not an error:
 * {@link RequestHandler#onConnectionClose()} runs and the HTTP method does not. Malformed chunked
 * framing is answered 400. Inherited by subclasses, as Tornado's class attribute is.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StreamRequestBody {
}
