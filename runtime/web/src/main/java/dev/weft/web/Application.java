package dev.weft.web;

import dev.weft.http.BodySink;
import dev.weft.http.HttpRequestHandler;
import dev.weft.http.HttpServer;
import dev.weft.http.HttpServerOptions;
import dev.weft.http.HttpServerRequest;
import dev.weft.LoopLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * A web application: an ordered routing table of {@link Route}s (Tornado's
 * {@code tornado.web.Application}). The first route whose pattern matches the whole request path
 * gets a new {@link RequestHandler}; no match gives a 404 page.
 *
 * <pre>{@code
 * Application app = new Application(List.of(Route.of("/", IndexHandler::new)));
 * app.listen(8000);
 * IOLoop.current().start();
 * }</pre>
 *
 * <p>Thread rules: an application has no mutable state after construction and may serve several
 * servers and loops at once.
 */
public class Application implements HttpRequestHandler {

    private final List<Route> routes;
    private final Map<String, Route> named;
    private final Settings settings;

    /**
     * An application.
     *
     * @param routes the routing table, tried in order; of two routes with the same name the later
     *     one is the one {@link #reverseUrl} uses, as in Tornado
     */
    public Application(List<Route> routes) {
        this(routes, new Settings());
    }

    /**
     * An application with settings. With {@link Settings#staticPath} set, the static routes come
     * first, as in Tornado: {@code staticUrlPrefix + "(.*)"}, {@code /(favicon\.ico)} and
     * {@code /(robots\.txt)}.
     *
     * @param routes the routing table, tried in order
     * @param settings the settings; copied
     */
    public Application(List<Route> routes, Settings settings) {
        this.settings = settings.copy();
        List<Route> all = new ArrayList<>();
        if (this.settings.staticPath != null) {
            java.nio.file.Path root = this.settings.staticPath;
            java.util.function.Supplier<RequestHandler> files = () -> new StaticFileHandler(root);
            all.add(Route.of(java.util.regex.Pattern.quote(this.settings.staticUrlPrefix) + "(.*)", files));
            all.add(Route.of("/(favicon\\.ico)", files));
            all.add(Route.of("/(robots\\.txt)", files));
        }
        all.addAll(routes);
        this.routes = List.copyOf(all);
        Map<String, Route> byName = new LinkedHashMap<>();
        for (Route r : this.routes) {
            if (r.name() != null) {
                byName.put(r.name(), r);
            }
        }
        this.named = Collections.unmodifiableMap(byName);
    }

    /**
     * The URL path of the route named {@code name} for {@code args} (Tornado's
     * {@code Application.reverse_url}); see {@link Route#reverse}.
     *
     * @param name the route's name
     * @param args one value per capturing group
     * @return the path
     * @throws IllegalArgumentException if no route has that name, or the arguments do not fit
     */
    public String reverseUrl(String name, Object... args) {
        Route r = named.get(name);
        if (r == null) {
            throw new IllegalArgumentException(name + " not found in named urls");
        }
        return r.reverse(args);
    }

    /**
     * Logs a finished request (Tornado's {@code log_request}): one line such as
     * {@code 200 GET /path?q=1 (127.0.0.1) 0.52ms} on the {@link System.Logger} named
     * {@code dev.weft.access}, at INFO below 400, WARNING below 500 and ERROR from 500. It is on by
     * default; turn it off by setting that logger's level (with {@code java.util.logging}:
     * {@code Logger.getLogger("dev.weft.access").setLevel(Level.OFF)}, keeping a reference), or
     * override this method to log elsewhere.
     *
     * @param handler the handler that finished, for its {@link RequestHandler#getStatus() status}
     *     and {@link RequestHandler#request() request}
     */
    protected void logRequest(RequestHandler handler) {
        int status = handler.getStatus();
        System.Logger.Level level = status < 400 ? System.Logger.Level.INFO
                : status < 500 ? System.Logger.Level.WARNING : System.Logger.Level.ERROR;
        if (!AccessLog.isLoggable(level)) {
            return; // nothing formatted when the log is off
        }
        HttpServerRequest r = handler.request();
        long hundredths = Math.round((System.nanoTime() - r.startTime()) / 10_000.0);
        StringBuilder sb = new StringBuilder(64).append(status).append(' ')
                .append(handler.requestSummary()).append(' ').append(hundredths / 100).append('.');
        long frac = hundredths % 100;
        sb.append(frac < 10 ? "0" : "").append(frac).append("ms");
        AccessLog.log(level, sb.toString());
    }

    /** @return a copy of the settings */
    public Settings settings() {
        return settings.copy();
    }

    Settings settingsView() {
        return settings;
    }

    /** @return the routing table */
    public List<Route> routes() {
        return routes;
    }

    /**
     * Starts an {@link HttpServer} for this application on {@code port}, all interfaces, on the
     * current thread's loop (Tornado's {@code Application.listen}). Start the loop afterwards.
     *
     * @param port the port, 0 for an ephemeral one ({@link HttpServer#boundPort()})
     * @return the server, to stop it
     */
    public HttpServer listen(int port) {
        return listen(port, null, new HttpServerOptions());
    }

    /**
     * Starts an {@link HttpServer} for this application.
     *
     * @param port the port, 0 for an ephemeral one
     * @param address the interface, for instance {@code "127.0.0.1"}; null for all
     * @param options the server's limits and timeouts
     * @return the server, to stop it
     */
    public HttpServer listen(int port, String address, HttpServerOptions options) {
        HttpServer server = new HttpServer(this, options);
        server.listen(port, address);
        return server;
    }

    /**
     * Routes one request, whose body has all arrived, to a new handler.
     *
     * @param request the request
     */
    @Override
    public void handle(HttpServerRequest request) {
        route(request).execute();
    }

    /**
     * Routes a request as soon as its head has arrived (Tornado's {@code _RoutingDelegate}): the
     * body then goes to the handler, streamed if its class is marked {@link StreamRequestBody},
     * otherwise read whole first.
     *
     * @param request the request, its body not yet read
     * @return where its body goes
     */
    @Override
    public BodySink startRequest(HttpServerRequest request) {
        return route(request).bodySink();
    }

    /** A new handler for {@code request}, given its request and path arguments, not yet run. */
    private RequestHandler route(HttpServerRequest request) {
        String path = request.path();
        for (Route route : routes) {
            String literal = route.literal();
            if (literal != null) {
                if (literal.equals(path)) {
                    return create(route, route.factory(), request, List.of(), Map.of());
                }
                continue;
            }
            Matcher m = route.pattern().matcher(path);
            if (m.matches()) {
                return create(route, route.factory(), request, groups(m), namedGroups(route, m));
            }
        }
        if (settings.defaultHandler != null) {
            return create(null, settings.defaultHandler, request, List.of(), Map.of());
        }
        return bound(new ErrorHandler(404), request, List.of(), Map.of());
    }

    private RequestHandler create(Route route, java.util.function.Supplier<? extends RequestHandler> factory,
            HttpServerRequest request, List<String> args, Map<String, String> kwargs) {
        RequestHandler handler;
        try {
            handler = factory.get();
        } catch (RuntimeException e) {
            LoopLog.error("Cannot create the handler of " + (route == null ? "the default handler" : route)
                    + " for " + request, e);
            return bound(new ErrorHandler(500), request, List.of(), Map.of());
        }
        return bound(handler, request, args, kwargs);
    }

    private RequestHandler bound(RequestHandler handler, HttpServerRequest request, List<String> args,
            Map<String, String> kwargs) {
        handler.bind(this, request, args, kwargs);
        return handler;
    }

    private static List<String> groups(Matcher m) {
        if (m.groupCount() == 0) {
            return List.of();
        }
        List<String> args = new ArrayList<>(m.groupCount());
        for (int i = 1; i <= m.groupCount(); i++) {
            String g = m.group(i);
            args.add(g); // decoded by the handler, where a bad escape becomes a 400
        }
        return Collections.unmodifiableList(args);
    }

    private static Map<String, String> namedGroups(Route route, Matcher m) {
        if (route.groupNames().isEmpty()) {
            return Map.of();
        }
        Map<String, String> kw = new LinkedHashMap<>();
        for (String name : route.groupNames()) {
            String g = m.group(name);
            kw.put(name, g);
        }
        return Collections.unmodifiableMap(kw);
    }

    /** Answers every request with one error status (Tornado's {@code ErrorHandler}). */
    static final class ErrorHandler extends RequestHandler {
        private final int status;

        ErrorHandler(int status) {
            this.status = status;
            setStatus(status); // logged with this status even if prepare is never reached
        }

        @Override
        public void prepare() {
            throw new HttpError(status);
        }
    }
}
