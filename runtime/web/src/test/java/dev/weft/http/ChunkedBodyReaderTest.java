package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.net.StreamClosedException;
import dev.weft.net.UnsatisfiableReadException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chunked body reader on bytes in memory, no socket: bodies it decodes and framing it refuses. */
class ChunkedBodyReaderTest {
    /** Serves reads from an array, as a stream would once everything has arrived. */
    static final class BytesSource implements ChunkedBodyReader.Source {
        private final byte[] data;
        int pos;

        BytesSource(String s) {
            data = s.getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public Future<byte[]> readUntil(byte[] delimiter, int maxBytes) {
            for (int i = pos; i + delimiter.length <= data.length; i++) {
                if (Arrays.equals(data, i, i + delimiter.length, delimiter, 0, delimiter.length)) {
                    int end = i + delimiter.length;
                    if (end - pos > maxBytes) {
                        break;
                    }
                    byte[] out = Arrays.copyOfRange(data, pos, end);
                    pos = end;
                    return Future.completed(out);
                }
            }
            return Future.failed(data.length - pos >= maxBytes
                    ? new UnsatisfiableReadException("not within " + maxBytes)
                    : new StreamClosedException(null));
        }

        @Override
        public Future<byte[]> readBytes(int n) {
            if (data.length - pos < n) {
                return Future.failed(new StreamClosedException(null));
            }
            pos += n;
            return Future.completed(Arrays.copyOfRange(data, pos - n, pos));
        }
    }

    /** Reads the body whole, in pieces of at most 7 bytes, so that chunks are split too. */
    private static Future<byte[]> read(BytesSource source) {
        BufferingSink sink = new BufferingSink();
        Future<Void> done = new ChunkedBodyReader(source, sink, 100, 400, 7, 64, 2).read();
        return done.isDone() && done.exception() == null ? Future.completed(sink.body())
                : done.isDone() ? Future.failed(done.exception()) : new Future<>();
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("empty", "0\r\n\r\n", ""),
                Arguments.of("one chunk", "5\r\nhello\r\n0\r\n\r\n", "hello"),
                Arguments.of("chunks", "3\r\nabc\r\n1\r\nd\r\n0\r\n\r\n", "abcd"),
                Arguments.of("upper-case hex, leading zeros", "00A\r\n0123456789\r\n000\r\n\r\n", "0123456789"),
                Arguments.of("data holding CRLF", "4\r\n\r\n\r\n\r\n0\r\n\r\n", "\r\n\r\n"),
                Arguments.of("extensions", "1;a\r\nx\r\n1 ; a = b;c=\"q\\\"\"\r\ny\r\n0;end\r\n\r\n", "xy"),
                Arguments.of("trailers", "1\r\nx\r\n0\r\nA: 1\r\nB: 2\r\n\r\n", "x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void decodes(String name, String wire, String body) {
        BytesSource source = new BytesSource(wire + "GET /next");
        Future<byte[]> f = read(source);
        assertTrue(f.isDone(), name);
        assertEquals(body, new String(f.result(), StandardCharsets.ISO_8859_1), name);
        assertEquals(wire.length(), source.pos, "reads the body and nothing of what follows: " + name);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("no size", "\r\n", 400),
                Arguments.of("not hex", "g\r\n", 400),
                Arguments.of("sign", "+1\r\nx\r\n0\r\n\r\n", 400),
                Arguments.of("0x prefix", "0x1\r\nx\r\n0\r\n\r\n", 400),
                Arguments.of("space before the size", " 1\r\nx\r\n0\r\n\r\n", 400),
                Arguments.of("extension without a name", "1;\r\nx\r\n0\r\n\r\n", 400),
                Arguments.of("extension with only a value", "1;=b\r\nx\r\n0\r\n\r\n", 400),
                Arguments.of("extension name then junk", "1;a b\r\nx\r\n0\r\n\r\n", 400),
                Arguments.of("extension with an empty value", "1;a=\r\nx\r\n0\r\n\r\n", 400),
                Arguments.of("unterminated quoted value", "1;a=\"b\r\nx\r\n0\r\n\r\n", 400),
                Arguments.of("control char in an extension", "1;a=\"\u0001\"\r\nx\r\n0\r\n\r\n", 400),
                Arguments.of("bare LF after the size", "1\nx\r\n0\r\n\r\n", 400),
                Arguments.of("bare LF after the data", "1\r\nx\n0\r\n\r\n", 400),
                Arguments.of("data longer than its size", "1\r\nxy\r\n0\r\n\r\n", 400),
                Arguments.of("bare LF ending the trailers", "0\r\n\n", 400),
                Arguments.of("malformed trailer", "0\r\nno colon\r\n\r\n", 400),
                Arguments.of("trailer with obs-fold", "0\r\nA: 1\r\n 2\r\n\r\n", 400),
                Arguments.of("size line too long", "1;" + "a".repeat(ChunkedBodyReader.MAX_CHUNK_LINE) + "\r\nx\r\n0\r\n\r\n", 400),
                Arguments.of("too many trailers", "0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", 431),
                Arguments.of("trailers too large", "0\r\nA: " + "a".repeat(80) + "\r\n\r\n", 431),
                Arguments.of("body over the limit", "64\r\n" + "x".repeat(100) + "\r\n1\r\nx\r\n0\r\n\r\n", 400),
                Arguments.of("a size past any limit", "ffffffffffffffffffffffff\r\n", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refuses(String name, String wire, int status) {
        Future<byte[]> f = read(new BytesSource(wire));
        assertTrue(f.isDone(), "at once, no waiting for more: " + name);
        assertTrue(f.exception() instanceof HttpParseException, name + ": " + f.exception());
        assertEquals(status, ((HttpParseException) f.exception()).status, name);
    }

    /**
     * Mutated copies of good bodies end one of three ways, at once: a body, a 4xx, or the
     * stream's end (truncated); never another exception, never a wait.
     */
    @Test
    void mutatedBodiesAreReadOrRefusedNeverCrash() {
        String[] seeds = {"5\r\nhello\r\n0\r\n\r\n", "1;a=\"b\"\r\nx\r\n0\r\nT: 1\r\n\r\n", "A\r\n0123456789\r\n0\r\n\r\n"};
        String alphabet = " \t\r\n:;=\"\\0123456789aAfFgG\u0000";
        java.util.Random random = new java.util.Random(20261202);
        int read = 0;
        java.util.List<String> errors = new java.util.ArrayList<>();
        var oldHook = dev.weft.LoopLog.setHook((m, t) -> errors.add(m + " :: " + t));
        try {
            read = mutate(seeds, alphabet, random);
        } finally {
            dev.weft.LoopLog.setHook(oldHook);
        }
        assertEquals(java.util.List.of(), errors, "a callback threw");
        assertTrue(read > 100, "some mutations leave the body valid: " + read);
    }

    private static int mutate(String[] seeds, String alphabet, java.util.Random random) {
        int read = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(seeds[i % seeds.length]);
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                int at = random.nextInt(b.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0: b.setCharAt(at, c); break;
                    case 1: b.insert(at, c); break;
                    default: b.deleteCharAt(at); break;
                }
            }
            Future<byte[]> f = read(new BytesSource(b.toString()));
            assertTrue(f.isDone(), "no wait on " + b);
            Throwable e = f.exception();
            if (e == null) {
                read++;
            } else if (e instanceof HttpParseException) {
                int status = ((HttpParseException) e).status;
                assertTrue(status >= 400 && status < 500, status + " for " + b);
            } else {
                assertTrue(e instanceof StreamClosedException, "crashed on " + b + ": " + e);
            }
        }
        return read;
    }

    @Test
    void nothingMoreIsReadUntilTheSinksFutureCompletes() {
        BytesSource source = new BytesSource("3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
        java.util.List<String> pieces = new java.util.ArrayList<>();
        java.util.List<Future<Void>> gates = new java.util.ArrayList<>();
        BodySink sink = new BodySink() {
            @Override
            public Future<?> dataReceived(byte[] chunk) {
                pieces.add(new String(chunk, StandardCharsets.ISO_8859_1));
                Future<Void> gate = new Future<>();
                gates.add(gate);
                return gate;
            }

            @Override
            public void finish() {
            }
        };
        Future<Void> done = new ChunkedBodyReader(source, sink, 100, 413, 2, 64, 2).read();
        assertEquals(java.util.List.of("ab"), pieces, "a 3-byte chunk in pieces of 2");
        assertEquals(5, source.pos, "nothing read past the first piece");
        gates.get(0).setResult(null);
        assertEquals(java.util.List.of("ab", "c"), pieces);
        gates.get(1).setResult(null);
        assertEquals(java.util.List.of("ab", "c", "de"), pieces);
        assertTrue(!done.isDone(), "the end is not read before the last piece's future completes");
        gates.get(2).setResult(null);
        assertTrue(done.isDone() && done.exception() == null);
        assertEquals(source.data.length, source.pos);
    }

    @Test
    void aFailedSinkFutureEndsTheBody() {
        BodySink sink = new BodySink() {
            @Override
            public Future<?> dataReceived(byte[] chunk) {
                return Future.failed(new IllegalStateException("disk full"));
            }

            @Override
            public void finish() {
            }
        };
        Future<Void> done = new ChunkedBodyReader(new BytesSource("3\r\nabc\r\n0\r\n\r\n"), sink, 100,
                413, 64, 64, 2).read();
        assertEquals("disk full", done.exception().getMessage());
    }

    @Test
    void theLimitStatusIsTheCallers() {
        Future<Void> done = new ChunkedBodyReader(new BytesSource("65\r\n"), new BufferingSink(), 100,
                413, 64, 64, 2).read();
        assertEquals(413, ((HttpParseException) done.exception()).status);
    }

    @Test
    void aTruncatedBodyFailsWithTheStreamsException() {
        Future<byte[]> f = read(new BytesSource("5\r\nhel"));
        assertTrue(f.exception() instanceof StreamClosedException);
    }
}
