package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Timeout(30)
class HttpServerTest {
    private TestServer server;

    /** Echoes method, target and body; "/chunked" answers in two flushed chunks. */
    static void echo(HttpServerRequest r) {
        HttpConnection c = r.connection();
        HttpHeaders h = new HttpHeaders();
        if (r.path().equals("/chunked")) {
            c.writeHeaders(200, null, h, "first,".getBytes(StandardCharsets.UTF_8));
            c.write("second".getBytes(StandardCharsets.UTF_8));
            c.finish();
            return;
        }
        byte[] body = (r.method() + " " + r.uri() + " " + new String(r.body(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        h.set("Content-Length", Integer.toString(body.length));
        c.writeHeaders(200, null, h, body);
        c.finish();
    }

    @BeforeEach
    void start() {
        server = new TestServer(HttpServerTest::echo, new HttpServerOptions());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            for (int i = 0; i < 3; i++) {
                RawClient.Response r = c.get("/x?i=" + i);
                assertEquals(200, r.status);
                assertEquals("GET /x?i=" + i + " ", r.body);
                assertNull(r.header("connection"));
            }
            assertEquals(1, server.connectionCount());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                all.append("GET /").append(i).append(" HTTP/1.1\r\nHost: t\r\n\r\n");
            }
            c.send(all.toString());
            for (int i = 0; i < 50; i++) {
                assertEquals("GET /" + i + " ", c.read(false).body);
            }
        }
    }

    @Test
    void thousandsOfPipelinedRequestsInOneBufferDoNotRecurse() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 5000; i++) {
                all.append("GET /").append(i).append(" HTTP/1.1\r\nHost: t\r\n\r\n");
            }
            // ~150 KB, sent while reading: many requests arrive in each read of the server.
            Thread sender = new Thread(() -> {
                try {
                    c.send(all.toString());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            sender.start();
            for (int i = 0; i < 5000; i++) {
                assertEquals("GET /" + i + " ", c.read(false).body);
            }
        }
    }

    @Test
    void contentLengthAndChunkedBodiesAreRead() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
            assertEquals("POST /p hello", c.read(false).body);
            c.send("POST /q HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n4;ext=1\r\ndefg\r\n0\r\nTrailer: x\r\n\r\n");
            assertEquals("POST /q abcdefg", c.read(false).body);
        }
    }

    @Test
    void responsesWithoutLengthAreChunked() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.get("/chunked");
            assertEquals("chunked", r.header("transfer-encoding"));
            assertEquals("first,second", r.body);
            assertEquals("GET /again ", c.get("/again").body); // still usable
        }
    }

    @Test
    void expectContinueGetsAnInterimResponse() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("PUT /e HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
            RawClient.Response interim = c.read(false);
            assertEquals(100, interim.status);
            c.send("abc");
            assertEquals("PUT /e abc", c.read(false).body);
        }
    }

    @Test
    void headResponsesHaveNoBody() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n");
            RawClient.Response r = c.read(true);
            assertEquals(200, r.status);
            assertEquals("8", r.header("content-length")); // of "HEAD /h "
            assertEquals("GET /next ", c.get("/next").body); // no stray body bytes in between
        }
    }

    @Test
    void http10ClosesUnlessKeepAliveIsAsked() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /old HTTP/1.0\r\n\r\n");
            RawClient.Response r = c.read(false);
            assertEquals("GET /old ", r.body);
            assertNull(r.header("connection"), "1.0 closes by default; Tornado says nothing either");
            assertTrue(c.closedByServer());
        }
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawClient.Response r = c.read(false);
            assertEquals("Keep-Alive", r.header("connection"));
            c.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals("GET /b ", c.read(false).body);
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /c HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            RawClient.Response r = c.read(false);
            assertEquals("close", r.header("connection"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void workerThreadsServeConnectionsAndCloseAllReachesThem() throws Exception {
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        LoopThread acceptor = new LoopThread("acceptor");
        HttpServer multi = acceptor.call(() -> {
            HttpServer s = new HttpServer(r -> {
                threads.add(Thread.currentThread().getName());
                echo(r);
            });
            s.bind(0, "127.0.0.1", 128);
            s.start(2);
            return s;
        });
        int port = acceptor.call(multi::boundPort);
        java.util.List<RawClient> clients = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                RawClient c = new RawClient(port);
                clients.add(c);
                assertEquals("GET /" + i + " ", c.get("/" + i).body);
            }
            assertEquals(java.util.Set.of("weft-server-0", "weft-server-1"), threads);
            assertEquals(6, multi.connectionCount());
            acceptor.run(() -> {
                multi.stop();
                multi.closeAllConnections();
            });
            for (RawClient c : clients) {
                assertTrue(c.closedByServer());
            }
            assertTrue(multi.awaitWorkers(java.time.Duration.ofSeconds(10)));
        } finally {
            for (RawClient c : clients) {
                c.close();
            }
            acceptor.close();
        }
    }

    @Test
    void handlerExceptionGivesA500AndTheServerGoesOn() throws Exception {
        server.close();
        var old = dev.weft.LoopLog.setHook((m, t) -> { });
        try {
            server = new TestServer(r -> {
                if (r.path().equals("/boom")) {
                    throw new IllegalStateException("secret detail");
                }
                echo(r);
            }, new HttpServerOptions());
            try (RawClient c = new RawClient(server.port())) {
                RawClient.Response r = c.get("/boom");
                assertEquals(500, r.status);
                assertFalse(r.body.contains("secret"));
            }
            try (RawClient c = new RawClient(server.port())) {
                assertEquals(200, c.get("/fine").status);
            }
        } finally {
            dev.weft.LoopLog.setHook(old);
        }
    }
}
