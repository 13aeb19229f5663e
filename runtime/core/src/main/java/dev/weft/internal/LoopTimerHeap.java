package dev.weft.internal;

import java.util.Arrays;

/**
 * An {@code IOLoop}'s pending timers: a binary min-heap ordered by deadline, then by insertion
 * order. Each timer knows its index, so a cancelled timer is removed at once in O(log n) instead of
 * lingering until it comes due (Tornado instead counts cancellations and rebuilds the heap when they
 * exceed half of it; eager removal keeps no garbage at all).
 *
 * <p>Thread rules: not thread-safe; only the loop's thread touches it.
 */
public final class LoopTimerHeap {
    private static final int INITIAL_CAPACITY = 16;

    private LoopTimer[] heap = new LoopTimer[INITIAL_CAPACITY];
    private int size;
    private long nextSeq;

    /**
     * The number of pending timers.
     *
     * @return the size
     */
    public int size() {
        return size;
    }

    /**
     * Whether no timer is pending.
     *
     * @return true if empty
     */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * The timer due first.
     *
     * @return it, or null if empty
     */
    public LoopTimer peek() {
        return heap[0];
    }

    /**
     * Adds a timer that is in no heap.
     *
     * @param t the timer
     */
    public void add(LoopTimer t) {
        if (t.index >= 0) {
            throw new IllegalStateException("timer already scheduled: " + t);
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        t.seq = nextSeq++;
        siftUp(size++, t);
    }

    /**
     * Removes and returns the timer due first.
     *
     * @return it, or null if empty
     */
    public LoopTimer poll() {
        LoopTimer top = heap[0];
        if (top != null) {
            removeAt(0);
        }
        return top;
    }

    /**
     * Removes {@code t} if it is in this heap.
     *
     * @param t the timer
     * @return whether it was here
     */
    public boolean remove(LoopTimer t) {
        int i = t.index;
        if (i < 0 || i >= size || heap[i] != t) {
            return false;
        }
        removeAt(i);
        return true;
    }

    /** Cancels every timer and empties the heap. */
    public void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].take();
            heap[i].index = -1;
        }
        heap = new LoopTimer[INITIAL_CAPACITY];
        size = 0;
    }

    private void removeAt(int i) {
        heap[i].index = -1;
        LoopTimer last = heap[--size];
        heap[size] = null;
        if (i != size) {
            siftDown(i, last);
            if (heap[i] == last) {
                siftUp(i, last);
            }
        }
        // Give memory back after a burst of timers, with hysteresis so add/remove cannot thrash.
        if (heap.length > INITIAL_CAPACITY && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, Math.max(INITIAL_CAPACITY, heap.length / 2));
        }
    }

    private static boolean before(LoopTimer a, LoopTimer b) {
        // Subtraction, not <, because System.nanoTime values may wrap around.
        long d = a.deadline() - b.deadline();
        return d < 0 || (d == 0 && a.seq < b.seq);
    }

    private void siftUp(int i, LoopTimer t) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            LoopTimer p = heap[parent];
            if (!before(t, p)) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = t;
        t.index = i;
    }

    private void siftDown(int i, LoopTimer t) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            LoopTimer c = heap[child];
            int right = child + 1;
            if (right < size && before(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!before(c, t)) {
                break;
            }
            heap[i] = c;
            c.index = i;
            i = child;
        }
        heap[i] = t;
        t.index = i;
    }
}
