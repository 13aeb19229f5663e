package dev.weft.locks;

/**
 * A {@link Semaphore} that refuses to be released more often than it was acquired (Tornado's
 * {@code tornado.locks.BoundedSemaphore}): a release that would take the counter above its initial
 * value is a bug in the caller, and fails instead of silently widening the limit.
 *
 * <p>Thread rules: those of {@link Semaphore}.
 */
public class BoundedSemaphore extends Semaphore {
    private final int initialValue;

    /** A bounded semaphore with one permit. */
    public BoundedSemaphore() {
        this(1);
    }

    /**
     * A bounded semaphore with {@code value} permits.
     *
     * @param value the initial (and highest) number of permits
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public BoundedSemaphore(int value) {
        super(value);
        this.initialValue = value;
    }

    /**
     * Gives a permit back, as {@link Semaphore#release()} does.
     *
     * @throws IllegalStateException {@code "Semaphore released too many times"} if every permit is
     *     already free
     */
    @Override
    public void release() {
        if (value() >= initialValue) {
            throw new IllegalStateException("Semaphore released too many times");
        }
        super.release();
    }
}
