package dev.weft.http;

import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.LoopLog;
import dev.weft.net.IOStream;
import dev.weft.net.SslIOStream;
import dev.weft.net.StreamClosedException;
import dev.weft.net.UnsatisfiableReadException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.x connection on the server side (Tornado's {@code HTTP1ServerConnection} and
 * {@code HTTP1Connection}): reads a request, hands it to the handler, writes its response, and
 * then reads the next one (keep-alive and pipelining: requests are answered strictly in order, the
 * next one read only once the handler has finished the previous response).
 *
 * <p>Pipelining: a finished response is queued on the stream, and the next request already in the
 * read buffer is parsed and handled at once, in a loop here rather than through callbacks (so the
 * stack does not grow with the number of requests, and no loop iteration is spent per request).
 * The stream sends everything queued while it handled one read with one system call, so sixteen
 * pipelined requests cost one read and one write. Back-pressure: once more than
 * {@link #WRITE_HIGH_WATER} bytes of responses are queued unsent (a client that sends faster than
 * it reads), the next request waits until they are sent; meanwhile the stream stops reading, so
 * the client's requests wait in the kernel, not in memory. A response that ends the connection
 * waits to be sent before the close.
 *
 * <p>This class keeps the connection's life: reading, keep-alive, timeouts, refusing, closing.
 * What the bytes mean is elsewhere: {@link RequestHead} parses the head, {@link ChunkedBodyReader}
 * and {@link FixedBodyReader} read a body into a {@link BodySink}, {@link ResponseEncoder} frames
 * the response.
 *
 * <p>A body is read whole (a {@link BufferingSink}, or a sink that is not streaming) within the
 * server's limit, or streamed to the handler's {@link BodySink} in pieces within the request's own
 * limit, each piece read only once the sink's future for the one before has completed. When the
 * response to a streamed request is finished before its body has arrived, the rest is dropped
 * (for at most the lingering time below) and the connection closes after the response.
 *
 * <p>A request the server refuses gets its status and a closed connection; whatever goes wrong
 * with the input, nothing is thrown out of here into the loop. When the server closes after a
 * response while the client may still be sending, it shuts down its side first and drains the
 * input for a moment (a lingering close, as nginx does): closing with unread input makes the
 * kernel send a reset, which can destroy the response before the client reads it.
 *
 * <p>A client that closes the connection before its response is finished is routine: one DEBUG
 * line, the request's close callback runs, and writes to it fail with
 * {@link StreamClosedException} without logging anything.
 *
 * <p>Thread rules: everything runs on the stream's loop thread.
 */
final class Http1ServerConnection {
    private static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");
    private static final byte[] EMPTY = new byte[0];
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final int LINGER_MAX_BYTES = 1024 * 1024;
    /** The most bytes a streaming sink gets at a time: one socket read's worth. */
    private static final int PIECE = 64 * 1024;
    private static final Future<Void> ABANDONED = Future.failed(new StreamClosedException(null));
    /**
     * How many bytes of responses may be queued unsent before the next request waits for them to
     * go: Netty's default write-buffer high-water mark. A pipelined batch of small responses stays
     * far below it.
     */
    static final int WRITE_HIGH_WATER = 64 * 1024;

    private final IOStream stream;
    private final IOLoop loop;
    private final InetSocketAddress address;
    private final String peerIp; // formatted once: every request on the connection has it
    private final boolean secure; // TLS: requests are https
    private final HttpServerOptions options;
    private final HttpRequestHandler handler;
    private final HttpServer server;
    private final ConnectionDeadline deadline;
    // Made once: a new lambda per request would be garbage per request.
    private final Runnable closeNow = this::close;
    private final Runnable headerTimedOut = () -> refuse(408, "header timeout");
    private final Runnable bodyTimedOut = () -> refuse(408, "body timeout");
    private final Runnable readNext = this::readRequest;
    private final Runnable lingerNow = this::lingerClose;
    private boolean closing;
    private Exchange exchange;
    // True while readRequest's loop runs: a response finished inside it only asks for another turn.
    private boolean serving;
    private boolean nextRequest;

    Http1ServerConnection(IOStream stream, InetSocketAddress address, HttpServer server) {
        this.stream = stream;
        this.loop = IOLoop.current();
        this.deadline = new ConnectionDeadline(loop);
        this.address = address;
        this.peerIp = HttpServerRequest.peerIp(address);
        this.secure = stream instanceof SslIOStream;
        this.server = server;
        this.options = server.options();
        this.handler = server.handler();
        long limit = options.maxBodySize() + options.maxHeaderSize() + 128 * 1024;
        stream.setMaxBufferSize((int) Math.min(Integer.MAX_VALUE / 2, limit));
    }

    IOLoop loop() {
        return loop;
    }

    void start() {
        stream.setCloseCallback(this::onStreamClosed);
        readRequest();
    }

    /** Closes the connection at once, whatever it is doing. */
    void close() {
        closing = true;
        deadline.cancel();
        stream.close();
    }

    private void onStreamClosed() {
        deadline.cancel();
        closing = true;
        server.connectionClosed(this);
        Exchange e = exchange;
        exchange = null;
        if (e != null && !e.finished) {
            // A client that goes away mid-response is routine, not an error (Tornado is quiet too).
            LoopLog.debug("Client " + address + " closed the connection before the response to "
                    + e.head.method + " " + e.head.uri + " was finished", null);
            Runnable cb = e.closeCallback;
            e.closeCallback = null;
            if (cb != null) {
                try {
                    cb.run();
                } catch (RuntimeException ex) {
                    LoopLog.error("Exception in connection close callback of " + e.request, ex);
                }
            }
        }
    }

    // ---- reading a request ----

    /**
     * Reads and handles requests until one has to wait: for data, for its body, for an async
     * handler or for the client to read. Each handler that finishes its response before returning
     * asks for the next turn of this loop (see {@link #responseDone}), which is how a pipeline is
     * worked through without recursion.
     */
    private void readRequest() {
        if (serving) {
            nextRequest = true;
            return;
        }
        if (closing) {
            return;
        }
        serving = true;
        try {
            do {
                nextRequest = false;
                exchange = null;
                readOneRequest();
            } while (nextRequest && !closing);
        } finally {
            serving = false;
        }
    }

    private void readOneRequest() {
        if (stream.readBufferSize() > 0) {
            // Pipelined: the next request has begun already, and is usually there whole.
            byte[] head;
            try {
                head = stream.takeUntilBlankLine(options.maxHeaderSize());
            } catch (UnsatisfiableReadException tooLarge) {
                refuse(requestLineTooLong() ? 414 : 431, "header block too large");
                return;
            }
            if (head != null) {
                onHead(head);
            } else {
                readHead();
            }
            return;
        }
        // Idle until the first byte: a quiet keep-alive connection is not a slow request.
        Future<Integer> data = stream.waitForData();
        deadline.set(options.idleConnectionTimeout(), closeNow);
        data.addDoneCallback(f -> {
            deadline.clear();
            if (closing || f.exception() != null) {
                close();
                return;
            }
            readHead();
        });
    }

    private void readHead() {
        deadline.set(options.headerTimeout(), headerTimedOut);
        stream.readUntilBlankLine(options.maxHeaderSize()).addDoneCallback(this::onHead);
    }

    private void onHead(Future<byte[]> f) {
        deadline.clear();
        if (closing) {
            return;
        }
        Throwable e = f.exception();
        if (e instanceof UnsatisfiableReadException) {
            refuse(requestLineTooLong() ? 414 : 431, "header block too large");
            return;
        }
        if (e != null) {
            close(); // closed or truncated before the headers ended: nobody to answer
            return;
        }
        onHead(f.result());
    }

    private void onHead(byte[] block) {
        RequestHead head;
        try {
            head = RequestHead.parse(block, options);
        } catch (HttpParseException pe) {
            refuse(pe.status, pe.getMessage());
            return;
        } catch (RuntimeException re) {
            LoopLog.error("Bug parsing a request from " + address, re);
            refuse(400, "unparseable");
            return;
        }
        Exchange ex = new Exchange(head);
        exchange = ex;
        ex.request = new HttpServerRequest(head.method, head.uri, head.version, head.headers, EMPTY,
                address, ex, options.xheaders(), secure, peerIp);
        try {
            ex.sink = handler.startRequest(ex.request);
        } catch (RuntimeException | Error t) {
            handlerFailed(ex, t);
            return;
        }
        if (ex.sink != null && ex.sink.streaming()) {
            streamBody(ex);
        } else {
            readWholeBody(ex);
        }
    }

    /** Reads the body into one array within the server's limit, then hands the request over. */
    private void readWholeBody(Exchange ex) {
        RequestHead head = ex.head;
        // Read whole, the body is one array: past 2 GiB is too large whatever the option says.
        if (head.contentLength > options.maxBodySize() || head.contentLength > Integer.MAX_VALUE - 16) {
            refuse(400, "body larger than " + options.maxBodySize());
            return;
        }
        if (head.expectContinue) {
            stream.write(CONTINUE.clone());
        }
        if (head.chunked()) {
            deadline.set(options.bodyTimeout(), bodyTimedOut);
            BufferingSink body = new BufferingSink();
            new ChunkedBodyReader(source, body, Math.min(options.maxBodySize(), Integer.MAX_VALUE - 16),
                    400, Integer.MAX_VALUE, options.maxHeaderSize(), options.maxHeaderCount())
                    .read().addDoneCallback(f -> onBody(f, body));
        } else if (head.contentLength > 0) {
            deadline.set(options.bodyTimeout(), bodyTimedOut);
            stream.readBytes((int) head.contentLength).addDoneCallback(this::onBody);
        } else {
            dispatch(EMPTY);
        }
    }

    /**
     * Streams the body to the handler's sink once it is ready (its {@code prepare} has run, and may
     * have changed the limit), within the request's limit.
     */
    private void streamBody(Exchange ex) {
        ex.bodyPending = true;
        Future<?> ready;
        try {
            ready = ex.sink.ready();
        } catch (RuntimeException | Error t) {
            handlerFailed(ex, t);
            return;
        }
        if (ready == null || ready.isDone()) {
            readStreamed(ex);
        } else {
            ready.addDoneCallback(f -> loop.addCallback(() -> readStreamed(ex)));
        }
    }

    private void readStreamed(Exchange ex) {
        ex.bodyPending = false;
        if (closing || ex != exchange) {
            return;
        }
        RequestHead head = ex.head;
        if (head.contentLength == 0) {
            bodyStreamed(ex, null);
            return;
        }
        if (ex.finished) {
            // Answered already (refused in prepare): the body is not wanted, and is not read.
            if (ex.responded) {
                whenSent(ex, ex.sent, lingerNow);
            }
            return;
        }
        if (head.contentLength > ex.maxBodySize) {
            refuse(413, "body larger than " + ex.maxBodySize);
            return;
        }
        if (head.expectContinue && !ex.headersWritten) {
            stream.write(CONTINUE.clone());
        }
        ex.bodyReading = true;
        deadline.set(ex.bodyTimeout, bodyTimedOut);
        BodySink feed = new BodySink() {
            @Override
            public Future<?> dataReceived(byte[] chunk) {
                // Once the response is finished the handler wants no more: stop reading.
                return ex.finished ? ABANDONED : ex.sink.dataReceived(chunk);
            }

            @Override
            public void finish() {
            }
        };
        Future<Void> read = head.chunked()
                ? new ChunkedBodyReader(source, feed, ex.maxBodySize, 413, PIECE,
                        options.maxHeaderSize(), options.maxHeaderCount()).read()
                : new FixedBodyReader(source, feed, head.contentLength, PIECE).read();
        read.addDoneCallback(f -> bodyStreamed(ex, f.exception()));
    }

    private void bodyStreamed(Exchange ex, Throwable failure) {
        ex.bodyReading = false;
        if (closing || ex != exchange) {
            return;
        }
        deadline.clear();
        ex.bodyDone = failure == null;
        if (ex.finished) {
            // The handler answered before the body ended: what came after was dropped.
            if (ex.responded) {
                responseDone(ex, ex.sent);
            }
            return;
        }
        if (failure instanceof HttpParseException) {
            HttpParseException pe = (HttpParseException) failure;
            refuse(pe.status, pe.getMessage());
            return;
        }
        if (failure != null) {
            // Closed before the body ended, or the sink's future failed.
            if (!(failure instanceof StreamClosedException)) {
                LoopLog.debug("Closing " + address + " after a body sink failed", failure);
            }
            close();
            return;
        }
        try {
            ex.sink.finish();
        } catch (RuntimeException | Error t) {
            handlerFailed(ex, t);
        }
    }

    /**
     * Whether the header block overflowed because of its request line: no line end where the
     * request line may end (after any empty lines before it).
     */
    private boolean requestLineTooLong() {
        byte[] start = stream.peek(options.maxHeaderSize());
        int from = 0;
        while (true) {
            int end = from < start.length && start[from] == '\r' ? from + 1 : from;
            if (end < start.length && start[end] == '\n') {
                from = end + 1;
            } else {
                break;
            }
        }
        for (int i = from; i < start.length && i - from <= options.maxRequestLineLength() + 1; i++) {
            if (start[i] == '\n') {
                return false;
            }
        }
        return true;
    }

    private void onBody(Future<Void> f, BufferingSink body) {
        if (f.exception() == null) {
            onBody(Future.completed(body.body()));
        } else {
            onBody(Future.failed(f.exception()));
        }
    }

    private void onBody(Future<byte[]> f) {
        if (closing) {
            return;
        }
        Throwable e = f.exception();
        if (e == null) {
            dispatch(f.result());
        } else if (e instanceof HttpParseException) {
            HttpParseException pe = (HttpParseException) e;
            refuse(pe.status, pe.getMessage());
        } else {
            close(); // closed or truncated before the body ended
        }
    }

    /** Hands a request whose body was read whole to the handler, or to its sink. */
    private void dispatch(byte[] body) {
        deadline.clear();
        Exchange ex = exchange;
        ex.bodyDone = true;
        // Called from a stream callback (not from readRequest's loop), this is where the loop
        // starts if the handler finishes at once: the next request is read after it returns.
        boolean outer = !serving;
        serving = true;
        try {
            if (ex.sink == null) {
                if (body.length > 0) {
                    ex.request = ex.request.withBody(body);
                }
                handler.handle(ex.request);
            } else {
                if (body.length > 0) {
                    ex.sink.dataReceived(body);
                }
                ex.sink.finish();
            }
        } catch (RuntimeException | Error t) {
            handlerFailed(ex, t);
        } finally {
            if (outer) {
                serving = false;
            }
        }
        if (outer && nextRequest) {
            readRequest();
        }
    }

    private void handlerFailed(Exchange ex, Throwable t) {
        if (t instanceof VirtualMachineError) {
            throw (VirtualMachineError) t;
        }
        LoopLog.error("Uncaught exception handling " + ex.request, t);
        if (!ex.headersWritten) {
            refuse(500, "handler failed");
        } else if (!ex.finished) {
            close();
        }
    }

    // ---- refusing and closing ----

    /** Answers {@code status} with a short plain-text page and closes the connection. */
    private void refuse(int status, String why) {
        if (closing) {
            return;
        }
        if (exchange != null && exchange.headersWritten) {
            close(); // the handler's response has begun: there is no room for another one
            return;
        }
        closing = true;
        deadline.clear();
        LoopLog.debug("Refusing a request from " + address + " with " + status + ": " + why, null);
        String text = status + " " + HttpStatus.reason(status) + "\n";
        String response = "HTTP/1.1 " + status + " " + HttpStatus.reason(status) + "\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Length: " + text.length() + "\r\n"
                + "Connection: close\r\n\r\n" + text;
        stream.write(ascii(response)).addDoneCallback(f -> lingerClose());
    }

    private void lingerClose() {
        if (stream.isClosed()) {
            return;
        }
        closing = true;
        if (stream.reading()) {
            stream.close(); // a read is still pending (a timeout cut it short): nothing to drain
            return;
        }
        if (!stream.shutdownOutputOrClose()) { // with TLS, a close_notify first
            return;
        }
        deadline.set(LINGER, stream::close);
        drain(0);
    }

    private void drain(long drained) {
        stream.readBytes(64 * 1024, true).addDoneCallback(f -> {
            if (f.exception() != null || drained > LINGER_MAX_BYTES) {
                close();
            } else {
                drain(drained + f.result().length);
            }
        });
    }

    /**
     * The handler has finished {@code ex}'s response and it is queued ({@code sent} completes when
     * it is handed to the kernel). Inside {@link #readRequest}'s loop the next request is read on
     * its next turn; a response finished later (an async handler) starts the loop again from a
     * callback, so that the next handler does not run inside this one's {@code finish()}. A
     * response that closes the connection, or one that leaves too much unsent, waits for
     * {@code sent} first. A response finished before its request's body was read (a streaming
     * handler answering in {@code prepare} or mid-body) leaves what follows to the body's reader:
     * once the body is over it calls this again, or the connection closes.
     */
    private void responseDone(Exchange ex, Future<Void> sent) {
        if (closing || ex != exchange) {
            return; // closing, or detached: the stream is someone else's now
        }
        ex.responded = true;
        ex.sent = sent;
        if (ex.bodyReading) {
            // Answered mid-body: the reader stops at its next piece and the lingering close drains
            // the rest; a client that sends nothing more is closed after a moment.
            deadline.set(LINGER, closeNow);
            return;
        }
        if (ex.bodyPending) {
            return; // readStreamed decides, once the sink is ready
        }
        if (!ex.bodyDone || !ex.encoder.keepAlive()) {
            // Some of the body was never read (the next request cannot be found), or the
            // response ends the connection: close once it is sent.
            whenSent(ex, sent, lingerNow);
        } else if (stream.writeBufferSize() > WRITE_HIGH_WATER) {
            whenSent(ex, sent, readNext);
        } else if (serving) {
            nextRequest = true;
        } else {
            loop.addCallback(readNext);
        }
    }

    /** Runs {@code then} once {@code sent} succeeds, if the connection is still on {@code ex}. */
    private void whenSent(Exchange ex, Future<Void> sent, Runnable then) {
        sent.addDoneCallback(f -> {
            if (f.exception() == null && !closing && ex == exchange) {
                then.run();
            }
        });
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The chunked body reader's view of the stream. */
    private final ChunkedBodyReader.Source source = new ChunkedBodyReader.Source() {
        @Override
        public Future<byte[]> readUntil(byte[] delimiter, int maxBytes) {
            return stream.readUntil(delimiter, maxBytes);
        }

        @Override
        public Future<byte[]> readBytes(int n) {
            return stream.readBytes(n);
        }
    };

    /**
     * The response to one request: a fresh object each time, so that a handler holding on to an
     * old one cannot write into the next response. Writes to a connection the client has closed
     * fail their futures with {@link StreamClosedException}, logging nothing.
     */
    private final class Exchange implements HttpConnection {
        final RequestHead head;
        final ResponseEncoder encoder;
        HttpServerRequest request;
        BodySink sink; // null: the handler's handle() gets the whole body
        long maxBodySize = options.maxBodySize();
        Duration bodyTimeout = options.bodyTimeout();
        boolean bodyPending; // a streamed body waits for its sink to be ready
        boolean bodyReading; // a streamed body is being read
        boolean bodyDone; // all of the body has been read: the next request may follow
        boolean headersWritten;
        boolean finished;
        boolean responded; // finished, and the response queued: responseDone has seen it
        Future<Void> sent; // with responded: completes when the response is handed to the kernel
        Runnable closeCallback;
        Future<Void> lastWrite; // completes when everything written so far is sent

        Exchange(RequestHead head) {
            this.head = head;
            HttpHeaders h = head.headers;
            boolean keepAlive = !options.noKeepAlive() && !h.hasToken("Connection", "close")
                    && (head.version.equals("HTTP/1.1") || h.hasToken("Connection", "keep-alive"));
            encoder = new ResponseEncoder(head.version, head.method, keepAlive);
        }

        @Override
        public Future<Void> writeHeaders(int status, String reason, HttpHeaders headers, byte[] chunk) {
            if (headersWritten) {
                throw new IllegalStateException("headers already written");
            }
            if (isClosed()) {
                headersWritten = true;
                return closedFuture();
            }
            byte[] out;
            try {
                out = encoder.head(status, reason, headers, chunk);
            } catch (IllegalStateException tooLong) {
                headersWritten = true;
                close();
                throw tooLong;
            }
            headersWritten = true;
            lastWrite = stream.write(out);
            return lastWrite;
        }

        @Override
        public Future<Void> write(byte[] chunk) {
            if (!headersWritten || finished) {
                throw new IllegalStateException(finished ? "response already finished"
                        : "write() before writeHeaders()");
            }
            if (isClosed()) {
                return closedFuture();
            }
            byte[] framed;
            try {
                framed = encoder.body(chunk);
            } catch (IllegalStateException tooLong) {
                close();
                throw tooLong;
            }
            lastWrite = stream.write(framed);
            return lastWrite;
        }

        @Override
        public Future<Void> finish() {
            if (!headersWritten) {
                throw new IllegalStateException("finish() before writeHeaders()");
            }
            if (finished) {
                throw new IllegalStateException("response already finished");
            }
            finished = true;
            if (isClosed()) {
                return closedFuture();
            }
            long missing = encoder.missingBytes();
            if (missing > 0) {
                LoopLog.error("Tried to finish a response to " + request + " " + missing
                        + " bytes short of its Content-Length", null);
                close();
                return closedFuture();
            }
            byte[] end = encoder.end();
            // Nothing more to send: the last write's future already completes when all is sent.
            Future<Void> done = end.length == 0 && lastWrite != null ? lastWrite : stream.write(end);
            lastWrite = null;
            responseDone(this, done);
            return done;
        }

        private Future<Void> closedFuture() {
            return Future.failed(new StreamClosedException(stream.error()));
        }

        @Override
        public boolean isClosed() {
            return stream.isClosed() || exchange != this;
        }

        @Override
        public void setCloseCallback(Runnable cb) {
            closeCallback = cb;
        }

        @Override
        public void setMaxBodySize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("negative: " + bytes);
            }
            maxBodySize = bytes;
        }

        @Override
        public void setBodyTimeout(Duration timeout) {
            bodyTimeout = java.util.Objects.requireNonNull(timeout, "timeout");
        }

        @Override
        public IOStream detach() {
            if (closing || exchange != this) {
                throw new IllegalStateException("detach() after the connection moved on or closed");
            }
            // Closing as far as HTTP goes: no next request, no timeout, no close bookkeeping.
            closing = true;
            deadline.cancel();
            stream.setCloseCallback(null);
            server.connectionClosed(Http1ServerConnection.this);
            return stream;
        }
    }
}
