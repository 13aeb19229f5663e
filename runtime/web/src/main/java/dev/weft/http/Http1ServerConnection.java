package dev.weft.http;

import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.LoopLog;
import dev.weft.net.IOStream;
import dev.weft.net.StreamClosedException;
import dev.weft.net.UnsatisfiableReadException;
import java.io.IOException;
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
 * reads a chunked body, {@link ResponseEncoder} frames the response.
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
    private final HttpServerOptions options;
    private final HttpRequestHandler handler;
    private final HttpServer server;
    private final ConnectionDeadline deadline;
    // Made once: a new lambda per request would be garbage per request.
    private final Runnable closeNow = this::close;
    private final Runnable headerTimedOut = () -> refuse(408, "header timeout");
    private final Runnable bodyTimedOut = () -> refuse(408, "body timeout");
    private final Runnable readNext = this::readRequest;
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
        exchange = new Exchange(head);
        if (head.expectContinue) {
            stream.write(CONTINUE.clone());
        }
        if (head.chunked()) {
            deadline.set(options.bodyTimeout(), bodyTimedOut);
            new ChunkedBodyReader(source, options.maxBodySize(), options.maxHeaderSize(),
                    options.maxHeaderCount()).read().addDoneCallback(this::onBody);
        } else if (head.contentLength > 0) {
            deadline.set(options.bodyTimeout(), bodyTimedOut);
            stream.readBytes((int) head.contentLength).addDoneCallback(this::onBody);
        } else {
            dispatch(EMPTY);
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

    private void dispatch(byte[] body) {
        deadline.clear();
        Exchange ex = exchange;
        RequestHead head = ex.head;
        ex.request = new HttpServerRequest(head.method, head.uri, head.version, head.headers, body,
                address, ex, options.xheaders(), peerIp);
        // Called from a stream callback (not from readRequest's loop), this is where the loop
        // starts if the handler finishes at once: the next request is read after it returns.
        boolean outer = !serving;
        serving = true;
        try {
            handler.handle(ex.request);
        } catch (RuntimeException | Error t) {
            if (t instanceof VirtualMachineError) {
                throw t;
            }
            LoopLog.error("Uncaught exception handling " + ex.request, t);
            if (!ex.headersWritten) {
                refuse(500, "handler failed");
            } else if (!ex.finished) {
                close();
            }
        } finally {
            if (outer) {
                serving = false;
            }
        }
        if (outer && nextRequest) {
            readRequest();
        }
    }

    // ---- refusing and closing ----

    /** Answers {@code status} with a short plain-text page and closes the connection. */
    private void refuse(int status, String why) {
        if (closing) {
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
        try {
            stream.channel().shutdownOutput();
        } catch (IOException | RuntimeException e) {
            stream.close();
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
     * {@code sent} first.
     */
    private void responseDone(Exchange ex, Future<Void> sent) {
        if (closing || ex != exchange) {
            return;
        }
        if (!ex.encoder.keepAlive()) {
            sent.addDoneCallback(f -> {
                if (f.exception() == null && !closing && ex == exchange) {
                    lingerClose();
                }
            });
        } else if (stream.writeBufferSize() > WRITE_HIGH_WATER) {
            sent.addDoneCallback(f -> {
                if (f.exception() == null && !closing && ex == exchange) {
                    readRequest();
                }
            });
        } else if (serving) {
            nextRequest = true;
        } else {
            loop.addCallback(readNext);
        }
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
        boolean headersWritten;
        boolean finished;
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
    }
}
