package dev.weft.locks;

import dev.weft.Future;
import java.time.Duration;

/**
 * A counter of permits: {@link #acquire()} takes one, waiting while there are none, and
 * {@link #release()} gives one back (Tornado's {@code tornado.locks.Semaphore}). Typically used to
 * limit how many coroutines use a resource at once:
 *
 * <pre>{@code
 * Semaphore sem = new Semaphore(2);
 * try (Releaser permit = Co.await(sem.acquire())) {
 *     // at most two coroutines are here at a time
 * }
 * }</pre>
 *
 * <p>Waiters are served first come, first served: a release hands its permit to the waiter that
 * has waited longest, before any later {@code acquire} can take it. A waiter whose future is
 * cancelled or times out leaves the line and never receives a permit.
 *
 * <p>Thread rules: loop-bound, like Tornado's. Use it from the thread of one {@link dev.weft.IOLoop};
 * the futures it returns complete there. {@link #release()} completes the next waiter's future
 * before it returns; the waiting coroutine resumes later, through its loop.
 */
public class Semaphore implements Releasable {
    private final Permits permits;

    /** A semaphore with one permit. */
    public Semaphore() {
        this(1);
    }

    /**
     * A semaphore with {@code value} permits.
     *
     * @param value the initial number of permits
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Semaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("semaphore initial value must be >= 0, not " + value);
        }
        permits = new Permits(value, this, "a Semaphore");
    }

    /**
     * Takes a permit, waiting for as long as it takes.
     *
     * @return a future completed with the {@link Releaser} that gives the permit back; already done
     *     if a permit was free
     */
    public Future<Releaser> acquire() {
        return permits.acquire(null);
    }

    /**
     * Takes a permit, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; null means for ever
     * @return a future completed with the {@link Releaser} that gives the permit back, or failed
     *     with a {@link java.util.concurrent.TimeoutException} (the waiter then leaves the line)
     */
    public Future<Releaser> acquire(Duration timeout) {
        return permits.acquire(timeout);
    }

    /**
     * Gives a permit back: to the first pending waiter if there is one (its future is completed
     * now), otherwise to the counter. A plain {@code Semaphore} never complains about too many
     * releases (Tornado's neither); {@link BoundedSemaphore} does.
     */
    @Override
    public void release() {
        permits.release();
    }

    /**
     * How many permits are free now.
     *
     * @return the counter; 0 while waiters wait
     */
    public int value() {
        return permits.value();
    }

    /**
     * The class, the counter and the number of waiters, e.g. {@code Semaphore[value=0, waiters=2]}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[value=" + permits.value() + ", waiters="
                + permits.waiting() + "]";
    }
}
