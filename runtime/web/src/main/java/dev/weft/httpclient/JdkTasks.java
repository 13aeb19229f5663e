package dev.weft.httpclient;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads behind {@link AsyncHttpClient}: the executor of its JDK
 * {@link java.net.http.HttpClient}s, and the pool on which each exchange runs.
 *
 * <p>An exchange runs as a blocking {@link java.net.http.HttpClient#send} on a thread of this
 * pool, one thread per request in flight (so at most the clients' {@code maxClients} together),
 * not as {@code sendAsync}: the JDK completes every {@code sendAsync} future through
 * {@link java.util.concurrent.CompletableFuture}'s default executor, which on a machine of one or
 * two cores starts a new thread for every response, costing more CPU than the rest of a small
 * exchange; {@code send} does without that hop. The thread blocks only in {@code send}; the
 * response reaches the caller's loop from the body subscriber ({@link Fetch}), before the thread
 * even wakes up.
 *
 * <p>As the clients' executor, tasks submitted by the JDK client's own selector thread (the
 * response path: parsing, the body, completing the exchange), which does only non-blocking work
 * there, and tasks submitted by a pool thread inside {@code send} (the start of the exchange, which
 * may resolve a host name: a blocking lookup, which a pool thread may wait for) run at once on the
 * thread that submits them. Anything else goes to the pool, so that neither an {@code IOLoop} nor
 * the selector thread ever waits for DNS.
 *
 * <p>Thread rules: thread-safe; one instance serves every client.
 */
final class JdkTasks implements Executor {
    /** The class of the JDK client's selector thread (jdk.internal, unchanged from JDK 11 to 25). */
    static final String SELECTOR_THREAD = "jdk.internal.net.http.HttpClientImpl$SelectorManager";

    static final JdkTasks INSTANCE = new JdkTasks();

    private final ExecutorService pool = makePool();

    private JdkTasks() {
    }

    private static ExecutorService makePool() {
        AtomicInteger ids = new AtomicInteger();
        // What Executors.newCachedThreadPool() is (the JDK client's default), with daemon threads
        // so that an unclosed client never keeps the JVM alive.
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new PoolThread(r, "weft-httpclient-" + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** A thread of the pool: it may block, so the JDK's tasks it submits run on it at once. */
    private static final class PoolThread extends Thread {
        PoolThread(Runnable task, String name) {
            super(task, name);
        }
    }

    @Override
    public void execute(Runnable task) {
        if (onSelectorThread() || Thread.currentThread() instanceof PoolThread) {
            task.run();
        } else {
            pool.execute(task);
        }
    }

    /**
     * Runs {@code task} on the pool, never on this thread: for work that may block (an exchange)
     * or run user code, handed over by a loop or a JDK thread.
     *
     * @param task the task
     */
    void elsewhere(Runnable task) {
        pool.execute(task);
    }

    /**
     * Whether this thread is a JDK client's selector thread.
     *
     * @return true there
     */
    static boolean onSelectorThread() {
        return Thread.currentThread().getClass().getName().equals(SELECTOR_THREAD);
    }
}
