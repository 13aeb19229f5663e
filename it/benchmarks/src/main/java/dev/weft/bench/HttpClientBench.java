package dev.weft.bench;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.http.HttpHeaders;
import dev.weft.http.HttpServer;
import dev.weft.httpclient.AsyncHttpClient;
import dev.weft.httpclient.HttpClientResponse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests per second of {@link AsyncHttpClient} against a local weft {@link HttpServer}, with its
 * baselines measured in the same run, against the same server: the JDK's
 * {@link java.net.http.HttpClient} driven directly with {@code sendAsync}, and Tornado 6's
 * {@code AsyncHTTPClient} ({@code httpclient/tornado_fetch.py}, python3-tornado) in both its
 * implementations: {@code simple_httpclient}, Tornado's default, which opens a connection per
 * request, and {@code curl_httpclient} (python3-pycurl; skipped if it is not installed), which
 * Tornado's docs call faster and which keeps connections alive, as both Java clients do.
 *
 * <p>On a machine of one or two cores the JDK's {@code sendAsync} starts a new thread for every
 * response (it hands the completion to {@code CompletableFuture}'s default executor, which is a
 * thread per task when the common pool has fewer than two threads); run the JVM with
 * {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=2} to measure both Java clients as
 * they run on three cores or more.
 *
 * <p>Each client keeps {@code CONCURRENCY} requests in flight (the client's {@code maxClients},
 * Tornado's {@code max_clients}): that many lanes, each sending its next request when the last one
 * is answered. weft's lanes are coroutines on one IOLoop ({@code Co.await(client.fetch(url))}), as
 * a user writes them; the JDK's are {@code thenCompose} chains. The two Java clients take turns,
 * several rounds, and the median of each is reported.
 *
 * <pre>
 * mvn -B -q -f it/benchmarks package -DskipTests
 * java -cp it/benchmarks/target/benchmarks.jar dev.weft.bench.HttpClientBench [seconds] [rounds]
 * </pre>
 */
public final class HttpClientBench {
    static final int CONCURRENCY = 10;
    private static final byte[] HELLO = "Hello Python Tornado!".getBytes(StandardCharsets.US_ASCII);

    private HttpClientBench() {
    }

    /** A measurement: requests per second, and the client's CPU time per request. */
    record Rate(double perSecond, double cpuMicrosPerRequest) {
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Rate rate(long count, long startNanos, long startCpu) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new Rate(count / seconds, (cpuNanos() - startCpu) / 1e3 / Math.max(1, count));
    }

    /** A hello-world server on its own loop thread; returns its port. */
    static int serve() throws InterruptedException {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            HttpServer server = new HttpServer(request -> {
                HttpHeaders h = new HttpHeaders();
                h.set("Content-Type", "text/plain");
                h.set("Content-Length", String.valueOf(HELLO.length));
                request.connection().writeHeaders(200, null, h, HELLO);
                request.connection().finish();
            });
            server.listen(0, "127.0.0.1");
            port.complete(server.boundPort());
            IOLoop.current().start();
        }, "bench-server");
        t.setDaemon(true);
        t.start();
        return port.join();
    }

    /** One lane of weft's client: fetches until the deadline, counting answers. */
    @Coroutine
    static Future<Void> lane(AsyncHttpClient client, String url, long deadline, AtomicLong count) {
        while (System.nanoTime() < deadline) {
            HttpClientResponse r = Co.await(client.fetch(url));
            if (r.body().length != HELLO.length) {
                throw new IllegalStateException("unexpected body: " + r.text());
            }
            count.incrementAndGet();
        }
        return Future.completed();
    }

    static Rate weft(AsyncHttpClient client, String url, double seconds) {
        AtomicLong count = new AtomicLong();
        long cpu = cpuNanos();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        IOLoop.current().runSync(() -> {
            List<Future<Void>> lanes = new ArrayList<>();
            for (int i = 0; i < CONCURRENCY; i++) {
                lanes.add(lane(client, url, deadline, count));
            }
            return Co.all(lanes);
        });
        return rate(count.get(), start, cpu);
    }

    static Rate jdk(HttpClient client, HttpRequest request, double seconds)
            throws InterruptedException {
        AtomicLong count = new AtomicLong();
        long cpu = cpuNanos();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        CountDownLatch done = new CountDownLatch(CONCURRENCY);
        for (int i = 0; i < CONCURRENCY; i++) {
            jdkLane(client, request, deadline, count, done);
        }
        done.await();
        return rate(count.get(), start, cpu);
    }

    private static void jdkLane(HttpClient client, HttpRequest request, long deadline,
            AtomicLong count, CountDownLatch done) {
        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> {
            if (e != null || r.body().length != HELLO.length) {
                System.err.println("JDK lane failed: " + (e != null ? e : r));
                done.countDown();
                return;
            }
            count.incrementAndGet();
            if (System.nanoTime() < deadline) {
                jdkLane(client, request, deadline, count, done);
            } else {
                done.countDown();
            }
        });
    }

    static Rate tornado(int port, double seconds, String impl) throws Exception {
        String script = System.getProperty("tornado.script", "it/benchmarks/httpclient/tornado_fetch.py");
        // Debian's python3, where python3-tornado is installed, unless -Dpython says otherwise
        String python = System.getProperty("python",
                new java.io.File("/usr/bin/python3").exists() ? "/usr/bin/python3" : "python3");
        Process p = new ProcessBuilder(python, script, String.valueOf(port),
                String.valueOf(CONCURRENCY), String.valueOf(seconds), impl)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            line = in.readLine();
        }
        if (p.waitFor() != 0 || line == null) {
            if (impl.equals("curl")) {
                return null; // python3-pycurl is not installed: reported as missing
            }
            throw new IllegalStateException("tornado_fetch.py failed (python3-tornado installed?)");
        }
        String[] parts = line.trim().split(" ");
        return new Rate(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The server in a JVM of its own, so that the clients' CPU time is theirs alone. */
    private static Process startServer() throws Exception {
        String java = System.getProperty("java.home") + "/bin/java";
        return new ProcessBuilder(java, "-Xms256m", "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), HttpClientBench.class.getName(), "serve")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static double median(double[] xs, java.util.function.ToDoubleFunction<Integer> f) {
        double[] s = new double[xs.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = f.applyAsDouble(i);
        }
        return median(s);
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("serve")) {
            System.out.println(serve());
            System.out.flush();
            Thread.currentThread().join();
            return;
        }
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Process server = startServer();
        try {
            int port;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8))) {
                port = Integer.parseInt(in.readLine().trim());
                measure(port, seconds, rounds);
            }
        } finally {
            server.destroy();
        }
    }

    private static void measure(int port, double seconds, int rounds) throws Exception {
        String url = "http://127.0.0.1:" + port + "/";
        HttpClient jdkClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
        try (AsyncHttpClient client = AsyncHttpClient.builder().maxClients(CONCURRENCY).build()) {
            // warm-up: JIT both paths and open the connections. Twice a round each: with half a
            // round, the first measured rounds still ran partly interpreted (CPU per request
            // falling from round to round).
            for (int i = 0; i < 2; i++) {
                jdk(jdkClient, request, seconds);
                weft(client, url, seconds);
            }
            Rate[] j = new Rate[rounds];
            Rate[] w = new Rate[rounds];
            double[] idx = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                j[i] = jdk(jdkClient, request, seconds);
                w[i] = weft(client, url, seconds);
                System.out.printf("round %d: JDK sendAsync %.0f req/s (%.1f us CPU/req), "
                        + "AsyncHttpClient %.0f req/s (%.1f us CPU/req): %.2fx%n", i + 1,
                        j[i].perSecond(), j[i].cpuMicrosPerRequest(), w[i].perSecond(),
                        w[i].cpuMicrosPerRequest(), w[i].perSecond() / j[i].perSecond());
            }
            Rate t = tornado(port, seconds, "simple");
            System.out.printf("Tornado AsyncHTTPClient (simple_httpclient) %.0f req/s (%.1f us CPU/req)%n",
                    t.perSecond(), t.cpuMicrosPerRequest());
            Rate curl = tornado(port, seconds, "curl");
            if (curl == null) {
                System.out.println("Tornado curl_httpclient: not measured (python3-pycurl missing)");
            } else {
                System.out.printf("Tornado AsyncHTTPClient (curl_httpclient) %.0f req/s (%.1f us CPU/req)%n",
                        curl.perSecond(), curl.cpuMicrosPerRequest());
            }
            double wr = median(idx, i -> w[i].perSecond());
            double jr = median(idx, i -> j[i].perSecond());
            double wc = median(idx, i -> w[i].cpuMicrosPerRequest());
            double jc = median(idx, i -> j[i].cpuMicrosPerRequest());
            System.out.println("| lanes | AsyncHttpClient req/s (CPU us) | JDK sendAsync req/s (CPU us)"
                    + " | Tornado simple req/s (CPU us) | Tornado curl req/s (CPU us) | weft / JDK"
                    + " | weft / Tornado simple | weft / Tornado curl |");
            System.out.printf("| %d | %.0f (%.1f) | %.0f (%.1f) | %.0f (%.1f) | %s | %.2fx | %.1fx | %s |%n",
                    CONCURRENCY, wr, wc, jr, jc, t.perSecond(), t.cpuMicrosPerRequest(),
                    curl == null ? "-" : String.format("%.0f (%.1f)", curl.perSecond(),
                            curl.cpuMicrosPerRequest()),
                    wr / jr, wr / t.perSecond(),
                    curl == null ? "-" : String.format("%.2fx", wr / curl.perSecond()));
        }
    }
}
