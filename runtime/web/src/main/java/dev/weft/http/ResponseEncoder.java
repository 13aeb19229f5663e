package dev.weft.http;

import java.nio.charset.StandardCharsets;

/**
 * Turns one response into bytes (RFC 9112 §4-§7, Tornado's {@code HTTP1Connection.write_headers}
 * and {@code write}): the status line and fields, then the body framed by {@code Content-Length},
 * by chunks, or by the connection's close, as the status, the request and the headers decide.
 *
 * <p>Framing: with a {@code Content-Length} field the body is sent as it is, and writing more than
 * that is refused; without one, the response to an HTTP/1.1 request is chunked and the one to an
 * HTTP/1.0 request ends with the connection. A response to {@code HEAD}, and a 1xx, 204 or 304
 * response, has no body: what is written for it is dropped.
 *
 * <p>{@code Connection} is said where the default does not hold, in Tornado's words:
 * {@code close} to an HTTP/1.1 client, {@code Keep-Alive} to an HTTP/1.0 client whose connection
 * stays open (HTTP/1.0 closes by default, so a closing 1.0 response says nothing).
 *
 * <p>Thread rules: one encoder per response, used on the connection's thread.
 */
final class ResponseEncoder {
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

    private final boolean http11;
    private final boolean headRequest;
    private boolean keepAlive;
    private boolean bodyAllowed;
    private boolean chunked;
    private long declaredLength = -1;
    private long writtenLength;

    /**
     * @param requestVersion the request's version, {@code HTTP/1.1} or {@code HTTP/1.0}
     * @param requestMethod the request's method
     * @param keepAlive whether the connection may stay open after this response, as far as the
     *     request and the server's options go
     */
    ResponseEncoder(String requestVersion, String requestMethod, boolean keepAlive) {
        this.http11 = requestVersion.equals("HTTP/1.1");
        this.headRequest = requestMethod.equals("HEAD");
        this.keepAlive = keepAlive;
    }

    /** Whether the connection may stay open once this response is sent. */
    boolean keepAlive() {
        return keepAlive;
    }

    /**
     * The status line, the fields and the first body chunk, in one array (one write, usually one
     * packet). Adds {@code Transfer-Encoding} and {@code Connection} to {@code headers} as the
     * framing needs. Everything is checked before anything changes, so a refused head leaves the
     * encoder ready for an error page instead.
     *
     * @throws IllegalArgumentException for a status outside 100-999, a reason phrase or a field
     *     that is not safe to send, or a malformed {@code Content-Length}
     */
    byte[] head(int status, String reason, HttpHeaders headers, byte[] chunk) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("invalid status " + status);
        }
        if (reason != null && !HttpSyntax.isFieldValue(reason)) {
            throw new IllegalArgumentException("unsafe reason phrase");
        }
        boolean wide = reason != null && isWide(reason);
        for (int i = 0; i < headers.size(); i++) {
            String n = headers.nameAt(i);
            String v = headers.valueAt(i);
            // One pass over each value: whether it may be sent, and whether it is all Latin-1.
            boolean safe = HttpSyntax.isToken(n);
            for (int k = 0; safe && k < v.length(); k++) {
                char c = v.charAt(k);
                safe = HttpSyntax.isFieldValueChar(c);
                wide |= c > 0xff;
            }
            if (!safe) {
                throw new IllegalArgumentException("unsafe header field " + n);
            }
        }
        String cl = headers.get("Content-Length");
        long declared = -1;
        if (cl != null) {
            String digits = HttpSyntax.trimOws(cl);
            if (digits.length() > 18 || !HttpSyntax.isDigits(digits, 0, digits.length())) {
                throw new IllegalArgumentException("invalid Content-Length: " + cl);
            }
            declared = Long.parseLong(digits);
        }
        declaredLength = declared;
        bodyAllowed = !headRequest && status >= 200 && status != 204 && status != 304;
        if (headers.hasToken("Connection", "close")) {
            keepAlive = false;
        }
        chunked = bodyAllowed && cl == null && http11;
        if (bodyAllowed && cl == null && !http11) {
            keepAlive = false; // the body ends where the connection does
        }
        if (chunked) {
            headers.set("Transfer-Encoding", "chunked");
        }
        if (http11 && !keepAlive) {
            headers.set("Connection", "close");
        } else if (!http11 && keepAlive) {
            headers.set("Connection", "Keep-Alive");
        }
        byte[] first = body(chunk);
        String statusLine = statusLine(status, reason);
        return wide ? encode(statusLine, headers, first) : encodeLatin1(statusLine, headers, first);
    }

    /**
     * {@code HTTP/1.1 200 OK\r\n}: made once per status for its usual reason phrase, which nearly
     * every response has, and per response for another one.
     */
    private static String statusLine(int status, String reason) {
        String usual = STATUS_LINES[status - 100];
        if (usual == null) {
            usual = "HTTP/1.1 " + status + " " + HttpStatus.reason(status) + "\r\n";
            STATUS_LINES[status - 100] = usual; // a benign race: a String is safely published
        }
        if (reason == null || (usual.length() == STATUS_PREFIX + reason.length() + 2
                && usual.startsWith(reason, STATUS_PREFIX))) {
            return usual;
        }
        return "HTTP/1.1 " + status + " " + reason + "\r\n";
    }

    private static final int STATUS_PREFIX = "HTTP/1.1 200 ".length();
    private static final String[] STATUS_LINES = new String[900];

    /** The head when every char fits in one byte: the common case, one pass per string. */
    private static byte[] encodeLatin1(String statusLine, HttpHeaders headers, byte[] first) {
        int size = statusLine.length() + 2 + first.length;
        for (int i = 0; i < headers.size(); i++) {
            size += headers.nameAt(i).length() + headers.valueAt(i).length() + 4;
        }
        byte[] out = new byte[size];
        int at = latin1(statusLine, out, 0);
        for (int i = 0; i < headers.size(); i++) {
            at = latin1(headers.nameAt(i), out, at);
            out[at++] = ':';
            out[at++] = ' ';
            at = latin1(headers.valueAt(i), out, at);
            out[at++] = '\r';
            out[at++] = '\n';
        }
        out[at++] = '\r';
        out[at++] = '\n';
        System.arraycopy(first, 0, out, at, first.length);
        return out;
    }

    /** The head with chars above {@code 0xff} somewhere: those strings go as UTF-8. */
    private static byte[] encode(String statusLine, HttpHeaders headers, byte[] first) {
        int size = encodedLength(statusLine) + 2 + first.length;
        for (int i = 0; i < headers.size(); i++) {
            size += headers.nameAt(i).length() + encodedLength(headers.valueAt(i)) + 4;
        }
        byte[] out = new byte[size];
        int at = encode(statusLine, out, 0);
        for (int i = 0; i < headers.size(); i++) {
            at = encode(headers.nameAt(i), out, at);
            out[at++] = ':';
            out[at++] = ' ';
            at = encode(headers.valueAt(i), out, at);
            out[at++] = '\r';
            out[at++] = '\n';
        }
        out[at++] = '\r';
        out[at++] = '\n';
        System.arraycopy(first, 0, out, at, first.length);
        return out;
    }

    /**
     * A body chunk as it goes on the wire: as it is, framed as a chunk, or nothing when the
     * response has no body.
     *
     * @throws IllegalStateException if it goes past the declared {@code Content-Length}
     */
    byte[] body(byte[] chunk) {
        if (chunk == null || chunk.length == 0 || !bodyAllowed) {
            return EMPTY;
        }
        if (declaredLength >= 0 && writtenLength + chunk.length > declaredLength) {
            throw new IllegalStateException("Tried to write more data than Content-Length");
        }
        writtenLength += chunk.length;
        if (!chunked) {
            return chunk;
        }
        String size = Integer.toHexString(chunk.length);
        byte[] out = new byte[size.length() + 2 + chunk.length + 2];
        int at = encode(size, out, 0);
        out[at++] = '\r';
        out[at++] = '\n';
        System.arraycopy(chunk, 0, out, at, chunk.length);
        out[out.length - 2] = '\r';
        out[out.length - 1] = '\n';
        return out;
    }

    /** How many bytes of the declared {@code Content-Length} are still unwritten (0 if none). */
    long missingBytes() {
        return bodyAllowed && declaredLength >= 0 ? declaredLength - writtenLength : 0;
    }

    /** What ends the body: the last chunk, or nothing. */
    byte[] end() {
        return chunked ? LAST_CHUNK.clone() : EMPTY;
    }

    private static boolean isWide(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return true;
            }
        }
        return false;
    }

    /**
     * Copies a string whose chars are all up to {@code 0xff}, one byte each. The deprecated
     * {@code getBytes(int, int, byte[], int)} is specified to take each char's low eight bits,
     * which is exactly Latin-1 here, and for a compact (Latin-1) string it is one array copy
     * instead of a loop of {@code charAt}, which was the largest self time in encoding a head.
     */
    @SuppressWarnings("deprecation")
    private static int latin1(String s, byte[] out, int at) {
        s.getBytes(0, s.length(), out, at);
        return at + s.length();
    }

    /** Bytes of {@code s} on the wire: one per char up to 0xff, UTF-8 if any char is above. */
    private static int encodedLength(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return s.length();
    }

    private static int encode(String s, byte[] out, int at) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xff) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, out, at, utf8.length);
                return at + utf8.length;
            }
            out[at + i] = (byte) c;
        }
        return at + s.length();
    }
}
