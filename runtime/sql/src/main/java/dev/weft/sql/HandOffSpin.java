package dev.weft.sql;

import dev.weft.IOLoop;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * When a hand-off between a loop and a SQL worker is worth waiting for by spinning, not sleeping.
 *
 * <p>At one coroutine a query hands off twice (loop to worker, worker to loop), and on a virtual
 * machine waking a sleeping thread costs tens of microseconds each way, fifty times an in-memory
 * query (docs/BENCHMARKS.md). Spinning for a few microseconds instead pays only if the other side
 * answers within the spin, and only if the spinner takes no core that someone else needs: spun
 * for unconditionally, it slowed 10 and 100 concurrent coroutines down. So both sides spin only
 * while the workers awake, with the loop, fit on the machine's cores, and only while recent
 * hand-offs were short: the last call on the pool's threads (for the loop, waiting for its
 * outcome), the caller's last turn-around (for the worker, waiting for the next task). A spin is bounded by
 * {@link #SPIN_NANOS}; an idle worker or loop never spins.
 *
 * <p>Thread rules: any thread.
 */
final class HandOffSpin {
    /** The longest spin, on either side. */
    static final long SPIN_NANOS = 25_000;
    private static final int CPUS = Runtime.getRuntime().availableProcessors();
    // Worker threads running, spinning, starting or just unparked: not parked. Across all pools.
    private static final AtomicInteger AWAKE = new AtomicInteger();

    private HandOffSpin() {
    }

    /** A worker thread starts, or is unparked. */
    static void awoke() {
        AWAKE.incrementAndGet();
    }

    /** A worker thread parks or ends. */
    static void asleep() {
        AWAKE.decrementAndGet();
    }

    /** How many worker threads are not parked, for tests. */
    static int awake() {
        return AWAKE.get();
    }

    /**
     * Whether the loop that has just given a worker a statement should spin for its outcome: the
     * worker's last task took well under a spin, and the awake workers leave the loop a core.
     */
    static boolean loopShouldSpin(long workersLastTaskNanos) {
        return workersLastTaskNanos < SPIN_NANOS / 2 && AWAKE.get() < CPUS;
    }

    /**
     * Lets the calling thread's loop, if it runs, spin for an outcome before it next sleeps when
     * {@link #loopShouldSpin} says so: for a caller that has just given work to a worker.
     */
    static void spinCallerLoop(long workersLastTaskNanos) {
        if (loopShouldSpin(workersLastTaskNanos)) {
            IOLoop loop = IOLoop.currentOrNull();
            if (loop != null && loop.isRunning()) {
                loop.spinBeforeNextWait(SPIN_NANOS);
            }
        }
    }

    /**
     * Whether a worker with nothing left to do should spin for its next task: its last one came
     * within a spin of the one before it ending, and the awake workers (this one among them) leave
     * the loop a core.
     */
    static boolean workerShouldSpin(long lastTurnAroundNanos) {
        return lastTurnAroundNanos < SPIN_NANOS && AWAKE.get() < CPUS;
    }
}
