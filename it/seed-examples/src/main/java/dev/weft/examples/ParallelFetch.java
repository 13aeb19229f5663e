package dev.weft.examples;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.httpclient.AsyncHttpClient;
import dev.weft.httpclient.HttpClientResponse;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "Parallelism" section of Tornado's coroutine guide: several fetches at once, awaited together
 * with {@code Co.all} (Tornado's {@code multi}) over a list and over a map.
 *
 * <pre>
 * async def parallel_fetch(url1, url2):
 *     resp1, resp2 = await multi([http_client.fetch(url1), http_client.fetch(url2)])
 *
 * async def parallel_fetch_many(urls):
 *     responses = await multi([http_client.fetch(url) for url in urls])
 *     # responses is a list of HTTPResponses in the same order
 *
 * async def parallel_fetch_dict(urls):
 *     responses = await multi({url: http_client.fetch(url) for url in urls})
 *     # responses is a dict {url: HTTPResponse}
 * </pre>
 */
public final class ParallelFetch {
    private static final Pattern TITLE = Pattern.compile("<title>(.*)</title>");

    private ParallelFetch() {
    }

    @Coroutine
    static Future<List<HttpClientResponse>> parallelFetch(AsyncHttpClient httpClient, String url1,
            String url2) {
        List<HttpClientResponse> responses =
                Co.await(Co.all(List.of(httpClient.fetch(url1), httpClient.fetch(url2))));
        return Future.completed(responses);
    }

    @Coroutine
    static Future<List<HttpClientResponse>> parallelFetchMany(AsyncHttpClient httpClient,
            List<String> urls) {
        List<Future<HttpClientResponse>> fetches = new ArrayList<>();
        for (String url : urls) {
            fetches.add(httpClient.fetch(url));
        }
        List<HttpClientResponse> responses = Co.await(Co.all(fetches)); // in the same order
        return Future.completed(responses);
    }

    @Coroutine
    static Future<Map<String, HttpClientResponse>> parallelFetchDict(AsyncHttpClient httpClient,
            List<String> urls) {
        Map<String, Future<HttpClientResponse>> fetches = new LinkedHashMap<>();
        for (String url : urls) {
            fetches.put(url, httpClient.fetch(url));
        }
        Map<String, HttpClientResponse> responses = Co.await(Co.all(fetches)); // {url: response}
        return Future.completed(responses);
    }

    static String title(HttpClientResponse response) {
        Matcher m = TITLE.matcher(response.text());
        return m.find() ? m.group(1) : "(no title)";
    }

    public static void run(PrintStream out) {
        try (GuideSite.Running site = GuideSite.serve();
                AsyncHttpClient httpClient = new AsyncHttpClient()) {
            IOLoop loop = IOLoop.current();
            List<HttpClientResponse> two = loop.runSync(
                    () -> parallelFetch(httpClient, site.url("/"), site.url("/about")));
            out.println("parallel_fetch: " + title(two.get(0)) + ", " + title(two.get(1)));

            List<String> paths = List.of("/docs/", "/docs/intro", "/docs/api", "/blog/", "/blog/1");
            List<String> urls = new ArrayList<>();
            for (String p : paths) {
                urls.add(site.url(p));
            }
            List<HttpClientResponse> many = loop.runSync(() -> parallelFetchMany(httpClient, urls));
            out.println("parallel_fetch_many, in the order asked:");
            for (HttpClientResponse r : many) {
                out.println("  " + r.code() + " " + title(r));
            }

            Map<String, HttpClientResponse> dict = loop.runSync(() -> parallelFetchDict(httpClient, urls));
            out.println("parallel_fetch_dict, {url: response}:");
            for (Map.Entry<String, HttpClientResponse> e : dict.entrySet()) {
                String path = e.getKey().substring(site.url("").length());
                out.println("  " + path + ": " + e.getValue().code() + " " + title(e.getValue()));
            }
        } catch (Exception e) {
            throw new IllegalStateException("the example failed: " + e, e);
        }
    }
}
