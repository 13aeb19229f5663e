package dev.weft.web;

import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.http.HttpConnection;
import dev.weft.http.HttpHeaders;
import dev.weft.http.HttpServerRequest;
import dev.weft.http.HttpStatus;
import dev.weft.http.HttpSyntax;
import dev.weft.LoopLog;
import dev.weft.net.StreamClosedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Handles the requests of one {@link Route} (Tornado's {@code tornado.web.RequestHandler}); a new
 * instance serves each request. Override the methods of the HTTP methods you support:
 *
 * <pre>{@code
 * class IndexHandler extends RequestHandler {
 *     @Override public void get() { write("Hello Python Tornado!"); }
 * }
 * }</pre>
 *
 * <p><b>Asynchronous handlers.</b> Each HTTP method has two overridable forms: {@code get()} and
 * {@code getAsync()}, which returns a {@link Future}. The default {@code getAsync()} calls
 * {@code get()} and returns null; override {@code getAsync()} instead when the work is
 * asynchronous, typically as an async coroutine:
 *
 * <pre>{@code
 * class SlowHandler extends RequestHandler {
 *     @Coroutine @Override public Future<Void> getAsync() {
 *         Co.await(Co.sleep(Duration.ofMillis(10)));
 *         write("done");
 *         return Future.completed();
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #prepare()} has the same pair ({@link #prepareAsync()}): the method runs once its
 * future succeeds.
 *
 * <p>When the method returns (or the returned future completes) the response is finished
 * automatically unless the handler already called {@link #finish()}. An exception thrown (or a
 * failed future) becomes an error page: {@link HttpError} gives its status; anything else is logged
 * with its stack trace (System.Logger {@code dev.weft}) and gives a 500 page that shows nothing of
 * it. Methods not overridden answer 405, as Tornado's do ({@code HEAD} included).
 *
 * <p>Output is buffered until {@link #flush()} or {@link #finish()}; a response finished without
 * a flush gets a {@code Content-Length}, otherwise it is sent chunked.
 *
 * <p>Thread rules: everything runs on the loop thread of the request's connection; call the
 * handler's methods on that thread (a coroutine that awaits resumes there).
 */
public abstract class RequestHandler {
    /** The methods a handler may serve; others get 405. */
    public static final Set<String> SUPPORTED_METHODS =
            Set.of("GET", "HEAD", "POST", "DELETE", "PATCH", "PUT", "OPTIONS");

    private static final byte[] EMPTY = new byte[0];

    private Application application;
    private HttpServerRequest request;
    private List<String> pathArgs = List.of();
    private Map<String, String> pathKwargs = Map.of();
    private int status;
    private String reason;
    private HttpHeaders headers;
    private final List<byte[]> buffer = new ArrayList<>();
    private int bufferedBytes;
    private boolean headersWritten;
    private boolean finished;
    private FormData form;

    /** A handler; the application sets it up before calling it. */
    protected RequestHandler() {
        clear();
    }

    // ---- the HTTP methods ----

    /** Handles GET; answers 405 unless overridden. */
    public void get() {
        throw new HttpError(405);
    }

    /** Handles HEAD; answers 405 unless overridden. */
    public void head() {
        throw new HttpError(405);
    }

    /** Handles POST; answers 405 unless overridden. */
    public void post() {
        throw new HttpError(405);
    }

    /** Handles PUT; answers 405 unless overridden. */
    public void put() {
        throw new HttpError(405);
    }

    /** Handles DELETE; answers 405 unless overridden. */
    public void delete() {
        throw new HttpError(405);
    }

    /** Handles PATCH; answers 405 unless overridden. */
    public void patch() {
        throw new HttpError(405);
    }

    /** Handles OPTIONS; answers 405 unless overridden. */
    public void options() {
        throw new HttpError(405);
    }

    /**
     * Handles GET asynchronously; by default calls {@link #get()}.
     *
     * @return a future that completes when the handler is done, or null if it already is
     */
    public Future<?> getAsync() {
        get();
        return null;
    }

    /**
     * Handles HEAD asynchronously; by default calls {@link #head()}.
     *
     * @return a future that completes when the handler is done, or null if it already is
     */
    public Future<?> headAsync() {
        head();
        return null;
    }

    /**
     * Handles POST asynchronously; by default calls {@link #post()}.
     *
     * @return a future that completes when the handler is done, or null if it already is
     */
    public Future<?> postAsync() {
        post();
        return null;
    }

    /**
     * Handles PUT asynchronously; by default calls {@link #put()}.
     *
     * @return a future that completes when the handler is done, or null if it already is
     */
    public Future<?> putAsync() {
        put();
        return null;
    }

    /**
     * Handles DELETE asynchronously; by default calls {@link #delete()}.
     *
     * @return a future that completes when the handler is done, or null if it already is
     */
    public Future<?> deleteAsync() {
        delete();
        return null;
    }

    /**
     * Handles PATCH asynchronously; by default calls {@link #patch()}.
     *
     * @return a future that completes when the handler is done, or null if it already is
     */
    public Future<?> patchAsync() {
        patch();
        return null;
    }

    /**
     * Handles OPTIONS asynchronously; by default calls {@link #options()}.
     *
     * @return a future that completes when the handler is done, or null if it already is
     */
    public Future<?> optionsAsync() {
        options();
        return null;
    }

    // ---- hooks ----

    /**
     * Called before the HTTP method, for every request (Tornado's {@code prepare}). It may finish
     * the response (or throw {@link HttpError}) to skip the method.
     */
    public void prepare() {
    }

    /**
     * The asynchronous form of {@link #prepare()} (Tornado allows a coroutine {@code prepare});
     * the HTTP method runs once its future succeeds. By default calls {@code prepare()}.
     *
     * @return a future, or null if preparation is already done
     */
    public Future<?> prepareAsync() {
        prepare();
        return null;
    }

    /** Called once the response is finished, for logging and clean-up (Tornado's {@code on_finish}). */
    public void onFinish() {
    }

    /**
     * Called if the client closes the connection before the response is finished, so that
     * long-running work can stop (Tornado's {@code on_connection_close}).
     */
    public void onConnectionClose() {
    }

    // ---- the request ----

    /** @return the request being handled */
    public HttpServerRequest request() {
        return request;
    }

    /** @return the application this handler belongs to */
    public Application application() {
        return application;
    }

    /** @return the percent-decoded values of the route's capturing groups, in order */
    public List<String> pathArgs() {
        return pathArgs;
    }

    /**
     * A path argument by position.
     *
     * @param index the group number minus one
     * @return its decoded value, or null if the group did not take part in the match
     */
    public String pathArg(int index) {
        return pathArgs.get(index);
    }

    /**
     * A path argument by the name of its group ({@code (?<name>...)}).
     *
     * @param name the group name
     * @return its decoded value, or null
     */
    public String pathArg(String name) {
        return pathKwargs.get(name);
    }

    /**
     * The last value of a query or form-body argument (Tornado's {@code get_argument}).
     *
     * @param name the argument name
     * @return its value
     * @throws MissingArgumentException if absent (the client gets 400)
     */
    public String getArgument(String name) {
        String v = getArgument(name, null);
        if (v == null) {
            throw new MissingArgumentException(name);
        }
        return v;
    }

    /**
     * The last value of a query or form-body argument.
     *
     * @param name the argument name
     * @param defaultValue returned if absent
     * @return its value, or {@code defaultValue}
     */
    public String getArgument(String name, String defaultValue) {
        List<String> all = getArguments(name);
        return all.isEmpty() ? defaultValue : all.get(all.size() - 1);
    }

    /**
     * Every value of a query or form-body argument: the query's first, then the body's.
     *
     * @param name the argument name
     * @return the values, possibly empty
     */
    public List<String> getArguments(String name) {
        List<String> q = getQueryArguments(name);
        List<String> b = getBodyArguments(name);
        if (b.isEmpty()) {
            return q;
        }
        if (q.isEmpty()) {
            return b;
        }
        List<String> all = new ArrayList<>(q);
        all.addAll(b);
        return Collections.unmodifiableList(all);
    }

    /**
     * Every value of a query-string argument.
     *
     * @param name the argument name
     * @return the values, possibly empty
     */
    public List<String> getQueryArguments(String name) {
        return request.queryArguments().getOrDefault(name, List.of());
    }

    /**
     * Every value of an argument of an {@code application/x-www-form-urlencoded} or
     * {@code multipart/form-data} body (the fields that are not files).
     *
     * @param name the argument name
     * @return the values, possibly empty (always, for other content types)
     */
    public List<String> getBodyArguments(String name) {
        return form().arguments.getOrDefault(name, List.of());
    }

    /**
     * The files of a {@code multipart/form-data} body sent under {@code name} (Tornado's
     * {@code request.files[name]}).
     *
     * @param name the form field name
     * @return the files, possibly empty
     */
    public List<UploadedFile> getFiles(String name) {
        return form().files.getOrDefault(name, List.of());
    }

    private FormData form() {
        if (form == null) {
            form = FormData.parse(request.headers().get("Content-Type"), request.body());
        }
        return form;
    }

    /**
     * A cookie the client sent.
     *
     * @param name the cookie name
     * @return its value, or null
     */
    public String getCookie(String name) {
        return request.cookies().get(name);
    }

    /**
     * A cookie the client sent.
     *
     * @param name the cookie name
     * @param defaultValue returned if absent
     * @return its value, or {@code defaultValue}
     */
    public String getCookie(String name, String defaultValue) {
        return request.cookies().getOrDefault(name, defaultValue);
    }

    // ---- the response ----

    /**
     * Sets the status code, with its standard reason phrase.
     *
     * @param code the status
     * @throws IllegalArgumentException for a code without a standard phrase (give one instead)
     */
    public void setStatus(int code) {
        if (!HttpStatus.isKnown(code)) {
            throw new IllegalArgumentException("unknown status code " + code + "; give a reason");
        }
        setStatus(code, null);
    }

    /**
     * Sets the status code and reason phrase.
     *
     * @param code the status, 100 to 999
     * @param reason the phrase, or null for the standard one
     */
    public void setStatus(int code, String reason) {
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("invalid status code " + code);
        }
        if (reason != null) {
            checkHeaderValue(reason);
        }
        this.status = code;
        this.reason = reason;
    }

    /** @return the status code set so far (200 by default) */
    public int getStatus() {
        return status;
    }

    /**
     * Sets a response header, replacing its values.
     *
     * @param name the field name
     * @param value the value; CR, LF and other control characters are refused
     * @throws IllegalArgumentException for an unsafe value (it would split the response)
     */
    public void setHeader(String name, String value) {
        headers.set(checkHeaderName(name), checkHeaderValue(value));
    }

    /**
     * Sets a numeric response header.
     *
     * @param name the field name
     * @param value the value
     */
    public void setHeader(String name, long value) {
        setHeader(name, Long.toString(value));
    }

    /**
     * Adds a response header value, keeping the others.
     *
     * @param name the field name
     * @param value the value
     */
    public void addHeader(String name, String value) {
        headers.add(checkHeaderName(name), checkHeaderValue(value));
    }

    /**
     * Removes a response header.
     *
     * @param name the field name
     */
    public void clearHeader(String name) {
        headers.remove(name);
    }

    /** @return the response headers set so far */
    public HttpHeaders responseHeaders() {
        return headers;
    }

    /**
     * Sets a cookie with {@code Path=/}.
     *
     * @param name the cookie name (a token)
     * @param value the value (no spaces, quotes, commas, semicolons or backslashes)
     */
    public void setCookie(String name, String value) {
        setCookie(name, value, new CookieOptions());
    }

    /**
     * Sets a cookie.
     *
     * @param name the cookie name (a token)
     * @param value the value (no spaces, quotes, commas, semicolons or backslashes)
     * @param options its attributes
     * @throws IllegalArgumentException for an invalid name or value
     */
    public void setCookie(String name, String value, CookieOptions options) {
        if (!HttpSyntax.isToken(name)) {
            throw new IllegalArgumentException("invalid cookie name " + name);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') {
                throw new IllegalArgumentException("invalid character in the value of cookie " + name);
            }
        }
        addHeader("Set-Cookie", name + "=" + value + options.attributes());
    }

    /**
     * Deletes a cookie on the client (an expired one with the same name and path).
     *
     * @param name the cookie name
     */
    public void clearCookie(String name) {
        setCookie(name, "", new CookieOptions().maxAge(java.time.Duration.ZERO));
    }

    /**
     * Appends text (UTF-8) to the response body.
     *
     * @param text the text
     */
    public void write(CharSequence text) {
        write(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends bytes to the response body.
     *
     * @param bytes the bytes
     */
    public void write(byte[] bytes) {
        if (finished) {
            throw new IllegalStateException("Cannot write() after finish()");
        }
        if (bytes.length > 0) {
            buffer.add(bytes);
            bufferedBytes += bytes.length;
        }
    }

    /**
     * Writes {@code map} as JSON and sets {@code Content-Type: application/json; charset=UTF-8}
     * (Tornado's {@code write(dict)}).
     *
     * @param map the object; values as {@link Json} accepts
     */
    public void write(Map<String, ?> map) {
        writeJson(map);
    }

    /**
     * Writes {@code record} as a JSON object and sets the JSON content type.
     *
     * @param record the record; component values as {@link Json} accepts
     */
    public void write(Record record) {
        writeJson(record);
    }

    private void writeJson(Object value) {
        String json = Json.write(value);
        setHeader("Content-Type", "application/json; charset=UTF-8");
        write(json);
    }

    /**
     * Sends what is buffered (with the headers, the first time). After a flush the response is
     * sent chunked (or delimited by close, to HTTP/1.0 clients).
     *
     * @return completes when the data is sent: await it to avoid buffering without bound
     */
    public Future<Void> flush() {
        byte[] chunk = takeBuffer();
        HttpConnection c = request.connection();
        if (!headersWritten) {
            Future<Void> sent = c.writeHeaders(status, reason, headers, chunk);
            headersWritten = true; // only now: a refused head can still become an error page
            return sent;
        }
        return c.write(chunk);
    }

    /**
     * Finishes the response: sends the headers and buffered body and ends it. Called automatically
     * when the handler method returns (or its future completes), unless called before.
     *
     * @return completes when everything is sent
     * @throws IllegalStateException if already finished
     */
    public Future<Void> finish() {
        if (finished) {
            throw new IllegalStateException("finish() called twice");
        }
        if (!headersWritten) {
            if (status == 204 || status == 304 || status < 200) {
                buffer.clear();
                bufferedBytes = 0;
                headers.remove("Content-Length");
            } else if (!headers.contains("Content-Length")) {
                headers.set("Content-Length", Integer.toString(bufferedBytes));
            }
        }
        Future<Void> sent = flush();
        finished = true;
        Future<Void> done = request.connection().finish();
        try {
            onFinish();
        } catch (RuntimeException e) {
            LoopLog.error("Exception in onFinish of " + LoopLog.describe(this), e);
        }
        return sent.isDone() && sent.exception() != null ? sent : done;
    }

    /** @return whether the response is finished */
    public boolean isFinished() {
        return finished;
    }

    /**
     * Redirects with 302 (Found).
     *
     * @param url the Location
     */
    public void redirect(String url) {
        redirect(url, false);
    }

    /**
     * Redirects and finishes the response.
     *
     * @param url the Location
     * @param permanent 301 (Moved Permanently) if true, 302 (Found) if false
     * @throws IllegalStateException if output was already flushed
     */
    public void redirect(String url, boolean permanent) {
        if (headersWritten) {
            throw new IllegalStateException("Cannot redirect after headers have been written");
        }
        setStatus(permanent ? 301 : 302);
        setHeader("Location", url);
        finish();
    }

    /**
     * Discards the buffered output and headers and restores the defaults: status 200, headers
     * {@code Server}, {@code Content-Type: text/html; charset=UTF-8} and {@code Date}.
     */
    public void clear() {
        headers = new HttpHeaders(); // new, so add() is set() without the search
        headers.add("Server", "WeftServer/0.1");
        headers.add("Content-Type", "text/html; charset=UTF-8");
        headers.add("Date", HttpDates.now());
        buffer.clear();
        bufferedBytes = 0;
        status = 200;
        reason = null;
    }

    /**
     * Sends an error page for {@code status} and finishes, discarding the output so far (Tornado's
     * {@code send_error}). If headers were already sent, the response is just finished.
     *
     * @param status the status
     */
    public void sendError(int status) {
        sendError(status, null);
    }

    private void sendError(int status, String reason) {
        if (headersWritten) {
            if (!finished) {
                finishQuietly();
            }
            return;
        }
        clear();
        if (reason != null || HttpStatus.isKnown(status)) {
            setStatus(status, reason);
        } else {
            setStatus(500);
        }
        try {
            writeError(this.status);
        } catch (RuntimeException e) {
            LoopLog.error("Uncaught exception in writeError of " + LoopLog.describe(this), e);
            buffer.clear();
            bufferedBytes = 0;
        }
        if (!finished) {
            finishQuietly();
        }
    }

    /**
     * Writes the body of an error page; override for custom pages. The default is Tornado's short
     * HTML page with the status and reason, and never any detail of the exception.
     *
     * @param status the status
     */
    public void writeError(int status) {
        String msg = reason != null ? reason : HttpStatus.reason(status);
        String text = status + ": " + escapeHtml(msg);
        write("<html><title>" + text + "</title><body>" + text + "</body></html>");
    }

    // ---- driving a request (the Application calls this) ----

    final void execute(Application app, HttpServerRequest req, List<String> args,
            Map<String, String> kwargs) {
        this.application = app;
        this.request = req;
        this.pathArgs = args;
        this.pathKwargs = kwargs;
        req.connection().setCloseCallback(this::connectionClosed);
        Future<?> prepared;
        try {
            if (!SUPPORTED_METHODS.contains(req.method())) {
                throw new HttpError(405);
            }
            prepared = prepareAsync();
        } catch (Throwable t) {
            handleException(t);
            return;
        }
        then(prepared, () -> {
            if (finished) {
                return; // prepare answered already
            }
            Future<?> result;
            try {
                result = invoke(req.method());
            } catch (Throwable t) {
                handleException(t);
                return;
            }
            then(result, () -> done(null));
        });
    }

    /** Runs {@code next} once {@code f} (null: at once) succeeds; a failure becomes an error page. */
    private void then(Future<?> f, Runnable next) {
        if (f == null) {
            next.run();
        } else if (f.isDone()) {
            afterFuture(f, next);
        } else {
            // On the loop even if some other thread completes it: handlers are not thread-safe.
            IOLoop.current().addFuture(f, done -> afterFuture(done, next));
        }
    }

    private void afterFuture(Future<?> f, Runnable next) {
        Throwable failure = f.isCancelled()
                ? new java.util.concurrent.CancellationException("handler future was cancelled")
                : f.exception();
        if (failure != null) {
            handleException(failure);
        } else {
            next.run();
        }
    }

    private Future<?> invoke(String method) {
        switch (method) {
            case "GET": return getAsync();
            case "HEAD": return headAsync();
            case "POST": return postAsync();
            case "PUT": return putAsync();
            case "DELETE": return deleteAsync();
            case "PATCH": return patchAsync();
            default: return optionsAsync();
        }
    }

    private void done(Throwable failure) {
        if (failure != null) {
            handleException(failure);
        } else if (!finished) {
            try {
                finish();
            } catch (RuntimeException e) {
                handleException(e);
            }
        }
    }

    private void handleException(Throwable t) {
        if (t instanceof VirtualMachineError) {
            throw (VirtualMachineError) t;
        }
        if (t instanceof StreamClosedException && request.connection().isClosed()) {
            // The client went away, and its connection said so: routine, not a failure.
            LoopLog.debug("Client closed the connection during " + request + ": " + t.getMessage(), null);
            return;
        }
        if (finished) {
            LoopLog.error("Exception after the response to " + request + " was finished", t);
            return;
        }
        if (t instanceof HttpError) {
            HttpError e = (HttpError) t;
            if (e.status() >= 500) {
                LoopLog.error(e.getMessage() + " " + request, null);
            }
            sendError(e.status(), e.reason());
        } else {
            LoopLog.error("Uncaught exception " + request, t);
            sendError(500, null);
        }
    }

    private void finishQuietly() {
        try {
            finish();
        } catch (RuntimeException e) {
            LoopLog.error("Exception finishing the response to " + request, e);
        }
    }

    private void connectionClosed() {
        try {
            onConnectionClose();
        } catch (RuntimeException e) {
            LoopLog.error("Exception in onConnectionClose of " + LoopLog.describe(this), e);
        }
    }

    private byte[] takeBuffer() {
        if (buffer.isEmpty()) {
            return EMPTY;
        }
        byte[] out;
        if (buffer.size() == 1) {
            out = buffer.get(0);
        } else {
            out = new byte[bufferedBytes];
            int at = 0;
            for (byte[] b : buffer) {
                System.arraycopy(b, 0, out, at, b.length);
                at += b.length;
            }
        }
        buffer.clear();
        bufferedBytes = 0;
        return out;
    }

    static String checkHeaderValue(String value) {
        if (!HttpSyntax.isFieldValue(value)) {
            throw new IllegalArgumentException("unsafe character in header value");
        }
        return value;
    }

    private static String checkHeaderName(String name) {
        if (!HttpSyntax.isToken(name)) {
            throw new IllegalArgumentException("invalid header name " + name);
        }
        return name;
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
