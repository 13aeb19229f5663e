package dev.weft.sql;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread of one connection (or of one pool slot, which its successive connections share):
 * runs the tasks given to it one at a time, in the order given, since a JDBC connection is not
 * safe for concurrent use, yet a coroutine may start two statements on it without awaiting the
 * first. The first task starts the thread; with nothing to do for its keep-alive (by default
 * {@link #KEEP_ALIVE_NANOS}, a minute) the thread ends, and the next task starts another. After
 * {@link #shutdown()} it runs the tasks already given, then ends; later tasks are refused.
 *
 * <p>Why not {@code Executors.newSingleThreadExecutor} under a serial executor, as before: every
 * statement then went through two queues and two locks (the serial executor's, then the thread
 * pool's {@code LinkedBlockingQueue} with its two locks and conditions), and each hand-off
 * allocated a queue node. Here a hand-off is one uncontended lock, an array deque, and an unpark
 * only if the thread is parked, which a caller on a running loop leaves to the iteration's end
 * ({@link LoopWakeups}).
 *
 * <p>(A worker that spins briefly before parking was tried, and dropped: on the shared 2-core
 * machine it lost more to the CPU it took than it saved in wake-ups; see docs/BENCHMARKS.md.)
 *
 * <p>Thread rules: {@link #execute} and {@link #shutdown} from any thread.
 */
final class SqlWorker implements Executor {
    /** How long a worker waits for work before its thread ends. */
    static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final System.Logger LOG = System.getLogger(SqlWorker.class.getName());

    private final ThreadFactory threads;
    private final long keepAliveNanos;
    private final Runnable work = this::work; // made once: starting a thread allocates no lambda

    // Guarded by this.
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private Thread thread; // null: none is running (not started yet, ended idle, or shut down)
    private boolean parked; // the thread is parked (or about to), and must be unparked for work
    private boolean shutdown;

    SqlWorker(ThreadFactory threads) {
        this(threads, KEEP_ALIVE_NANOS);
    }

    /** With another keep-alive ({@code Long.MAX_VALUE}: the thread never ends idle). */
    SqlWorker(ThreadFactory threads, long keepAliveNanos) {
        this.threads = threads;
        this.keepAliveNanos = keepAliveNanos;
    }

    /**
     * Queues {@code task} after those given before, and starts or wakes the thread if needed.
     *
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    @Override
    public void execute(Runnable task) {
        Thread start = null;
        Thread wake = null;
        synchronized (this) {
            if (shutdown) {
                throw new RejectedExecutionException("the worker is shut down");
            }
            tasks.addLast(task);
            if (thread == null) {
                thread = threads.newThread(work);
                start = thread;
            } else if (parked) {
                parked = false;
                wake = thread;
            }
        }
        // Outside the lock: the woken thread's first step is to take it.
        if (start != null) {
            try {
                start.start();
            } catch (Throwable t) { // no thread to be had (out of native threads, say)
                synchronized (this) {
                    tasks.remove(task);
                    if (thread == start) {
                        thread = null;
                    }
                }
                throw new RejectedExecutionException("cannot start a SQL worker thread", t);
            }
        } else if (wake != null) {
            LoopWakeups.unpark(wake);
        }
    }

    /** Runs the tasks already given, then ends the thread; later tasks are refused. */
    void shutdown() {
        Thread wake = null;
        synchronized (this) {
            shutdown = true;
            if (parked) {
                parked = false;
                wake = thread;
            }
        }
        if (wake != null) {
            LockSupport.unpark(wake);
        }
    }

    /** Whether a thread is running now. */
    synchronized boolean hasThread() {
        return thread != null;
    }

    private void work() {
        while (true) {
            Runnable task = next();
            if (task == null) {
                return;
            }
            try {
                task.run();
            } catch (Throwable t) {
                // The pool's tasks handle their own failures, so this is a bug; it must not leave
                // the connection without a thread, so the worker goes on.
                LOG.log(System.Logger.Level.ERROR, "Exception in a SQL worker task", t);
            }
        }
    }

    /** The next task, waiting for it as long as needed; null once the thread must end. */
    private Runnable next() {
        long idleSince = 0;
        while (true) {
            long wait;
            synchronized (this) {
                parked = false; // woken for work, timed out, or spuriously: look again
                Runnable task = tasks.pollFirst();
                if (task != null) {
                    return task;
                }
                if (shutdown) {
                    thread = null;
                    return null;
                }
                long now = System.nanoTime();
                if (idleSince == 0) {
                    idleSince = now;
                }
                wait = keepAliveNanos - (now - idleSince);
                if (wait <= 0) {
                    thread = null; // the next task starts a new thread
                    return null;
                }
                parked = true;
            }
            // Not holding the lock. An unpark that comes before the park makes it return at
            // once, so a task queued between the two is not missed.
            LockSupport.parkNanos(this, wait);
        }
    }
}
