package dev.weft.queues;

/**
 * A {@link Queue} that gives the most recently put item first (Tornado's {@code LifoQueue}).
 * Everything else, waiting, bounds and {@code join}, is as for {@link Queue}.
 *
 * <p>Thread rules: those of {@link Queue}.
 *
 * @param <T> the item type
 */
public class LifoQueue<T> extends Queue<T> {
    /** An unbounded LIFO queue. */
    public LifoQueue() {
        this(0);
    }

    /**
     * A LIFO queue that holds at most {@code maxSize} items.
     *
     * @param maxSize the bound; 0 means unbounded
     * @throws IllegalArgumentException if {@code maxSize} is negative
     */
    public LifoQueue(int maxSize) {
        super(maxSize, new LifoStore<>());
    }
}
