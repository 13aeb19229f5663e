package dev.weft.http;

import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.LoopLog;
import dev.weft.net.IOStream;
import dev.weft.net.StreamClosedException;
import dev.weft.net.UnsatisfiableReadException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.x connection on the server side (Tornado's {@code HTTP1ServerConnection} and
 * {@code HTTP1Connection}): reads a request, hands it to the handler, writes its response, and
 * then reads the next one (keep-alive and pipelining: requests are answered strictly in order, the
 * next one read only once the previous response is sent).
 *
 * <p>A request the server refuses gets its status and a closed connection; whatever goes wrong
 * with the input, nothing is thrown out of here into the loop. When the server closes after a
 * response while the client may still be sending, it shuts down its side first and drains the
 * input for a moment (a lingering close, as nginx does): closing with unread input makes the
 * kernel send a reset, which can destroy the response before the client reads it.
 *
 * <p>Thread rules: everything runs on the stream's loop thread.
 */
final class Http1ServerConnection {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};
    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_CHUNK_LINE = 1024;
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final int LINGER_MAX_BYTES = 1024 * 1024;

    private final IOStream stream;
    private final IOLoop loop;
    private final InetSocketAddress address;
    private final HttpServerOptions options;
    private final HttpRequestHandler handler;
    private final HttpServer server;
    private final ConnectionDeadline deadline;
    // Made once: a new lambda per request would be garbage per request.
    private final Runnable closeNow = this::close;
    private final Runnable headerTimedOut = () -> refuse(408, "header timeout");
    private final Runnable bodyTimedOut = () -> refuse(408, "body timeout");
    private boolean closing;
    private Exchange exchange;

    Http1ServerConnection(IOStream stream, InetSocketAddress address, HttpServer server) {
        this.stream = stream;
        this.loop = IOLoop.current();
        this.deadline = new ConnectionDeadline(loop);
        this.address = address;
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
        if (e != null && !e.finished && e.closeCallback != null) {
            Runnable cb = e.closeCallback;
            e.closeCallback = null;
            try {
                cb.run();
            } catch (RuntimeException ex) {
                LoopLog.error("Exception in connection close callback of " + e.request, ex);
            }
        }
    }

    // ---- reading a request ----

    private void readRequest() {
        exchange = null;
        if (stream.readBufferSize() > 0) {
            readHead(); // pipelined: the next request has begun already
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
        stream.readUntil(CRLFCRLF, options.maxHeaderSize()).addDoneCallback(this::onHead);
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
        RequestHead head;
        try {
            head = RequestHead.parse(f.result(), options);
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
            stream.write(ascii("HTTP/1.1 100 Continue\r\n\r\n"));
        }
        if (head.chunked()) {
            deadline.set(options.bodyTimeout(), bodyTimedOut);
            readChunkSize(new ByteArrayOutputStream());
        } else if (head.contentLength > 0) {
            deadline.set(options.bodyTimeout(), bodyTimedOut);
            stream.readBytes((int) head.contentLength).addDoneCallback(b -> {
                if (readOk(b)) {
                    dispatch(b.result());
                }
            });
        } else {
            dispatch(EMPTY);
        }
    }

    private boolean requestLineTooLong() {
        byte[] start = stream.peek(options.maxRequestLineLength() + 2 + 64);
        String s = new String(start, StandardCharsets.ISO_8859_1);
        int from = 0;
        while (s.startsWith("\r\n", from)) {
            from += 2;
        }
        int eol = s.indexOf("\r\n", from);
        return eol < 0 ? s.length() - from > options.maxRequestLineLength()
                : eol - from > options.maxRequestLineLength();
    }

    /** Whether a body read succeeded; otherwise the connection is dealt with. */
    private boolean readOk(Future<?> f) {
        if (closing) {
            return false;
        }
        Throwable e = f.exception();
        if (e == null) {
            return true;
        }
        if (e instanceof UnsatisfiableReadException) {
            refuse(400, "malformed chunk");
        } else {
            close(); // truncated body
        }
        return false;
    }

    private void readChunkSize(ByteArrayOutputStream body) {
        stream.readUntil(CRLF, MAX_CHUNK_LINE).addDoneCallback(f -> {
            if (!readOk(f)) {
                return;
            }
            String line = new String(f.result(), 0, f.result().length - 2, StandardCharsets.ISO_8859_1);
            int semi = line.indexOf(';');
            String hex = semi < 0 ? line : line.substring(0, semi);
            if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(Http1ServerConnection::isHex)
                    || line.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                refuse(400, "malformed chunk size");
                return;
            }
            long size = Long.parseLong(hex, 16);
            if (body.size() + size > Math.min(options.maxBodySize(), Integer.MAX_VALUE - 16)) {
                refuse(413, "chunked body too large");
                return;
            }
            if (size == 0) {
                readTrailers(body, 0, 0);
                return;
            }
            stream.readBytes((int) size + 2).addDoneCallback(c -> {
                if (!readOk(c)) {
                    return;
                }
                byte[] chunk = c.result();
                if (chunk[chunk.length - 2] != '\r' || chunk[chunk.length - 1] != '\n') {
                    refuse(400, "chunk not followed by CRLF");
                    return;
                }
                body.write(chunk, 0, chunk.length - 2);
                readChunkSize(body);
            });
        });
    }

    private void readTrailers(ByteArrayOutputStream body, int bytes, int count) {
        stream.readUntil(CRLF, options.maxHeaderSize()).addDoneCallback(f -> {
            if (!readOk(f)) {
                return;
            }
            byte[] line = f.result();
            if (line.length == 2) {
                dispatch(body.toByteArray());
                return;
            }
            if (bytes + line.length > options.maxHeaderSize() || count + 1 > options.maxHeaderCount()) {
                refuse(431, "trailers too large");
                return;
            }
            try {
                // Trailers are checked but dropped: no handler asks for them.
                RequestHead.parseField(new String(line, 0, line.length - 2, StandardCharsets.ISO_8859_1),
                        new HttpHeaders());
            } catch (HttpParseException pe) {
                refuse(pe.status, pe.getMessage());
                return;
            }
            readTrailers(body, bytes + line.length, count + 1);
        });
    }

    private void dispatch(byte[] body) {
        deadline.clear();
        Exchange ex = exchange;
        RequestHead head = ex.head;
        ex.request = new HttpServerRequest(head.method, head.uri, head.version, head.headers, body,
                address, ex, options.xheaders());
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

    private void responseDone(Exchange ex) {
        if (closing || ex != exchange) {
            return;
        }
        if (ex.keepAlive) {
            readRequest();
        } else {
            lingerClose();
        }
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The response to one request: a fresh object each time, so that a handler holding on to an
     * old one cannot write into the next response.
     */
    private final class Exchange implements HttpConnection {
        final RequestHead head;
        HttpServerRequest request;
        boolean keepAlive;
        boolean headersWritten;
        boolean finished;
        boolean bodyAllowed;
        boolean chunkedOut;
        long expectedLength = -1;
        long writtenLength;
        Runnable closeCallback;

        Exchange(RequestHead head) {
            this.head = head;
            boolean http11 = head.version.equals("HTTP/1.1");
            HttpHeaders h = head.headers;
            keepAlive = !options.noKeepAlive() && !h.hasToken("Connection", "close")
                    && (http11 || h.hasToken("Connection", "keep-alive"));
        }

        @Override
        public Future<Void> writeHeaders(int status, String reason, HttpHeaders headers, byte[] chunk) {
            if (headersWritten) {
                throw new IllegalStateException("headers already written");
            }
            if (status < 100 || status > 999) {
                throw new IllegalArgumentException("invalid status " + status);
            }
            if (isClosed()) {
                headersWritten = true;
                return Future.failed(new StreamClosedException(stream.error()));
            }
            if (reason != null && (reason.indexOf('\r') >= 0 || reason.indexOf('\n') >= 0)) {
                throw new IllegalArgumentException("unsafe reason phrase");
            }
            // Validate everything before changing any state: a refused head leaves the exchange
            // able to send an error page instead.
            for (int i = 0; i < headers.size(); i++) {
                String n = headers.nameAt(i);
                String v = headers.valueAt(i);
                if (!RequestHead.isToken(n) || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("unsafe header field " + n);
                }
            }
            String cl = headers.get("Content-Length");
            long declared = -1;
            if (cl != null) {
                try {
                    declared = Long.parseLong(cl.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("invalid Content-Length: " + cl);
                }
            }
            headersWritten = true;
            expectedLength = declared;
            boolean http11 = head.version.equals("HTTP/1.1");
            bodyAllowed = !head.method.equals("HEAD") && status >= 200 && status != 204
                    && status != 304;
            if (headers.hasToken("Connection", "close")) {
                keepAlive = false;
            }
            chunkedOut = bodyAllowed && cl == null && http11;
            if (bodyAllowed && cl == null && !http11) {
                keepAlive = false; // the body ends where the connection does
            }
            if (chunkedOut) {
                headers.set("Transfer-Encoding", "chunked");
            }
            if (!keepAlive) {
                headers.set("Connection", "close");
            } else if (!http11) {
                headers.set("Connection", "keep-alive");
            }
            byte[] body = frame(chunk);
            // Status line, fields and the first chunk in one array: one write, usually one packet.
            String statusLine = "HTTP/1.1 " + status + " "
                    + (reason != null ? reason : HttpStatus.reason(status)) + "\r\n";
            int size = statusLine.length() + 2 + body.length;
            for (int i = 0; i < headers.size(); i++) {
                size += headers.nameAt(i).length() + headers.valueAt(i).length() + 4;
            }
            byte[] out = new byte[size];
            int at = latin1(statusLine, out, 0);
            for (int i = 0; i < headers.size(); i++) {
                at = latin1(headers.nameAt(i), out, at);
                out[at++] = ':';
                out[at++] = ' ';
                at = latin1(headers.valueAt(i), out, at);
                out[at++] = '\r';
                out[at++] = '\n';
            }
            out[at++] = '\r';
            out[at++] = '\n';
            System.arraycopy(body, 0, out, at, body.length);
            return stream.write(out);
        }

        /** Copies {@code s} into {@code out} as ISO-8859-1 (other characters become '?'). */
        private int latin1(String s, byte[] out, int at) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                out[at++] = c <= 0xff ? (byte) c : (byte) '?';
            }
            return at;
        }

        @Override
        public Future<Void> write(byte[] chunk) {
            if (!headersWritten || finished) {
                throw new IllegalStateException(finished ? "response already finished"
                        : "write() before writeHeaders()");
            }
            if (isClosed()) {
                return Future.failed(new StreamClosedException(stream.error()));
            }
            byte[] framed = frame(chunk);
            return framed.length == 0 ? stream.write(EMPTY) : stream.write(framed);
        }

        private byte[] frame(byte[] chunk) {
            if (chunk == null || chunk.length == 0 || !bodyAllowed) {
                return EMPTY;
            }
            writtenLength += chunk.length;
            if (expectedLength >= 0 && writtenLength > expectedLength) {
                close();
                throw new IllegalStateException("Tried to write more data than Content-Length");
            }
            if (!chunkedOut) {
                return chunk;
            }
            byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] out = new byte[size.length + chunk.length + 2];
            System.arraycopy(size, 0, out, 0, size.length);
            System.arraycopy(chunk, 0, out, size.length, chunk.length);
            out[out.length - 2] = '\r';
            out[out.length - 1] = '\n';
            return out;
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
                return Future.failed(new StreamClosedException(stream.error()));
            }
            if (bodyAllowed && expectedLength >= 0 && writtenLength < expectedLength) {
                LoopLog.error("Tried to finish a response to " + request + " with "
                        + writtenLength + " of " + expectedLength + " bytes of Content-Length", null);
                close();
                return Future.failed(new StreamClosedException(null));
            }
            Future<Void> done = chunkedOut ? stream.write(ascii("0\r\n\r\n")) : stream.write(EMPTY);
            done.addDoneCallback(f -> {
                if (f.exception() == null) {
                    responseDone(this);
                }
            });
            return done;
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
