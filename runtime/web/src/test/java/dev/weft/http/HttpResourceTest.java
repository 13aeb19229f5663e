package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Many connections at once, and nothing left behind afterwards. */
@org.junit.jupiter.api.Timeout(120)
class HttpResourceTest {
    private static final int CONNECTIONS = 5_000;

    @Test
    void fiveThousandKeepAliveConnectionsAreHeldAndServed() throws Exception {
        long limit = openFilesLimit();
        // Both ends of every connection live in this JVM, plus jars, selectors and the like.
        Assumptions.assumeTrue(limit >= 2L * CONNECTIONS + 500,
                "skipped: needs an open-files limit of at least " + (2 * CONNECTIONS + 500)
                        + " (ulimit -n), this process has " + limit);
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        var old = dev.weft.LoopLog.setHook((m, t) -> errors.add(m + " :: " + t));
        try (TestServer server = new TestServer(HttpServerTest::echo, new HttpServerOptions())) {
            List<RawClient> clients = new ArrayList<>(CONNECTIONS);
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    clients.add(new RawClient(server.port(), 20_000));
                }
                for (int round = 0; round < 2; round++) {
                    for (int i = 0; i < CONNECTIONS; i++) {
                        clients.get(i).send("GET /" + i + "/" + round + " HTTP/1.1\r\nHost: t\r\n\r\n");
                    }
                    for (int i = 0; i < CONNECTIONS; i++) {
                        RawClient.Response r = clients.get(i).read(false);
                        assertEquals(200, r.status);
                        assertEquals("GET /" + i + "/" + round + " ", r.body);
                    }
                    // All held open at once, on one loop thread.
                    assertEquals(CONNECTIONS, server.connectionCount());
                }
            } finally {
                for (RawClient c : clients) {
                    c.close();
                }
            }
            waitFor(() -> server.connectionCount() == 0, "server connections closed");
        } finally {
            dev.weft.LoopLog.setHook(old);
        }
        assertEquals(List.of(), errors, "nothing raised in the server");
    }

    @Test
    void noFileDescriptorsLeak() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")),
                "skipped: /proc/self/fd is needed to count file descriptors");
        var old = dev.weft.LoopLog.setHook((m, t) -> { });
        try (TestServer server = new TestServer(HttpServerTest::echo, new HttpServerOptions()
                .maxHeaderSize(4096))) {
            traffic(server); // warm up: class loading opens jars
            waitFor(() -> server.connectionCount() == 0, "warm-up connections closed");
            long before = openFds();
            for (int i = 0; i < 3; i++) {
                traffic(server);
            }
            waitFor(() -> server.connectionCount() == 0, "connections closed");
            waitFor(() -> openFds() <= before, "fds back to " + before + " (now " + openFds() + ")");
        } finally {
            dev.weft.LoopLog.setHook(old);
        }
    }

    /** Good, bad, truncated and abandoned connections. */
    private static void traffic(TestServer server) throws IOException {
        for (int i = 0; i < 20; i++) {
            try (RawClient c = new RawClient(server.port())) {
                assertEquals(200, c.get("/ok").status);
            }
            try (RawClient c = new RawClient(server.port())) {
                c.send("BAD\r\n\r\n");
                assertEquals(400, c.read(false).status);
            }
            try (RawClient c = new RawClient(server.port())) {
                c.send("GET / HTTP/1.1\r\nHost: t\r\nX: " + "x".repeat(5000) + "\r\n\r\n");
                assertEquals(431, c.read(false).status);
            }
            try (RawClient c = new RawClient(server.port())) {
                c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nabc");
            }
            try (RawClient c = new RawClient(server.port())) {
                c.socket().setSoLinger(true, 0); // close with a reset
            }
        }
    }

    private static long openFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(20);
        }
    }
}
