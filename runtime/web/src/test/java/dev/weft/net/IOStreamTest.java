package dev.weft.net;

import static dev.weft.net.TestServers.bytes;
import static dev.weft.net.TestServers.text;
import static dev.weft.net.TestServers.then;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Co;
import dev.weft.Future;
import dev.weft.IOLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** IOStream, TCPServer and TCPClient on one loop: the test drives both ends. */
@org.junit.jupiter.api.Timeout(30)
class IOStreamTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private final TestServers servers = new TestServers();

    @AfterEach
    void closeLoop() {
        servers.stopAll();
    }

    /** Connects to a server, then runs {@code body} with the client stream. */
    private <T> T withClient(java.util.function.Consumer<IOStream> onServerStream,
            Function<IOStream, Future<T>> body) {
        return IOLoop.current().runSync(() -> {
            int port = servers.serve(onServerStream);
            return then(new TCPClient().connect("127.0.0.1", port), body);
        }, LIMIT);
    }

    @Test
    void shutdownOutputOrCloseHalfClosesAnOpenStreamAndClosesAFailedOne() {
        List<Object> serverSide = new ArrayList<>();
        CountDownLatch serverDone = new CountDownLatch(1);
        String received = withClient(s -> {
            s.write(bytes("bye"));
            serverSide.add(s.shutdownOutputOrClose()); // the client reads "bye", then the end
            serverSide.add(s.isClosed());
            s.readBytes(3).addDoneCallback(f -> { // the receiving side is still open
                serverSide.add(text(f.result()));
                s.close();
                serverSide.add(s.shutdownOutputOrClose()); // closed: nothing to shut down
                serverSide.add(s.isClosed());
                serverDone.countDown();
            });
        }, c -> {
            c.write(bytes("ack"));
            Future<String> done = new Future<>();
            c.readUntilClose().addDoneCallback(f -> done.setResult(text(f.result())));
            return done;
        });
        assertEquals("bye", received);
        for (int i = 0; i < 1000 && serverDone.getCount() > 0; i++) { // the server's end runs on
            IOLoop.current().runSync(() -> Co.sleep(Duration.ofMillis(10)), LIMIT); // this loop
        }
        assertEquals(0, serverDone.getCount());
        assertEquals(List.of(true, false, "ack", false, true), serverSide);
    }

    @Test
    void readUntilReadBytesAndReadUntilCloseSplitTheStreamExactly() {
        List<String> got = new ArrayList<>();
        String last = withClient(s -> {
            s.write(bytes("line one\r\nline two\r\nABCDEFtail"));
            s.close();
        }, c -> {
            Future<String> done = new Future<>();
            c.readUntil(bytes("\r\n"), 100).addDoneCallback(a -> {
                got.add(text(a.result()));
                c.readUntil(bytes("\r\n"), 100).addDoneCallback(b -> {
                    got.add(text(b.result()));
                    c.readBytes(6).addDoneCallback(d -> {
                        got.add(text(d.result()));
                        c.readUntilClose().addDoneCallback(e -> done.setResult(text(e.result())));
                    });
                });
            });
            return done;
        });
        assertEquals(List.of("line one\r\n", "line two\r\n", "ABCDEF"), got);
        assertEquals("tail", last);
    }

    @Test
    void readUntilBlankLineTakesCrlfOrBareLfEndingsAcrossSplitArrivals() {
        List<String> got = new ArrayList<>();
        String rest = withClient(s -> {
            // Split inside each terminator, with a pause, so that the scan resumes mid-match.
            s.write(bytes("A: 1\r\n\r"));
            IOLoop.current().callLater(Duration.ofMillis(30), () -> {
                s.write(bytes("\nB: 2\n"));
                IOLoop.current().callLater(Duration.ofMillis(30), () -> {
                    s.write(bytes("\nC\n\r\nD\r\rtail"));
                    s.close();
                });
            });
        }, c -> {
            Future<String> done = new Future<>();
            c.readUntilBlankLine(100).addDoneCallback(a -> {
                got.add(text(a.result()));
                c.readUntilBlankLine(100).addDoneCallback(b -> {
                    got.add(text(b.result()));
                    c.readUntilBlankLine(100).addDoneCallback(d -> {
                        got.add(text(d.result()));
                        c.readUntilClose().addDoneCallback(e -> done.setResult(text(e.result())));
                    });
                });
            });
            return done;
        });
        assertEquals(List.of("A: 1\r\n\r\n", "B: 2\n\n", "C\n\r\n"), got);
        assertEquals("D\r\rtail", rest, "CR CR is no empty line");
    }

    @Test
    void readUntilBlankLineBeyondMaxBytesFails() {
        Throwable failure = withClient(s -> s.write(bytes("0123456789\n\n")), c -> {
            Future<Throwable> done = new Future<>();
            c.waitForData().addDoneCallback(w -> IOLoop.current().callLater(Duration.ofMillis(50), () ->
                    c.readUntilBlankLine(11).addDoneCallback(f -> {
                        assertEquals(12, c.readBufferSize(), "left buffered");
                        done.setResult(f.exception());
                    })));
            return done;
        });
        assertTrue(failure instanceof UnsatisfiableReadException, String.valueOf(failure));
    }

    @Test
    void readUntilBeyondMaxBytesFailsAndLeavesTheDataBuffered() {
        String peeked = withClient(s -> s.write(bytes("0123456789no delimiter here")), c -> {
            Future<String> done = new Future<>();
            c.readBytes(27).addDoneCallback(all -> {
                // Put nothing back: read again from a fresh stream state instead.
                done.setResult(text(all.result()));
            });
            return done;
        });
        assertEquals("0123456789no delimiter here", peeked);
        Throwable failure = withClient(s -> s.write(bytes("0123456789no delimiter here")), c -> {
            Future<Throwable> done = new Future<>();
            c.waitForData().addDoneCallback(w -> IOLoop.current().callLater(Duration.ofMillis(50), () ->
                    c.readUntil(bytes("\r\n"), 10).addDoneCallback(f -> {
                        assertFalse(c.isClosed());
                        assertTrue(c.readBufferSize() >= 10);
                        assertEquals("0123456789", text(c.peek(10)));
                        done.setResult(f.exception());
                    })));
            return done;
        });
        assertTrue(failure instanceof UnsatisfiableReadException, String.valueOf(failure));
    }

    @Test
    void aReadStartedByAReadCompletedAtCloseStillGetsTheBufferedData() {
        String data = "a\n".repeat(8) + "first\nsecond\n";
        List<String> got = new ArrayList<>();
        withClient(s -> s.write(bytes(data)), c -> {
            Future<Void> done = new Future<>();
            whenBuffered(c, data.length(), () -> {
                for (int i = 0; i < 8; i++) {
                    c.readUntil(bytes("\n"), 100); // satisfied inline, up to the inline limit
                }
                // The next one waits for the loop: it is pending, with its data buffered, when
                // the stream closes; its callback starts another read that the buffer satisfies.
                c.readUntil(bytes("\n"), 100).addDoneCallback(a -> {
                    got.add(text(a.result()));
                    c.readUntil(bytes("\n"), 100).addDoneCallback(b -> {
                        got.add(b.exception() == null ? text(b.result()) : b.exception().toString());
                        done.setResult(null);
                    });
                });
                c.close();
            });
            return done;
        });
        assertEquals(List.of("first\n", "second\n"), got);
    }

    @Test
    void readsChainedAfterAPeerCloseDrainTheBufferOneByOne() {
        List<String> got = new ArrayList<>();
        withClient(s -> {
            s.write(bytes("one\ntwo\nthree\n"));
            s.close();
        }, c -> {
            Future<Void> done = new Future<>();
            // A read the data cannot satisfy sees the peer's close and fails, leaving the data
            // buffered: every read below then starts on a closed stream.
            c.readBytes(1000).addDoneCallback(f -> {
                got.add(f.exception().getClass().getSimpleName());
                readLines(c, got, done);
            });
            return done;
        });
        assertEquals(List.of("StreamClosedException", "one\n", "two\n", "three\n",
                "StreamClosedException"), got);
    }

    private static void readLines(IOStream c, List<String> got, Future<Void> done) {
        c.readUntil(bytes("\n"), 100).addDoneCallback(f -> {
            if (f.exception() != null) {
                got.add(f.exception().getClass().getSimpleName());
                done.setResult(null);
            } else {
                got.add(text(f.result()));
                readLines(c, got, done);
            }
        });
    }

    private static void whenBuffered(IOStream c, int n, Runnable then) {
        if (c.readBufferSize() >= n) {
            then.run();
        } else {
            IOLoop.current().callLater(Duration.ofMillis(5), () -> whenBuffered(c, n, then));
        }
    }

    @Test
    void aSecondConcurrentReadIsRefused() {
        withClient(s -> { }, c -> {
            c.readBytes(1);
            assertThrows(IllegalStateException.class, () -> c.readBytes(1));
            c.close();
            return Future.completed(null);
        });
    }

    @Test
    void pendingReadFailsWithStreamClosedWhenThePeerCloses() {
        Throwable failure = withClient(IOStream::close, c -> {
            Future<Throwable> done = new Future<>();
            c.readBytes(10).addDoneCallback(f -> done.setResult(f.exception()));
            return done;
        });
        assertTrue(failure instanceof StreamClosedException, String.valueOf(failure));
    }

    @Test
    void closeCallbackRunsOnceAfterClose() {
        int[] calls = new int[1];
        withClient(s -> { }, c -> {
            Future<Void> done = new Future<>();
            c.setCloseCallback(() -> {
                calls[0]++;
                IOLoop.current().callLater(Duration.ofMillis(20), () -> done.setResult(null));
            });
            c.close();
            c.close();
            assertTrue(c.isClosed());
            assertEquals(0, calls[0], "the callback runs on a later iteration");
            return done;
        });
        assertEquals(1, calls[0]);
    }

    @Test
    void writeFutureIsTheBackPressure() {
        // The server does not read until told to; a big write cannot complete before that.
        IOStream[] serverSide = new IOStream[1];
        byte[] big = new byte[16 * 1024 * 1024];
        long received = withClient(s -> serverSide[0] = s, c -> {
            Future<Long> done = new Future<>();
            Future<Void> w = c.write(big);
            IOLoop.current().callLater(Duration.ofMillis(200), () -> {
                assertFalse(w.isDone(), "16 MiB cannot all fit in the socket buffers");
                assertTrue(c.writing());
                assertTrue(c.writeBufferSize() > 0);
                long[] total = new long[1];
                drain(serverSide[0], total, big.length, done);
            });
            w.addDoneCallback(f -> assertEquals(0, c.writeBufferSize()));
            return done;
        });
        assertEquals(big.length, received);
    }

    private static void drain(IOStream s, long[] total, int want, Future<Long> done) {
        s.readBytes(1 << 20, true).addDoneCallback(f -> {
            total[0] += f.result().length;
            if (total[0] == want) {
                done.setResult(total[0]);
            } else {
                drain(s, total, want, done);
            }
        });
    }

    @Test
    void maxWriteBufferSizeRefusesTooMuchQueuedData() {
        withClient(s -> { }, c -> {
            c.setMaxWriteBufferSize(1024);
            c.write(new byte[1024]); // likely sent at once; either way it fits the limit
            c.setMaxWriteBufferSize(0);
            assertThrows(StreamBufferFullException.class, () -> {
                // Cannot be sent before the check: the limit is zero.
                c.write(new byte[1]);
            });
            c.close();
            return Future.completed(null);
        });
    }

    @Test
    void writesAfterCloseFail() {
        Throwable failure = withClient(s -> { }, c -> {
            c.close();
            Future<Throwable> done = new Future<>();
            c.write(bytes("x")).addDoneCallback(f -> done.setResult(f.exception()));
            return done;
        });
        assertTrue(failure instanceof StreamClosedException);
    }

    @Test
    void connectToAClosedPortFails() throws IOException {
        int port;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        Throwable failure = IOLoop.current().runSync(() -> {
            Future<Throwable> done = new Future<>();
            new TCPClient().connect(new InetSocketAddress("127.0.0.1", port))
                    .addDoneCallback(f -> done.setResult(f.exception()));
            return done;
        }, LIMIT);
        assertTrue(failure instanceof IOException, String.valueOf(failure));
    }

    @Test
    void acceptedSocketsHaveNoDelay() {
        boolean noDelay = withClient(s -> { }, c -> {
            Future<Boolean> done = new Future<>();
            // The server side is the interesting one: ask it through a second server.
            int port = servers.serve(s -> {
                try {
                    done.setResult(s.channel().getOption(java.net.StandardSocketOptions.TCP_NODELAY));
                } catch (IOException e) {
                    done.setException(e);
                }
            });
            new TCPClient().connect(new InetSocketAddress("127.0.0.1", port));
            return done;
        });
        assertTrue(noDelay);
    }

    @Test
    void serverWithWorkerThreadsServesOnThem() throws Exception {
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        TCPServer server = new TCPServer() {
            @Override
            protected void handleStream(IOStream stream, InetSocketAddress address) {
                threads.add(Thread.currentThread().getName());
                stream.readUntil(bytes("\n"), 100).addDoneCallback(f -> {
                    stream.write(f.result());
                    stream.close();
                });
            }
        };
        server.bind(0, "127.0.0.1", 128);
        server.start(2);
        servers.add(server);
        int port = server.boundPort();
        List<String> echoes = IOLoop.current().runSync(() -> {
            List<Future<? extends String>> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String msg = "hello " + i + "\n";
                Future<String> one = new Future<>();
                new TCPClient().connect("127.0.0.1", port).addDoneCallback(c -> {
                    IOStream s = c.result();
                    s.write(bytes(msg));
                    s.readUntilClose().addDoneCallback(r -> one.setResult(text(r.result())));
                });
                all.add(one);
            }
            return dev.weft.Co.all(all);
        }, LIMIT);
        assertEquals(List.of("hello 0\n", "hello 1\n", "hello 2\n", "hello 3\n"), echoes);
        assertEquals(2, threads.stream().distinct().count(), threads.toString());
        assertTrue(threads.stream().allMatch(t -> t.startsWith("weft-server-")));
        server.stop();
        assertTrue(server.awaitWorkers(LIMIT));
    }
}
