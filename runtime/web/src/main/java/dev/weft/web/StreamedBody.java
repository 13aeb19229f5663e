package dev.weft.web;

import dev.weft.Future;
import dev.weft.http.BodySink;

/**
 * The body of a request to a {@link StreamRequestBody} handler (Tornado's {@code _HandlerDelegate}
 * in streaming mode): the connection's readiness is the handler's {@code prepare}, each piece goes
 * to {@link RequestHandler#dataReceived}, and the end of the body lets the HTTP method run.
 *
 * <p>Thread rules: on the connection's loop thread.
 */
final class StreamedBody implements BodySink {
    private static final ClassValue<Boolean> STREAMS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type.isAnnotationPresent(StreamRequestBody.class);
        }
    };

    private final RequestHandler handler;

    StreamedBody(RequestHandler handler) {
        this.handler = handler;
    }

    /** Whether handlers of {@code type} stream their bodies; looked up once per class. */
    static boolean streams(Class<?> type) {
        return STREAMS.get(type);
    }

    @Override
    public Future<?> ready() {
        return handler.startStreaming();
    }

    @Override
    public Future<?> dataReceived(byte[] chunk) {
        return handler.streamChunk(chunk);
    }

    @Override
    public void finish() {
        handler.streamFinished();
    }
}
