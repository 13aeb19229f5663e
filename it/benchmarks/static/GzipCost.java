import dev.weft.Future;
import dev.weft.http.HttpConnection;
import dev.weft.http.HttpHeaders;
import dev.weft.http.HttpServerRequest;
import dev.weft.web.Application;
import dev.weft.web.RequestHandler;
import dev.weft.web.Route;
import dev.weft.web.Settings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * gzip's CPU cost per response without sockets, as HandlerCost measures a request: the thread CPU
 * time of {@code Application.handle} for a GET with {@code Accept-Encoding: gzip}, answered with
 * WeftGzip's compressible ~10 KiB and ~100 KiB JSON bodies, {@code compressResponse} off and on,
 * and the body bytes each response puts on the wire. Thread CPU time, so that a busy machine's
 * waiting is not counted; best of the rounds. Access log off.
 * Usage: java -cp weft-runtime.jar:weft-web.jar GzipCost.java [rounds]
 */
public class GzipCost {
    private static final java.util.logging.Logger ACCESS = java.util.logging.Logger.getLogger("dev.weft.access");

    /** The same body as WeftGzip's. */
    static byte[] body(int size) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; sb.length() < size - 120; i++) {
            sb.append(i == 0 ? "" : ", ").append("{\"id\": ").append(i * 7919 % 100_003)
                    .append(", \"name\": \"user-").append(i).append("\", \"email\": \"user-").append(i)
                    .append("@example.com\", \"active\": ").append(i % 3 == 0).append(", \"score\": ")
                    .append(i * 31 % 997).append('}');
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    public static class Body extends RequestHandler {
        private final byte[] body;

        Body(byte[] body) {
            this.body = body;
        }

        @Override
        public void get() {
            setHeader("Content-Type", "application/json; charset=UTF-8");
            write(body);
        }
    }

    /** Counts the body bytes of the responses, as a socket would send them. */
    static final class NullConnection implements HttpConnection {
        long bytes;

        @Override public Future<Void> writeHeaders(int status, String reason, HttpHeaders headers, byte[] chunk) {
            bytes += chunk == null ? 0 : chunk.length;
            return Future.completed(null);
        }
        @Override public Future<Void> write(byte[] chunk) {
            bytes += chunk.length;
            return Future.completed(null);
        }
        @Override public Future<Void> finish() {
            return Future.completed(null);
        }
        @Override public boolean isClosed() {
            return false;
        }
        @Override public void setCloseCallback(Runnable cb) {
        }
    }

    public static void main(String[] args) {
        ACCESS.setLevel(java.util.logging.Level.OFF);
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 40000);
        System.out.println("| body | compressResponse | CPU µs per response (best of " + rounds
                + ") | body bytes on the wire |");
        System.out.println("|---|---|---:|---:|");
        for (int size : new int[] {10 * 1024, 100 * 1024}) {
            byte[] body = body(size);
            for (boolean on : new boolean[] {false, true}) {
                Application app = new Application(List.of(Route.of("/", () -> new Body(body))),
                        new Settings().compressResponse(on));
                int n = size > 50_000 ? 2_000 : 20_000;
                double best = Double.MAX_VALUE;
                long perResponse = 0;
                for (int r = 0; r < rounds; r++) {
                    NullConnection c = new NullConnection();
                    long t0 = cpu.getCurrentThreadCpuTime();
                    for (int i = 0; i < n; i++) {
                        HttpHeaders h = new HttpHeaders();
                        h.add("Host", "127.0.0.1:8000");
                        h.add("Accept-Encoding", "gzip");
                        app.handle(new HttpServerRequest("GET", "/", "HTTP/1.1", h, new byte[0], peer, c));
                    }
                    best = Math.min(best, (cpu.getCurrentThreadCpuTime() - t0) / 1e3 / n);
                    perResponse = c.bytes / n;
                }
                System.out.printf("| %,d bytes | %s | %.1f | %,d |%n", body.length, on ? "on" : "off", best,
                        perResponse);
            }
        }
    }
}
