package dev.weft.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.httpclient.AsyncHttpClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP client benchmark's lanes really fetch (each checks the body it gets) and count. */
@Timeout(60)
class HttpClientBenchTest {
    @Test
    void bothJavaClientsGetAnswersFromTheServer() throws Exception {
        String url = "http://127.0.0.1:" + HttpClientBench.serve() + "/";
        try (AsyncHttpClient client = AsyncHttpClient.builder()
                .maxClients(HttpClientBench.CONCURRENCY).build()) {
            assertTrue(HttpClientBench.weft(client, url, 0.2).perSecond() > 0);
        }
        HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertTrue(HttpClientBench.jdk(jdk, HttpRequest.newBuilder(URI.create(url)).build(), 0.2).perSecond() > 0);
    }
}
