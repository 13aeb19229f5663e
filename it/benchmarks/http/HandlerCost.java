import dev.weft.Future;
import dev.weft.http.HttpConnection;
import dev.weft.http.HttpHeaders;
import dev.weft.http.HttpServerRequest;
import dev.weft.web.Application;
import dev.weft.web.RequestHandler;
import dev.weft.web.Route;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * CPU time the web layer spends on one request of seed example 7 (route, handler, Etag, headers,
 * access log), without sockets: {@code Application.handle} with a connection that only counts
 * the bytes. Thread CPU time, not wall time, so that a busy machine's waiting is not counted.
 * Run it with each build's jars to compare them; {@code -Dweft.accessLog=off} turns the access
 * log off. Usage: java -cp weft-runtime.jar:weft-web.jar HandlerCost.java [rounds]
 */
public class HandlerCost {
    public static class IndexHandler extends RequestHandler {
        @Override
        public void get() {
            write("Hello Python Tornado!");
        }
    }

    /** Swallows the response, as a socket would, and remembers nothing. */
    static final class NullConnection implements HttpConnection {
        long bytes;

        @Override public Future<Void> writeHeaders(int status, String reason, HttpHeaders headers, byte[] chunk) {
            bytes += chunk.length + headers.size();
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

    private static final java.util.logging.Logger ACCESS = java.util.logging.Logger.getLogger("dev.weft.access");

    public static void main(String[] args) {
        if ("off".equals(System.getProperty("weft.accessLog"))) {
            ACCESS.setLevel(java.util.logging.Level.OFF);
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Application app = new Application(List.of(Route.of("/", IndexHandler::new)));
        NullConnection c = new NullConnection();
        InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 40000);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        int n = 200_000;
        double best = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                HttpHeaders h = new HttpHeaders();
                h.add("Host", "127.0.0.1:8000");
                app.handle(new HttpServerRequest("GET", "/", "HTTP/1.1", h, new byte[0], peer, c));
            }
            double ns = (cpu.getCurrentThreadCpuTime() - t0) / (double) n;
            best = Math.min(best, ns);
        }
        System.out.printf("%.0f ns CPU per request (best of %d rounds of %d), %d bytes%n", best, rounds, n, c.bytes);
    }
}
