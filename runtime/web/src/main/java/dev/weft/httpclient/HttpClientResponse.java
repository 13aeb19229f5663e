package dev.weft.httpclient;

import dev.weft.http.HttpStatus;
import java.net.http.HttpHeaders;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The response to a fetch (Tornado's {@code HTTPResponse}), with its whole body. Immutable.
 *
 * <p>After redirects it is the last response, and {@link #effectiveUrl()} is where it came from.
 * Header names are case-insensitive.
 *
 * <p>Thread rules: immutable; any thread.
 */
public final class HttpClientResponse {
    private final HttpClientRequest request;
    private final int code;
    private final HttpHeaders headers;
    private final byte[] body;
    private final String effectiveUrl;
    private final Duration requestTime;

    HttpClientResponse(HttpClientRequest request, int code, HttpHeaders headers, byte[] body,
            String effectiveUrl, Duration requestTime) {
        this.request = request;
        this.code = code;
        this.headers = headers;
        this.body = body;
        this.effectiveUrl = effectiveUrl;
        this.requestTime = requestTime;
    }

    /**
     * The request as it was passed to {@code fetch} (before any redirect).
     *
     * @return the original request
     */
    public HttpClientRequest request() {
        return request;
    }

    /**
     * The status code.
     *
     * @return for instance 200
     */
    public int code() {
        return code;
    }

    /**
     * The standard reason phrase for {@link #code()}: the JDK client does not expose the phrase the
     * server sent.
     *
     * @return for instance {@code "Not Found"}; {@code "Unknown"} for a code without one
     */
    public String reason() {
        return HttpStatus.reason(code);
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, in any case
     * @return its first value, or null when absent
     */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /**
     * Every value of a header, in the order received.
     *
     * @param name the header name, in any case
     * @return the values; empty when absent
     */
    public List<String> headers(String name) {
        return headers.allValues(name);
    }

    /**
     * The body.
     *
     * @return a copy of the body bytes (empty when there was none)
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body as text, decoded by the {@code charset} parameter of {@code Content-Type}, UTF-8
     * when it has none. Bytes that are not valid in the charset become U+FFFD.
     *
     * @return the decoded body
     * @throws IllegalStateException if the response names a charset this JVM does not know (use
     *     {@link #body()} then)
     */
    public String text() {
        return new String(body, charset());
    }

    private Charset charset() {
        String name = charsetParameter(header("Content-Type"));
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalStateException("the response's charset \"" + name
                    + "\" is not supported by this JVM; read body() instead", e);
        }
    }

    /** The {@code charset} parameter of a media type (RFC 9110 §8.3.1), unquoted, or null. */
    static String charsetParameter(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("charset")) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }

    /**
     * The URL of this response: the request's, or the last redirect's target.
     *
     * @return an absolute URL
     */
    public String effectiveUrl() {
        return effectiveUrl;
    }

    /**
     * How long the request took, from leaving the queue of waiting requests to the last byte of
     * this response, redirects included.
     *
     * @return the elapsed time
     */
    public Duration requestTime() {
        return requestTime;
    }

    @Override
    public String toString() {
        return "HttpClientResponse[" + code + " " + reason() + ", " + effectiveUrl + ", "
                + body.length + " bytes]";
    }
}
