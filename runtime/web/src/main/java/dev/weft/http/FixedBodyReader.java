package dev.weft.http;

import dev.weft.Future;

/**
 * Reads a body of known length (a {@code Content-Length} body) into a {@link BodySink}, in pieces
 * of at most a given size, waiting for the sink's future after each piece (its back-pressure).
 *
 * <p>The result completes when the last piece has been taken, and fails with the source's
 * exception or with the exception of a sink future that failed.
 *
 * <p>Thread rules: one reader per body, used on the source's thread.
 */
final class FixedBodyReader {
    private final ChunkedBodyReader.Source source;
    private final BodySink sink;
    private final int piece;
    private final Future<Void> result = new Future<>();
    private long remaining;

    /**
     * @param source where to read
     * @param sink where the body goes
     * @param length the body's length
     * @param piece the most bytes per piece
     */
    FixedBodyReader(ChunkedBodyReader.Source source, BodySink sink, long length, int piece) {
        this.source = source;
        this.sink = sink;
        this.remaining = length;
        this.piece = piece;
    }

    /** Starts reading; call once. */
    Future<Void> read() {
        next();
        return result;
    }

    private void next() {
        if (remaining == 0) {
            result.setResult(null);
            return;
        }
        int n = (int) Math.min(remaining, piece);
        source.readBytes(n).addDoneCallback(f -> {
            Throwable e = f.exception();
            if (e != null) {
                result.setException(e);
                return;
            }
            remaining -= n;
            ChunkedBodyReader.deliver(sink, f.result(), result, this::next);
        });
    }
}
