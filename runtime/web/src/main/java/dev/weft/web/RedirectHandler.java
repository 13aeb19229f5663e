package dev.weft.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Redirects every GET to another URL (Tornado's {@code tornado.web.RedirectHandler}); other
 * methods get 405.
 *
 * <pre>{@code
 * Route.of("/oldpath", () -> new RedirectHandler("/newpath"))
 * Route.of("/(.*?)/(.*?)/(.*)", () -> new RedirectHandler("/{1}/{0}/{2}"))  // /a/b/c to /b/a/c
 * }</pre>
 *
 * <p>The URL is formatted with the path arguments as Python's {@code str.format} would format it
 * ({@code {0}}, {@code {}}, {@code {name}} for a named group; when the route has named groups,
 * only names can be used, as in Tornado). The request's query arguments are appended to the
 * URL's own, re-encoded as Tornado's {@code url_concat} does. Permanent (301) by default.
 */
public class RedirectHandler extends RequestHandler {
    private final String url;
    private final boolean permanent;

    /**
     * A permanent (301) redirect.
     *
     * @param url the target, possibly with {@code {0}}-style placeholders
     */
    public RedirectHandler(String url) {
        this(url, true);
    }

    /**
     * A redirect.
     *
     * @param url the target, possibly with placeholders
     * @param permanent 301 if true, 302 if false
     */
    public RedirectHandler(String url, boolean permanent) {
        this.url = url;
        this.permanent = permanent;
    }

    @Override
    public void get() {
        Map<String, String> kwargs = namedPathArgs();
        String to = PyFormat.format(url, kwargs.isEmpty() ? pathArgs() : List.of(), kwargs);
        Map<String, List<byte[]>> query = rawQueryArguments();
        if (!query.isEmpty()) {
            to = concat(to, query);
        }
        redirect(to, permanent);
    }

    /** Tornado's {@code url_concat(url, qs_to_qsl(query_arguments))}. */
    static String concat(String url, Map<String, List<byte[]>> query) {
        int hash = url.indexOf('#');
        String fragment = hash < 0 ? "" : url.substring(hash + 1);
        String rest = hash < 0 ? url : url.substring(0, hash);
        int q = rest.indexOf('?');
        String base = q < 0 ? rest : rest.substring(0, q);
        List<byte[][]> pairs = new ArrayList<>();
        if (q >= 0) {
            // parse_qsl reads the URL's own query as UTF-8 (bad bytes become U+FFFD).
            String latin1 = new String(rest.substring(q + 1).getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.ISO_8859_1);
            for (byte[][] p : Arguments.pairs(latin1)) {
                pairs.add(new byte[][] {utf8Replacing(p[0]), utf8Replacing(p[1])});
            }
        }
        query.forEach((name, values) -> {
            // The name is text made from bytes as ISO-8859-1; quote_plus encodes it as UTF-8.
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            for (byte[] v : values) {
                pairs.add(new byte[][] {n, v});
            }
        });
        StringBuilder sb = new StringBuilder(base);
        if (!pairs.isEmpty()) {
            sb.append('?');
            for (int i = 0; i < pairs.size(); i++) {
                if (i > 0) {
                    sb.append('&');
                }
                Arguments.quotePlus(pairs.get(i)[0], sb);
                sb.append('=');
                Arguments.quotePlus(pairs.get(i)[1], sb);
            }
        }
        if (!fragment.isEmpty()) {
            sb.append('#').append(fragment);
        }
        return sb.toString();
    }

    private static byte[] utf8Replacing(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    }
}
