package dev.weft.locks;

import dev.weft.Future;
import dev.weft.internal.QueuedWaiter;
import dev.weft.internal.WaiterLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A flag that coroutines can wait for (Tornado's {@code tornado.locks.Event}): it starts clear;
 * {@link #set()} sets it and wakes every waiter; while it is set, {@link #waitAsync()} does not
 * wait; {@link #clear()} clears it again.
 *
 * <pre>{@code
 * Event event = new Event();
 * // in one coroutine:
 * Co.await(event.waitAsync());          // Tornado: await event.wait()
 * // in another:
 * event.set();
 * }</pre>
 *
 * <p>Thread rules: loop-bound, like Tornado's. Use it from the thread of one {@link dev.weft.IOLoop};
 * the futures it returns complete there. {@link #set()} completes the waiters' futures before it
 * returns; the waiting coroutines resume later, through their loop.
 */
public final class Event {
    private final WaiterLine<QueuedWaiter<Void>> waiters = new WaiterLine<>("an Event");
    private boolean set;

    /** A clear event. */
    public Event() {
    }

    /**
     * Whether the flag is set.
     *
     * @return true between {@link #set()} and {@link #clear()}
     */
    public boolean isSet() {
        return set;
    }

    /**
     * Sets the flag and wakes every pending waiter, in the order they came. Does nothing if it is
     * set already.
     */
    public void set() {
        if (set) {
            return;
        }
        set = true;
        // Taken out first: a woken waiter's callbacks may clear the event and wait again.
        List<QueuedWaiter<Void>> woken = new ArrayList<>(waiters.size());
        for (QueuedWaiter<Void> w; (w = waiters.poll()) != null; ) {
            woken.add(w);
        }
        for (QueuedWaiter<Void> w : woken) {
            w.serve(null);
        }
    }

    /** Clears the flag: later {@link #waitAsync()} calls wait until the next {@link #set()}. */
    public void clear() {
        set = false;
    }

    /**
     * Waits until the flag is set.
     *
     * @return a future completed with null once it is; already done if it is set now
     */
    public Future<Void> waitAsync() {
        return waitAsync(null);
    }

    /**
     * Waits until the flag is set, at most {@code timeout}.
     *
     * @param timeout how long to wait; null means for ever
     * @return a future completed with null once it is set, or failed with a
     *     {@link java.util.concurrent.TimeoutException}; already done if it is set now. Cancelling
     *     it stops the wait.
     */
    public Future<Void> waitAsync(Duration timeout) {
        if (set) {
            return Future.completed();
        }
        QueuedWaiter<Void> waiter = new QueuedWaiter<>(waiters);
        waiters.add(waiter);
        waiter.expireAfter(timeout);
        return waiter;
    }

    /**
     * The flag, e.g. {@code Event[clear, waiters=3]}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "Event[" + (set ? "set" : "clear") + ", waiters=" + waiters.size() + "]";
    }
}
