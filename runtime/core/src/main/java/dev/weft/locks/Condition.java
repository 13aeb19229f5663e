package dev.weft.locks;

import dev.weft.Future;
import dev.weft.internal.QueuedWaiter;
import dev.weft.internal.WaiterLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A condition that coroutines wait for until another one signals it (Tornado's
 * {@code tornado.locks.Condition}; {@link #signal()} is Tornado's {@code notify} and
 * {@link #signalAll()} its {@code notify_all}, renamed because {@code Object} has final
 * {@code notify} methods). Unlike {@code threading.Condition} it has no lock: coroutines on one
 * loop need none.
 *
 * <pre>{@code
 * Condition condition = new Condition();
 * // in one coroutine:
 * boolean notified = Co.await(condition.waitAsync());
 * // in another:
 * condition.signal();
 * }</pre>
 *
 * <p>Waiters are woken first come, first served. A waiter whose future is cancelled or times out
 * leaves the line; a timeout completes its future with {@code false}, never with an exception.
 *
 * <p>Thread rules: loop-bound, like Tornado's. Use it from the thread of one {@link dev.weft.IOLoop};
 * the futures it returns complete there. {@link #signal} completes the waiters' futures before it
 * returns; the waiting coroutines resume later, through their loop.
 */
public final class Condition {
    private final WaiterLine<QueuedWaiter<Boolean>> waiters = new WaiterLine<>("a Condition");

    /** A condition nobody waits for yet. */
    public Condition() {
    }

    /**
     * Waits until signalled.
     *
     * @return a future completed with true when signalled
     */
    public Future<Boolean> waitAsync() {
        return waitAsync(null);
    }

    /**
     * Waits until signalled, at most {@code timeout}.
     *
     * @param timeout how long to wait; null means for ever
     * @return a future completed with true when signalled, or false once the timeout passed
     */
    public Future<Boolean> waitAsync(Duration timeout) {
        QueuedWaiter<Boolean> waiter = new QueuedWaiter<>(waiters) {
            @Override
            protected void timedOut(Duration after) {
                setResult(false);
            }
        };
        waiters.add(waiter);
        waiter.expireAfter(timeout);
        return waiter;
    }

    /** Wakes the waiter that has waited longest, if any (Tornado's {@code notify()}). */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes the {@code n} waiters that have waited longest, or all of them if fewer wait
     * (Tornado's {@code notify(n)}); zero or negative wakes none.
     *
     * @param n how many to wake
     */
    public void signal(int n) {
        // Taken out first: a woken waiter's callbacks may wait again, and must not be woken twice.
        List<QueuedWaiter<Boolean>> woken = new ArrayList<>(Math.max(0, Math.min(n, waiters.size())));
        for (QueuedWaiter<Boolean> w; woken.size() < n && (w = waiters.poll()) != null; ) {
            woken.add(w);
        }
        for (QueuedWaiter<Boolean> w : woken) {
            w.serve(true);
        }
    }

    /** Wakes every waiter (Tornado's {@code notify_all()}). */
    public void signalAll() {
        signal(waiters.size());
    }

    /**
     * How many wait, e.g. {@code Condition[waiters=2]}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "Condition[waiters=" + waiters.size() + "]";
    }
}
