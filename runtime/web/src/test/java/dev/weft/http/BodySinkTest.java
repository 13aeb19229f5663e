package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpRequestHandler#startRequest} without the web framework: a streaming sink of the
 * handler's own over a real socket, its per-request limit, and handlers that keep the default.
 */
class BodySinkTest {
    private static final String H = "Host: t\r\n";
    private TestServer server;

    /** Streams {@code /stream} (its limit from {@code ?limit=}), reads the rest whole. */
    static final class Handler implements HttpRequestHandler {
        @Override
        public void handle(HttpServerRequest r) {
            HttpServerTest.echo(r);
        }

        @Override
        public BodySink startRequest(HttpServerRequest r) {
            if (!r.path().equals("/stream")) {
                return null;
            }
            List<Integer> sizes = new ArrayList<>();
            return new BodySink() {
                @Override
                public Future<?> ready() {
                    String q = r.query();
                    if (q.startsWith("limit=")) {
                        r.connection().setMaxBodySize(Long.parseLong(q.substring(6)));
                    }
                    return null;
                }

                @Override
                public Future<?> dataReceived(byte[] chunk) {
                    sizes.add(chunk.length);
                    return null;
                }

                @Override
                public void finish() {
                    byte[] out = ("pieces " + sizes + " body " + r.body().length).getBytes(StandardCharsets.UTF_8);
                    HttpHeaders h = new HttpHeaders();
                    h.set("Content-Length", Integer.toString(out.length));
                    r.connection().writeHeaders(200, null, h, out);
                    r.connection().finish();
                }
            };
        }
    }

    @BeforeEach
    void start() {
        server = new TestServer(new Handler(), new HttpServerOptions().maxBodySize(100));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aStreamingSinkGetsThePiecesAndTheRequestKeepsNoBody() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("POST /stream?limit=200000 HTTP/1.1\r\n" + H + "Content-Length: 150000\r\n\r\n");
            c.send(new byte[150_000]);
            assertEquals("pieces [65536, 65536, 18928] body 0", c.read(false).body);
            c.send("POST /stream HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
            assertEquals("pieces [3, 2] body 0", c.read(false).body);
            // the default handle() path on the same connection: the body whole, as before
            c.send("POST /echo HTTP/1.1\r\n" + H + "Content-Length: 5\r\n\r\nhello");
            assertEquals("POST /echo hello", c.read(false).body);
        }
    }

    @Test
    void theRequestsOwnLimitIsAnswered413AndTheServersStays400() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("POST /stream HTTP/1.1\r\n" + H + "Content-Length: 101\r\n\r\n");
            assertEquals(413, c.read(false).status);
            assertTrue(c.closedByServer());
        }
        try (RawClient c = new RawClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\n" + H + "Content-Length: 101\r\n\r\n");
            assertEquals(400, c.read(false).status);
        }
        try (RawClient c = new RawClient(server.port())) {
            assertEquals("GET /after ", c.get("/after").body);
        }
    }
}
