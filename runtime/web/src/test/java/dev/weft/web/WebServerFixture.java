package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.LoopLog;
import dev.weft.http.HttpServerOptions;
import dev.weft.http.RawClient;
import dev.weft.http.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * An {@link Application} served on a free port for socket tests, with what it logs captured: the
 * runtime's ERROR reports ({@link LoopLog}) and the {@code dev.weft.general} (WARNING) and
 * {@code dev.weft.access} loggers, read through java.util.logging, which backs System.Logger here.
 */
final class WebServerFixture implements AutoCloseable {
    /** One record: its level name and message. */
    record Logged(String level, String message) {
    }

    private final TestServer server;
    private final List<String> errors = new ArrayList<>();
    private final List<Logged> records = new ArrayList<>();
    private final BiConsumer<String, Throwable> oldHook;
    // Strong references: java.util.logging keeps loggers weakly, and would forget the handler.
    private final Logger general = Logger.getLogger("dev.weft.general");
    private final Logger access = Logger.getLogger("dev.weft.access");
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (records) {
                records.add(new Logged(r.getLevel().getName(), r.getMessage()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    WebServerFixture(Route... routes) {
        this(new Application(List.of(routes)));
    }

    WebServerFixture(Application app) {
        this(app, new HttpServerOptions());
    }

    WebServerFixture(Application app, HttpServerOptions options) {
        oldHook = LoopLog.setHook((m, t) -> {
            synchronized (errors) {
                errors.add(m + (t == null ? "" : " :: " + t));
            }
        });
        for (Logger l : List.of(general, access)) {
            l.addHandler(handler);
            l.setLevel(Level.ALL);
            l.setUseParentHandlers(false);
        }
        server = new TestServer(app, options);
    }

    int port() {
        return server.port();
    }

    RawClient.Response request(String raw) throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send(raw);
            return c.read(raw.startsWith("HEAD"));
        }
    }

    RawClient.Response get(String target, String... headerLines) throws Exception {
        StringBuilder sb = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: t\r\n");
        for (String h : headerLines) {
            sb.append(h).append("\r\n");
        }
        return request(sb.append("\r\n").toString());
    }

    /** The ERROR reports so far. */
    List<String> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    /**
     * The records so far. The access line is written after the response is sent, so a test that
     * reads them waits for {@code count} of them first (the loop thread writes them).
     */
    List<Logged> records(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            synchronized (records) {
                if (records.size() >= count || System.nanoTime() > deadline) {
                    return List.copyOf(records);
                }
            }
            Thread.sleep(5);
        }
    }

    /** Asserts the server still answers and nothing was logged at ERROR. */
    void assertHealthy() throws Exception {
        assertEquals(404, get("/no-such-route-at-all").status);
        assertEquals(List.of(), errors());
    }

    @Override
    public void close() throws Exception {
        server.close();
        LoopLog.setHook(oldHook);
        for (Logger l : List.of(general, access)) {
            l.removeHandler(handler);
            l.setLevel(null);
            l.setUseParentHandlers(true);
        }
    }
}
