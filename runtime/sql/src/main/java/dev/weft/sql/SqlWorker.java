package dev.weft.sql;

import dev.weft.IOLoop;
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
 * <p>With nothing left to do, a worker spins a little for its next task before it parks, and a
 * loop that gives it a statement spins a little for the outcome before it sleeps, but only when
 * {@link HandOffSpin} says the wait will be short and the cores are free: unconditionally, either
 * spin cost more than it saved (docs/BENCHMARKS.md).
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
    private long idleSince; // when the thread found nothing to do, 0 while it has work
    private volatile int given; // tasks given so far (written under the lock), a spinner watches it

    // Written by the worker thread or under the lock, read without it by a caller deciding
    // whether to spin: a stale value costs one spin more or one less, nothing else.
    private volatile long lastTaskNanos; // how long the last task ran
    private volatile long lastTurnAroundNanos; // from nothing to do to the next task given

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
            given++;
            if (idleSince != 0) {
                lastTurnAroundNanos = System.nanoTime() - idleSince;
                idleSince = 0;
            }
            if (thread == null) {
                thread = threads.newThread(work);
                start = thread;
                HandOffSpin.awoke();
            } else {
                wake = unparkLocked();
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
                HandOffSpin.asleep();
                throw new RejectedExecutionException("cannot start a SQL worker thread", t);
            }
        } else if (wake != null) {
            LoopWakeups.unpark(wake);
        }
        if (HandOffSpin.loopShouldSpin(lastTaskNanos)) {
            IOLoop loop = IOLoop.currentOrNull();
            if (loop != null && loop.isRunning()) {
                loop.spinBeforeNextWait(HandOffSpin.SPIN_NANOS);
            }
        }
    }

    /** Under the lock: marks a parked thread awake and returns it, to be unparked outside. */
    private Thread unparkLocked() {
        if (!parked) {
            return null;
        }
        parked = false;
        HandOffSpin.awoke();
        return thread;
    }

    /** Runs the tasks already given, then ends the thread; later tasks are refused. */
    void shutdown() {
        Thread wake = null;
        synchronized (this) {
            shutdown = true;
            wake = unparkLocked();
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
            long start = System.nanoTime();
            try {
                task.run();
            } catch (Throwable t) {
                // The pool's tasks handle their own failures, so this is a bug; it must not leave
                // the connection without a thread, so the worker goes on.
                LOG.log(System.Logger.Level.ERROR, "Exception in a SQL worker task", t);
            }
            lastTaskNanos = System.nanoTime() - start;
        }
    }

    /** The next task, waiting for it as long as needed; null once the thread must end. */
    private Runnable next() {
        boolean spun = false;
        while (true) {
            long wait;
            int seen = 0;
            boolean spin;
            synchronized (this) {
                unparkLocked(); // woken for work, timed out, or spuriously: look again
                Runnable task = tasks.pollFirst();
                if (task != null) {
                    return task;
                }
                if (shutdown) {
                    return endLocked();
                }
                long now = System.nanoTime();
                if (idleSince == 0) {
                    idleSince = now;
                }
                wait = keepAliveNanos - (now - idleSince);
                if (wait <= 0) {
                    return endLocked(); // the next task starts a new thread
                }
                spin = !spun && HandOffSpin.workerShouldSpin(lastTurnAroundNanos);
                if (spin) {
                    seen = given;
                } else {
                    parked = true;
                    HandOffSpin.asleep();
                }
            }
            if (spin) {
                // Not parked, so a caller queues without unparking; a task given meanwhile bumps
                // `given`, and the next look under the lock takes it.
                spun = true;
                long start = System.nanoTime();
                while (given == seen && System.nanoTime() - start < HandOffSpin.SPIN_NANOS) {
                    Thread.onSpinWait();
                }
                continue;
            }
            spun = false;
            // Not holding the lock. An unpark that comes before the park makes it return at
            // once, so a task queued between the two is not missed.
            LockSupport.parkNanos(this, wait);
        }
    }

    /** Under the lock: the thread ends (the next task starts another). */
    private Runnable endLocked() {
        thread = null;
        idleSince = 0;
        HandOffSpin.asleep();
        return null;
    }
}
