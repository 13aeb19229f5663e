package dev.weft.net;

import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.LoopLog;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A non-blocking TCP connection driven by an {@link IOLoop}: Tornado's {@code IOStream}. Reads and
 * writes return {@link Future}s, so callback code and async coroutines ({@code Co.await}) use it
 * alike.
 *
 * <p>Reads: at most one read is pending at a time ({@link #readUntil}, {@link #readBytes},
 * {@link #readUntilClose}, {@link #waitForData}); a second one throws {@link IllegalStateException}.
 * Data that arrives while no read is pending is buffered (up to {@link #setMaxBufferSize}). A read
 * that the buffer already satisfies may complete before the call returns (its callbacks then run
 * at once); reads started from such callbacks nest only a few levels deep before completing on
 * the next loop iteration instead, so that a server working through many pipelined requests does
 * not recurse without bound.
 *
 * <p>Writes: {@link #write} queues the data, sends what the socket accepts at once and the rest when
 * the socket is writable again. Its future completes when everything written so far has been
 * handed to the kernel: awaiting it is the back-pressure that keeps a fast producer from queueing
 * without bound. {@link #writeBufferSize()} tells how much is queued. Writes made while the stream
 * is handling a read (in the callbacks of a read it completes when data arrives, or on the loop
 * iteration it completes a buffered read) are only queued, and sent together with one system call
 * when that handling returns (Netty's flush on {@code channelReadComplete}), or when the stream is
 * closed in it: a server answering sixteen pipelined requests from one read sends the sixteen
 * responses in one write, not sixteen. No write waits longer than the callback that made it.
 *
 * <p>A caller that works through buffered messages in a loop of its own, without nesting, may take
 * a complete header block straight from the buffer ({@link #takeUntilBlankLine}) instead of
 * starting a read for it.
 *
 * <p>Closing: {@link #close()}, the peer closing, or an I/O error closes the stream once. Data
 * received before that can still be read; a read it cannot satisfy fails with
 * {@link StreamClosedException} (a {@link #readUntilClose} completes with the data instead).
 * Unsent writes are dropped and their futures fail. The close callback runs on a later
 * iteration.
 *
 * <p>Thread rules: a stream belongs to the loop of the thread that created it; call its methods on
 * that thread only. Futures complete on that thread.
 */
public class IOStream {
    private static final int SCRATCH_SIZE = 64 * 1024;
    // One I/O buffer per loop thread, shared by all its streams: 5,000 idle connections must not
    // cost 5,000 buffers. Direct, because the channel would copy a heap buffer through one of its
    // own anyway (looked up in a thread-local cache on every call).
    private static final ThreadLocal<ByteBuffer> SCRATCH =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SCRATCH_SIZE));
    private static final int GATHER = 16;
    private static final int MAX_INLINE_READS = 8;

    private enum ReadKind { NONE, UNTIL, BLANK_LINE, BYTES, PARTIAL, UNTIL_CLOSE, DATA }

    private final SocketChannel channel;
    private final Transport transport; // the socket itself, or TLS over it
    private final IOLoop loop;
    private final ByteQueue readBuffer = new ByteQueue();
    private int maxBufferSize = 100 * 1024 * 1024; // Tornado's default
    private long maxWriteBufferSize = Long.MAX_VALUE;

    private ReadKind readKind = ReadKind.NONE;
    private Future<Object> readFuture;
    private byte[] delimiter;
    private int readLimit; // UNTIL: maxBytes; BYTES/PARTIAL: the count
    private int scanFrom; // UNTIL: the buffer before this offset holds no delimiter
    private boolean readScheduled;
    private int inlineReads; // reads satisfied inline since the loop last called this stream
    private int batchDepth; // > 0 while handling a read: writes are queued, sent when it returns

    private final ArrayDeque<ByteBuffer> writeQueue = new ArrayDeque<>();
    private final ArrayDeque<WriteWaiter> writeWaiters = new ArrayDeque<>();
    private final ByteBuffer[] gather = new ByteBuffer[GATHER];
    /** The loop thread's I/O buffer: reads land here, and small writes are gathered here. */
    private final ByteBuffer scratch = SCRATCH.get();
    private long queuedTotal;
    private long writtenTotal;
    private long bytesRead;

    private Future<IOStream> connectFuture;
    private int interest = -1; // -1: not registered with the loop yet
    private boolean closed;
    private Throwable error;
    private Runnable closeCallback;

    private static final class WriteWaiter {
        final long target;
        final Future<Void> future;

        WriteWaiter(long target, Future<Void> future) {
            this.target = target;
            this.future = future;
        }
    }

    /**
     * Wraps a connected (or connecting) channel, putting it in non-blocking mode, on the calling
     * thread's loop.
     *
     * @param channel the socket; the stream owns it from now on and closes it
     */
    public IOStream(SocketChannel channel) {
        this(channel, new PlainTransport(Objects.requireNonNull(channel, "channel")));
    }

    /** A stream reading and writing through {@code transport} (see {@link SslIOStream}). */
    IOStream(SocketChannel channel, Transport transport) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.transport = transport;
        this.loop = IOLoop.current();
        transport.bind(() -> loop.addCallback(this::transportReady));
        try {
            channel.configureBlocking(false);
        } catch (IOException e) {
            closeOnError(e);
        }
    }

    /**
     * Connects the stream's (unconnected) channel to {@code address} without blocking (Tornado's
     * {@code IOStream.connect}).
     *
     * @param address where to connect; must be resolved
     * @return completes with this stream once connected, or fails with the connect error (the
     *     stream is then closed)
     */
    public Future<IOStream> connect(SocketAddress address) {
        if (connectFuture != null) {
            throw new IllegalStateException("connect() was already called");
        }
        connectFuture = new Future<>();
        Future<IOStream> f = connectFuture;
        if (closed) {
            f.setException(new StreamClosedException(error));
            return f;
        }
        try {
            if (channel.connect(address)) {
                connectFuture = null;
                f.setResult(this);
            } else {
                updateInterest();
            }
        } catch (IOException | RuntimeException e) {
            closeOnError(e);
        }
        return f;
    }

    /**
     * The socket. On an {@link SslIOStream} it carries TLS records: reading or writing it directly
     * would bypass (and break) the TLS layer.
     *
     * @return the channel this stream reads and writes
     */
    public SocketChannel channel() {
        return channel;
    }

    /**
     * Sets the limit on buffered unread data; a stream that would hold more is closed with an
     * error (Tornado's {@code max_buffer_size}). Default 100 MiB.
     *
     * @param bytes the limit
     */
    public void setMaxBufferSize(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxBufferSize must be positive: " + bytes);
        }
        maxBufferSize = bytes;
    }

    /**
     * Sets the limit on queued unsent data: a {@link #write} that would exceed it throws
     * {@link StreamBufferFullException} (Tornado's {@code max_write_buffer_size}). Default: none.
     *
     * @param bytes the limit
     */
    public void setMaxWriteBufferSize(long bytes) {
        maxWriteBufferSize = bytes;
    }

    /**
     * Reads up to and including the first occurrence of {@code delimiter}.
     *
     * @param delimiter what ends the data, at least one byte
     * @param maxBytes the most that may be read including the delimiter; beyond it the read fails
     *     with {@link UnsatisfiableReadException}, leaving the data buffered and the stream open
     * @return the bytes including the delimiter
     */
    public Future<byte[]> readUntil(byte[] delimiter, int maxBytes) {
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("empty delimiter");
        }
        Future<byte[]> f = startRead(ReadKind.UNTIL);
        this.delimiter = delimiter.clone();
        this.readLimit = maxBytes;
        this.scanFrom = 0;
        return afterStart(f);
    }

    /**
     * Reads up to and including the first empty line, where lines may end with CRLF or a bare LF
     * ({@code \n\n} or {@code \n\r\n}): an HTTP header block, read as Tornado reads it with
     * {@code read_until_regex(b"\r?\n\r?\n")}.
     *
     * @param maxBytes the most that may be read including the empty line; beyond it the read
     *     fails with {@link UnsatisfiableReadException}, leaving the data buffered and the stream
     *     open
     * @return the bytes including the empty line
     */
    public Future<byte[]> readUntilBlankLine(int maxBytes) {
        Future<byte[]> f = startRead(ReadKind.BLANK_LINE);
        this.readLimit = maxBytes;
        this.scanFrom = 0;
        return afterStart(f);
    }

    /**
     * Reads exactly {@code n} bytes.
     *
     * @param n how many
     * @return the bytes; fails with {@link StreamClosedException} if the stream closes first
     */
    public Future<byte[]> readBytes(int n) {
        return readBytes(n, false);
    }

    /**
     * Reads {@code n} bytes, or with {@code partial} as soon as at least one byte is available, at
     * most {@code n} (Tornado's {@code partial=True}).
     *
     * @param n how many, at most
     * @param partial whether fewer will do
     * @return the bytes
     */
    public Future<byte[]> readBytes(int n, boolean partial) {
        if (n < 0) {
            throw new IllegalArgumentException("negative count: " + n);
        }
        Future<byte[]> f = startRead(partial ? ReadKind.PARTIAL : ReadKind.BYTES);
        this.readLimit = n;
        return afterStart(f);
    }

    /**
     * Reads everything until the peer closes the connection.
     *
     * @return all the bytes; never fails because of the close itself
     */
    public Future<byte[]> readUntilClose() {
        Future<byte[]> f = startRead(ReadKind.UNTIL_CLOSE);
        return afterStart(f);
    }

    /**
     * Waits until at least one byte is buffered, without consuming anything: lets a server tell an
     * idle connection from one that has started a request.
     *
     * @return the number of bytes buffered
     */
    public Future<Integer> waitForData() {
        Future<Integer> f = startRead(ReadKind.DATA);
        return afterStart(f);
    }

    /**
     * Takes a complete header block from the buffer now, if one is there: what
     * {@link #readUntilBlankLine} would complete with, without a future. For a caller that loops
     * over buffered messages itself (a server answering pipelined requests one after the other),
     * so that neither a future nor the bound on nested inline reads is involved.
     *
     * @param maxBytes the most that may be taken including the empty line
     * @return the bytes including the empty line, or null if no empty line is buffered yet (a
     *     {@link #readUntilBlankLine} then waits for the rest)
     * @throws UnsatisfiableReadException if no empty line ends within {@code maxBytes}; the data
     *     stays buffered and the stream open
     * @throws IllegalStateException if a read is pending
     */
    public byte[] takeUntilBlankLine(int maxBytes) throws UnsatisfiableReadException {
        if (readKind != ReadKind.NONE) {
            throw new IllegalStateException("Already reading");
        }
        int end = readBuffer.endOfBlankLine(0);
        if (end >= 0 && end <= maxBytes) {
            byte[] block = readBuffer.take(end);
            updateInterest();
            return block;
        }
        if (end >= 0 || readBuffer.size() >= maxBytes) {
            throw new UnsatisfiableReadException("no empty line within " + maxBytes + " bytes");
        }
        return null;
    }

    /**
     * Up to {@code n} buffered bytes, left in the buffer: what a failed {@link #readUntil} saw.
     *
     * @param n the most to return
     * @return a copy
     */
    public byte[] peek(int n) {
        return readBuffer.peek(n);
    }

    /**
     * How many received bytes are buffered, unread.
     *
     * @return the count
     */
    public int readBufferSize() {
        return readBuffer.size();
    }

    /**
     * Whether a read is pending.
     *
     * @return true while a read future is not done
     */
    public boolean reading() {
        return readKind != ReadKind.NONE;
    }

    /**
     * Queues {@code data} for sending and sends what the socket takes at once.
     *
     * @param data the bytes; the array must not be changed afterwards
     * @return completes when all data written so far is sent; fails with
     *     {@link StreamClosedException} if the stream closes first
     * @throws StreamBufferFullException if the queued data would exceed the write limit
     */
    public Future<Void> write(byte[] data) {
        return write(ByteBuffer.wrap(data));
    }

    /**
     * Queues the remaining bytes of {@code data} (Latin-1 text like HTTP headers may use
     * {@link #write(String)}).
     *
     * @param data the bytes; the buffer must not be changed afterwards
     * @return as {@link #write(byte[])}
     */
    public Future<Void> write(ByteBuffer data) {
        Future<Void> f = new Future<>();
        if (closed) {
            f.setException(new StreamClosedException(error));
            return f;
        }
        int n = data.remaining();
        if (queuedTotal - writtenTotal + n > maxWriteBufferSize) {
            throw new StreamBufferFullException("Reached maximum write buffer size");
        }
        if (n > 0) {
            writeQueue.addLast(data);
            queuedTotal += n;
        }
        writeWaiters.addLast(new WriteWaiter(queuedTotal, f));
        if (connectFuture == null && batchDepth == 0) {
            handleWrite();
        }
        return f;
    }

    /**
     * Queues ASCII/Latin-1 text, as in HTTP heads.
     *
     * @param text the text
     * @return as {@link #write(byte[])}
     */
    public Future<Void> write(String text) {
        return write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * How many bytes are queued but not yet sent.
     *
     * @return the count
     */
    public long writeBufferSize() {
        return queuedTotal - writtenTotal;
    }

    /**
     * Whether unsent data is queued.
     *
     * @return true while writing
     */
    public boolean writing() {
        return !writeQueue.isEmpty();
    }

    /**
     * How many bytes have been received in all, read or not.
     *
     * @return the count
     */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * Runs {@code cb} once the stream has closed, on a later loop iteration (at once queued if it
     * already has). Replaces any earlier callback.
     *
     * @param cb the callback, or null for none
     */
    public void setCloseCallback(Runnable cb) {
        closeCallback = cb;
        if (closed && cb != null) {
            runCloseCallback();
        }
    }

    /**
     * Whether the stream is closed.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Why the stream closed, if it was an error.
     *
     * @return the error, or null
     */
    public Throwable error() {
        return error;
    }

    /** Closes the stream (and the socket); does nothing if it is closed already. */
    public void close() {
        close(null);
    }

    /**
     * Ends the sending side after what was written so far, leaving the receiving side open (a
     * half-close: TCP's FIN; with TLS a close_notify first).
     *
     * @throws IOException if the socket is closed or failed
     */
    public void shutdownOutput() throws IOException {
        transport.shutdownOutput();
        updateInterest();
    }

    /**
     * {@link #shutdownOutput()}, closing the stream instead if the output cannot be shut down
     * (the peer is gone): the first step of a lingering close, which then reads what the peer
     * still sends before closing.
     *
     * @return whether the stream is still open, its output shut down
     */
    public boolean shutdownOutputOrClose() {
        try {
            shutdownOutput();
            return true;
        } catch (IOException | RuntimeException e) {
            close();
            return false;
        }
    }

    /**
     * The peer's address.
     *
     * @return the remote address, or null if unknown
     */
    public SocketAddress remoteAddress() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "IOStream[" + (closed ? "closed" : LoopLog.describe(remoteAddress())) + "]";
    }

    private void close(Throwable cause) {
        if (closed) {
            return;
        }
        if (cause == null && batchDepth > 0 && connectFuture == null && !writeWaiters.isEmpty()) {
            // Written while handling this read, then closed: send what the socket takes now, as
            // an unbatched write would have been sent before the close.
            handleWrite();
            if (closed) {
                return;
            }
        }
        closed = true;
        if (cause != null) {
            error = cause;
        }
        if (interest >= 0) {
            loop.removeHandler(channel);
        }
        transport.closing();
        try {
            channel.close();
        } catch (IOException e) {
            LoopLog.debug("Exception closing " + channel, e);
        }
        if (readKind != ReadKind.NONE) {
            Future<Object> pending = readFuture;
            tryRead();
            if (readFuture == pending) {
                endReadOnClose(); // not a read its callbacks started: that one is scheduled
            }
        }
        writeQueue.clear();
        Future<IOStream> cf = connectFuture;
        connectFuture = null;
        if (cf != null) {
            cf.setException(error != null ? error : new StreamClosedException(null));
        }
        while (!writeWaiters.isEmpty()) {
            writeWaiters.pollFirst().future.setException(new StreamClosedException(error));
        }
        if (closeCallback != null) {
            runCloseCallback();
        }
    }

    private void closeOnError(Throwable e) {
        close(e);
    }

    private void runCloseCallback() {
        Runnable cb = closeCallback;
        closeCallback = null;
        loop.addCallback(cb);
    }

    @SuppressWarnings("unchecked")
    private <T> Future<T> startRead(ReadKind kind) {
        if (readKind != ReadKind.NONE) {
            throw new IllegalStateException("Already reading");
        }
        readKind = kind;
        readFuture = new Future<>();
        return (Future<T>) readFuture;
    }

    /**
     * After the stream closed, a pending read the buffer could not satisfy ends: with everything
     * for {@link #readUntilClose}, with {@link StreamClosedException} for the others.
     */
    private void endReadOnClose() {
        if (readKind == ReadKind.UNTIL_CLOSE) {
            completeRead(readBuffer.take(readBuffer.size()));
        } else if (readKind != ReadKind.NONE) {
            failRead(new StreamClosedException(error));
        }
    }

    private <T> Future<T> afterStart(Future<T> f) {
        if (readBuffer.size() > 0 && !closed && !readScheduled && inlineReads < MAX_INLINE_READS) {
            // Satisfy it from the buffer at once. The caller's callbacks run when it adds them,
            // after this returns, and may start the next read: so what bounds the nesting is a
            // count of inline reads since the loop last called us, not a depth measured here.
            inlineReads++;
            tryRead();
        }
        // Data received before a close can still be read, as in Tornado.
        if (readKind != ReadKind.NONE && (readBuffer.size() > 0 || closed) && !readScheduled) {
            // Maybe satisfied by what is buffered: find out on the next iteration, not in here.
            readScheduled = true;
            loop.addCallback(this::scheduledRead);
        }
        updateInterest();
        return f;
    }

    private void scheduledRead() {
        readScheduled = false;
        inlineReads = 0;
        if (readKind != ReadKind.NONE) {
            Future<Object> pending = readFuture;
            batchDepth++;
            try {
                tryRead();
                if (closed && readFuture == pending) {
                    endReadOnClose(); // only this read: one its callbacks started is scheduled
                }
            } finally {
                batchDepth--;
            }
            flushBatch();
            updateInterest();
        }
    }

    /** Sends what was written while a read was being handled. */
    private void flushBatch() {
        if (batchDepth == 0 && !closed && connectFuture == null && !writeWaiters.isEmpty()) {
            handleWrite();
        }
    }

    /** Completes the pending read if the buffer satisfies it. */
    private void tryRead() {
        int size = readBuffer.size();
        switch (readKind) {
            case UNTIL: {
                int at = readBuffer.indexOf(delimiter, scanFrom);
                if (at >= 0 && at + delimiter.length <= readLimit) {
                    completeRead(readBuffer.take(at + delimiter.length));
                } else if (at >= 0 || size >= readLimit) {
                    failRead(new UnsatisfiableReadException("delimiter "
                            + new String(delimiter, StandardCharsets.ISO_8859_1).trim()
                            + " not found within " + readLimit + " bytes"));
                } else {
                    scanFrom = Math.max(0, size - delimiter.length + 1);
                }
                break;
            }
            case BLANK_LINE: {
                int end = readBuffer.endOfBlankLine(scanFrom);
                if (end >= 0 && end <= readLimit) {
                    completeRead(readBuffer.take(end));
                } else if (end >= 0 || size >= readLimit) {
                    failRead(new UnsatisfiableReadException("no empty line within " + readLimit + " bytes"));
                } else {
                    scanFrom = Math.max(0, size - 2); // "\n\r" may end the buffer: look again
                }
                break;
            }
            case BYTES:
                if (size >= readLimit) {
                    completeRead(readBuffer.take(readLimit));
                }
                break;
            case PARTIAL:
                if (size > 0 || readLimit == 0) {
                    completeRead(readBuffer.take(Math.min(size, readLimit)));
                }
                break;
            case DATA:
                if (size > 0) {
                    completeRead(size);
                }
                break;
            default:
                break;
        }
    }

    private void completeRead(Object value) {
        Future<Object> f = readFuture;
        readFuture = null;
        readKind = ReadKind.NONE;
        delimiter = null;
        f.setResult(value);
    }

    private void failRead(Throwable e) {
        Future<Object> f = readFuture;
        readFuture = null;
        readKind = ReadKind.NONE;
        delimiter = null;
        f.setException(e);
    }

    /**
     * Listen for reads while a read is pending, and also while idle with an empty buffer so that a
     * peer closing an idle connection is noticed (as Tornado does); not while data sits unread,
     * which is the back-pressure on a peer sending faster than it is read.
     */
    void updateInterest() {
        if (closed) {
            return;
        }
        int ops;
        if (connectFuture != null) {
            ops = SelectionKey.OP_CONNECT;
        } else {
            ops = 0;
            if (readKind != ReadKind.NONE || readBuffer.size() == 0) {
                ops |= SelectionKey.OP_READ;
            }
            if (!writeQueue.isEmpty()) {
                ops |= SelectionKey.OP_WRITE;
            }
            ops = transport.interestOps(ops);
        }
        if (ops == interest) {
            return;
        }
        if (interest < 0) {
            loop.addHandler(channel, ops, this::ready);
        } else {
            loop.updateHandler(channel, ops);
        }
        interest = ops;
    }

    private void ready(SelectableChannel ch, int ops) {
        inlineReads = 0;
        if ((ops & SelectionKey.OP_CONNECT) != 0) {
            handleConnect();
        }
        if (!closed && (ops & SelectionKey.OP_READ) != 0) {
            batchDepth++;
            try {
                handleRead();
            } finally {
                batchDepth--;
            }
        }
        if (!closed && (ops & SelectionKey.OP_WRITE) != 0) {
            handleWrite();
        } else {
            flushBatch();
        }
        updateInterest();
    }

    private void handleConnect() {
        try {
            if (!channel.finishConnect()) {
                return;
            }
        } catch (IOException | RuntimeException e) {
            closeOnError(e);
            return;
        }
        Future<IOStream> f = connectFuture;
        connectFuture = null;
        if (!writeQueue.isEmpty()) {
            handleWrite();
        }
        f.setResult(this);
    }

    private void handleRead() {
        ByteBuffer chunk = scratch;
        chunk.clear();
        int n;
        try {
            n = transport.read(chunk);
        } catch (IOException | RuntimeException e) {
            // A reset by the peer: the ordinary end of many connections, not worth a log line.
            closeOnError(e);
            return;
        }
        if (n < 0) {
            close();
            return;
        }
        if (n == 0) {
            return;
        }
        bytesRead += n;
        chunk.flip();
        readBuffer.append(chunk);
        if (readKind == ReadKind.UNTIL_CLOSE || readKind == ReadKind.NONE
                || readBuffer.size() > maxBufferSize) {
            if (readBuffer.size() > maxBufferSize) {
                closeOnError(new IOException("Reached maximum read buffer size"));
            }
            return;
        }
        tryRead();
    }

    /** The transport holds input that no readiness event will announce. */
    private void transportReady() {
        if (!closed) {
            handleRead();
            updateInterest();
        }
    }

    private void handleWrite() {
        try {
            transport.flush(); // what TLS holds goes first (and may be all there is)
            while (!writeQueue.isEmpty()) {
                long n = queuedTotal - writtenTotal <= scratch.capacity()
                        ? writeThroughScratch()
                        : writeGathering();
                writtenTotal += n;
                while (!writeQueue.isEmpty() && !writeQueue.peekFirst().hasRemaining()) {
                    writeQueue.pollFirst();
                }
                if (n == 0) {
                    break; // the socket buffer is full: wait for OP_WRITE
                }
            }
        } catch (IOException | RuntimeException e) {
            closeOnError(e);
            return;
        }
        while (!writeWaiters.isEmpty() && writeWaiters.peekFirst().target <= writtenTotal) {
            writeWaiters.pollFirst().future.setResult(null);
        }
        updateInterest();
    }

    /** Writes everything queued (it fits the scratch buffer) with one copy and one system call. */
    private long writeThroughScratch() throws IOException {
        ByteBuffer out = scratch;
        out.clear();
        for (ByteBuffer b : writeQueue) {
            if (b.hasArray()) {
                out.put(b.array(), b.arrayOffset() + b.position(), b.remaining());
            } else {
                out.put(b.duplicate());
            }
        }
        out.flip();
        int n = transport.write(out);
        int left = n;
        for (ByteBuffer b : writeQueue) {
            int k = Math.min(left, b.remaining());
            b.position(b.position() + k);
            left -= k;
            if (left == 0) {
                break;
            }
        }
        return n;
    }

    /** Writes a large backlog from the queued buffers themselves, as many as one call takes. */
    private long writeGathering() throws IOException {
        int count = 0;
        for (ByteBuffer b : writeQueue) {
            gather[count++] = b;
            if (count == GATHER) {
                break;
            }
        }
        long n = count == 1 ? transport.write(gather[0]) : transport.write(gather, 0, count);
        java.util.Arrays.fill(gather, 0, count, null);
        return n;
    }
}
