package dev.weft.httpclient;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of the JDK {@link java.net.http.HttpClient}s behind {@link AsyncHttpClient}: where
 * the JDK runs its asynchronous tasks and completes the futures of {@code sendAsync}.
 *
 * <p>The JDK's default executor is a thread pool, so a response read by the client's selector
 * thread is handed to a pool thread, which completes the exchange and then hands the result to
 * the caller's loop: two thread hops per response, each a wake-up, which costs more CPU than the
 * rest of a small exchange. Here a task submitted by the client's own selector thread (the
 * response path: parsing, the body, completing the exchange) runs at once on that thread, which
 * only ever does non-blocking work there; the result then makes its one hop, to the caller's
 * loop. Everything else, above all the start of an exchange, which may resolve a host name (a
 * blocking lookup), goes to a pool as before, so that neither an {@code IOLoop} nor the selector
 * thread ever waits for DNS. {@link Fetch} never starts an exchange from a JDK thread either: it
 * starts queued fetches and redirects from their loop or this pool.
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
                    Thread t = new Thread(r, "weft-httpclient-" + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public void execute(Runnable task) {
        if (onSelectorThread()) {
            task.run();
        } else {
            pool.execute(task);
        }
    }

    /**
     * Runs {@code task} on the pool, never on this thread: for work that may block or run user
     * code, handed over by a JDK thread.
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
