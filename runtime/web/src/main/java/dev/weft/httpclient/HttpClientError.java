package dev.weft.httpclient;

import dev.weft.http.HttpStatus;

/**
 * An unsuccessful fetch (Tornado's {@code HTTPClientError}): a response whose code is not 2xx
 * (when the request's {@code raiseError} is true), or a timeout, code 599 with no response.
 *
 * <p>The message reads as Tornado's {@code str(error)}: {@code "HTTP 404: Not Found"},
 * {@code "HTTP 599: Timeout during request"}. With {@code followRedirects(false)} a redirect is
 * such an error too; {@code error.response().header("Location")} says where it pointed.
 */
public class HttpClientError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The code Tornado uses when no HTTP response was received, for instance on a timeout. */
    public static final int NO_RESPONSE = 599;

    private final int code;
    private final transient HttpClientResponse response;

    /**
     * An error for {@code code}.
     *
     * @param code the HTTP status code, or 599 when there was no response
     * @param message what happened; null for the standard phrase of {@code code}
     * @param response the response, or null when there was none
     */
    public HttpClientError(int code, String message, HttpClientResponse response) {
        super("HTTP " + code + ": " + (message != null ? message : HttpStatus.reason(code)));
        this.code = code;
        this.response = response;
    }

    /**
     * The status code.
     *
     * @return the response's code, or 599 when no response was received
     */
    public int code() {
        return code;
    }

    /**
     * The response.
     *
     * @return the response that was not 2xx, or null for a timeout
     */
    public HttpClientResponse response() {
        return response;
    }
}
