package dev.weft.queues;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * Least item first, on a binary heap. Items that compare equal come out in the order they went in,
 * so that the order never depends on the heap's shape (Python's {@code heapq} makes no such
 * promise; with Tornado's usual {@code (priority, item)} tuples the two agree).
 */
final class PriorityStore<T> extends ItemStore<T> {
    private final Comparator<? super T> order;
    private final boolean natural;
    private Object[] items = new Object[8];
    private long[] arrivals = new long[8];
    private int size;
    private long arrived;

    /** With {@code order}, or the items' natural order if null. */
    @SuppressWarnings("unchecked")
    PriorityStore(Comparator<? super T> order) {
        this.natural = order == null;
        this.order = natural ? (Comparator<? super T>) Comparator.naturalOrder() : order;
    }

    @Override
    void add(T item) {
        if (natural) {
            Objects.requireNonNull(item, "a PriorityQueue in natural order cannot hold null:"
                    + " give it a Comparator that orders null");
            if (!(item instanceof Comparable)) {
                throw new ClassCastException(item.getClass().getName() + " is not Comparable:"
                        + " give the PriorityQueue a Comparator");
            }
        }
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
            arrivals = Arrays.copyOf(arrivals, size * 2);
        }
        int i = size++;
        long seq = arrived++;
        // Sift up.
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(item, seq, parent)) {
                break;
            }
            items[i] = items[parent];
            arrivals[i] = arrivals[parent];
            i = parent;
        }
        items[i] = item;
        arrivals[i] = seq;
    }

    @Override
    @SuppressWarnings("unchecked")
    T remove() {
        T least = (T) items[0];
        int n = --size;
        T last = (T) items[n];
        long lastSeq = arrivals[n];
        items[n] = null;
        if (n > 0) {
            // Sift down.
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= n) {
                    break;
                }
                if (child + 1 < n && before((T) items[child + 1], arrivals[child + 1], child)) {
                    child++;
                }
                if (!before((T) items[child], arrivals[child], last, lastSeq)) {
                    break;
                }
                items[i] = items[child];
                arrivals[i] = arrivals[child];
                i = child;
            }
            items[i] = last;
            arrivals[i] = lastSeq;
        }
        return least;
    }

    /** Whether ({@code item}, {@code seq}) comes out before the item at {@code index}. */
    @SuppressWarnings("unchecked")
    private boolean before(T item, long seq, int index) {
        return before(item, seq, (T) items[index], arrivals[index]);
    }

    private boolean before(T a, long seqA, T b, long seqB) {
        int c = order.compare(a, b);
        return c < 0 || (c == 0 && seqA < seqB);
    }

    @Override
    int size() {
        return size;
    }

    @Override
    @SuppressWarnings("unchecked")
    String describe() {
        Integer[] byOrder = new Integer[size];
        for (int i = 0; i < size; i++) {
            byOrder[i] = i;
        }
        Arrays.sort(byOrder, (x, y) -> {
            int c = order.compare((T) items[x], (T) items[y]);
            return c != 0 ? c : Long.compare(arrivals[x], arrivals[y]);
        });
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            b.append(i == 0 ? "" : ", ").append(items[byOrder[i]]);
        }
        return b.append(']').toString();
    }
}
