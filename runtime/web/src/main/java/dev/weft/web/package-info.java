/**
 * A small web framework: Tornado's {@code tornado.web}.
 *
 * <p>An {@link dev.weft.web.Application} routes requests by regular expression to a new
 * {@link dev.weft.web.RequestHandler} per request, whose {@code get()}, {@code post()}, ... (or
 * their Future-returning {@code getAsync()}, ... forms, which may be async coroutines) write the
 * response. Errors become short HTML pages ({@link dev.weft.web.HttpError}); maps and records are
 * written as JSON ({@link dev.weft.web.Json}), and request bodies read with its strict parser.
 *
 * <p>{@link dev.weft.web.Settings} give what applications need besides routes: static files
 * ({@link dev.weft.web.StaticFileHandler}), signed cookies, XSRF checks, gzip, a default handler
 * and a debug mode, each in Tornado's formats, so that a weft and a Tornado application can share
 * cookies.
 *
 * <p>The aim is Tornado 6.2's answer to every request: Etags and 304s, argument decoding, status
 * and reason rules, cookie quoting, error logging and the access log all follow Tornado's
 * {@code web.py} and {@code httputil.py}. Where Tornado breaks a MUST of RFC 9110/9112 the RFC wins,
 * and the Javadoc of the method concerned says so.
 *
 * <p>Logs, all through {@link System.Logger}: {@code dev.weft.access} has one line per request
 * (Tornado's {@code tornado.access}), {@code dev.weft.general} the WARNING of an
 * {@link dev.weft.web.HttpError} with a log message ({@code tornado.general}), and {@code dev.weft}
 * the errors ({@link dev.weft.LoopLog}).
 */
package dev.weft.web;
