package dev.weft.sql;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The queue of one connection (or of one pool slot, which its successive connections share):
 * runs the tasks given to it one at a time, in the order given, on its {@link SqlRunners}' threads,
 * since a JDBC connection is not safe for concurrent use, yet a coroutine may start two statements
 * on it without awaiting the first. After {@link #shutdown()} it runs the tasks already given;
 * later tasks are refused.
 *
 * <p>Why not {@code Executors.newSingleThreadExecutor} under a serial executor, as once: every
 * statement then went through two queues and two locks (the serial executor's, then the thread
 * pool's {@code LinkedBlockingQueue} with its two locks and conditions), and each hand-off
 * allocated a queue node. Here a hand-off is one uncontended lock and an array deque, and only a
 * queue that had nothing to do is handed to the runners.
 *
 * <p>A loop that gives it a statement spins a little for the outcome before it sleeps, but only
 * when {@link HandOffSpin} says the wait will be short and the cores are free: unconditionally,
 * the spin cost more than it saved (docs/BENCHMARKS.md).
 *
 * <p>Thread rules: {@link #execute} and {@link #shutdown} from any thread; {@link #next} and
 * {@link #holdsWork} from the runner thread that took the queue.
 */
final class SqlWorker implements Executor {
    private final SqlRunners runners;

    // Guarded by this.
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean scheduled; // handed to the runners: waiting for a thread, or run by one
    private boolean shutdown;

    SqlWorker(SqlRunners runners) {
        this.runners = runners;
        runners.register();
    }

    /**
     * Queues {@code task} after those given before, and hands the queue to the runners if it had
     * nothing to do.
     *
     * @throws RejectedExecutionException after {@link #shutdown()}, or if no thread can be had
     */
    @Override
    public void execute(Runnable task) {
        boolean schedule;
        synchronized (this) {
            if (shutdown) {
                throw new RejectedExecutionException("the worker is shut down");
            }
            tasks.addLast(task);
            schedule = !scheduled;
            scheduled = true;
        }
        if (schedule) {
            try {
                runners.schedule(this); // outside the lock: a runner may take the queue at once
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    tasks.remove(task);
                    // Tasks given meanwhile stay queued, and the next task hands them over.
                    scheduled = false;
                }
                throw e;
            }
        }
        HandOffSpin.spinCallerLoop(runners.lastCallNanos);
    }

    /**
     * Refuses later tasks; those already given still run. The runners stop counting the queue
     * at once: its owner shuts it down from its last task, so none waits behind it for a thread.
     */
    void shutdown() {
        synchronized (this) {
            if (shutdown) {
                return;
            }
            shutdown = true;
        }
        runners.unregister();
    }

    /** The next task, or null: the queue then has nothing to do and is no longer scheduled. */
    synchronized Runnable next() {
        Runnable task = tasks.pollFirst();
        if (task == null) {
            scheduled = false;
        }
        return task;
    }

    /** Whether tasks are queued; if none, the queue is no longer scheduled. */
    synchronized boolean holdsWork() {
        if (tasks.isEmpty()) {
            scheduled = false;
            return false;
        }
        return true;
    }
}
