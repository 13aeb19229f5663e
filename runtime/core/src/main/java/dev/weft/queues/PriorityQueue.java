package dev.weft.queues;

import java.util.Comparator;

/**
 * A {@link Queue} that gives its least item first (Tornado's {@code PriorityQueue}), by the items'
 * natural order or by a {@link Comparator}; items that compare equal come out in the order they
 * were put. Everything else, waiting, bounds and {@code join}, is as for {@link Queue}.
 *
 * <pre>{@code
 * PriorityQueue<Map.Entry<Integer, String>> q = new PriorityQueue<>(Map.Entry.comparingByKey());
 * q.putNowait(Map.entry(1, "medium-priority item"));
 * q.putNowait(Map.entry(0, "high-priority item"));
 * q.getNowait();                       // 0=high-priority item
 * }</pre>
 *
 * <p>In natural order an item must be {@link Comparable} and not null (a clear exception at
 * {@code put} otherwise); a Comparator may order null items too.
 *
 * <p>Thread rules: those of {@link Queue}.
 *
 * @param <T> the item type
 */
public class PriorityQueue<T> extends Queue<T> {
    /** An unbounded priority queue in the items' natural order. */
    public PriorityQueue() {
        this(0, null);
    }

    /**
     * A priority queue in the items' natural order that holds at most {@code maxSize} items.
     *
     * @param maxSize the bound; 0 means unbounded
     * @throws IllegalArgumentException if {@code maxSize} is negative
     */
    public PriorityQueue(int maxSize) {
        this(maxSize, null);
    }

    /**
     * An unbounded priority queue in the order of {@code comparator}.
     *
     * @param comparator the order; null means the items' natural order
     */
    public PriorityQueue(Comparator<? super T> comparator) {
        this(0, comparator);
    }

    /**
     * A priority queue in the order of {@code comparator} that holds at most {@code maxSize} items.
     *
     * @param maxSize the bound; 0 means unbounded
     * @param comparator the order; null means the items' natural order
     * @throws IllegalArgumentException if {@code maxSize} is negative
     */
    public PriorityQueue(int maxSize, Comparator<? super T> comparator) {
        super(maxSize, new PriorityStore<>(comparator));
    }
}
