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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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
 * it. Methods not overridden answer 405, as Tornado's do ({@code HEAD} included), with the
 * {@code Allow} header RFC 9110 requires (Tornado sends none).
 *
 * <p>Output is buffered until {@link #flush()} or {@link #finish()}; a response finished without
 * a flush gets a {@code Content-Length}, otherwise it is sent chunked. A 200 response to GET or
 * HEAD finished without a flush gets an {@code Etag} ({@link #computeEtag()}), and a request whose
 * {@code If-None-Match} lists it gets {@code 304 Not Modified} with no body, as in Tornado.
 *
 * <p>Errors are Tornado's: an {@link HttpError} with a log message is logged at WARNING on the
 * {@link System.Logger} {@code dev.weft.general} as {@code 403 GET /path (127.0.0.1): message}
 * (the client sees only the status page); other exceptions at ERROR with their stack trace; a
 * {@link Finish} ends the request without an error. Every finished request is logged once by
 * {@link Application#logRequest}.
 *
 * <p><b>Streamed request bodies.</b> A handler class annotated {@link StreamRequestBody} gets its
 * body in pieces as it arrives instead of in {@link HttpServerRequest#body()} (Tornado's
 * {@code @stream_request_body}): {@link #prepare()} runs once the head has arrived, then
 * {@link #dataReceived} for each piece, then the HTTP method. See {@link StreamRequestBody}.
 *
 * <p>Thread rules: everything runs on the loop thread of the request's connection; call the
 * handler's methods on that thread (a coroutine that awaits resumes there).
 */
public abstract class RequestHandler {
    /** The methods a handler may serve; others get 405. In Tornado's order. */
    public static final Set<String> SUPPORTED_METHODS = Collections.unmodifiableSet(
            new java.util.LinkedHashSet<>(List.of("GET", "HEAD", "POST", "DELETE", "PATCH", "PUT",
                    "OPTIONS")));

    // The standard methods each handler class implements (overrides m() or mAsync()), found once.
    private static final ClassValue<Set<String>> IMPLEMENTED = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> type) {
            Set<String> out = new java.util.LinkedHashSet<>();
            for (String m : SUPPORTED_METHODS) {
                String name = m.toLowerCase(java.util.Locale.ROOT);
                if (overrides(type, name) || overrides(type, name + "Async")) {
                    out.add(m);
                }
            }
            if (overrides(type, "otherMethodAsync", String.class)) {
                out.add("*");
            }
            return Collections.unmodifiableSet(out);
        }
    };

    private static final byte[] EMPTY = new byte[0];
    private static final System.Logger GENERAL_LOG = System.getLogger("dev.weft.general");
    // Tornado's reason_phrase_re: a reason outside it (or with "<") is replaced by "Unknown".
    private static final Pattern REASON_PHRASE = Pattern.compile("(?:[\\t ]|[\\x21-\\x7E]|[\\x80-\\xFF])+");
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e); // every JDK must have it
        }
    });

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
    private Map<String, List<byte[]>> query;
    // Set-Cookie values by cookie name, sent with the headers: setting a name again replaces it.
    private Map<String, String> newCookies;
    private XsrfTokens.Raw rawXsrf;
    private java.util.Optional<Object> jsonBody; // read once, on first use
    private GzipEncoding gzip; // with compressResponse, from the first flush on
    private String xsrfToken;
    // Only for a streamed body: prepare has run (the connection then reads the body), and the
    // body has all arrived (the HTTP method then runs).
    private Future<Void> preparedFuture;
    private Future<Void> bodyFuture;

    /**
     * A handler; the application sets it up before calling it. Headers set in a subclass's
     * constructor are kept, but {@link #setDefaultHeaders()} runs after it (Tornado runs it
     * before {@code initialize}).
     */
    protected RequestHandler() {
        resetResponse();
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

    /**
     * Sets headers every response of this handler carries, error pages included (Tornado's
     * {@code set_default_headers}): called before {@link #prepare()} and again by {@link #clear()}
     * (so after an error discards the response). The place to replace {@code Server}, for instance.
     */
    public void setDefaultHeaders() {
    }

    /**
     * The methods this handler serves (Tornado's {@code SUPPORTED_METHODS}); a request with any
     * other method gets 405 before {@link #prepare()}. Override to narrow it, or to add a method,
     * which {@link #otherMethodAsync} then handles.
     *
     * @return the method names
     */
    public Set<String> supportedMethods() {
        return SUPPORTED_METHODS;
    }

    /**
     * Handles a method of {@link #supportedMethods()} other than the seven standard ones (Tornado
     * calls the handler's method of that name); answers 405 unless overridden.
     *
     * @param method the request's method, for instance {@code PROPFIND}
     * @return a future that completes when the handler is done, or null if it already is
     */
    public Future<?> otherMethodAsync(String method) {
        throw new HttpError(405);
    }

    /**
     * Takes the next piece of a streamed request body (Tornado's {@code data_received}); called only
     * for a handler class annotated {@link StreamRequestBody}, after {@link #prepare()} and before
     * the HTTP method, once per piece, in order. Return a future to have the connection read no
     * further until it completes (back-pressure, while the piece is written somewhere slow, say).
     * An exception thrown, or a failed future, becomes an error page as from the HTTP method, and
     * the rest of the body is dropped. Once the response is finished no more pieces come.
     *
     * <p>The default throws {@link IllegalStateException} (Tornado raises
     * {@code NotImplementedError}): a streaming handler must override it.
     *
     * @param chunk the bytes, at most 64 KiB, never empty; the handler's to keep
     * @return a future, or null to have the next piece read at once
     */
    public Future<?> dataReceived(byte[] chunk) {
        throw new IllegalStateException(getClass().getName()
                + " is marked @StreamRequestBody but does not override dataReceived");
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
     * The last value of a query or form-body argument (Tornado's {@code get_argument}), stripped
     * of surrounding whitespace, control characters other than whitespace replaced by spaces.
     *
     * @param name the argument name
     * @return its value
     * @throws MissingArgumentException if absent (the client gets 400)
     * @throws HttpError 400 if the value is not UTF-8
     */
    public String getArgument(String name) {
        return required(name, getArgument(name, null));
    }

    /**
     * The last value of a query or form-body argument, stripped.
     *
     * @param name the argument name
     * @param defaultValue returned if absent
     * @return its value, or {@code defaultValue}
     */
    public String getArgument(String name, String defaultValue) {
        return getArgument(name, defaultValue, true);
    }

    /**
     * The last value of a query or form-body argument.
     *
     * @param name the argument name
     * @param defaultValue returned if absent
     * @param strip whether to remove surrounding whitespace (Python's {@code str.strip})
     * @return its value, or {@code defaultValue}
     */
    public String getArgument(String name, String defaultValue, boolean strip) {
        return last(getArguments(name, strip), defaultValue);
    }

    /**
     * Every value of a query or form-body argument, the query's first, each stripped.
     *
     * @param name the argument name
     * @return the values, possibly empty
     */
    public List<String> getArguments(String name) {
        return getArguments(name, true);
    }

    /**
     * Every value of a query or form-body argument: the query's first, then the body's.
     *
     * @param name the argument name
     * @param strip whether to remove surrounding whitespace
     * @return the values, possibly empty
     */
    public List<String> getArguments(String name, boolean strip) {
        List<String> q = getQueryArguments(name, strip);
        List<String> b = getBodyArguments(name, strip);
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
     * The last value of a query-string argument, stripped (Tornado's {@code get_query_argument}).
     *
     * @param name the argument name
     * @return its value
     * @throws MissingArgumentException if absent
     */
    public String getQueryArgument(String name) {
        return required(name, getQueryArgument(name, null));
    }

    /**
     * The last value of a query-string argument, stripped.
     *
     * @param name the argument name
     * @param defaultValue returned if absent
     * @return its value, or {@code defaultValue}
     */
    public String getQueryArgument(String name, String defaultValue) {
        return getQueryArgument(name, defaultValue, true);
    }

    /**
     * The last value of a query-string argument.
     *
     * @param name the argument name
     * @param defaultValue returned if absent
     * @param strip whether to remove surrounding whitespace
     * @return its value, or {@code defaultValue}
     */
    public String getQueryArgument(String name, String defaultValue, boolean strip) {
        return last(getQueryArguments(name, strip), defaultValue);
    }

    /**
     * Every value of a query-string argument, stripped.
     *
     * @param name the argument name
     * @return the values, possibly empty
     */
    public List<String> getQueryArguments(String name) {
        return getQueryArguments(name, true);
    }

    /**
     * Every value of a query-string argument.
     *
     * @param name the argument name
     * @param strip whether to remove surrounding whitespace
     * @return the values, possibly empty
     */
    public List<String> getQueryArguments(String name, boolean strip) {
        return cleaned(name, rawQueryArguments().get(name), strip);
    }

    /**
     * The last value of an argument of the form body, stripped (Tornado's
     * {@code get_body_argument}).
     *
     * @param name the argument name
     * @return its value
     * @throws MissingArgumentException if absent
     */
    public String getBodyArgument(String name) {
        return required(name, getBodyArgument(name, null));
    }

    /**
     * The last value of an argument of the form body, stripped.
     *
     * @param name the argument name
     * @param defaultValue returned if absent
     * @return its value, or {@code defaultValue}
     */
    public String getBodyArgument(String name, String defaultValue) {
        return getBodyArgument(name, defaultValue, true);
    }

    /**
     * The last value of an argument of the form body.
     *
     * @param name the argument name
     * @param defaultValue returned if absent
     * @param strip whether to remove surrounding whitespace
     * @return its value, or {@code defaultValue}
     */
    public String getBodyArgument(String name, String defaultValue, boolean strip) {
        return last(getBodyArguments(name, strip), defaultValue);
    }

    /**
     * Every value of an argument of an {@code application/x-www-form-urlencoded} or
     * {@code multipart/form-data} body (the fields that are not files), stripped.
     *
     * @param name the argument name
     * @return the values, possibly empty (always, for other content types)
     */
    public List<String> getBodyArguments(String name) {
        return getBodyArguments(name, true);
    }

    /**
     * Every value of an argument of the form body.
     *
     * @param name the argument name
     * @param strip whether to remove surrounding whitespace
     * @return the values, possibly empty
     */
    public List<String> getBodyArguments(String name, boolean strip) {
        return cleaned(name, form().arguments.get(name), strip);
    }

    /**
     * Every argument of the request, query first then form body, as sent: decoded from UTF-8 but
     * neither stripped nor cleaned of control characters (Tornado's {@code request.arguments}).
     * Names are the percent-decoded bytes read as ISO-8859-1, as Tornado's are.
     *
     * @return an unmodifiable map from name to values
     * @throws HttpError 400 if a value is not UTF-8
     */
    public Map<String, List<String>> arguments() {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (Map<String, List<byte[]>> source : List.of(rawQueryArguments(), form().arguments)) {
            source.forEach((name, values) -> {
                List<String> list = all.computeIfAbsent(name, k -> new ArrayList<>());
                for (byte[] v : values) {
                    list.add(decodeArgument(v, name));
                }
            });
        }
        all.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(all);
    }

    /**
     * Decodes an argument or path argument from its percent-decoded bytes (Tornado's
     * {@code decode_argument}); override for another charset.
     *
     * @param value the bytes
     * @param name the argument's name, or null for a path argument of an unnamed group
     * @return the text
     * @throws HttpError 400 (with a log message) if the bytes are not valid UTF-8
     */
    protected String decodeArgument(byte[] value, String name) {
        return Arguments.decode(value, name);
    }

    /** The query's arguments, values as bytes. */
    Map<String, List<byte[]>> rawQueryArguments() {
        if (query == null) {
            query = Arguments.parse(request.query());
        }
        return query;
    }

    private List<String> cleaned(String name, List<byte[]> values, boolean strip) {
        if (values == null) {
            return List.of();
        }
        if (values.size() == 1) {
            return List.of(Arguments.clean(decodeArgument(values.get(0), name), strip));
        }
        List<String> out = new ArrayList<>(values.size());
        for (byte[] v : values) {
            out.add(Arguments.clean(decodeArgument(v, name), strip));
        }
        return Collections.unmodifiableList(out);
    }

    private static String last(List<String> values, String defaultValue) {
        return values.isEmpty() ? defaultValue : values.get(values.size() - 1);
    }

    private static String required(String name, String value) {
        if (value == null) {
            throw new MissingArgumentException(name);
        }
        return value;
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
            form = FormData.parse(request.headers(), request.body());
        }
        return form;
    }

    /**
     * A cookie the client sent, unquoted; of a name sent twice, the last value (Tornado's
     * {@code get_cookie}). Cookies set in this response are not seen here.
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

    /** @return every cookie the client sent, name to value, read as {@link #getCookie} reads them */
    public Map<String, String> cookies() {
        return request.cookies();
    }

    // ---- the response ----

    /**
     * Sets the status code, with its standard reason phrase ("Unknown" for a code that has none).
     *
     * @param code the status, 100 to 599
     * @throws IllegalArgumentException outside 100 to 599 (Tornado sends any integer; RFC 9110
     *     §15 makes codes outside that range invalid, so weft refuses them)
     */
    public void setStatus(int code) {
        setStatus(code, null);
    }

    /**
     * Sets the status code and reason phrase. A reason with a character outside tab, space,
     * visible ASCII and U+0080 to U+00FF, or with {@code <}, is replaced by "Unknown", as Tornado
     * replaces it.
     *
     * @param code the status, 100 to 599
     * @param reason the phrase, or null for the standard one
     * @throws IllegalArgumentException outside 100 to 599
     */
    public void setStatus(int code, String reason) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("invalid status code " + code);
        }
        this.status = code;
        if (reason == null) {
            this.reason = null;
        } else if (reason.indexOf('<') >= 0 || !REASON_PHRASE.matcher(reason).matches()) {
            this.reason = "Unknown";
        } else {
            this.reason = reason;
        }
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
     * Removes a response header, every value of it (Tornado's {@code clear_header}; Tornado 6.2
     * raises {@code KeyError} for a header only ever given by {@code add_header}, weft removes it).
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
     * @param name the cookie name
     * @param value the value
     * @see #setCookie(String, String, CookieOptions)
     */
    public void setCookie(String name, String value) {
        setCookie(name, value, new CookieOptions());
    }

    /**
     * Sets a cookie (Tornado's {@code set_cookie}). Setting the same name again replaces it: the
     * response carries one {@code Set-Cookie} per name, the last one set, sent with the headers
     * (error pages included). A value with characters other than letters, digits and
     * {@code !#$%&'*+-.^_`|~:} is quoted as Python's {@code http.cookies} quotes it
     * ({@link dev.weft.http.Cookies#quote}).
     *
     * @param name the cookie name: letters, digits and {@code !#$%&'*+-.^_`|~:}, not an attribute
     *     name such as {@code path}
     * @param value the value; no space or control character
     * @param options its attributes
     * @throws IllegalArgumentException for an invalid name or value (Tornado raises too)
     */
    public void setCookie(String name, String value, CookieOptions options) {
        String header = options.header(name, value);
        if (newCookies == null) {
            newCookies = new LinkedHashMap<>();
        }
        newCookies.remove(name); // a cookie set again goes last, as in Tornado's SimpleCookie
        newCookies.put(name, header);
    }

    /**
     * Deletes a cookie on the client with {@code Path=/}: the cookie again, empty and expired a
     * year ago (Tornado's {@code clear_cookie}).
     *
     * @param name the cookie name
     */
    public void clearCookie(String name) {
        clearCookie(name, "/", null);
    }

    /**
     * Deletes a cookie on the client; path and domain must be those it was set with.
     *
     * @param name the cookie name
     * @param path its path, or null
     * @param domain its domain, or null
     */
    public void clearCookie(String name, String path, String domain) {
        setCookie(name, "", new CookieOptions().path(path).domain(domain)
                .expires(Instant.now().minus(Duration.ofDays(365))));
    }

    /** Deletes on the client every cookie this request sent, with {@code Path=/}. */
    public void clearAllCookies() {
        clearAllCookies("/", null);
    }

    /**
     * Deletes on the client every cookie this request sent (Tornado's {@code clear_all_cookies}).
     *
     * @param path their path, or null
     * @param domain their domain, or null
     */
    public void clearAllCookies(String path, String domain) {
        for (String name : request.cookies().keySet()) {
            clearCookie(name, path, domain);
        }
    }

    // ---- JSON bodies ----

    /**
     * The request body read as JSON ({@link Json#parse}): UTF-8, with or without a byte-order
     * mark. Malformed JSON, or a body that is not UTF-8, ends the request with a 400 whose page
     * and status line say what is wrong and where ({@code 400: Malformed JSON body: Expecting
     * ',' delimiter: char 12}); the log gets a WARNING, never an ERROR.
     *
     * @return the value (see {@link Json#parse} for the Java types)
     * @throws HttpError 400 for a body that is not JSON
     */
    public Object jsonBody() {
        if (jsonBody == null) {
            byte[] body = request.body();
            int skip = body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb
                    && (body[2] & 0xff) == 0xbf ? 3 : 0;
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .decode(java.nio.ByteBuffer.wrap(body, skip, body.length - skip)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new HttpError(400, "JSON body is not UTF-8", "JSON body is not UTF-8");
            }
            try {
                jsonBody = java.util.Optional.ofNullable(Json.parse(text));
            } catch (MalformedJsonException e) {
                String why = "Malformed JSON body: " + e.getMessage();
                throw new HttpError(400, why, why);
            }
        }
        return jsonBody.orElse(null);
    }

    /**
     * The request body as a JSON object, the usual shape of an API request.
     *
     * @return its members by name, in their order
     * @throws HttpError 400 for a body that is not JSON, or is JSON but not an object
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> jsonBodyObject() {
        Object v = jsonBody();
        if (!(v instanceof Map)) {
            throw new HttpError(400, "JSON body is not an object", "JSON body must be an object");
        }
        return (Map<String, Object>) v;
    }

    // ---- signed cookies ----

    /**
     * Sets a cookie signed with the {@link Settings#cookieSecret} that expires in 30 days
     * (Tornado's {@code set_secure_cookie}): it can be read, not forged. Tornado reads it too
     * with the same secret, and weft reads Tornado's.
     *
     * @param name the cookie name
     * @param value the value, any text
     * @throws IllegalStateException without a cookie secret
     */
    public void setSecureCookie(String name, String value) {
        setSecureCookie(name, value, new CookieOptions().expiresDays(30));
    }

    /**
     * Sets a signed cookie with these attributes (their expiry as given: none is a session
     * cookie).
     *
     * @param name the cookie name
     * @param value the value, any text
     * @param options its attributes
     * @throws IllegalStateException without a cookie secret
     */
    public void setSecureCookie(String name, String value, CookieOptions options) {
        setCookie(name, createSignedValue(name, value), options);
    }

    /**
     * Signs and timestamps {@code value} as {@link #setSecureCookie} does, for other uses than a
     * cookie (Tornado's {@code create_signed_value}): {@code 2|1:0|10:<time>|<name>|<value>|<hmac>}.
     *
     * @param name what the value is for; reading it under another name fails
     * @param value the value
     * @return the signed value
     * @throws IllegalStateException without a cookie secret
     */
    public String createSignedValue(String name, String value) {
        return SignedValues.create(cookieSecret("secure cookies"), name,
                value.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis() / 1000);
    }

    /**
     * The value of a signed cookie of this request if its signature is valid and it is at most
     * 31 days old, else null (Tornado's {@code get_secure_cookie}). Like {@link #getCookie}, it
     * does not see cookies set in this response.
     *
     * @param name the cookie name
     * @return the value, or null
     * @throws IllegalStateException without a cookie secret
     */
    public String getSecureCookie(String name) {
        return getSecureCookie(name, 31);
    }

    /**
     * The value of a signed cookie if valid and at most {@code maxAgeDays} old, else null.
     *
     * @param name the cookie name
     * @param maxAgeDays the age limit, independent of the cookie's expiry in the browser
     * @return the value (its bytes as UTF-8), or null
     * @throws IllegalStateException without a cookie secret
     */
    public String getSecureCookie(String name, double maxAgeDays) {
        return decodeSignedValue(name, getCookie(name), maxAgeDays);
    }

    /**
     * The value signed by {@link #createSignedValue} if valid and at most {@code maxAgeDays}
     * old, else null (Tornado's {@code get_secure_cookie(name, value)}).
     *
     * @param name the name it was signed under
     * @param signed the signed value, or null
     * @param maxAgeDays the age limit
     * @return the value, or null
     * @throws IllegalStateException without a cookie secret
     */
    public String decodeSignedValue(String name, String signed, double maxAgeDays) {
        byte[] v = SignedValues.decode(cookieSecret("secure cookies"), name, signed, maxAgeDays,
                System.currentTimeMillis() / 1000);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    private String cookieSecret(String feature) {
        String secret = application.settingsView().cookieSecret;
        if (secret == null) {
            throw new IllegalStateException("You must define the cookieSecret setting in your application to use "
                    + feature);
        }
        return secret;
    }

    // ---- XSRF ----

    /**
     * This response's XSRF token (Tornado's {@code xsrf_token}): the raw token of the request's
     * {@code _xsrf} cookie, masked anew for each response; without a valid cookie a new token,
     * and the cookie is set. Put it in forms ({@link #xsrfFormHtml()}) or send it back in the
     * {@code X-XSRFToken} header.
     *
     * @return the masked token, ASCII only
     */
    public String xsrfToken() {
        if (xsrfToken == null) {
            XsrfTokens.Raw raw = rawXsrfToken();
            xsrfToken = XsrfTokens.mask(raw);
            if (raw.version() == 0) {
                setCookie("_xsrf", xsrfToken);
            }
        }
        return xsrfToken;
    }

    private XsrfTokens.Raw rawXsrfToken() {
        if (rawXsrf == null) {
            String cookie = getCookie("_xsrf");
            XsrfTokens.Raw raw = cookie == null || cookie.isEmpty() ? null : XsrfTokens.decode(cookie);
            rawXsrf = raw != null ? raw : XsrfTokens.fresh();
        }
        return rawXsrf;
    }

    /**
     * The hidden form field carrying {@link #xsrfToken()}: include it in every POST form when
     * {@link Settings#xsrfCookies} is on.
     *
     * @return {@code <input type="hidden" name="_xsrf" value="..."/>}
     */
    public String xsrfFormHtml() {
        return "<input type=\"hidden\" name=\"_xsrf\" value=\"" + escapeHtml(xsrfToken()) + "\"/>";
    }

    /**
     * Refuses the request with 403 unless its {@code _xsrf} argument, or else its
     * {@code X-XSRFToken} or {@code X-CSRFToken} header, holds the token of its {@code _xsrf}
     * cookie (Tornado's {@code check_xsrf_cookie}). With {@link Settings#xsrfCookies} on, it runs
     * before {@link #prepare()} for every method but GET, HEAD and OPTIONS; override it to
     * exempt a handler (an API authenticated otherwise).
     *
     * @throws HttpError 403 if the token is missing, malformed or not the cookie's
     */
    public void checkXsrfCookie() {
        String token = getArgument("_xsrf", null);
        if (token == null || token.isEmpty()) {
            token = request.headers().get("X-Xsrftoken");
        }
        if (token == null || token.isEmpty()) {
            token = request.headers().get("X-Csrftoken");
        }
        if (token == null || token.isEmpty()) {
            throw new HttpError(403, "'_xsrf' argument missing from POST");
        }
        XsrfTokens.Raw passed = XsrfTokens.decode(token);
        XsrfTokens.Raw expected = rawXsrfToken();
        if (passed == null || passed.token().length == 0) {
            throw new HttpError(403, "'_xsrf' argument has invalid format");
        }
        if (!java.security.MessageDigest.isEqual(passed.token(), expected.token())) {
            throw new HttpError(403, "XSRF cookie does not match POST argument");
        }
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
        return flush(false);
    }

    private Future<Void> flush(boolean finishing) {
        byte[] chunk = takeBuffer();
        HttpConnection c = request.connection();
        if (!headersWritten) {
            if (application.settingsView().compressResponse) {
                gzip = new GzipEncoding(request.headers().get("Accept-Encoding"));
                chunk = gzip.firstChunk(status, headers, chunk, finishing);
            }
            if (newCookies != null) {
                for (String cookie : newCookies.values()) {
                    headers.add("Set-Cookie", cookie);
                }
                newCookies = null;
            }
            Future<Void> sent = c.writeHeaders(status, wireReason(), headers, chunk);
            headersWritten = true; // only now: a refused head can still become an error page
            return sent;
        }
        return c.write(gzip == null ? chunk : gzip.chunk(chunk, finishing));
    }

    /** Tornado writes the status line as UTF-8; the connection writes ISO-8859-1. */
    private String wireReason() {
        String r = reason != null ? reason : HttpStatus.reason(status);
        for (int i = 0; i < r.length(); i++) {
            if (r.charAt(i) >= 0x80) {
                return new String(r.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return r;
    }

    /**
     * Finishes the response: sends the headers and buffered body and ends it. Called automatically
     * when the handler method returns (or its future completes), unless called before.
     *
     * <p>If nothing was flushed yet: a 200 response to GET or HEAD without an {@code Etag} header
     * gets one ({@link #computeEtag()}) and becomes {@code 304} with no body if the request's
     * {@code If-None-Match} lists it ({@link #checkEtagHeader()}); a 1xx, 204 or 304 response loses
     * {@code Content-Type}, {@code Content-Encoding} and {@code Content-Language} and has no
     * {@code Content-Length}; any other gets a {@code Content-Length}.
     *
     * @return completes when everything is sent
     * @throws IllegalStateException if already finished, or if a body was written to a 1xx, 204 or
     *     304 response (Tornado's assertion; unhandled, it becomes a 500)
     */
    public Future<Void> finish() {
        if (finished) {
            throw new IllegalStateException("finish() called twice");
        }
        if (!headersWritten) {
            String method = request.method();
            if (status == 200 && (method.equals("GET") || method.equals("HEAD"))
                    && !headers.contains("Etag")) {
                setEtagHeader();
                if (checkEtagHeader()) {
                    buffer.clear();
                    bufferedBytes = 0;
                    setStatus(304);
                }
            }
            if (status == 204 || status == 304 || status < 200) {
                if (bufferedBytes > 0) {
                    throw new IllegalStateException("Cannot send body with " + status);
                }
                headers.remove("Content-Encoding");
                headers.remove("Content-Language");
                headers.remove("Content-Type");
                headers.remove("Content-Length");
            } else if (!headers.contains("Content-Length")) {
                headers.set("Content-Length", Integer.toString(bufferedBytes));
            }
        }
        Future<Void> sent = flush(true);
        finished = true;
        Future<Void> done = request.connection().finish();
        try {
            application.logRequest(this);
        } catch (RuntimeException e) {
            LoopLog.error("Exception in logRequest for " + requestSummary(), e);
        }
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

    // ---- Etags ----

    /**
     * The {@code Etag} of the response (Tornado's {@code compute_etag}): by default the SHA-1 of
     * the body written so far, in hexadecimal and double quotes. Override for another tag, or to
     * return null for none (and no automatic 304).
     *
     * @return the tag with its quotes, or null
     */
    public String computeEtag() {
        MessageDigest sha1 = SHA1.get();
        for (byte[] part : buffer) {
            sha1.update(part);
        }
        byte[] digest = sha1.digest(); // digest() also resets it for the next response
        char[] tag = new char[digest.length * 2 + 2];
        tag[0] = '"';
        for (int i = 0; i < digest.length; i++) {
            tag[1 + 2 * i] = HEX_DIGITS[(digest[i] >> 4) & 15];
            tag[2 + 2 * i] = HEX_DIGITS[digest[i] & 15];
        }
        tag[tag.length - 1] = '"';
        String etag = new String(tag);
        madeEtag = etag;
        return etag;
    }

    /** The last tag the default {@link #computeEtag()} made: hex in quotes, safe to send unchecked. */
    private String madeEtag;

    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    /** Sets {@code Etag} to {@link #computeEtag()}, unless that is null (Tornado's {@code set_etag_header}). */
    public void setEtagHeader() {
        String etag = computeEtag();
        if (etag != null) {
            // An override's tag is checked; the default's (also when an override returns it) need not be.
            headers.set("Etag", etag == madeEtag ? etag : checkHeaderValue(etag));
        }
    }

    /**
     * Whether the request's {@code If-None-Match} matches the response's {@code Etag} header, so
     * that a 304 should be sent (Tornado's {@code check_etag_header}): the header's first tag is
     * {@code *}, or one of its tags equals the Etag by weak comparison ({@code W/} ignored).
     *
     * @return true if it matches
     */
    public boolean checkEtagHeader() {
        String etag = headers.get("Etag");
        List<String> fields = request.headers().getAll("If-None-Match");
        if (etag == null || etag.isEmpty() || fields.isEmpty()) {
            return false;
        }
        // Repeated fields read as one comma-joined list, as Tornado's header dictionary joins them.
        String ifNoneMatch = fields.size() == 1 ? fields.get(0) : String.join(",", fields);
        List<String> tags = EntityTags.find(ifNoneMatch);
        if (tags.isEmpty()) {
            return false;
        }
        if (tags.get(0).equals("*")) {
            return true;
        }
        String mine = EntityTags.weak(etag);
        for (String t : tags) {
            if (EntityTags.weak(t).equals(mine)) {
                return true;
            }
        }
        return false;
    }

    // ---- redirects ----

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
        redirect(url, permanent ? 301 : 302);
    }

    /**
     * Redirects with {@code status} and finishes the response (Tornado's
     * {@code redirect(url, status=...)}). Like Tornado, the URL goes out as UTF-8 bytes.
     *
     * @param url the Location
     * @param status 300 to 399
     * @throws IllegalArgumentException for another status
     * @throws IllegalStateException if output was already flushed
     */
    public void redirect(String url, int status) {
        if (headersWritten) {
            throw new IllegalStateException("Cannot redirect after headers have been written");
        }
        if (status < 300 || status > 399) {
            throw new IllegalArgumentException("redirect status must be 300 to 399: " + status);
        }
        setStatus(status);
        setHeader("Location", new String(url.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        finish();
    }

    /**
     * Tornado's {@code @addslash}: call first in {@code get()}/{@code head()} of a route such as
     * {@code /foo/?}. If the path lacks its trailing slash, a GET or HEAD is redirected (301) to
     * the path with it, query kept, and the request ends ({@link Finish} is thrown); any other
     * method gets 404. Returns normally when the slash is there.
     *
     * @throws Finish after redirecting
     * @throws HttpError 404 for other methods
     */
    public void addSlash() {
        String path = request.path();
        if (path.endsWith("/")) {
            return;
        }
        if (isGetOrHead()) {
            redirect(path + "/" + (request.query().isEmpty() ? "" : "?" + request.query()), true);
            throw new Finish();
        }
        throw new HttpError(404);
    }

    /**
     * Tornado's {@code @removeslash}: call first in a handler of a route such as {@code /foo/*}.
     * If the path ends with slashes, a GET or HEAD is redirected (301) to the path without them,
     * query kept, and the request ends ({@link Finish} is thrown); the path {@code /} itself is
     * left alone; any other method gets 404. Returns normally when there is nothing to remove.
     *
     * @throws Finish after redirecting
     * @throws HttpError 404 for other methods
     */
    public void removeSlash() {
        String path = request.path();
        if (!path.endsWith("/")) {
            return;
        }
        if (!isGetOrHead()) {
            throw new HttpError(404);
        }
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        if (end > 0) {
            redirect(path.substring(0, end) + (request.query().isEmpty() ? "" : "?" + request.query()),
                    true);
            throw new Finish();
        }
    }

    private boolean isGetOrHead() {
        return request.method().equals("GET") || request.method().equals("HEAD");
    }

    /**
     * The path of a named route (Tornado's {@code reverse_url}).
     *
     * @param name the route's name
     * @param args one value per capturing group
     * @return the path
     * @see Application#reverseUrl
     */
    public String reverseUrl(String name, Object... args) {
        return application.reverseUrl(name, args);
    }

    /**
     * The URL of a static file with its content version, {@code /static/css/site.css?v=<sha512>}
     * (Tornado's {@code static_url}): the version changes with the content, so that the file may
     * be cached for ten years ({@link StaticFileHandler}).
     *
     * @param path the file's path under {@link Settings#staticPath}
     * @return the URL path
     * @throws IllegalStateException if the application has no static path
     */
    public String staticUrl(String path) {
        return staticUrl(path, true);
    }

    /**
     * The URL of a static file.
     *
     * @param path the file's path under {@link Settings#staticPath}
     * @param includeVersion whether to add {@code ?v=} and the content hash
     * @return the URL path
     * @throws IllegalStateException if the application has no static path
     */
    public String staticUrl(String path, boolean includeVersion) {
        Settings settings = application.settingsView();
        if (settings.staticPath == null) {
            throw new IllegalStateException("You must define the staticPath setting to use staticUrl");
        }
        return StaticFileHandler.makeStaticUrl(settings, path, includeVersion);
    }

    /**
     * Discards the buffered output and headers and restores the defaults: status 200, headers
     * {@code Server}, {@code Content-Type: text/html; charset=UTF-8} and {@code Date}, then
     * {@link #setDefaultHeaders()}. Cookies set stay set, as in Tornado.
     */
    public void clear() {
        resetResponse();
        setDefaultHeaders();
    }

    private void resetResponse() {
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
     * @param status the status; outside 100 to 599, 500
     */
    public void sendError(int status) {
        sendError(status, null, null);
    }

    private void sendError(int status, String reason, Throwable exception) {
        if (headersWritten) {
            LoopLog.error("Cannot send error response after headers written", null);
            if (!finished) {
                finishQuietly();
            }
            return;
        }
        clear();
        setStatus(status >= 100 && status <= 599 ? status : 500, reason);
        if (this.status == 405) {
            setHeader("Allow", allowedMethods());
        }
        try {
            if (this.status != 304) {
                writeError(this.status, exception);
            }
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
     * Writes the body of an error page (Tornado's {@code write_error}); override for custom pages.
     * By default calls {@link #writeError(int)}; with {@link Settings#debug} on, writes the
     * exception's stack trace as plain text instead (Tornado's {@code serve_traceback}).
     *
     * @param status the status
     * @param exception what caused the error ({@link HttpError} included), or null when
     *     {@link #sendError(int)} was called directly
     */
    public void writeError(int status, Throwable exception) {
        if (exception != null && application.settingsView().debug) {
            // Tornado's serve_traceback: the trace as plain text, for development only
            setHeader("Content-Type", "text/plain");
            java.io.StringWriter trace = new java.io.StringWriter();
            exception.printStackTrace(new java.io.PrintWriter(trace));
            write(trace.toString());
            return;
        }
        writeError(status);
    }

    /**
     * Writes the body of an error page. The default is Tornado's short HTML page with the status
     * and reason, and never any detail of the exception.
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
        bind(app, req, args, kwargs);
        execute();
    }

    // The route's raw groups, kept from routing until execute() decodes them.
    private List<String> rawArgs = List.of();
    private Map<String, String> rawKwargs = Map.of();

    /** Gives the handler its request, before its body has arrived. */
    final void bind(Application app, HttpServerRequest req, List<String> args,
            Map<String, String> kwargs) {
        this.application = app;
        this.request = req;
        this.rawArgs = args;
        this.rawKwargs = kwargs;
    }

    /**
     * Where the connection puts the body: the handler itself once it has all arrived, or for a
     * {@link StreamRequestBody} class, {@link #dataReceived} piece by piece after {@code prepare}.
     */
    final dev.weft.http.BodySink bodySink() {
        return StreamedBody.streams(getClass()) ? new StreamedBody(this) : new BufferedBody(this);
    }

    /** The body (for a streamed one: its head) has arrived: from the request's {@code execute}. */
    final void bodyArrived(HttpServerRequest withBody) {
        this.request = withBody;
    }

    /**
     * Starts a handler that streams its body: runs everything up to and including
     * {@code prepare}, then waits for {@link #streamFinished()} before the HTTP method.
     *
     * @return completes once {@code prepare} is done (or the request has ended without it)
     */
    final Future<Void> startStreaming() {
        preparedFuture = new Future<>();
        bodyFuture = new Future<>();
        execute();
        return preparedFuture;
    }

    /** One piece of a streamed body; what {@link StreamedBody} hands on. */
    final Future<?> streamChunk(byte[] chunk) {
        if (finished) {
            return null;
        }
        Future<?> f;
        try {
            f = dataReceived(chunk);
        } catch (Throwable t) {
            handleException(t);
            return null;
        }
        if (f == null) {
            return null;
        }
        Future<Void> next = new Future<>();
        then(f, () -> next.setResult(null), () -> next.setResult(null));
        return next;
    }

    /** A streamed body has all arrived: the HTTP method may run. */
    final void streamFinished() {
        bodyFuture.setResult(null);
    }

    private void signalPrepared() {
        if (preparedFuture != null && !preparedFuture.isDone()) {
            preparedFuture.setResult(null);
        }
    }

    final void execute() {
        HttpServerRequest req = request;
        req.connection().setCloseCallback(this::connectionClosed);
        Future<?> prepared;
        try {
            setDefaultHeaders();
            if (!supportedMethods().contains(req.method())) {
                throw new HttpError(405);
            }
            if (bodyFuture == null) {
                form(); // as Tornado: a malformed form body is a 400 before anything runs
            }
            this.pathArgs = decodePathArgs(rawArgs);
            this.pathKwargs = decodePathKwargs(rawKwargs);
            String method = req.method();
            if (application.settingsView().xsrfCookies && !method.equals("GET") && !method.equals("HEAD")
                    && !method.equals("OPTIONS")) {
                checkXsrfCookie();
            }
            prepared = prepareAsync();
        } catch (Throwable t) {
            handleException(t);
            return;
        }
        then(prepared, () -> {
            signalPrepared();
            if (finished) {
                return; // prepare answered already
            }
            then(bodyFuture, () -> {
                if (finished) {
                    return; // dataReceived answered already
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
        });
    }

    private List<String> decodePathArgs(List<String> raw) {
        if (raw.isEmpty()) {
            return raw;
        }
        List<String> out = new ArrayList<>(raw.size());
        for (String g : raw) {
            out.add(g == null ? null : decodeArgument(Arguments.unquotePath(g), null));
        }
        return Collections.unmodifiableList(out);
    }

    private Map<String, String> decodePathKwargs(Map<String, String> raw) {
        if (raw.isEmpty()) {
            return raw;
        }
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, g) -> out.put(k, g == null ? null : decodeArgument(Arguments.unquotePath(g), k)));
        return Collections.unmodifiableMap(out);
    }

    /** @return the named groups' decoded values, by name (Tornado's {@code path_kwargs}) */
    public Map<String, String> namedPathArgs() {
        return pathKwargs;
    }

    /** Runs {@code next} once {@code f} (null: at once) succeeds; a failure becomes an error page. */
    private void then(Future<?> f, Runnable next) {
        then(f, next, null);
    }

    /** As {@link #then(Future, Runnable)}, and runs {@code afterFailure} after the error page. */
    private void then(Future<?> f, Runnable next, Runnable afterFailure) {
        if (f == null) {
            next.run();
        } else if (f.isDone()) {
            afterFuture(f, next, afterFailure);
        } else {
            // On the loop even if some other thread completes it: handlers are not thread-safe.
            IOLoop.current().addFuture(f, done -> afterFuture(done, next, afterFailure));
        }
    }

    private void afterFuture(Future<?> f, Runnable next, Runnable afterFailure) {
        Throwable failure = f.isCancelled()
                ? new java.util.concurrent.CancellationException("handler future was cancelled")
                : f.exception();
        if (failure != null) {
            handleException(failure);
            if (afterFailure != null) {
                afterFailure.run();
            }
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
            case "OPTIONS": return optionsAsync();
            default: return otherMethodAsync(method);
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

    /** Tornado's {@code _handle_request_exception} and {@code log_exception}. */
    private void handleException(Throwable t) {
        if (t instanceof VirtualMachineError) {
            throw (VirtualMachineError) t;
        }
        signalPrepared(); // a failure before or in prepare: the connection must not wait for it
        if (t instanceof Finish) {
            if (!finished) {
                String chunk = ((Finish) t).chunk();
                try {
                    if (chunk != null) {
                        write(chunk);
                    }
                    finish();
                } catch (RuntimeException e) {
                    handleException(e);
                }
            }
            return;
        }
        if (t instanceof StreamClosedException) {
            // The client went away (a flush the handler awaited failed): not an error, and there
            // is no one left to answer.
            LoopLog.debug("Client went away during " + requestSummary() + ": " + t.getMessage(), null);
            finished = true;
            return;
        }
        if (t instanceof HttpError) {
            HttpError e = (HttpError) t;
            if (e.logMessage() != null && !e.logMessage().isEmpty()
                    && GENERAL_LOG.isLoggable(System.Logger.Level.WARNING)) {
                GENERAL_LOG.log(System.Logger.Level.WARNING,
                        e.status() + " " + requestSummary() + ": " + e.logMessage());
            }
        } else {
            LoopLog.error("Uncaught exception " + requestSummary() + "\n" + request, t);
        }
        if (finished) {
            return; // logged; there is no response left to send
        }
        if (t instanceof HttpError) {
            HttpError e = (HttpError) t;
            sendError(e.status(), e.reason(), e);
        } else {
            sendError(500, null, t);
        }
    }

    /** {@code GET /path?q (127.0.0.1)}: how the logs name a request (Tornado's {@code _request_summary}). */
    String requestSummary() {
        return request.method() + " " + request.uri() + " (" + request.remoteIp() + ")";
    }

    private void finishQuietly() {
        try {
            finish();
        } catch (RuntimeException e) {
            LoopLog.error("Exception finishing the response to " + request, e);
        }
    }

    private void connectionClosed() {
        if (bodyFuture != null && !bodyFuture.isDone()) {
            // Tornado's on_connection_close: the method waiting for the body ends quietly.
            bodyFuture.setException(new StreamClosedException(null));
        }
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

    /**
     * The {@code Allow} value of a 405: the {@link #supportedMethods()} this handler's class
     * implements. RFC 9110 §15.5.6 makes it a MUST, which Tornado 6.2 leaves out.
     */
    private String allowedMethods() {
        Set<String> implemented = IMPLEMENTED.get(getClass());
        List<String> allowed = new ArrayList<>();
        for (String m : supportedMethods()) {
            if (SUPPORTED_METHODS.contains(m) ? implemented.contains(m) : implemented.contains("*")) {
                allowed.add(m);
            }
        }
        return String.join(", ", allowed);
    }

    private static boolean overrides(Class<?> type, String name, Class<?>... params) {
        for (Class<?> c = type; c != null && c != RequestHandler.class; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod(name, params);
                return true;
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        return false;
    }

    /** Tornado's {@code xhtml_escape}. */
    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }
}
