package dev.weft.queues;

import dev.weft.Future;
import dev.weft.internal.QueuedWaiter;
import dev.weft.internal.WaiterLine;
import dev.weft.locks.Event;
import java.time.Duration;

/**
 * A queue for coroutines (Tornado's {@code tornado.queues.Queue}): first in, first out, optionally
 * bounded, with awaitable {@link #put} and {@link #get}.
 *
 * <pre>{@code
 * Queue<String> q = new Queue<>(2);
 * // a consumer:
 * while (true) {
 *     String item = Co.await(q.get());
 *     try { handle(item); } finally { q.taskDone(); }
 * }
 * // a producer:
 * Co.await(q.put("work"));              // suspends while the queue is full
 * Co.await(q.join());                   // until every item put has been taskDone()
 * }</pre>
 *
 * <p>Back-pressure: a bounded queue that is full makes {@code put} wait, in order, and a
 * {@code get} takes the item of the putter that has waited longest into the queue. Waiting getters
 * are served in the order they came; an item put while a getter waits goes straight to it (and
 * counts for {@link #join()} as any other). A getter or putter whose future is cancelled or times
 * out leaves the line: a getter that timed out never consumes an item, a putter that timed out
 * never puts its item. Items may be null (a common "stop" sentinel).
 *
 * <p>Timeouts: {@code null} means none; zero or negative waits only for the next loop iteration
 * (Tornado treats a zero timeout as none). A timed-out future fails with
 * {@link java.util.concurrent.TimeoutException}.
 *
 * <p>Thread rules: loop-bound, like Tornado's. Use a queue from the thread of one
 * {@link dev.weft.IOLoop}; the futures it returns complete there. A {@code put} or {@code get}
 * completes the future of the waiter it serves before it returns; the waiting coroutine resumes
 * later, through its loop.
 *
 * @param <T> the item type
 */
public class Queue<T> {
    private static final Object NONE = new Object();

    private final int maxSize;
    private final ItemStore<T> items;
    private final WaiterLine<QueuedWaiter<T>> getters;
    private final WaiterLine<Putter<T>> putters;
    private final Event finished = new Event();
    private int unfinishedTasks;

    /** An unbounded queue. */
    public Queue() {
        this(0);
    }

    /**
     * A queue that holds at most {@code maxSize} items.
     *
     * @param maxSize the bound; 0 means unbounded
     * @throws IllegalArgumentException if {@code maxSize} is negative
     */
    public Queue(int maxSize) {
        this(maxSize, new FifoStore<>());
    }

    Queue(int maxSize, ItemStore<T> items) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize can't be negative: " + maxSize);
        }
        this.maxSize = maxSize;
        this.items = items;
        String name = "a " + getClass().getSimpleName();
        this.getters = new WaiterLine<>(name + ".get()");
        this.putters = new WaiterLine<>(name + ".put()");
        finished.set();
    }

    /**
     * The bound.
     *
     * @return the most items the queue holds; 0 if unbounded
     */
    public int maxSize() {
        return maxSize;
    }

    /**
     * How many items are in the queue (not counting those of waiting putters).
     *
     * @return the count
     */
    public int size() {
        return items.size();
    }

    /**
     * Whether the queue has no item.
     *
     * @return true if {@link #getNowait()} would throw
     */
    public boolean isEmpty() {
        return items.size() == 0;
    }

    /**
     * Whether a bounded queue holds {@link #maxSize()} items.
     *
     * @return true if {@link #putNowait} would throw; never for an unbounded queue
     */
    public boolean isFull() {
        return maxSize > 0 && items.size() >= maxSize;
    }

    /**
     * Puts {@code item} into the queue, waiting for room for as long as it takes.
     *
     * @param item the item; may be null
     * @return a future completed with null once the item is in; already done if there was room
     */
    public Future<Void> put(T item) {
        return put(item, null);
    }

    /**
     * Puts {@code item} into the queue, waiting for room at most {@code timeout}.
     *
     * @param item the item; may be null
     * @param timeout how long to wait; null means for ever
     * @return a future completed with null once the item is in, or failed with a
     *     {@link java.util.concurrent.TimeoutException} (then the item was not put)
     */
    public Future<Void> put(T item, Duration timeout) {
        if (offer(item)) {
            return Future.completed();
        }
        Putter<T> putter = new Putter<>(putters, item);
        putters.add(putter);
        putter.expireAfter(timeout);
        return putter;
    }

    /**
     * Puts {@code item} into the queue without waiting.
     *
     * @param item the item; may be null
     * @throws QueueFullException if the queue is full
     */
    public void putNowait(T item) {
        if (!offer(item)) {
            throw new QueueFullException(maxSize);
        }
    }

    /**
     * Takes the next item, waiting for one for as long as it takes.
     *
     * @return a future completed with the item; already done if there was one
     */
    public Future<T> get() {
        return get(null);
    }

    /**
     * Takes the next item, waiting for one at most {@code timeout}.
     *
     * @param timeout how long to wait; null means for ever
     * @return a future completed with the item, or failed with a
     *     {@link java.util.concurrent.TimeoutException} (then no item was taken)
     */
    @SuppressWarnings("unchecked")
    public Future<T> get(Duration timeout) {
        Object item = poll();
        if (item != NONE) {
            return Future.completed((T) item);
        }
        QueuedWaiter<T> getter = new QueuedWaiter<>(getters);
        getters.add(getter);
        getter.expireAfter(timeout);
        return getter;
    }

    /**
     * Takes the next item without waiting.
     *
     * @return the item
     * @throws QueueEmptyException if there is none
     */
    @SuppressWarnings("unchecked")
    public T getNowait() {
        Object item = poll();
        if (item == NONE) {
            throw new QueueEmptyException();
        }
        return (T) item;
    }

    /**
     * Says that an item taken from the queue has been dealt with; once that is so for every item
     * ever put, {@link #join()} completes.
     *
     * @throws IllegalStateException {@code "task_done() called too many times"} if it is called
     *     more often than items were put
     */
    public void taskDone() {
        if (unfinishedTasks <= 0) {
            throw new IllegalStateException("task_done() called too many times");
        }
        if (--unfinishedTasks == 0) {
            finished.set();
        }
    }

    /**
     * Waits until every item put has been dealt with ({@link #taskDone()}).
     *
     * @return a future completed with null then; already done if no task is unfinished
     */
    public Future<Void> join() {
        return finished.waitAsync();
    }

    /**
     * Waits until every item put has been dealt with, at most {@code timeout}.
     *
     * @param timeout how long to wait; null means for ever
     * @return a future completed with null then, or failed with a
     *     {@link java.util.concurrent.TimeoutException}
     */
    public Future<Void> join(Duration timeout) {
        return finished.waitAsync(timeout);
    }

    /** Puts {@code item} in or hands it to the first waiting getter; false if the queue is full. */
    private boolean offer(T item) {
        QueuedWaiter<T> getter = getters.poll();
        if (getter != null) {
            // A getter only waits while the queue is empty, so the item is the next one out.
            startTask();
            getter.serve(item);
            return true;
        }
        if (isFull()) {
            return false;
        }
        startTask();
        items.add(item);
        return true;
    }

    /**
     * The next item, or {@link #NONE}. When putters wait, the queue is full: the first putter's item
     * goes in before the next one comes out (so a {@link LifoQueue} returns that very item, as
     * Tornado's does).
     */
    private Object poll() {
        Putter<T> putter = putters.poll();
        if (putter != null) {
            startTask();
            items.add(putter.item);
            T item = items.remove();
            putter.serve(null);
            return item;
        }
        return items.size() > 0 ? items.remove() : NONE;
    }

    private void startTask() {
        unfinishedTasks++;
        finished.clear();
    }

    /**
     * The items and the waiters, e.g. {@code Queue[maxSize=2, items=[a, b], getters=0, putters=1,
     * tasks=3]}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[maxSize=" + maxSize + ", items=" + items.describe()
                + ", getters=" + getters.size() + ", putters=" + putters.size() + ", tasks="
                + unfinishedTasks + "]";
    }
}
