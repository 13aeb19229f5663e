/**
 * An asynchronous HTTP client for coroutines: Tornado's {@code tornado.httpclient}, on the JDK's
 * {@link java.net.http.HttpClient} (which speaks HTTP/1.1, HTTP/2 and TLS; weft does not parse
 * HTTP on this side).
 *
 * <pre>{@code
 * @Coroutine
 * static Future<String> fetchCoroutine(AsyncHttpClient httpClient, String url) {
 *     HttpClientResponse response = Co.await(httpClient.fetch(url));
 *     return Future.completed(response.text());
 * }
 * }</pre>
 *
 * <p>{@link dev.weft.httpclient.AsyncHttpClient} runs at most {@code maxClients} requests at once
 * (the rest wait in order), applies connect and request timeouts (code 599), follows redirects
 * and turns responses that are not 2xx into {@link dev.weft.httpclient.HttpClientError} unless a
 * request asks otherwise. Futures complete on the {@link dev.weft.IOLoop} of the thread that
 * called {@code fetch}, so a coroutine resumes where it started.
 */
package dev.weft.httpclient;
