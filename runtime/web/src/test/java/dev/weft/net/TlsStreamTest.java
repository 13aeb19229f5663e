package dev.weft.net;

import static dev.weft.net.TestServers.then;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.LoopLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SslIOStream through TCPServer and TCPClient, both ends on one loop. */
@org.junit.jupiter.api.Timeout(60)
class TlsStreamTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private final TestServers servers = new TestServers();
    private final List<String> errors = new ArrayList<>();
    private final BiConsumer<String, Throwable> oldHook = LoopLog.setHook((m, t) -> {
        synchronized (errors) {
            errors.add(m + " :: " + t);
        }
    });

    @AfterEach
    void closeLoop() {
        servers.stopAll();
        LoopLog.setHook(oldHook);
        assertEquals(List.of(), errors);
    }

    /** A server stream that echoes every line. */
    private static void echoLines(IOStream s) {
        s.readUntil(new byte[] {'\n'}, 1 << 20).addDoneCallback(f -> {
            if (f.exception() == null) {
                s.write(f.result());
                echoLines(s);
            }
        });
    }

    @Test
    void clientVerifiesTheHostNameAndSendsItAsSni() {
        List<List<SNIServerName>> sni = new ArrayList<>();
        String reply = text(IOLoop.current().runSync(() -> {
            int port = servers.serve(TlsKeys.localhost().serverContext(), s -> {
                sni.add(((ExtendedSSLSession) ((SslIOStream) s).session()).getRequestedServerNames());
                echoLines(s);
            });
            return then(new TCPClient().connect("localhost", port, TlsKeys.localhost().clientContext()),
                    s -> {
                        assertInstanceOf(SslIOStream.class, s);
                        s.write("ping\n");
                        return s.readUntil(new byte[] {'\n'}, 100);
                    });
        }, LIMIT));
        assertEquals("ping\n", reply);
        assertEquals(List.of(List.of(new SNIHostName("localhost"))), sni);
    }

    @Test
    void aLiteralAddressIsVerifiedButNotSentAsSni() {
        List<List<SNIServerName>> sni = new ArrayList<>();
        String reply = text(IOLoop.current().runSync(() -> {
            int port = servers.serve(TlsKeys.localhost().serverContext(), s -> {
                sni.add(((ExtendedSSLSession) ((SslIOStream) s).session()).getRequestedServerNames());
                echoLines(s);
            });
            return then(new TCPClient().connect("127.0.0.1", port, TlsKeys.localhost().clientContext()),
                    s -> {
                        s.write("one\n");
                        return s.readUntil(new byte[] {'\n'}, 100);
                    });
        }, LIMIT));
        assertEquals("one\n", reply);
        assertEquals(List.of(List.of()), sni);
    }

    @Test
    void aCertificateForAnotherNameFailsTheHandshake() {
        TlsKeys other = TlsKeys.forNames("dns:other.example");
        Throwable e = assertThrows(Throwable.class, () -> IOLoop.current().runSync(() -> {
            int port = servers.serve(other.serverContext(), TlsStreamTest::echoLines);
            return new TCPClient().connect("localhost", port, other.clientContext());
        }, LIMIT));
        while (!(e instanceof SSLHandshakeException) && e.getCause() != null) {
            e = e.getCause();
        }
        assertInstanceOf(SSLHandshakeException.class, e);
        assertTrue(e.getMessage().contains("localhost"), e.getMessage());
    }

    @Test
    void megabytesBothWaysAndAHalfCloseEachWayEndsTheReadsCleanly() {
        byte[] data = new byte[3 * 1024 * 1024 + 3];
        new java.util.Random(7).nextBytes(data);
        List<Throwable> serverSaw = new ArrayList<>();
        byte[] back = IOLoop.current().runSync(() -> {
            int port = servers.serve(TlsKeys.localhost().serverContext(), s ->
                    s.readBytes(data.length).addDoneCallback(f -> {
                        s.write(f.result());
                        s.write("end").addDoneCallback(w -> {
                            try {
                                s.shutdownOutput(); // close_notify, then FIN
                            } catch (java.io.IOException e) {
                                serverSaw.add(e);
                            }
                            s.readUntilClose().addDoneCallback(r -> serverSaw.add(s.error()));
                        });
                    }));
            return then(new TCPClient().connect("localhost", port, TlsKeys.localhost().clientContext()),
                    s -> {
                        s.write(data);
                        Future<byte[]> all = s.readUntilClose();
                        all.addDoneCallback(f -> s.close()); // our close_notify ends the server's read
                        return all;
                    });
        }, LIMIT);
        assertEquals(data.length + 3, back.length);
        assertArrayEquals(data, java.util.Arrays.copyOf(back, data.length));
        assertEquals("end", new String(back, data.length, 3, StandardCharsets.US_ASCII));
        IOLoop.current().runSync(() -> {
            Future<Void> done = new Future<>();
            IOLoop.current().callLater(Duration.ofMillis(1), () -> poll(serverSaw, done));
            return done;
        }, LIMIT);
        assertEquals(1, serverSaw.size());
        assertNull(serverSaw.get(0), "the server's read ended cleanly, not with an error");
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static void poll(List<Throwable> saw, Future<Void> done) {
        if (!saw.isEmpty()) {
            done.setResult(null);
        } else {
            IOLoop.current().callLater(Duration.ofMillis(5), () -> poll(saw, done));
        }
    }
}
