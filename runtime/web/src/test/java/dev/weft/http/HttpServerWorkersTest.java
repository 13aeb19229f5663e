package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.net.TCPServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An {@code HttpServer} on several worker loops spreads its connections over them evenly: the
 * accepting loop hands them out in turn, so N connections over L loops land within one of each
 * other, whatever the timing.
 */
@org.junit.jupiter.api.Timeout(60)
class HttpServerWorkersTest {
    @ParameterizedTest
    @CsvSource({"2, 10", "2, 11", "3, 20"})
    void connectionsAreSpreadEvenlyOverTheWorkerLoops(int loops, int connections) throws Exception {
        // Which worker thread served each connection, by the client's port.
        Map<Integer, String> servedBy = new ConcurrentHashMap<>();
        try (LoopThread acceptor = new LoopThread("test-acceptor")) {
            HttpServer server = acceptor.call(() -> {
                HttpServer s = new HttpServer(r -> {
                    servedBy.put(r.remoteAddress().getPort(), Thread.currentThread().getName());
                    byte[] body = Thread.currentThread().getName().getBytes(StandardCharsets.UTF_8);
                    HttpHeaders h = new HttpHeaders();
                    h.set("Content-Length", Integer.toString(body.length));
                    r.connection().writeHeaders(200, null, h, body);
                    r.connection().finish();
                });
                s.bind(0, "127.0.0.1", TCPServer.DEFAULT_BACKLOG);
                s.start(loops);
                return s;
            });
            int port = acceptor.call(server::boundPort);
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    RawClient c = new RawClient(port);
                    clients.add(c);
                    RawClient.Response r = c.get("/");
                    assertEquals(200, r.status);
                    assertTrue(r.body.startsWith("weft-server-"), r.body);
                }
            } finally {
                for (RawClient c : clients) {
                    c.close();
                }
                acceptor.run(() -> {
                    server.stop();
                    server.closeAllConnections();
                });
                assertTrue(server.awaitWorkers(Duration.ofSeconds(20)));
            }
            Map<String, Integer> perLoop = new TreeMap<>();
            servedBy.values().forEach(t -> perLoop.merge(t, 1, Integer::sum));
            assertEquals(connections, servedBy.size());
            assertEquals(loops, perLoop.size(), perLoop.toString());
            int min = perLoop.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
            int max = perLoop.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
            assertTrue(max - min <= 1, "connections per loop: " + perLoop);
        }
    }
}
