package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.LoopLog;
import dev.weft.http.HttpServerOptions;
import dev.weft.http.RawClient;
import dev.weft.http.TestServer;
import dev.weft.net.StreamClosedException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that goes away in the middle of a streamed response (issue 17): not an error. The
 * handler's pending flush fails quietly with {@link StreamClosedException}, onConnectionClose runs,
 * nothing is logged at ERROR, and the server goes on.
 */
@org.junit.jupiter.api.Timeout(30)
class ClientDisconnectTest {
    static final CompletableFuture<Throwable> FLUSH_FAILURE = new CompletableFuture<>();
    static final CompletableFuture<Boolean> CLOSED = new CompletableFuture<>();

    /** Streams chunks until a flush fails, then fails its own future with that failure. */
    static class StreamForeverHandler extends RequestHandler {
        private final Future<Void> done = new Future<>();

        @Override
        public Future<?> getAsync() {
            next();
            return done;
        }

        private void next() {
            write("x".repeat(16 * 1024));
            flush().addDoneCallback(f -> {
                if (f.exception() != null) {
                    FLUSH_FAILURE.complete(f.exception());
                    done.setException(f.exception()); // as a coroutine awaiting flush() would fail
                } else {
                    IOLoop.current().addCallback(this::next);
                }
            });
        }

        @Override
        public void onConnectionClose() {
            CLOSED.complete(true);
        }
    }

    private TestServer server;
    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private BiConsumer<String, Throwable> oldHook;

    @BeforeEach
    void start() {
        oldHook = LoopLog.setHook((m, t) -> logged.add(m + (t == null ? "" : " :: " + t)));
        Application app = new Application(List.of(
                Route.of("/stream", StreamForeverHandler::new),
                Route.of("/", ApplicationTest.IndexHandler::new)));
        server = new TestServer(app, new HttpServerOptions());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        LoopLog.setHook(oldHook);
    }

    @Test
    void resetMidResponseIsNotAnError() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n");
            InputStream in = c.socket().getInputStream();
            byte[] some = in.readNBytes(64 * 1024);
            assertEquals(64 * 1024, some.length, "the response is streaming");
            c.socket().setSoLinger(true, 0); // close with a reset, as a browser tab closing may
        }
        Throwable failure = FLUSH_FAILURE.get(20, TimeUnit.SECONDS);
        assertTrue(failure instanceof StreamClosedException, "flush failed with " + failure);
        assertTrue(CLOSED.get(20, TimeUnit.SECONDS), "onConnectionClose ran");
        try (RawClient c = new RawClient(server.port())) {
            assertEquals(200, c.get("/").status, "the server goes on");
        }
        assertEquals(List.of(), logged, "a client going away is logged at DEBUG only");
    }
}
