package dev.weft.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cookie syntax as Tornado 6.2 has it, which is Python's {@code http.cookies}: which names are
 * legal, how a value is quoted in {@code Set-Cookie}, and how a {@code Cookie} header is read
 * (Tornado's {@code httputil.parse_cookie}, the browsers' lenient algorithm, not RFC 6265's).
 *
 * <p>Thread rules: stateless; any thread.
 */
public final class Cookies {
    // Python's http.cookies._LegalChars: a name or value of only these needs no quotes.
    private static final String LEGAL = "!#$%&'*+-.^_`|~:";
    // Also left as they are inside quotes (Python's _UnescapedChars).
    private static final String UNESCAPED = " ()/<=>?@[]{}";
    private static final Set<String> RESERVED = Set.of("expires", "path", "comment", "domain",
            "max-age", "secure", "httponly", "version", "samesite");

    private Cookies() {
    }

    /**
     * Whether {@code name} may name a cookie: not empty, only letters, digits and
     * {@code !#$%&'*+-.^_`|~:}, and not an attribute name such as {@code path} (Python's
     * {@code Morsel.set} refuses those).
     *
     * @param name the name
     * @return true if legal
     */
    public static boolean isLegalName(String name) {
        return isLegal(name) && !RESERVED.contains(name.toLowerCase(Locale.ROOT));
    }

    private static boolean isLegal(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || LEGAL.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * A cookie value as {@code Set-Cookie} carries it (Python's {@code http.cookies._quote}): as it
     * is if it has only legal characters, otherwise in double quotes with {@code "} and
     * {@code \} escaped by a backslash and other characters below U+0020, from U+007F to U+00FF,
     * {@code ,} and {@code ;} written as three-digit octal escapes ({@code \054}).
     *
     * @param value the value
     * @return the value to send
     */
    public static String quote(String value) {
        if (isLegal(value)) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length() + 8).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c > 0xff || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9') || LEGAL.indexOf(c) >= 0 || UNESCAPED.indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)))
                        .append((char) ('0' + (c & 7)));
            }
        }
        return sb.append('"').toString();
    }

    /**
     * Undoes {@link #quote}: a value in double quotes loses them, and {@code \ooo} (octal) and
     * {@code \c} escapes inside become the characters. Anything else is returned as it is.
     *
     * @param value the value as sent
     * @return the value
     */
    public static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        String s = value.substring(1, value.length() - 1);
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && isOctalEscape(s, i + 1)) {
                sb.append((char) ((s.charAt(i + 1) - '0') * 64 + (s.charAt(i + 2) - '0') * 8
                        + (s.charAt(i + 3) - '0')));
                i += 3;
            } else if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) != '\n') {
                sb.append(s.charAt(++i));
            } else {
                sb.append(c); // a final backslash stays, as with Python's regular expression
            }
        }
        return sb.toString();
    }

    private static boolean isOctalEscape(String s, int at) {
        return s.charAt(at) >= '0' && s.charAt(at) <= '3'
                && s.charAt(at + 1) >= '0' && s.charAt(at + 1) <= '7'
                && s.charAt(at + 2) >= '0' && s.charAt(at + 2) <= '7';
    }

    /**
     * Reads the cookies of a request as Tornado does: the {@code Cookie} fields are joined with
     * commas (as Tornado's header dictionary joins repeated fields), split at {@code ;}, each
     * piece split at its first {@code =} (a piece without one is a value with an empty name),
     * both sides stripped, and the value unquoted. Of a repeated name the last value wins, at the
     * place of the first; names that are not {@link #isLegalName legal} are dropped. Never throws.
     *
     * @param cookieFields the values of the request's {@code Cookie} fields
     * @return an unmodifiable map from name to value, in order of first appearance
     */
    public static Map<String, String> parse(List<String> cookieFields) {
        if (cookieFields.isEmpty()) {
            return Map.of();
        }
        String header = cookieFields.size() == 1 ? cookieFields.get(0) : String.join(",", cookieFields);
        Map<String, String> out = new LinkedHashMap<>();
        int start = 0;
        while (start <= header.length()) {
            int semi = header.indexOf(';', start);
            int end = semi < 0 ? header.length() : semi;
            String chunk = header.substring(start, end);
            int eq = chunk.indexOf('=');
            String name = PyStrings.strip(eq < 0 ? "" : chunk.substring(0, eq));
            String value = PyStrings.strip(eq < 0 ? chunk : chunk.substring(eq + 1));
            if ((!name.isEmpty() || !value.isEmpty()) && isLegalName(name)) {
                out.put(name, unquote(value));
            }
            start = end + 1;
        }
        return Collections.unmodifiableMap(out);
    }
}
