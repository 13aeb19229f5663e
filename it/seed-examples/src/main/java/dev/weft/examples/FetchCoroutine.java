package dev.weft.examples;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.httpclient.AsyncHttpClient;
import dev.weft.httpclient.HttpClientError;
import dev.weft.httpclient.HttpClientResponse;
import java.io.PrintStream;

/**
 * The first example of Tornado's coroutine guide, fetching from {@link GuideSite}:
 *
 * <pre>
 * async def fetch_coroutine(url):
 *     http_client = AsyncHTTPClient()
 *     response = await http_client.fetch(url)
 *     return response.body
 * </pre>
 *
 * Tornado's {@code AsyncHTTPClient()} gives the loop's one shared client; in Java the client is
 * made once and passed in (it holds the JDK client and its connections).
 */
public final class FetchCoroutine {
    private FetchCoroutine() {
    }

    @Coroutine
    static Future<String> fetchCoroutine(AsyncHttpClient httpClient, String url) {
        HttpClientResponse response = Co.await(httpClient.fetch(url));
        return Future.completed(response.text());
    }

    /** A 404 raises {@link HttpClientError}, as Tornado's {@code HTTPClientError}. */
    @Coroutine
    static Future<String> fetchOrSayWhy(AsyncHttpClient httpClient, String url) {
        try {
            return Future.completed(Co.await(fetchCoroutine(httpClient, url)));
        } catch (HttpClientError e) {
            return Future.completed(e.getMessage() + " (code " + e.code() + ")");
        }
    }

    public static void run(PrintStream out) {
        try (GuideSite.Running site = GuideSite.serve();
                AsyncHttpClient httpClient = new AsyncHttpClient()) {
            IOLoop loop = IOLoop.current();
            String body = loop.runSync(() -> fetchCoroutine(httpClient, site.url("/about")));
            out.println("fetch_coroutine(/about) returned:");
            out.print(body);
            String missing = loop.runSync(() -> fetchOrSayWhy(httpClient, site.url("/missing")));
            out.println("fetch_coroutine(/missing) raised " + missing);
        } catch (Exception e) {
            throw new IllegalStateException("the example failed: " + e, e);
        }
    }
}
