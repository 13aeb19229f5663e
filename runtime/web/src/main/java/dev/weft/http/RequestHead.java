package dev.weft.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The parsed request line and header block of one request, with the body framing they announce.
 * Parsing is strict where leniency lets two parties disagree about where a request ends (request
 * smuggling): no whitespace before a header colon, no obsolete line folding, no bare CR or LF, a
 * single well-formed Content-Length, and never both Content-Length and Transfer-Encoding.
 */
final class RequestHead {
    final String method;
    final String uri;
    final String version;
    final HttpHeaders headers;
    /** The body length, or -1 for a chunked body. */
    final long contentLength;
    final boolean expectContinue;

    private RequestHead(String method, String uri, String version, HttpHeaders headers,
            long contentLength, boolean expectContinue) {
        this.method = method;
        this.uri = uri;
        this.version = version;
        this.headers = headers;
        this.contentLength = contentLength;
        this.expectContinue = expectContinue;
    }

    boolean chunked() {
        return contentLength < 0;
    }

    /**
     * Parses a header block that ends with an empty line (CRLF CRLF), leading empty lines allowed.
     *
     * @throws HttpParseException with the status to answer: 400, 413, 414, 417, 431, 501 or 505
     */
    static RequestHead parse(byte[] block, HttpServerOptions options) throws HttpParseException {
        String text = new String(block, StandardCharsets.ISO_8859_1);
        int pos = 0;
        while (text.startsWith("\r\n", pos)) {
            pos += 2;
        }
        int eol = text.indexOf("\r\n", pos);
        if (eol < 0) {
            throw new HttpParseException(400, "no request line");
        }
        String requestLine = text.substring(pos, eol);
        if (requestLine.length() > options.maxRequestLineLength()) {
            throw new HttpParseException(414, "request line too long");
        }
        int sp1 = requestLine.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
        if (sp2 < 0 || requestLine.indexOf(' ', sp2 + 1) >= 0) {
            throw new HttpParseException(400, "malformed request line"); // not exactly 3 parts
        }
        String method = requestLine.substring(0, sp1);
        String uri = requestLine.substring(sp1 + 1, sp2);
        String version = requestLine.substring(sp2 + 1);
        if (!isToken(method)) {
            throw new HttpParseException(400, "malformed method");
        }
        checkTarget(uri);
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            if (version.matches("HTTP/[0-9]\\.[0-9]")) {
                throw new HttpParseException(505, "unsupported version " + version);
            }
            throw new HttpParseException(400, "malformed version");
        }
        HttpHeaders headers = new HttpHeaders();
        pos = eol + 2;
        while (true) {
            eol = text.indexOf("\r\n", pos);
            if (eol == pos) {
                break;
            }
            parseField(text, pos, eol, headers);
            if (headers.size() > options.maxHeaderCount()) {
                throw new HttpParseException(431, "too many header fields");
            }
            pos = eol + 2;
        }
        return frame(method, uri, version, headers, options);
    }

    /** Parses one field line into {@code headers}; also used for chunked trailers. */
    static void parseField(String line, HttpHeaders headers) throws HttpParseException {
        parseField(line, 0, line.length(), headers);
    }

    /** Parses the field line {@code text[start, end)} without copying the line first. */
    static void parseField(String text, int start, int end, HttpHeaders headers)
            throws HttpParseException {
        if (start == end || text.charAt(start) == ' ' || text.charAt(start) == '\t') {
            throw new HttpParseException(400, "obsolete line folding");
        }
        int colon = text.indexOf(':', start);
        if (colon < 0 || colon >= end || !isToken(text, start, colon)) {
            throw new HttpParseException(400, "malformed header field");
        }
        int a = colon + 1;
        int b = end;
        while (a < b && (text.charAt(a) == ' ' || text.charAt(a) == '\t')) {
            a++;
        }
        while (b > a && (text.charAt(b - 1) == ' ' || text.charAt(b - 1) == '\t')) {
            b--;
        }
        for (int i = a; i < b; i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new HttpParseException(400, "control character in header value");
            }
        }
        headers.add(text.substring(start, colon), text.substring(a, b));
    }

    private static RequestHead frame(String method, String uri, String version,
            HttpHeaders headers, HttpServerOptions options) throws HttpParseException {
        boolean http11 = version.equals("HTTP/1.1");
        List<String> hosts = headers.getAll("Host");
        if (hosts.size() > 1 || (http11 && hosts.isEmpty())) {
            throw new HttpParseException(400, "missing or repeated Host");
        }
        boolean hasTe = headers.contains("Transfer-Encoding");
        boolean hasCl = headers.contains("Content-Length");
        long length = 0;
        if (hasTe) {
            if (hasCl) {
                throw new HttpParseException(400, "both Content-Length and Transfer-Encoding");
            }
            if (!http11) {
                throw new HttpParseException(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            int chunked = 0;
            int codings = 0;
            for (String v : headers.getAll("Transfer-Encoding")) {
                for (String coding : v.split(",", -1)) {
                    coding = trimOws(coding);
                    codings++;
                    if (coding.equalsIgnoreCase("chunked")) {
                        chunked++;
                    } else if (isToken(coding)) {
                        throw new HttpParseException(501, "unsupported transfer coding " + coding);
                    } else {
                        throw new HttpParseException(400, "malformed Transfer-Encoding");
                    }
                }
            }
            if (chunked != 1 || codings != 1) {
                throw new HttpParseException(400, "chunked must be the only transfer coding");
            }
            length = -1;
        } else if (hasCl) {
            String first = null;
            for (String v : headers.getAll("Content-Length")) {
                for (String n : v.split(",", -1)) {
                    n = trimOws(n);
                    if (first == null) {
                        first = n;
                    } else if (!first.equals(n)) {
                        throw new HttpParseException(400, "conflicting Content-Length");
                    }
                }
            }
            if (first.isEmpty() || first.length() > 18 || !first.chars().allMatch(RequestHead::isDigit)) {
                throw new HttpParseException(400, "malformed Content-Length");
            }
            length = Long.parseLong(first);
        }
        // Bodies are buffered in one array: past 2 GiB is too large whatever the option says.
        if (length > options.maxBodySize() || length > Integer.MAX_VALUE - 16) {
            throw new HttpParseException(413, "body larger than " + options.maxBodySize());
        }
        boolean expectContinue = false;
        String expect = headers.get("Expect");
        if (expect != null) {
            if (!expect.equalsIgnoreCase("100-continue") || headers.getAll("Expect").size() > 1) {
                throw new HttpParseException(417, "unsupported expectation");
            }
            expectContinue = http11 && length != 0;
        }
        return new RequestHead(method, uri, version, headers, length, expectContinue);
    }

    private static void checkTarget(String uri) throws HttpParseException {
        if (uri.isEmpty()) {
            throw new HttpParseException(400, "empty request target");
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            // Bytes from 0x80 pass, as Tornado lets them: RFC 9112 §3.2 only says SHOULD reject,
            // and dev.weft.web decodes them as Tornado does. Controls, space and DEL never pass.
            if (c <= 0x20 || c == 0x7f) {
                throw new HttpParseException(400, "invalid character in request target");
            }
        }
    }

    static String trimOws(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) {
            a++;
        }
        while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
            b--;
        }
        return s.substring(a, b);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 9110 token: one or more tchar. */
    static boolean isToken(String s) {
        return isToken(s, 0, s.length());
    }

    private static boolean isToken(String s, int start, int end) {
        if (start >= end) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c >= TOKEN_CHARS.length || !TOKEN_CHARS[c]) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 tchar, by ASCII code: every header name of every response is checked. */
    private static final boolean[] TOKEN_CHARS = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN_CHARS[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN_CHARS[c] = true;
            TOKEN_CHARS[Character.toUpperCase(c)] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN_CHARS[c] = true;
        }
    }
}
