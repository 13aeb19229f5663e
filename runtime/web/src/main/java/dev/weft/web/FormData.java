package dev.weft.web;

import dev.weft.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The arguments and files of a form body, parsed as Tornado 6.2 parses them
 * ({@code httputil.parse_body_arguments}, with its fix that answers a malformed multipart body
 * with 400): {@code application/x-www-form-urlencoded} and {@code multipart/form-data}, matched
 * at the start of the {@code Content-Type} value as Tornado matches them (case-sensitively).
 * Other bodies give no arguments.
 *
 * <p>A multipart body must end with its final delimiter and every part must have headers, a
 * {@code form-data} disposition with a name, and end with CRLF; text before the first delimiter
 * is such a part too. Otherwise, or with a {@code Content-Encoding}, the request gets 400.
 */
final class FormData {
    private static final FormData EMPTY = new FormData(Map.of(), Map.of());

    /** The values as bytes: {@link Arguments#decode} decodes them when a handler reads one. */
    final Map<String, List<byte[]>> arguments;
    final Map<String, List<UploadedFile>> files;

    private FormData(Map<String, List<byte[]>> arguments, Map<String, List<UploadedFile>> files) {
        this.arguments = arguments;
        this.files = files;
    }

    /**
     * Parses a body.
     *
     * @param headers the request's headers ({@code Content-Type}, {@code Content-Encoding})
     * @param body the body
     * @throws HttpError 400, with the reason in its log message, for a malformed form body
     */
    static FormData parse(HttpHeaders headers, byte[] body) {
        String contentType = headers.get("Content-Type");
        if (contentType == null) {
            return EMPTY;
        }
        boolean urlEncoded = contentType.startsWith("application/x-www-form-urlencoded");
        boolean multipart = contentType.startsWith("multipart/form-data");
        if (!urlEncoded && !multipart) {
            return EMPTY;
        }
        String encoding = headers.get("Content-Encoding");
        if (encoding != null) {
            throw invalid("Unsupported Content-Encoding: " + encoding);
        }
        if (urlEncoded) {
            return new FormData(Arguments.parse(new String(body, StandardCharsets.ISO_8859_1)), Map.of());
        }
        try {
            for (String field : contentType.split(";", -1)) {
                String f = field.strip();
                int eq = f.indexOf('=');
                if (eq >= 0 && f.substring(0, eq).equals("boundary") && eq + 1 < f.length()) {
                    return multipart(f.substring(eq + 1).getBytes(StandardCharsets.UTF_8), body);
                }
            }
            throw new MalformedForm("multipart boundary not found");
        } catch (MalformedForm e) {
            throw invalid("Invalid multipart/form-data: " + e.getMessage());
        }
    }

    private static HttpError invalid(String why) {
        return new HttpError(400, "Invalid body: " + why);
    }

    /** A reason why a multipart body is refused, as Tornado words it. */
    private static final class MalformedForm extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedForm(String message) {
            super(message, null, false, false);
        }
    }

    private static FormData multipart(byte[] boundary, byte[] body) throws MalformedForm {
        if (boundary.length >= 2 && boundary[0] == '"' && boundary[boundary.length - 1] == '"') {
            boundary = Arrays.copyOfRange(boundary, 1, boundary.length - 1);
        }
        byte[] dashes = concat("--".getBytes(StandardCharsets.ISO_8859_1), boundary);
        int finalIndex = lastIndexOf(body, concat(dashes, "--".getBytes(StandardCharsets.ISO_8859_1)));
        if (finalIndex < 0) {
            throw new MalformedForm("Invalid multipart/form-data: no final boundary found");
        }
        byte[] separator = concat(dashes, "\r\n".getBytes(StandardCharsets.ISO_8859_1));
        Map<String, List<byte[]>> args = new LinkedHashMap<>();
        Map<String, List<UploadedFile>> files = new LinkedHashMap<>();
        int start = 0;
        while (start <= finalIndex) {
            int next = indexOf(body, separator, start, finalIndex);
            int end = next < 0 ? finalIndex : next;
            if (end > start) {
                part(body, start, end, args, files);
            }
            if (next < 0) {
                break;
            }
            start = next + separator.length;
        }
        return new FormData(freeze(args), freeze(files));
    }

    private static void part(byte[] body, int start, int end, Map<String, List<byte[]>> args,
            Map<String, List<UploadedFile>> files) throws MalformedForm {
        int eoh = indexOf(body, new byte[] {'\r', '\n', '\r', '\n'}, start, end);
        if (eoh < 0) {
            throw new MalformedForm("multipart/form-data missing headers");
        }
        HttpHeaders headers = headers(utf8(body, start, eoh));
        String disposition = headers.getAll("Content-Disposition").isEmpty() ? ""
                : String.join(",", headers.getAll("Content-Disposition"));
        List<String> params = parameters(disposition);
        boolean endsWithCrlf = end - start >= 2 && body[end - 2] == '\r' && body[end - 1] == '\n';
        if (!params.get(0).equals("form-data") || !endsWithCrlf) {
            throw new MalformedForm("Invalid multipart/form-data");
        }
        String name = parameter(params, "name");
        if (name == null || name.isEmpty()) {
            throw new MalformedForm("multipart/form-data missing name");
        }
        byte[] value = eoh + 4 <= end - 2 ? Arrays.copyOfRange(body, eoh + 4, end - 2) : new byte[0];
        String filename = parameter(params, "filename");
        if (filename != null && !filename.isEmpty()) {
            String type = headers.get("Content-Type");
            files.computeIfAbsent(name, k -> new ArrayList<>()).add(new UploadedFile(filename,
                    type != null ? type : "application/unknown", value));
        } else {
            args.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    private static String utf8(byte[] b, int from, int to) throws MalformedForm {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedForm("'utf-8' codec can't decode the part's headers");
        }
    }

    /** A part's header block (Tornado's {@code HTTPHeaders.parse}: LF or CRLF, folded lines). */
    private static HttpHeaders headers(String block) throws MalformedForm {
        List<String[]> fields = new ArrayList<>();
        for (String line : block.split("\n", -1)) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (fields.isEmpty()) {
                    throw new MalformedForm("first header line cannot start with whitespace");
                }
                String[] last = fields.get(fields.size() - 1);
                last[1] = last[1] + " " + line.strip();
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new MalformedForm("no colon in header line");
            }
            fields.add(new String[] {line.substring(0, colon), line.substring(colon + 1).strip()});
        }
        HttpHeaders h = new HttpHeaders();
        for (String[] f : fields) {
            h.add(f[0], f[1]);
        }
        return h;
    }

    /**
     * A header value such as {@code form-data; name="a"} split as Tornado's {@code _parseparam}
     * splits it ({@code ;} inside quotes does not split): the value first, then each
     * {@code name=value} parameter as it stands.
     */
    static List<String> parameters(String line) {
        List<String> out = new ArrayList<>();
        String s = ";" + line;
        int start = 0;
        while (s.startsWith(";", start)) {
            start++;
            int end = s.indexOf(';', start);
            int ind = start;
            int diff = 0;
            while (end > 0) {
                diff += count(s, "\"", ind, end) - count(s, "\\\"", ind, end);
                if (diff % 2 == 0) {
                    break;
                }
                ind = end;
                end = s.indexOf(';', end + 1);
            }
            if (end < 0) {
                end = s.length();
            }
            out.add(s.substring(start, end).strip());
            start = end;
        }
        return out;
    }

    private static int count(String s, String sub, int from, int to) {
        int n = 0;
        for (int i = s.indexOf(sub, from); i >= 0 && i + sub.length() <= to; i = s.indexOf(sub, i + sub.length())) {
            n++;
        }
        return n;
    }

    /**
     * The value of parameter {@code name} (case-insensitive) among {@code params}, unquoted with
     * backslash escapes resolved, as Python's {@code email.utils} does; an RFC 2231
     * {@code name*=utf-8''...} form is percent-decoded. The last of a repeated name wins.
     */
    static String parameter(List<String> params, String name) {
        String found = null;
        for (int i = 1; i < params.size(); i++) {
            String p = params.get(i);
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).strip();
            if (key.equals(name)) {
                found = unquote(value);
            } else if (key.equals(name + "*")) {
                found = rfc2231(unquote(value));
            }
        }
        return found;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\\", "\\").replace("\\\"", "\"");
        }
        if (v.length() >= 2 && v.startsWith("<") && v.endsWith(">")) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static String rfc2231(String v) {
        int first = v.indexOf('\'');
        int second = first < 0 ? -1 : v.indexOf('\'', first + 1);
        if (second < 0) {
            return v;
        }
        String charset = v.substring(0, first);
        byte[] bytes = Arguments.unquotePath(v.substring(second + 1));
        try {
            return new String(bytes, charset.isEmpty() ? "us-ascii" : charset);
        } catch (java.io.UnsupportedEncodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from, int to) {
        outer:
        for (int i = Math.max(0, from); i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int lastIndexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = hay.length - needle.length; i >= 0; i--) {
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
