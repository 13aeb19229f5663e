package dev.weft.web;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser (RFC 8259), the reading half of {@link Json}. It reads exactly one value
 * with optional whitespace around it; anything else is a {@link MalformedJsonException} naming
 * what was expected and where.
 *
 * <p>As Python's {@code json.loads}: a repeated key keeps its last value; {@code \\u} escapes
 * of lone surrogates are kept. Stricter than it, as RFC 8259 asks: {@code NaN},
 * {@code Infinity} and numbers beyond a double's range are refused rather than read as floats
 * that no JSON can hold.
 */
final class JsonReader {
    private final String s;
    private final int maxDepth;
    private int at;

    private JsonReader(String s, int maxDepth) {
        this.s = s;
        this.maxDepth = maxDepth;
    }

    static Object read(String text, int maxDepth) {
        JsonReader r = new JsonReader(text, maxDepth);
        r.space();
        Object v = r.value(0);
        r.space();
        if (r.at < text.length()) {
            throw r.error("Extra data");
        }
        return v;
    }

    private MalformedJsonException error(String what) {
        return new MalformedJsonException(what, at);
    }

    private void space() {
        while (at < s.length()) {
            char c = s.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private Object value(int depth) {
        if (at >= s.length()) {
            throw error("Expecting value");
        }
        char c = s.charAt(at);
        switch (c) {
            case '{': return object(depth + 1);
            case '[': return array(depth + 1);
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("Expecting value");
        }
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, at)) {
            throw error("Expecting value");
        }
        at += word.length();
        return v;
    }

    private void checkDepth(int depth) {
        if (depth > maxDepth) {
            throw error("Nested deeper than " + maxDepth);
        }
    }

    private Map<String, Object> object(int depth) {
        checkDepth(depth);
        at++; // {
        Map<String, Object> map = new LinkedHashMap<>();
        space();
        if (at < s.length() && s.charAt(at) == '}') {
            at++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            if (at >= s.length() || s.charAt(at) != '"') {
                throw error("Expecting property name enclosed in double quotes");
            }
            String key = string();
            space();
            if (at >= s.length() || s.charAt(at) != ':') {
                throw error("Expecting ':' delimiter");
            }
            at++;
            space();
            map.put(key, value(depth));
            space();
            if (at < s.length() && s.charAt(at) == ',') {
                at++;
                space();
            } else if (at < s.length() && s.charAt(at) == '}') {
                at++;
                return Collections.unmodifiableMap(map);
            } else {
                throw error("Expecting ',' delimiter");
            }
        }
    }

    private List<Object> array(int depth) {
        checkDepth(depth);
        at++; // [
        List<Object> list = new ArrayList<>();
        space();
        if (at < s.length() && s.charAt(at) == ']') {
            at++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            list.add(value(depth));
            space();
            if (at < s.length() && s.charAt(at) == ',') {
                at++;
                space();
            } else if (at < s.length() && s.charAt(at) == ']') {
                at++;
                return Collections.unmodifiableList(list);
            } else {
                throw error("Expecting ',' delimiter");
            }
        }
    }

    private String string() {
        int start = at;
        at++; // "
        StringBuilder sb = null;
        int run = at;
        while (true) {
            if (at >= s.length()) {
                at = start;
                throw error("Unterminated string starting");
            }
            char c = s.charAt(at);
            if (c == '"') {
                String out = sb == null ? s.substring(run, at) : sb.append(s, run, at).toString();
                at++;
                return out;
            }
            if (c < 0x20) {
                throw error("Invalid control character");
            }
            if (c != '\\') {
                at++;
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder();
            }
            sb.append(s, run, at);
            at++;
            if (at >= s.length()) {
                at = start;
                throw error("Unterminated string starting");
            }
            char e = s.charAt(at);
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u': sb.append(hex4()); at += 4; break;
                default:
                    at--;
                    throw error("Invalid \\escape");
            }
            at++;
            run = at;
        }
    }

    /** The four hexadecimal digits after {@code \\u}, at {@code at + 1}. */
    private char hex4() {
        if (at + 5 > s.length()) {
            at--;
            throw error("Invalid \\uXXXX escape");
        }
        int v = 0;
        for (int i = 1; i <= 4; i++) {
            int d = Character.digit(s.charAt(at + i), 16);
            if (d < 0 || s.charAt(at + i) > 'f') { // Character.digit also takes non-ASCII digits
                at--;
                throw error("Invalid \\uXXXX escape");
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    private Object number() {
        int start = at;
        if (s.charAt(at) == '-') {
            at++;
        }
        if (at >= s.length() || !digit(s.charAt(at))) {
            at = start;
            throw error("Expecting value");
        }
        if (s.charAt(at) == '0') {
            at++; // no leading zeros: "01" leaves "1" as extra data, as in Python
        } else {
            while (at < s.length() && digit(s.charAt(at))) {
                at++;
            }
        }
        boolean integer = true;
        if (at + 1 < s.length() && s.charAt(at) == '.' && digit(s.charAt(at + 1))) {
            integer = false;
            at += 2;
            while (at < s.length() && digit(s.charAt(at))) {
                at++;
            }
        }
        if (at < s.length() && (s.charAt(at) == 'e' || s.charAt(at) == 'E')) {
            int e = at + 1;
            if (e < s.length() && (s.charAt(e) == '+' || s.charAt(e) == '-')) {
                e++;
            }
            if (e < s.length() && digit(s.charAt(e))) {
                integer = false;
                at = e;
                while (at < s.length() && digit(s.charAt(at))) {
                    at++;
                }
            }
        }
        String text = s.substring(start, at);
        if (integer) {
            if (text.length() <= 18) {
                return Long.parseLong(text);
            }
            if (text.length() > 4300) { // Python 3.11's limit on int digits, against slow parsing
                at = start;
                throw error("Integer too long");
            }
            BigInteger b = new BigInteger(text);
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            at = start;
            throw error("Number out of range");
        }
        return d;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
