import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.http.HttpServer;
import dev.weft.http.HttpServerOptions;
import dev.weft.web.Application;
import dev.weft.web.RequestHandler;
import dev.weft.web.Route;
import dev.weft.web.StreamRequestBody;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;

/**
 * Streams 1 GiB (or GIB gibibytes) through a weft {@link StreamRequestBody} handler that only
 * counts the bytes and checksums them, once with Content-Length and once chunked, in this one JVM
 * (server on its own IOLoop thread, client on the main thread over loopback). Run it with a small
 * heap (run.sh uses -Xmx64m): a body that were buffered would not fit, and the program prints the
 * peak heap and the process's peak RSS. It exits non-zero if a checksum or count differs.
 *
 * Usage: java -Xmx64m -cp weft-runtime.jar:weft-web.jar UploadMemory.java [GIB]
 */
public class UploadMemory {
    /** Counts and checksums the body; answers "bytes crc". */
    @StreamRequestBody
    public static class Counter extends RequestHandler {
        private final CRC32 crc = new CRC32();
        private long bytes;

        @Override
        public void prepare() {
            request().connection().setMaxBodySize(Long.MAX_VALUE); // the server's 100 MiB otherwise
        }

        @Override
        public Future<?> dataReceived(byte[] chunk) {
            crc.update(chunk);
            bytes += chunk.length;
            return null;
        }

        @Override
        public void post() {
            setHeader("Content-Type", "text/plain");
            write(bytes + " " + Long.toHexString(crc.getValue()));
        }
    }

    public static void main(String[] args) throws Exception {
        long total = (long) (Double.parseDouble(args.length > 0 ? args[0] : "1") * (1L << 30));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread server = new Thread(() -> {
            IOLoop loop = IOLoop.current();
            HttpServer s = new HttpServer(new Application(List.of(Route.of("/upload", Counter::new))),
                    new HttpServerOptions());
            s.listen(0, "127.0.0.1");
            port.complete(s.boundPort());
            loop.start();
        }, "server-loop");
        server.setDaemon(true);
        server.start();
        byte[] block = new byte[256 * 1024];
        new Random(42).nextBytes(block);
        CRC32 expected = new CRC32();
        for (long at = 0; at < total; at += block.length) {
            expected.update(block, 0, (int) Math.min(block.length, total - at));
        }
        String want = total + " " + Long.toHexString(expected.getValue());
        System.out.printf("body %,d bytes, max heap %d MiB, %s%n", total,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.version"));
        boolean ok = true;
        for (boolean chunked : new boolean[] {false, true}) {
            resetPeaks();
            long t0 = System.nanoTime();
            String got = upload(port.get(), block, total, chunked);
            double s = (System.nanoTime() - t0) / 1e9;
            boolean same = got.equals(want);
            ok &= same;
            System.out.printf("%-14s %s  %.1f s (%.0f MiB/s)  peak heap used %.1f MiB  peak RSS %s%n",
                    chunked ? "chunked" : "Content-Length", same ? "checksum ok" : "MISMATCH " + got,
                    s, total / s / (1 << 20), peakHeap() / 1048576.0, status("VmHWM"));
        }
        System.exit(ok ? 0 : 1);
    }

    private static String upload(int port, byte[] block, long total, boolean chunked) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            String head = "POST /upload HTTP/1.1\r\nHost: bench\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + total + "\r\n")
                    + "\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunkHead = (Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] crlf = {'\r', '\n'};
            for (long at = 0; at < total; at += block.length) {
                int n = (int) Math.min(block.length, total - at);
                if (chunked) {
                    out.write(n == block.length ? chunkHead
                            : (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write(block, 0, n);
                if (chunked) {
                    out.write(crlf);
                }
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            String status = in.readLine();
            int length = 0;
            for (String l = in.readLine(); l != null && !l.isEmpty(); l = in.readLine()) {
                if (l.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(l.substring(15).trim());
                }
            }
            char[] body = new char[length];
            for (int at = 0; at < length; ) {
                at += in.read(body, at, length - at);
            }
            return status.contains(" 200 ") ? new String(body) : status;
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /** The sum of the heap pools' peaks since the reset (an upper bound of the heap in use at once). */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static String status(String field) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith(field + ":")) {
                return l.substring(field.length() + 1).trim();
            }
        }
        return "?";
    }
}
