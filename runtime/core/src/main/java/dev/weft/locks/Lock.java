package dev.weft.locks;

import dev.weft.Future;
import java.time.Duration;

/**
 * A lock for coroutines (Tornado's {@code tornado.locks.Lock}): at most one holder at a time; the
 * others wait, first come, first served.
 *
 * <pre>{@code
 * Lock lock = new Lock();
 * try (Releaser held = Co.await(lock.acquire())) {   // Tornado: async with lock:
 *     // only one coroutine at a time here
 * }
 * }</pre>
 *
 * <p>It is not reentrant and has no owner: any code may release it, as in Tornado. A waiter whose
 * future is cancelled or times out leaves the line and never receives the lock.
 *
 * <p>Thread rules: loop-bound, like Tornado's. Use it from the thread of one {@link dev.weft.IOLoop};
 * the futures it returns complete there. {@link #release()} completes the next waiter's future
 * before it returns; the waiting coroutine resumes later, through its loop.
 */
public final class Lock implements Releasable {
    private final Permits block = new Permits(1, this, "a Lock");

    /** An unlocked lock. */
    public Lock() {
    }

    /**
     * Acquires the lock, waiting for as long as it takes.
     *
     * @return a future completed with the {@link Releaser} that releases the lock; already done if
     *     the lock was free
     */
    public Future<Releaser> acquire() {
        return block.acquire(null);
    }

    /**
     * Acquires the lock, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; null means for ever
     * @return a future completed with the {@link Releaser} that releases the lock, or failed with a
     *     {@link java.util.concurrent.TimeoutException} (the waiter then leaves the line)
     */
    public Future<Releaser> acquire(Duration timeout) {
        return block.acquire(timeout);
    }

    /**
     * Releases the lock: the first pending waiter gets it now (its future is completed before this
     * returns), or it becomes unlocked.
     *
     * @throws IllegalStateException {@code "release unlocked lock"} if it is not locked
     */
    @Override
    public void release() {
        if (block.value() > 0) {
            throw new IllegalStateException("release unlocked lock");
        }
        block.release();
    }

    /**
     * Whether the lock is held.
     *
     * @return true between an acquisition and its release
     */
    public boolean isLocked() {
        return block.value() == 0;
    }

    /**
     * Whether the lock is held, and how many wait for it, e.g. {@code Lock[locked, waiters=2]}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "Lock[" + (isLocked() ? "locked" : "unlocked") + ", waiters=" + block.waiting() + "]";
    }
}
