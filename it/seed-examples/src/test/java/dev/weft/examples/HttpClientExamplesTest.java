package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The coroutine and queues guides' AsyncHTTPClient examples, against a weft web app on a free port. */
@Timeout(120)
class HttpClientExamplesTest {

    @Test
    void fetchCoroutine() {
        assertEquals("fetch_coroutine(/about) returned:\n"
                + "<html><head><title>Page /about</title></head><body>\n"
                + "<a href=\"/\">/</a>\n"
                + "<a href=\"team\">team</a>\n"
                + "</body></html>\n"
                + "fetch_coroutine(/missing) raised HTTP 404: Not Found (code 404)\n",
                Transcript.of(FetchCoroutine::run));
    }

    @Test
    void parallelFetchesOverAListAndAMap() {
        assertEquals("parallel_fetch: Home, Page /about\n"
                + "parallel_fetch_many, in the order asked:\n"
                + "  200 Page /docs/\n"
                + "  200 Page /docs/intro\n"
                + "  200 Page /docs/api\n"
                + "  200 Page /blog/\n"
                + "  200 Page /blog/1\n"
                + "parallel_fetch_dict, {url: response}:\n"
                + "  /docs/: 200 Page /docs/\n"
                + "  /docs/intro: 200 Page /docs/intro\n"
                + "  /docs/api: 200 Page /docs/api\n"
                + "  /blog/: 200 Page /blog/\n"
                + "  /blog/1: 200 Page /blog/1\n", Transcript.of(ParallelFetch::run));
    }

    @Test
    void concurrentWebSpider() {
        // Every page reachable from / under the base URL, none twice; the dead link; and the
        // three workers all fetching at once (after / is fetched, its three links are handed to
        // the three workers together), never more.
        assertEquals("Fetched 9 URLs with 3 workers:\n"
                + "  /\n"
                + "  /about\n"
                + "  /blog/\n"
                + "  /blog/1\n"
                + "  /blog/2\n"
                + "  /docs/\n"
                + "  /docs/api\n"
                + "  /docs/intro\n"
                + "  /team\n"
                + "Unable to fetch 1 URLs: [/missing]\n"
                + "At most 3 fetches ran at once\n", Transcript.of(WebSpider::run));
    }
}
