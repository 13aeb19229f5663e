package dev.weft.http;

import dev.weft.Future;
import java.nio.charset.StandardCharsets;

/**
 * Reads one chunked request body (RFC 9112 §7.1) from a {@link Source} into a {@link BodySink}:
 * chunk-size lines with optional extensions, chunk data each followed by CRLF, the last chunk,
 * and a trailer section that is checked and dropped (no handler asks for trailers). Chunk data
 * goes to the sink in pieces of at most a given size (a 1 GiB chunk is not one array), and after
 * each piece nothing more is read until the sink's future completes (its back-pressure).
 *
 * <p>Strict, because the chunked framing is where a proxy and a server can disagree about where
 * a request ends: every line of the framing must end with CRLF, and a bare LF is 400 at once
 * (rather than a wait for a CRLF that may never come). The chunk size is hex digits only (no sign,
 * no {@code 0x}, no whitespace), and an extension needs a name ({@code 5;} and {@code 5;=x} are
 * 400); Tornado parses neither extensions nor trailers.
 *
 * <p>The result fails with {@link HttpParseException} for bad framing (400), past the body limit
 * (the status given: 400 for a body read whole, as Tornado; 413 for a streamed one) and for
 * trailers past the header limits (431); or with the source's own exception, or that of a sink
 * future that failed.
 *
 * <p>Thread rules: one reader per body, used on the source's thread.
 */
final class ChunkedBodyReader {
    /** Where the bytes come from: an {@code IOStream}, or a test's bytes. */
    interface Source {
        /** Reads up to and including {@code delimiter}, at most {@code maxBytes} in all. */
        Future<byte[]> readUntil(byte[] delimiter, int maxBytes);

        /** Reads exactly {@code n} bytes. */
        Future<byte[]> readBytes(int n);
    }

    private static final byte[] LF = {'\n'};
    /** Longest chunk-size line, extensions included. */
    static final int MAX_CHUNK_LINE = 1024;

    private final Source source;
    private final BodySink sink;
    private final long maxBody;
    private final int limitStatus;
    private final int piece;
    private final int maxTrailerBytes;
    private final int maxTrailerCount;
    private final Future<Void> result = new Future<>();
    private long received;
    private int trailerBytes;
    private int trailerCount;
    private boolean inTrailer;

    /**
     * @param source where to read
     * @param sink where the chunk data goes
     * @param maxBody the largest body accepted
     * @param limitStatus the status of a body over {@code maxBody}
     * @param piece the most bytes handed to the sink at a time
     * @param maxTrailerBytes the most bytes of trailer fields
     * @param maxTrailerCount the most trailer fields
     */
    ChunkedBodyReader(Source source, BodySink sink, long maxBody, int limitStatus, int piece,
            int maxTrailerBytes, int maxTrailerCount) {
        this.source = source;
        this.sink = sink;
        this.maxBody = maxBody;
        this.limitStatus = limitStatus;
        this.piece = piece;
        this.maxTrailerBytes = maxTrailerBytes;
        this.maxTrailerCount = maxTrailerCount;
    }

    /** Starts reading; call once. The result completes after the trailer section. */
    Future<Void> read() {
        readSizeLine();
        return result;
    }

    /**
     * Hands {@code chunk} to {@code sink}, then runs {@code next} once the sink's future completes;
     * a sink future that fails (or a sink that throws) fails {@code result} instead.
     */
    static void deliver(BodySink sink, byte[] chunk, Future<Void> result, Runnable next) {
        Future<?> wait;
        try {
            wait = sink.dataReceived(chunk);
        } catch (RuntimeException e) {
            result.setException(e);
            return;
        }
        if (wait == null) {
            next.run();
            return;
        }
        wait.addDoneCallback(w -> {
            Throwable e = w.isCancelled()
                    ? new java.util.concurrent.CancellationException("body sink future cancelled")
                    : w.exception();
            if (e != null) {
                result.setException(e);
            } else {
                next.run();
            }
        });
    }

    private void readSizeLine() {
        source.readUntil(LF, MAX_CHUNK_LINE).addDoneCallback(f -> {
            if (failed(f)) {
                return;
            }
            long size;
            try {
                size = chunkSize(line(f.result()));
            } catch (HttpParseException e) {
                result.setException(e);
                return;
            }
            if (size > maxBody - received) {
                result.setException(new HttpParseException(limitStatus, "chunked body too large"));
            } else if (size == 0) {
                readTrailer();
            } else {
                received += size;
                readData(size);
            }
        });
    }

    /** Reads {@code left} bytes of chunk data, a piece at a time, then the CRLF after them. */
    private void readData(long left) {
        if (left == 0) {
            readDataEnd();
            return;
        }
        int n = (int) Math.min(left, piece);
        source.readBytes(n).addDoneCallback(f -> {
            if (!failed(f)) {
                deliver(sink, f.result(), result, () -> readData(left - n));
            }
        });
    }

    private void readDataEnd() {
        source.readBytes(2).addDoneCallback(f -> {
            if (failed(f)) {
                return;
            }
            byte[] crlf = f.result();
            if (crlf[0] != '\r' || crlf[1] != '\n') {
                result.setException(new HttpParseException(400, "chunk not followed by CRLF"));
                return;
            }
            readSizeLine();
        });
    }

    private void readTrailer() {
        inTrailer = true;
        source.readUntil(LF, maxTrailerBytes - trailerBytes + 2).addDoneCallback(f -> {
            if (failed(f)) {
                return;
            }
            byte[] bytes = f.result();
            try {
                String line = line(bytes);
                if (line.isEmpty()) {
                    result.setResult(null);
                    return;
                }
                trailerBytes += bytes.length;
                if (++trailerCount > maxTrailerCount) {
                    throw new HttpParseException(431, "too many trailer fields");
                }
                RequestHead.parseField(line, new HttpHeaders());
            } catch (HttpParseException e) {
                result.setException(e);
                return;
            }
            readTrailer();
        });
    }

    /** Whether the read failed; then the result fails too. */
    private boolean failed(Future<?> f) {
        Throwable e = f.exception();
        if (e == null) {
            return false;
        }
        if (e instanceof dev.weft.net.UnsatisfiableReadException) {
            e = inTrailer ? new HttpParseException(431, "trailer section too large")
                    : new HttpParseException(400, "chunk-size line too long");
        }
        result.setException(e);
        return true;
    }

    /** The line without its CRLF; a bare LF is refused. */
    private static String line(byte[] bytes) throws HttpParseException {
        int n = bytes.length;
        if (n < 2 || bytes[n - 2] != '\r') {
            throw new HttpParseException(400, "bare LF in chunked framing");
        }
        return new String(bytes, 0, n - 2, StandardCharsets.ISO_8859_1);
    }

    /**
     * {@code chunk-size [chunk-ext]}: the size, saturated past {@code Long.MAX_VALUE / 16} so that
     * a long run of digits is too large, not an overflow.
     */
    static long chunkSize(String line) throws HttpParseException {
        int i = 0;
        long size = 0;
        while (i < line.length() && HttpSyntax.hexValue(line.charAt(i)) >= 0) {
            size = size > Long.MAX_VALUE / 32 ? Long.MAX_VALUE / 2 : size * 16 + HttpSyntax.hexValue(line.charAt(i));
            i++;
        }
        if (i == 0) {
            throw new HttpParseException(400, "malformed chunk size");
        }
        checkExtensions(line, i);
        return size;
    }

    /** {@code *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )}. */
    private static void checkExtensions(String line, int i) throws HttpParseException {
        int n = line.length();
        while (true) {
            i = HttpSyntax.skipOws(line, i, n);
            if (i == n) {
                return;
            }
            if (line.charAt(i) != ';') {
                throw new HttpParseException(400, "malformed chunk size");
            }
            i = HttpSyntax.skipOws(line, i + 1, n);
            int name = i;
            while (i < n && HttpSyntax.isTokenChar(line.charAt(i))) {
                i++;
            }
            if (i == name) {
                throw new HttpParseException(400, "chunk extension without a name");
            }
            i = HttpSyntax.skipOws(line, i, n);
            if (i == n || line.charAt(i) != '=') {
                continue; // a name alone; the loop wants ';' or the end next
            }
            i = HttpSyntax.skipOws(line, i + 1, n);
            i = i < n && line.charAt(i) == '"' ? quotedStringEnd(line, i) : tokenEnd(line, i);
        }
    }

    private static int tokenEnd(String line, int i) throws HttpParseException {
        int start = i;
        while (i < line.length() && HttpSyntax.isTokenChar(line.charAt(i))) {
            i++;
        }
        if (i == start) {
            throw new HttpParseException(400, "chunk extension without a value");
        }
        return i;
    }

    /** The index after the closing quote of the quoted-string starting at {@code i}. */
    private static int quotedStringEnd(String line, int i) throws HttpParseException {
        for (i++; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                i++; // quoted-pair
                if (i == line.length()) {
                    break;
                }
                c = line.charAt(i);
            }
            if (!HttpSyntax.isFieldValueChar(c)) {
                throw new HttpParseException(400, "control character in chunk extension");
            }
        }
        throw new HttpParseException(400, "unterminated quoted string in chunk extension");
    }
}
