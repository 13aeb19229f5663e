package dev.weft.httpclient;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the test servers serve, the same on each {@link Backend}: a few routes that answer with a
 * given code, echo the request, redirect, or hold the request until the test lets it go.
 */
final class Site {
    /** A request as the server saw it; header names in lower case. */
    record Req(String method, String path, Map<String, String> query,
            Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** A response to send. */
    record Reply(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        static Reply text(int status, String body, String... headers) {
            List<Map.Entry<String, String>> h = new ArrayList<>();
            h.add(Map.entry("Content-Type", "text/plain; charset=UTF-8"));
            for (int i = 0; i < headers.length; i += 2) {
                h.add(Map.entry(headers[i], headers[i + 1]));
            }
            return new Reply(status, h, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Holds> holds = new ConcurrentHashMap<>();

    /** The requests of one test held by {@code /hold?g=group}. */
    Holds holds(String group) {
        return holds.computeIfAbsent(group, g -> new Holds());
    }

    CompletableFuture<Reply> handle(Req r) {
        switch (r.path()) {
            case "/hello":
                return done(Reply.text(200, "Hello, world"));
            case "/status": {
                int code = Integer.parseInt(r.query().get("code"));
                return done(code == 204 || code == 304
                        ? new Reply(code, List.of(), new byte[0])
                        : Reply.text(code, "status " + code));
            }
            case "/echo": {
                // The method, the body as received, and what some request headers were.
                List<Map.Entry<String, String>> h = new ArrayList<>();
                h.add(Map.entry("X-Method", r.method()));
                h.add(Map.entry("X-Body-Length", String.valueOf(r.body().length)));
                for (String name : List.of("Content-Type", "User-Agent", "X-Test")) {
                    List<String> values = r.headers().get(name.toLowerCase(Locale.ROOT));
                    h.add(Map.entry("X-Got-" + name, values == null ? "-" : String.join("|", values)));
                }
                h.add(Map.entry("Content-Type", "application/octet-stream"));
                return done(new Reply(200, h, r.body()));
            }
            case "/multi":
                return done(Reply.text(200, "two", "X-Multi", "a", "X-Multi", "b"));
            case "/latin1":
                return done(new Reply(200, List.of(Map.entry("Content-Type",
                        "text/plain; charset=\"ISO-8859-1\"")),
                        "café".getBytes(StandardCharsets.ISO_8859_1)));
            case "/utf8-no-charset":
                return done(new Reply(200, List.of(Map.entry("Content-Type", "text/plain")),
                        "naïve ☃".getBytes(StandardCharsets.UTF_8)));
            case "/redirect":
                return done(Reply.text(Integer.parseInt(r.query().getOrDefault("code", "302")),
                        "moved", "Location", r.query().get("to")));
            case "/chain": {
                int n = Integer.parseInt(r.query().get("n"));
                return done(n == 0 ? Reply.text(200, "end")
                        : Reply.text(302, "again", "Location", "chain?n=" + (n - 1)));
            }
            case "/hold":
                return holds(r.query().get("g")).arrive(r.query().get("id"));
            default:
                return done(Reply.text(404, "no " + r.path()));
        }
    }

    private static CompletableFuture<Reply> done(Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    static Map<String, String> parseQuery(String query) {
        Map<String, String> q = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return q;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return q;
    }
}
