package dev.weft.web;

import dev.weft.http.PyStrings;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request arguments decoded the way Tornado 6.2 decodes them, so that the same request gives the
 * same values (or the same 400).
 *
 * <p>The request target arrives as ISO-8859-1 text (one char per byte). A query or form body is
 * split at {@code &} only and each field at its first {@code =} (Python's {@code parse_qs} with
 * blank values kept); {@code +} is a space and {@code %XX} a byte, a malformed escape stays as
 * it is. Values stay bytes until a handler reads them: then they must be UTF-8, or the request
 * gets 400 ({@link #decode}). Names are the decoded bytes read as ISO-8859-1, as Tornado's are
 * (so {@code %C3%A9=1} is the name {@code "Ã©"}, not {@code "é"}).
 *
 * <p>A path argument is decoded like Python's {@code unquote_to_bytes}: the text is encoded as
 * UTF-8 first, then escapes are decoded, so a raw byte above 0x7F in the path comes out as Tornado
 * gives it (two UTF-8 bytes per byte).
 *
 * <p>Thread rules: stateless; any thread.
 */
final class Arguments {
    private Arguments() {
    }

    /**
     * Parses {@code a=1&b=2&a=3} (ISO-8859-1 text) into names and raw values.
     *
     * @param text the query string or form body, without {@code ?}
     * @return an unmodifiable map from name to values, names in order of first appearance
     */
    static Map<String, List<byte[]>> parse(String text) {
        if (text.isEmpty()) {
            return Map.of();
        }
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        for (byte[][] pair : pairs(text)) {
            out.computeIfAbsent(new String(pair[0], StandardCharsets.ISO_8859_1),
                    k -> new ArrayList<>(1)).add(pair[1]);
        }
        out.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(out);
    }

    /**
     * The fields of {@code text} in order, each as {name bytes, value bytes} (Python's
     * {@code parse_qsl} with blank values kept).
     *
     * @param text ISO-8859-1 text
     * @return the pairs
     */
    static List<byte[][]> pairs(String text) {
        List<byte[][]> out = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
            int amp = text.indexOf('&', start);
            int end = amp < 0 ? text.length() : amp;
            if (end > start) {
                int eq = text.indexOf('=', start);
                int nameEnd = eq < 0 || eq > end ? end : eq;
                byte[] name = unquote(text, start, nameEnd, true);
                byte[] value = nameEnd == end ? new byte[0] : unquote(text, nameEnd + 1, end, true);
                out.add(new byte[][] {name, value});
            }
            start = end + 1;
        }
        return out;
    }

    /**
     * Python's {@code urllib.parse.quote_plus} of bytes: letters, digits and {@code _.-~} as they
     * are, a space as {@code +}, every other byte as {@code %XX}.
     *
     * @param b the bytes
     * @param out where the text goes
     */
    static void quotePlus(byte[] b, StringBuilder out) {
        for (byte x : b) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** {@code %XX} to bytes over ISO-8859-1 text; with {@code plus}, {@code +} is a space. */
    private static byte[] unquote(String s, int from, int to, boolean plus) {
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < to && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out[n++] = (byte) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                out[n++] = plus && c == '+' ? (byte) ' ' : (byte) c;
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /**
     * Decodes a path argument to bytes as Python's {@code unquote_to_bytes} does ({@code +} is
     * itself).
     *
     * @param s the matched part of the path, as received
     * @return the bytes
     */
    static byte[] unquotePath(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        String text = new String(utf8, StandardCharsets.ISO_8859_1);
        return unquote(text, 0, text.length(), false);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Decodes an argument's bytes as UTF-8 (Tornado's {@code decode_argument}).
     *
     * @param value the bytes
     * @param name the argument's name, or null for an unnamed path argument
     * @return the text
     * @throws HttpError 400 if the bytes are not UTF-8 (the log message says which)
     */
    static String decode(byte[] value, String name) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            byte[] head = value.length > 40 ? java.util.Arrays.copyOf(value, 40) : value;
            throw new HttpError(400, "Invalid unicode in " + (name == null || name.isEmpty()
                    ? "url" : name) + ": " + bytesRepr(head));
        }
    }

    /**
     * What a handler reads (Tornado's {@code _get_arguments}): control characters other than
     * whitespace become spaces, then, with {@code strip}, Python whitespace is trimmed.
     */
    static String clean(String s, boolean strip) {
        String out = s;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x08 || (c >= 0x0e && c <= 0x1f)) {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] <= 0x08 || (chars[j] >= 0x0e && chars[j] <= 0x1f)) {
                        chars[j] = ' ';
                    }
                }
                out = new String(chars);
                break;
            }
        }
        return strip ? PyStrings.strip(out) : out;
    }

    /** Python's {@code repr()} of a bytes object, for log messages that quote Tornado's. */
    static String bytesRepr(byte[] b) {
        boolean single = false;
        boolean dbl = false;
        for (byte x : b) {
            single |= x == '\'';
            dbl |= x == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        StringBuilder sb = new StringBuilder("b").append(quote);
        for (byte x : b) {
            int c = x & 0xff;
            if (c == quote || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append(quote).toString();
    }
}
