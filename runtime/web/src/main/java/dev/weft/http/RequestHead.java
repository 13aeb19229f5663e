package dev.weft.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The parsed request line and header block of one request, with the body framing they announce
 * (RFC 9112 §2-§6).
 *
 * <p>Parsing is strict where leniency lets two parties disagree about where a request ends
 * (request smuggling): no whitespace before a header colon, no bare CR, no NUL or other control
 * character in a value, a single well-formed Content-Length, never both Content-Length and Transfer-Encoding, and a
 * Transfer-Encoding whose last coding is chunked. It is lenient where RFC 9112 allows it and
 * Tornado is: a bare LF ends a line (§2.2, a MAY), an empty line before the request line is
 * skipped (§2.2), an obsolete line folding becomes a space (§5.2, Tornado's join: the folded
 * line's value is appended after one space), a fold before any field is 400, and {@code HTTP/1.2} to {@code HTTP/1.9} are served as {@code HTTP/1.1}
 * (RFC 9110 §2.5). The request target is checked by {@link RequestTarget}.
 *
 * <p>An HTTP major version other than 1 and a body over the limit are answered 400, as Tornado
 * answers them; the RFCs allow that as well as their more specific 505 and 413.
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
     * Parses a header block that ends with an empty line, leading empty lines allowed; lines end
     * with CRLF or a bare LF.
     *
     * @throws HttpParseException with the status to answer: 400, 414, 431 or 501
     */
    static RequestHead parse(byte[] block, HttpServerOptions options) throws HttpParseException {
        String text = new String(block, StandardCharsets.ISO_8859_1);
        int pos = 0;
        int lf;
        while (true) { // empty lines before the request line are ignored (RFC 9112 §2.2)
            lf = text.indexOf('\n', pos);
            if (lf < 0) {
                throw new HttpParseException(400, "no request line");
            }
            if (lineEnd(text, pos, lf) > pos) {
                break;
            }
            pos = lf + 1;
        }
        int eol = lineEnd(text, pos, lf);
        if (eol - pos > options.maxRequestLineLength()) {
            throw new HttpParseException(414, "request line too long");
        }
        int sp1 = text.indexOf(' ', pos);
        int sp2 = sp1 < 0 || sp1 >= eol ? -1 : text.indexOf(' ', sp1 + 1);
        int sp3 = sp2 < 0 ? -1 : text.indexOf(' ', sp2 + 1);
        if (sp2 < 0 || sp2 >= eol || (sp3 >= 0 && sp3 < eol)) {
            throw new HttpParseException(400, "malformed request line"); // not exactly 3 parts
        }
        if (!HttpSyntax.isToken(text, pos, sp1)) {
            throw new HttpParseException(400, "malformed method");
        }
        String method = text.substring(pos, sp1);
        String target = text.substring(sp1 + 1, sp2);
        String version = version(text, sp2 + 1, eol);
        HttpHeaders headers = new HttpHeaders();
        pos = lf + 1;
        while (true) {
            lf = text.indexOf('\n', pos);
            if (lf < 0) {
                throw new HttpParseException(400, "header block not terminated by an empty line");
            }
            eol = lineEnd(text, pos, lf);
            if (eol == pos) {
                break;
            }
            if (HttpSyntax.isOws(text.charAt(pos)) && headers.size() > 0) {
                unfold(text, pos, eol, headers);
                pos = lf + 1;
                continue;
            }
            parseField(text, pos, eol, headers);
            if (headers.size() > options.maxHeaderCount()) {
                throw new HttpParseException(431, "too many header fields");
            }
            pos = lf + 1;
        }
        String uri = RequestTarget.resolve(method, target, version, headers);
        return frame(method, uri, version, headers, options);
    }

    /** The end of the line whose LF is at {@code lf}: before a CR that precedes it. */
    private static int lineEnd(String text, int start, int lf) {
        return lf > start && text.charAt(lf - 1) == '\r' ? lf - 1 : lf;
    }

    /** The version, {@code HTTP/1.2}-{@code 1.9} read as the {@code HTTP/1.1} they can speak. */
    private static String version(String text, int from, int to) throws HttpParseException {
        if (to - from != 8 || !text.startsWith("HTTP/", from) || text.charAt(from + 6) != '.'
                || !HttpSyntax.isDigit(text.charAt(from + 5)) || !HttpSyntax.isDigit(text.charAt(from + 7))) {
            throw new HttpParseException(400, "malformed version");
        }
        if (text.charAt(from + 5) != '1') {
            throw new HttpParseException(400, "unsupported version " + text.substring(from, to));
        }
        return text.charAt(from + 7) == '0' ? "HTTP/1.0" : "HTTP/1.1";
    }

    /** Appends an obs-fold continuation line to the last field's value, after a space. */
    private static void unfold(String text, int start, int end, HttpHeaders headers)
            throws HttpParseException {
        int b = HttpSyntax.trimOwsEnd(text, start, end);
        int a = HttpSyntax.skipOws(text, start, b);
        if (!HttpSyntax.isFieldValue(text, a, b)) {
            throw new HttpParseException(400, "control character in header value");
        }
        int last = headers.size() - 1;
        String value = headers.valueAt(last);
        headers.setValueAt(last, value.isEmpty() ? text.substring(a, b) : value + " " + text.substring(a, b));
    }

    /** Parses one field line (without its line ending) into {@code headers}; also for trailers. */
    static void parseField(String line, HttpHeaders headers) throws HttpParseException {
        parseField(line, 0, line.length(), headers);
    }

    /** Parses the field line {@code text[start, end)} without copying the line first. */
    static void parseField(String text, int start, int end, HttpHeaders headers)
            throws HttpParseException {
        if (start == end || HttpSyntax.isOws(text.charAt(start))) {
            throw new HttpParseException(400, "obsolete line folding");
        }
        int colon = text.indexOf(':', start);
        if (colon < 0 || colon >= end || !HttpSyntax.isToken(text, start, colon)) {
            throw new HttpParseException(400, "malformed header field");
        }
        int b = HttpSyntax.trimOwsEnd(text, colon + 1, end);
        int a = HttpSyntax.skipOws(text, colon + 1, b);
        if (!HttpSyntax.isFieldValue(text, a, b)) {
            throw new HttpParseException(400, "control character in header value");
        }
        headers.add(text.substring(start, colon), text.substring(a, b));
    }

    private static RequestHead frame(String method, String uri, String version,
            HttpHeaders headers, HttpServerOptions options) throws HttpParseException {
        boolean http11 = version.equals("HTTP/1.1");
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
            checkTransferCodings(headers.getAll("Transfer-Encoding"));
            length = -1;
        } else if (hasCl) {
            length = contentLength(headers.getAll("Content-Length"));
        }
        // The body's limit is checked by the connection once it knows the handler: a handler that
        // streams its body may set its own.
        // Other expectations are ignored, as Tornado does (RFC 9110 §10.1.1: 417 is a MAY).
        boolean expectContinue = http11 && length != 0 && headers.hasToken("Expect", "100-continue");
        return new RequestHead(method, uri, version, headers, length, expectContinue);
    }

    /**
     * Only {@code chunked} is understood. A last coding other than chunked leaves the body's
     * length unknowable: 400, and the connection closes (RFC 9112 §6.3), where Tornado ignores
     * the header and reads the body as the next request. Chunked applied twice is as bad
     * (§7.1). A chunked body under another coding is well framed but cannot be decoded: 501
     * (§6.1).
     */
    private static void checkTransferCodings(List<String> values) throws HttpParseException {
        int codings = 0;
        boolean lastChunked = false;
        boolean chunkedBefore = false;
        for (String v : values) {
            for (String coding : v.split(",", -1)) {
                coding = HttpSyntax.trimOws(coding);
                if (coding.isEmpty()) {
                    continue; // empty list elements are allowed (RFC 9110 §5.6.1)
                }
                if (!HttpSyntax.isToken(coding)) {
                    throw new HttpParseException(400, "malformed Transfer-Encoding");
                }
                chunkedBefore |= lastChunked;
                lastChunked = coding.equalsIgnoreCase("chunked");
                codings++;
            }
        }
        if (!lastChunked || chunkedBefore) {
            throw new HttpParseException(400, "chunked must be the last transfer coding, once");
        }
        if (codings > 1) {
            throw new HttpParseException(501, "unsupported transfer coding in " + values);
        }
    }

    /** A single length, or a list of identical ones as proxies sometimes send (RFC 9112 §6.3). */
    private static long contentLength(List<String> values) throws HttpParseException {
        String first = null;
        for (String v : values) {
            for (String n : v.split(",", -1)) {
                n = HttpSyntax.trimOws(n);
                if (first == null) {
                    first = n;
                } else if (!first.equals(n)) {
                    throw new HttpParseException(400, "conflicting Content-Length");
                }
            }
        }
        if (first.length() > 18 || !HttpSyntax.isDigits(first, 0, first.length())) {
            throw new HttpParseException(400, "malformed Content-Length");
        }
        return Long.parseLong(first);
    }
}
