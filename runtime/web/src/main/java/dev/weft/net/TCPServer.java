package dev.weft.net;

import dev.weft.IOLoop;
import dev.weft.LoopLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * A non-blocking TCP server: Tornado's {@code TCPServer}. Subclasses implement
 * {@link #handleStream}, which is called on a loop thread with an {@link IOStream} for every
 * accepted connection.
 *
 * <pre>{@code
 * server.listen(8888);          // bind and accept on the current thread's loop
 * IOLoop.current().start();
 * }</pre>
 *
 * <p>To use several cores, {@link #bind} and then {@link #start(int)} with a thread count: the
 * calling thread's loop accepts, and hands each connection to one of that many worker threads (each
 * with its own {@link IOLoop}) in turn. Tornado forks processes for this; a JVM uses threads.
 *
 * <p>Accepted sockets get {@code TCP_NODELAY}: responses are written whole, so Nagle's algorithm
 * would only add latency.
 *
 * <p>TLS (Tornado's {@code ssl_options}): a server made with an {@link SSLContext}, or whose
 * subclass's {@link #sslContext()} returns one, serves TLS on every socket. Each connection is an
 * {@link SslIOStream}, handed to {@link #handleStream} once its handshake is done. A handshake
 * that fails (a peer speaking plain HTTP or sending garbage, no common cipher suite or protocol)
 * or does not finish within {@link #handshakeTimeout()} closes that connection, with a DEBUG line
 * and nothing more: it is the peer's fault, and the server goes on.
 *
 * <p>Thread rules: call {@code listen}, {@code bind}, {@code start} and {@code stop} on the thread
 * whose loop accepts.
 */
public abstract class TCPServer {
    /** The listen backlog used unless another is given (the kernel may cap it at somaxconn). */
    public static final int DEFAULT_BACKLOG = 1024;
    // Accept at most this many per readiness, so a connection storm cannot starve other work.
    private static final int ACCEPTS_PER_EVENT = 128;
    // Fewer for TLS: each accepted connection costs the next iteration a handshake's key agreement
    // and signature (1 to 4 ms of CPU), and every connection already served waits for the whole
    // iteration. With 128, a storm of 1,000 handshakes made iterations of half a second (p99 0.66 s
    // and wrk timeouts); with 8, p99 near Netty's, which accepts 16 (docs/BENCHMARKS.md).
    private static final int TLS_ACCEPTS_PER_EVENT = 8;
    // After running out of file descriptors, stop accepting this long instead of spinning.
    private static final Duration ACCEPT_PAUSE = Duration.ofMillis(100);

    /** How long a TLS handshake may take unless a subclass says otherwise. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final SSLContext sslContext;
    private final List<ServerSocketChannel> sockets = new ArrayList<>();
    private final List<ServerSocketChannel> pendingSockets = new ArrayList<>();
    private final List<IOLoop> workers = new ArrayList<>();
    private final List<Thread> workerThreads = new ArrayList<>();
    private IOLoop acceptLoop;
    private int nextWorker;
    private boolean started;
    private boolean stopped;

    /** A server that is not listening yet. */
    protected TCPServer() {
        this(null);
    }

    /**
     * A server that is not listening yet, speaking TLS when given a context.
     *
     * @param sslContext the certificate and key to serve with (a context from
     *     {@code SSLContext.getInstance("TLS")} initialised with a key manager), or null for plain TCP
     */
    protected TCPServer(SSLContext sslContext) {
        this.sslContext = sslContext;
    }

    /**
     * The TLS context connections are accepted with, asked for each connection.
     *
     * @return the context given to the constructor; null for plain TCP
     */
    protected SSLContext sslContext() {
        return sslContext;
    }

    /**
     * How long a TLS handshake may take from the accept; a slower one is closed. Asked for each
     * connection.
     *
     * @return {@link #DEFAULT_HANDSHAKE_TIMEOUT} unless overridden
     */
    protected Duration handshakeTimeout() {
        return DEFAULT_HANDSHAKE_TIMEOUT;
    }

    /**
     * Makes the server-side engine for one connection; subclasses may set more (HttpServer sets
     * ALPN).
     *
     * @param context the server's context
     * @param address the peer
     * @return an engine in server mode
     */
    protected SSLEngine createSslEngine(SSLContext context, InetSocketAddress address) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        return engine;
    }

    /**
     * Binds to {@code port} on all interfaces and starts accepting on the current thread's loop
     * (Tornado's {@code listen}).
     *
     * @param port the port, 0 for an ephemeral one (see {@link #boundPort()})
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    public void listen(int port) {
        listen(port, null);
    }

    /**
     * Binds to {@code port} on {@code address} and starts accepting on the current thread's loop.
     *
     * @param port the port, 0 for an ephemeral one
     * @param address the interface address or host name, null or empty for all
     */
    public void listen(int port, String address) {
        bind(port, address, DEFAULT_BACKLOG);
        start(1);
    }

    /**
     * Binds a listening socket without accepting yet; {@link #start(int)} starts.
     *
     * @param port the port, 0 for an ephemeral one
     * @param address the interface, null or empty for all
     * @param backlog the listen backlog
     */
    public void bind(int port, String address, int backlog) {
        ServerSocketChannel ssc = null;
        try {
            ssc = ServerSocketChannel.open();
            ssc.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            InetSocketAddress where = address == null || address.isEmpty()
                    ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
            ssc.bind(where, backlog);
            ssc.configureBlocking(false);
        } catch (IOException e) {
            closeQuietly(ssc);
            throw new java.io.UncheckedIOException("cannot listen on " + address + ":" + port, e);
        }
        if (started) {
            addSocket(ssc);
        } else {
            pendingSockets.add(ssc);
        }
    }

    /**
     * Starts accepting on the sockets bound so far, on the calling thread's loop.
     *
     * @param threads 1 to serve every connection on this thread's loop; more to accept here and
     *     serve on that many new worker threads, each running its own loop
     */
    public void start(int threads) {
        if (started) {
            throw new IllegalStateException("TCPServer already started");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        started = true;
        acceptLoop = IOLoop.current();
        if (threads > 1) {
            startWorkers(threads);
        }
        for (ServerSocketChannel ssc : pendingSockets) {
            addSocket(ssc);
        }
        pendingSockets.clear();
    }

    /**
     * Accepts connections on an already bound socket (Tornado's {@code add_socket}), on the
     * current thread's loop.
     *
     * @param ssc a bound server socket; the server closes it on {@link #stop}
     */
    public void addSocket(ServerSocketChannel ssc) {
        if (acceptLoop == null) {
            started = true;
            acceptLoop = IOLoop.current();
        }
        sockets.add(ssc);
        acceptLoop.addHandler(ssc, SelectionKey.OP_ACCEPT, this::acceptReady);
    }

    /**
     * The local port of the first listening socket: the port chosen when listening on port 0.
     *
     * @return the port, or -1 if not bound
     */
    public int boundPort() {
        List<ServerSocketChannel> all = sockets.isEmpty() ? pendingSockets : sockets;
        for (ServerSocketChannel ssc : all) {
            try {
                return ((InetSocketAddress) ssc.getLocalAddress()).getPort();
            } catch (IOException | RuntimeException e) {
                // closed: try the next one
            }
        }
        return -1;
    }

    /**
     * Stops listening: closes the listening sockets and stops the worker threads' loops, after
     * which {@link #workerLoop} lets a subclass close their connections ({@code HttpServer} does).
     * Connections on the accepting loop stay open; subclasses may close them. Does nothing the
     * second time.
     */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (ServerSocketChannel ssc : sockets) {
            if (acceptLoop != null) {
                acceptLoop.removeHandler(ssc);
            }
            closeQuietly(ssc);
        }
        for (ServerSocketChannel ssc : pendingSockets) {
            closeQuietly(ssc);
        }
        sockets.clear();
        pendingSockets.clear();
        for (IOLoop w : workers) {
            w.stop();
        }
    }

    /**
     * Waits for the worker threads to end after {@link #stop()}, for tests and orderly shutdown.
     *
     * @param timeout how long at most
     * @return whether they all ended
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitWorkers(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : workerThreads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            t.join(Math.max(1, left / 1_000_000));
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Serves one accepted connection. Called on the loop thread that owns {@code stream}; an
     * exception escaping it is logged and the connection closed.
     *
     * @param stream the connection
     * @param address the peer's address
     */
    protected abstract void handleStream(IOStream stream, InetSocketAddress address);

    /**
     * Called on a worker thread just before its loop starts, and once more after it stopped (with
     * {@code starting} false), so that subclasses can set up or tear down per-thread state.
     *
     * @param loop the worker's loop
     * @param starting true before start, false after stop
     */
    protected void workerLoop(IOLoop loop, boolean starting) {
    }

    private void startWorkers(int threads) {
        CountDownLatch ready = new CountDownLatch(threads);
        IOLoop[] loops = new IOLoop[threads];
        for (int i = 0; i < threads; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                IOLoop loop = IOLoop.current();
                loops[id] = loop;
                ready.countDown();
                try {
                    workerLoop(loop, true);
                    loop.start();
                } finally {
                    workerLoop(loop, false);
                    loop.close();
                }
            }, "weft-server-" + i);
            t.setDaemon(true);
            workerThreads.add(t);
            t.start();
        }
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting worker threads", e);
        }
        workers.addAll(List.of(loops));
    }

    private void acceptReady(SelectableChannel ch, int ops) {
        ServerSocketChannel ssc = (ServerSocketChannel) ch;
        int limit = sslContext() == null ? ACCEPTS_PER_EVENT : TLS_ACCEPTS_PER_EVENT;
        for (int i = 0; i < limit; i++) {
            SocketChannel sc;
            try {
                sc = ssc.accept();
            } catch (IOException e) {
                if (!ssc.isOpen()) {
                    return;
                }
                // Usually EMFILE: the pending connection stays queued and the socket stays ready,
                // so pause instead of spinning on the same failure.
                LoopLog.error("Error accepting a connection; pausing accepts for " + ACCEPT_PAUSE, e);
                acceptLoop.updateHandler(ssc, 0);
                acceptLoop.callLater(ACCEPT_PAUSE, () -> {
                    if (ssc.isOpen()) {
                        acceptLoop.updateHandler(ssc, SelectionKey.OP_ACCEPT);
                    }
                });
                return;
            }
            if (sc == null) {
                return;
            }
            dispatch(sc);
        }
    }

    private void dispatch(SocketChannel sc) {
        InetSocketAddress address;
        try {
            sc.setOption(StandardSocketOptions.TCP_NODELAY, true);
            sc.configureBlocking(false);
            address = (InetSocketAddress) sc.getRemoteAddress();
        } catch (IOException e) {
            // The peer reset it before we got to it.
            closeQuietly(sc);
            return;
        }
        if (workers.isEmpty()) {
            serve(sc, address);
        } else {
            IOLoop worker = workers.get(nextWorker);
            nextWorker = (nextWorker + 1) % workers.size();
            worker.addCallback(() -> serve(sc, address));
        }
    }

    private void serve(SocketChannel sc, InetSocketAddress address) {
        SSLContext tls = sslContext();
        if (tls != null) {
            serveTls(sc, address, tls);
            return;
        }
        handle(new IOStream(sc), address);
    }

    private void serveTls(SocketChannel sc, InetSocketAddress address, SSLContext tls) {
        SslIOStream stream;
        try {
            stream = new SslIOStream(sc, createSslEngine(tls, address));
        } catch (RuntimeException e) {
            LoopLog.error("Cannot make a TLS engine in " + this, e);
            closeQuietly(sc);
            return;
        }
        IOLoop loop = IOLoop.current();
        Duration limit = handshakeTimeout();
        dev.weft.Timeout timer = loop.callLater(limit, () -> {
            if (!stream.isClosed()) {
                LoopLog.debug("TLS handshake with " + address + " timed out after " + limit, null);
                stream.close();
            }
        });
        stream.waitForHandshake().addDoneCallback(f -> {
            loop.removeTimeout(timer);
            if (f.exception() != null) {
                // The peer's fault (or its going away): not worth more than a DEBUG line.
                LoopLog.debug("TLS handshake with " + address + " failed: " + f.exception(), null);
                stream.close();
            } else {
                handle(stream, address);
            }
        });
    }

    private void handle(IOStream stream, InetSocketAddress address) {
        try {
            handleStream(stream, address);
        } catch (RuntimeException | Error e) {
            LoopLog.error("Error in connection handler of " + this, e);
            stream.close();
            if (e instanceof VirtualMachineError) {
                throw e;
            }
        }
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            LoopLog.debug("Exception closing " + c, e);
        }
    }
}
