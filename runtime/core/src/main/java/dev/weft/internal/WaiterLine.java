package dev.weft.internal;

import java.util.ArrayDeque;

/**
 * The waiters of a lock, semaphore, condition, event or queue, in the order they came (Tornado's
 * {@code _waiters} deque). A waiter that is done (cancelled or timed out) stays in the deque until
 * it reaches the head or the line is compacted, and is skipped: {@link #poll()} only ever returns
 * pending waiters. The line compacts itself once most of it has left, so that a stream of
 * timeouts does not grow it without bound (Tornado's {@code _garbage_collect}).
 *
 * <p>Thread rules: loop-bound, like its owner; not thread-safe.
 *
 * @param <W> the type of waiter
 */
public final class WaiterLine<W extends QueuedWaiter<?>> {
    /** Below this many departed waiters, compacting is not worth a pass over the deque. */
    private static final int COMPACT_AT = 64;

    private final ArrayDeque<W> waiters = new ArrayDeque<>();
    private final String owner;
    /** How many waiters in {@link #waiters} are done. */
    private int departed;

    /**
     * An empty line.
     *
     * @param owner what the waiters wait for, for messages ("a Lock", ...)
     */
    public WaiterLine(String owner) {
        this.owner = owner;
    }

    /**
     * Puts {@code waiter} at the end of the line.
     *
     * @param waiter a pending waiter created for this line
     */
    public void add(W waiter) {
        waiters.addLast(waiter);
    }

    /**
     * Takes the first pending waiter out of the line.
     *
     * @return it, or null if none is waiting
     */
    public W poll() {
        W w;
        while ((w = waiters.pollFirst()) != null) {
            if (!w.isDone()) {
                return w;
            }
            forget(w);
        }
        return null;
    }

    /**
     * Whether any waiter is still pending.
     *
     * @return true if {@link #poll()} would return one
     */
    public boolean hasWaiters() {
        W w;
        while ((w = waiters.peekFirst()) != null && w.isDone()) {
            waiters.pollFirst();
            forget(w);
        }
        return w != null;
    }

    /**
     * How many waiters are pending.
     *
     * @return the count
     */
    public int size() {
        return waiters.size() - departed;
    }

    /**
     * A done waiter leaves the deque. Only those that said they left are counted in
     * {@link #departed}: one completed some other way (a caller completing the future it was
     * given) is skipped all the same, without upsetting the count.
     */
    private void forget(W w) {
        if (w.leftLine) {
            departed--;
        }
    }

    /** Called by a waiter of this line that timed out or was cancelled. */
    void left() {
        departed++;
        if (departed >= COMPACT_AT && departed * 2 >= waiters.size()) {
            // Removes every done waiter, counted or not, so the count starts again from zero.
            waiters.removeIf(QueuedWaiter::isDone);
            departed = 0;
        }
    }

    /**
     * What the waiters wait for.
     *
     * @return the owner's description
     */
    @Override
    public String toString() {
        return owner;
    }
}
