package dev.weft.web;

import dev.weft.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The arguments and files of a form body (Tornado's {@code parse_body_arguments}):
 * {@code application/x-www-form-urlencoded} and {@code multipart/form-data}.
 *
 * <p>Like Tornado, a body it cannot make sense of gives no arguments rather than an error: the
 * handler then sees the arguments as missing (400 for a required one).
 */
final class FormData {
    /** The values as bytes: {@link Arguments#decode} decodes them when a handler reads one. */
    final Map<String, List<byte[]>> arguments;
    final Map<String, List<UploadedFile>> files;

    private FormData(Map<String, List<byte[]>> arguments, Map<String, List<UploadedFile>> files) {
        this.arguments = arguments;
        this.files = files;
    }

    static FormData parse(String contentType, byte[] body) {
        if (contentType == null) {
            return new FormData(Map.of(), Map.of());
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return new FormData(Arguments.parse(new String(body, StandardCharsets.ISO_8859_1)), Map.of());
        }
        if (type.startsWith("multipart/form-data")) {
            String boundary = parameter(contentType, "boundary");
            if (boundary != null && !boundary.isEmpty() && boundary.length() <= 200) {
                return multipart(boundary, body);
            }
        }
        return new FormData(Map.of(), Map.of());
    }

    private static FormData multipart(String boundary, byte[] body) {
        Map<String, List<byte[]>> args = new LinkedHashMap<>();
        Map<String, List<UploadedFile>> files = new LinkedHashMap<>();
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] separator = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            return new FormData(Map.of(), Map.of());
        }
        pos += delimiter.length;
        while (pos + 2 <= body.length && body[pos] == '\r' && body[pos + 1] == '\n') {
            int partStart = pos + 2;
            int end = indexOf(body, separator, partStart);
            if (end < 0) {
                break; // no closing delimiter: the rest is not a part
            }
            part(body, partStart, end, args, files);
            pos = end + separator.length;
        }
        return new FormData(freeze(args), freeze(files));
    }

    private static void part(byte[] body, int start, int end, Map<String, List<byte[]>> args,
            Map<String, List<UploadedFile>> files) {
        int headEnd = indexOf(body, new byte[] {'\r', '\n', '\r', '\n'}, start);
        if (headEnd < 0 || headEnd > end) {
            return;
        }
        HttpHeaders headers = new HttpHeaders();
        String head = new String(body, start, headEnd - start, StandardCharsets.UTF_8);
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        String disposition = headers.get("Content-Disposition");
        if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            return;
        }
        String name = parameter(disposition, "name");
        if (name == null) {
            return;
        }
        byte[] value = java.util.Arrays.copyOfRange(body, headEnd + 4, end);
        String filename = parameter(disposition, "filename");
        if (filename != null) {
            String type = headers.get("Content-Type");
            files.computeIfAbsent(name, k -> new ArrayList<>()).add(new UploadedFile(filename,
                    type != null ? type : "application/octet-stream", value));
        } else {
            args.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    /** A parameter of a header value such as {@code form-data; name="a"} (quotes removed). */
    static String parameter(String headerValue, String name) {
        for (String piece : headerValue.split(";")) {
            int eq = piece.indexOf('=');
            if (eq > 0 && piece.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = piece.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
                }
                return v;
            }
        }
        return null;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static <V> Map<String, List<V>> freeze(Map<String, List<V>> m) {
        m.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(m);
    }
}
