package dev.weft.examples;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.httpclient.AsyncHttpClient;
import dev.weft.httpclient.HttpClientResponse;
import dev.weft.queues.Queue;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The concurrent web spider of Tornado's queues guide ({@code docs/guide/queues.rst}, the
 * {@code webspider} demo), crawling {@link GuideSite}: {@code concurrency} worker coroutines take
 * URLs from a {@link Queue}, fetch them with {@link AsyncHttpClient}, put the links they find back,
 * and {@code join()} ends the crawl once every URL put has been {@code taskDone()}.
 *
 * <p>The demo prints "fetching"/"fetched" as it goes, in an order that depends on the network;
 * here the pages found are printed at the end, sorted, with how many fetches ran at once at most
 * (never more than the workers).
 */
public final class WebSpider {
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");

    private final AsyncHttpClient httpClient;
    private final String baseUrl;
    private final Queue<String> q = new Queue<>();
    private final Set<String> fetching = new HashSet<>();
    private final Set<String> fetched = new HashSet<>();
    private final Set<String> dead = new HashSet<>();
    private int inFlight;
    private int maxInFlight;

    private WebSpider(AsyncHttpClient httpClient, String baseUrl) {
        this.httpClient = httpClient;
        this.baseUrl = baseUrl;
    }

    /** The links of a page, absolute and without fragments. */
    @Coroutine
    Future<List<String>> getLinksFromUrl(String url) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        HttpClientResponse response;
        try {
            response = Co.await(httpClient.fetch(url));
        } finally {
            inFlight--;
        }
        List<String> urls = new ArrayList<>();
        Matcher m = HREF.matcher(response.text());
        while (m.find()) {
            URI link = URI.create(url).resolve(m.group(1));
            urls.add(removeFragment(link).toString());
        }
        return Future.completed(urls);
    }

    private static URI removeFragment(URI uri) {
        String s = uri.toString();
        int hash = s.indexOf('#');
        return hash < 0 ? uri : URI.create(s.substring(0, hash));
    }

    @Coroutine
    Future<Void> fetchUrl(String currentUrl) {
        if (fetching.contains(currentUrl)) {
            return Future.completed();
        }
        fetching.add(currentUrl);
        List<String> urls = Co.await(getLinksFromUrl(currentUrl));
        fetched.add(currentUrl);
        for (String newUrl : urls) {
            if (newUrl.startsWith(baseUrl)) { // only follow links beneath the base URL
                Co.await(q.put(newUrl));
            }
        }
        return Future.completed();
    }

    @Coroutine
    Future<Void> worker() {
        while (true) {                                   // async for url in q:
            String url = Co.await(q.get());
            if (url == null) {
                return Future.completed();
            }
            try {
                Co.await(fetchUrl(url));
            } catch (Exception e) {
                dead.add(url);
            } finally {
                q.taskDone();
            }
        }
    }

    @Coroutine
    Future<Void> crawl(int concurrency) {
        Co.await(q.put(baseUrl));
        // Start the workers, then wait for the work queue to be empty.
        List<Future<Void>> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(worker());
        }
        Future<List<Void>> allWorkers = Co.all(workers);
        Co.await(q.join(Duration.ofSeconds(300)));
        Set<String> fetchedOrDead = new HashSet<>(fetched);
        fetchedOrDead.addAll(dead);
        if (!fetching.equals(fetchedOrDead)) {
            throw new IllegalStateException("lost URLs: " + fetching + " vs " + fetchedOrDead);
        }
        // Signal all the workers to exit.
        for (int i = 0; i < concurrency; i++) {
            Co.await(q.put(null));
        }
        Co.await(allWorkers);
        return Future.completed();
    }

    private List<String> paths(Set<String> urls) {
        List<String> paths = new ArrayList<>();
        for (String url : new TreeSet<>(urls)) {
            paths.add(url.substring(baseUrl.length() - 1));
        }
        return paths;
    }

    public static void run(PrintStream out) {
        int concurrency = 3;
        try (GuideSite.Running site = GuideSite.serve();
                AsyncHttpClient httpClient = new AsyncHttpClient()) {
            WebSpider spider = new WebSpider(httpClient, site.url("/"));
            IOLoop.current().runSync(() -> spider.crawl(concurrency));
            out.println("Fetched " + spider.fetched.size() + " URLs with " + concurrency + " workers:");
            for (String path : spider.paths(spider.fetched)) {
                out.println("  " + path);
            }
            out.println("Unable to fetch " + spider.dead.size() + " URLs: " + spider.paths(spider.dead));
            out.println("At most " + spider.maxInFlight + " fetches ran at once");
        } catch (Exception e) {
            throw new IllegalStateException("the example failed: " + e, e);
        }
    }
}
