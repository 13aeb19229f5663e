package dev.weft.web;

import dev.weft.http.HttpRequestHandler;
import dev.weft.http.HttpServer;
import dev.weft.http.HttpServerOptions;
import dev.weft.http.HttpServerRequest;
import dev.weft.http.QueryString;
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

    /**
     * An application.
     *
     * @param routes the routing table, tried in order
     */
    public Application(List<Route> routes) {
        this.routes = List.copyOf(routes);
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
     * Routes one request to a new handler.
     *
     * @param request the request
     */
    @Override
    public void handle(HttpServerRequest request) {
        String path = request.path();
        for (Route route : routes) {
            String literal = route.literal();
            if (literal != null) {
                if (literal.equals(path)) {
                    run(route, request, List.of(), Map.of());
                    return;
                }
                continue;
            }
            Matcher m = route.pattern().matcher(path);
            if (m.matches()) {
                run(route, request, groups(m), namedGroups(route, m));
                return;
            }
        }
        new ErrorHandler(404).execute(this, request, List.of(), Map.of());
    }

    private void run(Route route, HttpServerRequest request, List<String> args,
            Map<String, String> kwargs) {
        RequestHandler handler;
        try {
            handler = route.factory().get();
        } catch (RuntimeException e) {
            LoopLog.error("Cannot create the handler of " + route + " for " + request, e);
            new ErrorHandler(500).execute(this, request, List.of(), Map.of());
            return;
        }
        handler.execute(this, request, args, kwargs);
    }

    private static List<String> groups(Matcher m) {
        if (m.groupCount() == 0) {
            return List.of();
        }
        List<String> args = new ArrayList<>(m.groupCount());
        for (int i = 1; i <= m.groupCount(); i++) {
            String g = m.group(i);
            args.add(g == null ? null : QueryString.decode(g, false));
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
            kw.put(name, g == null ? null : QueryString.decode(g, false));
        }
        return Collections.unmodifiableMap(kw);
    }

    /** Answers every request with one error status (Tornado's {@code ErrorHandler}). */
    static final class ErrorHandler extends RequestHandler {
        private final int status;

        ErrorHandler(int status) {
            this.status = status;
        }

        @Override
        public void prepare() {
            throw new HttpError(status);
        }
    }
}
