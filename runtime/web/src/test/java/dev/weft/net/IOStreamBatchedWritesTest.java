package dev.weft.net;

import static dev.weft.net.TestServers.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writes made while a stream handles a read are queued and sent together when the handling
 * returns; {@link IOStream#takeUntilBlankLine} takes a buffered header block without a read.
 */
@org.junit.jupiter.api.Timeout(30)
class IOStreamBatchedWritesTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private final TestServers servers = new TestServers();

    @AfterEach
    void closeLoop() {
        servers.stopAll();
    }

    @Test
    void writesInAReadCallbackAreSentTogetherWhenItReturns() {
        List<Boolean> doneInCallback = new ArrayList<>();
        List<Future<Void>> writes = new ArrayList<>();
        String got = IOLoop.current().runSync(() -> {
            int port = servers.serve(s -> s.readUntil(bytes("\n"), 100).addDoneCallback(f -> {
                writes.add(s.write(bytes("one,")));
                writes.add(s.write(bytes("two,")));
                writes.add(s.write(new byte[0]));
                doneInCallback.add(writes.get(0).isDone());
                doneInCallback.add(s.writing());
                s.readUntil(bytes("\n"), 100).addDoneCallback(g -> s.close());
            }));
            Future<String> result = new Future<>();
            new TCPClient().connect("127.0.0.1", port).addDoneCallback(c -> {
                IOStream client = c.result();
                client.write(bytes("go\n"));
                client.readBytes(8).addDoneCallback(r -> {
                    client.write(bytes("bye\n"));
                    result.setResult(new String(r.result(), StandardCharsets.ISO_8859_1));
                });
            });
            return result;
        }, LIMIT);
        assertEquals("one,two,", got);
        assertEquals(List.of(false, true), doneInCallback, "queued, not sent, inside the callback");
        for (Future<Void> w : writes) {
            assertTrue(w.isDone());
            assertNull(w.exception());
        }
    }

    @Test
    void aStreamClosedInAReadCallbackFirstSendsWhatTheCallbackWrote() {
        String got = IOLoop.current().runSync(() -> {
            int port = servers.serve(s -> s.readUntil(bytes("\n"), 100).addDoneCallback(f -> {
                s.write(bytes("last words"));
                s.close();
            }));
            Future<String> result = new Future<>();
            new TCPClient().connect("127.0.0.1", port).addDoneCallback(c -> {
                IOStream client = c.result();
                client.write(bytes("hi\n"));
                client.readUntilClose().addDoneCallback(r ->
                        result.setResult(new String(r.result(), StandardCharsets.ISO_8859_1)));
            });
            return result;
        }, LIMIT);
        assertEquals("last words", got);
    }

    @Test
    void writesOutsideAReadAreSentAtOnce() {
        AtomicBoolean sentAtOnce = new AtomicBoolean();
        String got = IOLoop.current().runSync(() -> {
            int port = servers.serve(s -> IOLoop.current().addCallback(() -> {
                sentAtOnce.set(s.write(bytes("hello")).isDone());
                s.close();
            }));
            Future<String> result = new Future<>();
            new TCPClient().connect("127.0.0.1", port).addDoneCallback(c ->
                    c.result().readUntilClose().addDoneCallback(r ->
                            result.setResult(new String(r.result(), StandardCharsets.ISO_8859_1))));
            return result;
        }, LIMIT);
        assertEquals("hello", got);
        assertTrue(sentAtOnce.get(), "a write outside a read waited");
    }

    /** Completes once {@code s} has buffered at least {@code n} bytes, reading nothing. */
    private static void whenBuffered(IOStream s, int n, Runnable then) {
        s.waitForData().addDoneCallback(f -> {
            if (s.readBufferSize() >= n) {
                then.run();
            } else {
                // waitForData is satisfied by what is there already: look again next iteration
                IOLoop.current().addCallback(() -> whenBuffered(s, n, then));
            }
        });
    }

    @Test
    void takeUntilBlankLineTakesOnlyACompleteBlock() {
        List<String> seen = new ArrayList<>();
        IOLoop.current().runSync(() -> {
            Future<Void> done = new Future<>();
            String sent = "Host: a\r\n\r\nGET";
            int port = servers.serve(s -> whenBuffered(s, sent.length(), () -> {
                try {
                    seen.add(new String(s.takeUntilBlankLine(100), StandardCharsets.ISO_8859_1));
                    seen.add(String.valueOf(s.takeUntilBlankLine(100)));
                    try {
                        s.takeUntilBlankLine(2);
                        seen.add("taken");
                    } catch (UnsatisfiableReadException e) {
                        seen.add("over the limit");
                    }
                    seen.add(String.valueOf(s.readBufferSize()));
                    s.readBytes(100); // pending: the buffer holds 3
                    assertThrows(IllegalStateException.class, () -> s.takeUntilBlankLine(100));
                    done.setResult(null);
                } catch (Throwable e) {
                    done.setException(e);
                }
            }));
            new TCPClient().connect("127.0.0.1", port).addDoneCallback(c -> c.result().write(bytes(sent)));
            return done;
        }, LIMIT);
        assertEquals(List.of("Host: a\r\n\r\n", "null", "over the limit", "3"), seen);
    }
}
