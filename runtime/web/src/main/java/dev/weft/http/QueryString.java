package dev.weft.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decoding of {@code application/x-www-form-urlencoded} data: query strings and form bodies
 * (Python's {@code urllib.parse.parse_qs} and {@code unquote}).
 *
 * <p>Lenient, because it decodes what clients send: a malformed escape such as {@code %zz} is kept
 * as it is, and bytes that are not valid UTF-8 become U+FFFD; it never throws.
 */
public final class QueryString {
    private QueryString() {
    }

    /**
     * Parses {@code a=1&b=2&a=3} into {@code {a=[1, 3], b=[2]}}; {@code +} means a space. Fields
     * without {@code =} get an empty value.
     *
     * @param query the encoded text, without the {@code ?}; null means empty
     * @return an unmodifiable map, names in order of first appearance
     */
    public static Map<String, List<String>> parse(String query) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return Collections.unmodifiableMap(out);
        }
        for (String field : query.split("&")) {
            if (field.isEmpty()) {
                continue;
            }
            int eq = field.indexOf('=');
            String name = decode(eq < 0 ? field : field.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(field.substring(eq + 1), true);
            out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Percent-decodes {@code s} as UTF-8.
     *
     * @param s the encoded text
     * @param plusIsSpace whether {@code +} means a space (form data) or itself (paths)
     * @return the decoded text
     */
    public static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(b, 0, b.length);
            }
        }
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return HttpSyntax.hexValue(c);
    }
}
