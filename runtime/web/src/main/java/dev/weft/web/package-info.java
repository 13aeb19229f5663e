/**
 * A small web framework: Tornado's {@code tornado.web}.
 *
 * <p>An {@link dev.weft.web.Application} routes requests by regular expression to a new
 * {@link dev.weft.web.RequestHandler} per request, whose {@code get()}, {@code post()}, ... (or
 * their Future-returning {@code getAsync()}, ... forms, which may be async coroutines) write the
 * response. Errors become short HTML pages ({@link dev.weft.web.HttpError}); maps and records are
 * written as JSON ({@link dev.weft.web.Json}).
 */
package dev.weft.web;
