package dev.weft.sql;

import dev.weft.IOLoop;
import java.util.ArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes threads for a running {@link IOLoop} once its iteration ends, not at once: all the workers
 * given statements by one iteration's coroutines are unparked together, just before the loop waits.
 *
 * <p>Why: an unpark hands the woken thread the core the loop runs on as often as not, so a loop
 * that woke a worker per statement was preempted per statement, in the middle of its callbacks,
 * and spent its time switching (at 100 concurrent coroutines, three context switches per query;
 * docs/BENCHMARKS.md). Woken at the iteration's end, the workers run while the loop has nothing
 * left to do. {@link IOLoop#addIterationEndCallback} runs before the loop waits or stops, so no
 * wake-up is left behind.
 *
 * <p>Thread rules: {@link #unpark} from any thread; the batch is per thread, so per loop.
 */
final class LoopWakeups implements Runnable {
    private static final ThreadLocal<LoopWakeups> MINE = ThreadLocal.withInitial(LoopWakeups::new);

    private final ArrayList<Thread> threads = new ArrayList<>();
    // The loop this batch is queued on, or null when it is not queued. Kept as the loop, not a
    // flag: a loop closed with the batch queued (after a fatal error) drops it, and the thread's
    // next loop must queue it again.
    private IOLoop queuedOn;

    private LoopWakeups() {
    }

    /**
     * Unparks {@code thread} at the end of the calling thread's loop iteration if that loop is
     * running (the caller is then one of its callbacks or handlers), else now.
     */
    static void unpark(Thread thread) {
        IOLoop loop = IOLoop.currentOrNull();
        if (loop == null || !loop.isRunning()) {
            LockSupport.unpark(thread);
            return;
        }
        LoopWakeups batch = MINE.get();
        batch.threads.add(thread);
        if (batch.queuedOn != loop) {
            batch.queuedOn = loop;
            loop.addIterationEndCallback(batch);
        }
    }

    @Override
    public void run() {
        queuedOn = null;
        for (int i = 0; i < threads.size(); i++) {
            LockSupport.unpark(threads.get(i));
        }
        threads.clear();
    }
}
