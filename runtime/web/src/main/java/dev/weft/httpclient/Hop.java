package dev.weft.httpclient;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP exchange of a fetch: the first request, or the request a redirect leads to. Checks what
 * it is given (Tornado's checks in {@code _HTTPConnection.run}) and turns it into a JDK request.
 */
final class Hop {
    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
    // What no longer describes the body once a redirect turns the request into a GET.
    private static final Set<String> BODY_HEADERS =
            Set.of("content-length", "content-type", "content-encoding", "transfer-encoding");
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    final URI uri;
    final String method;
    final byte[] body;
    final List<Map.Entry<String, String>> headers;

    private Hop(URI uri, String method, byte[] body, List<Map.Entry<String, String>> headers) {
        this.uri = uri;
        this.method = method;
        this.body = body;
        this.headers = headers;
    }

    /**
     * The first exchange of {@code request}.
     *
     * @throws IllegalArgumentException for a malformed or non-HTTP URL, an unknown method, a body
     *     where the method takes none or none where it needs one
     */
    static Hop first(HttpClientRequest request, String userAgent) {
        String method = request.method();
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("unknown method " + method + " (one of " +
                    "GET HEAD POST PUT DELETE PATCH OPTIONS, in capitals): " + request.url());
        }
        byte[] body = request.bodyUnsafe();
        boolean expected = BODY_METHODS.contains(method);
        if (expected != (body != null)) {
            throw new IllegalArgumentException("Body must " + (expected ? "not " : "")
                    + "be null for method " + method + ": " + request.url());
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers());
        if (userAgent != null && !has(headers, "user-agent")) {
            headers.add(Map.entry("User-Agent", userAgent));
        }
        if (method.equals("POST") && !has(headers, "content-type")) {
            headers.add(Map.entry("Content-Type", "application/x-www-form-urlencoded"));
        }
        Hop hop = new Hop(parse(request.url()), method, body, List.copyOf(headers));
        hop.toJdk(); // the JDK's own checks (header names and values), now rather than later
        return hop;
    }

    /**
     * Where a response sends this request, if it is a redirect to follow (Tornado's
     * {@code _should_follow_redirect}): 301, 302, 303, 307 or 308 with a {@code Location}.
     *
     * @return the next exchange, or null when {@code code} is not such a redirect
     * @throws IllegalArgumentException when the {@code Location} is not a usable URL
     */
    Hop redirect(int code, String location) {
        if (!REDIRECTS.contains(code) || location == null) {
            return null;
        }
        URI target;
        try {
            target = uri.resolve(new URI(location));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("redirect " + code + " from " + uri
                    + " to a malformed Location: " + location, e);
        }
        checkHttp(target, location);
        // RFC 9110 §15.4: 303 means GET (but HEAD stays HEAD); after 301 and 302 browsers, and
        // Tornado, turn POST into GET. 307 and 308 repeat the request as it was.
        if ((code == 303 && !method.equals("HEAD"))
                || ((code == 301 || code == 302) && method.equals("POST"))) {
            List<Map.Entry<String, String>> kept = new ArrayList<>();
            for (Map.Entry<String, String> h : headers) {
                if (!BODY_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                    kept.add(h);
                }
            }
            return new Hop(target, "GET", null, List.copyOf(kept));
        }
        return new Hop(target, method, body, headers);
    }

    HttpRequest toJdk() {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        // Plain http stays HTTP/1.1 (no h2c upgrade dance, as Tornado's client); https lets ALPN
        // choose HTTP/2 where the server offers it.
        if (uri.getScheme().equalsIgnoreCase("http")) {
            b.version(java.net.http.HttpClient.Version.HTTP_1_1);
        }
        for (Map.Entry<String, String> h : headers) {
            b.header(h.getKey(), h.getValue());
        }
        return b.build();
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed URL: " + e.getMessage(), e);
        }
        checkHttp(uri, url);
        return uri;
    }

    private static void checkHttp(URI uri, String url) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("Unsupported url scheme: " + url);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("URL without a host: " + url);
        }
    }

    private static boolean has(List<Map.Entry<String, String>> headers, String lowerName) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().toLowerCase(Locale.ROOT).equals(lowerName)) {
                return true;
            }
        }
        return false;
    }
}
