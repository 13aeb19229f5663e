package dev.weft.httpclient;

import java.time.Duration;

/**
 * What one fetch runs with: the request's own settings where it has them, the client's otherwise.
 * The one place where a request's settings override the client's.
 */
record FetchSettings(Duration connectTimeout, Duration requestTimeout, boolean followRedirects,
        int maxRedirects, boolean raiseError, String userAgent) {

    /** The settings of {@code request} fetched by a client whose defaults are {@code this}. */
    FetchSettings forRequest(HttpClientRequest request) {
        return new FetchSettings(
                or(request.connectTimeoutOrNull(), connectTimeout),
                or(request.requestTimeoutOrNull(), requestTimeout),
                or(request.followRedirectsOrNull(), followRedirects),
                or(request.maxRedirectsOrNull(), maxRedirects),
                request.raiseError(),
                userAgent);
    }

    private static <T> T or(T own, T fallback) {
        return own != null ? own : fallback;
    }

    /** Tornado's timeout in the queue of waiting requests: the smaller one, skipping zero. */
    Duration queueTimeout() {
        if (connectTimeout.isZero()) {
            return requestTimeout;
        }
        if (requestTimeout.isZero()) {
            return connectTimeout;
        }
        return connectTimeout.compareTo(requestTimeout) <= 0 ? connectTimeout : requestTimeout;
    }
}
