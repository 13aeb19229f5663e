package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The queue through which other threads hand callbacks to an {@code IOLoop}: many producers, one
 * consumer (the loop's thread). Dmitry Vyukov's intrusive MPSC queue: {@link #offer} is one atomic
 * exchange and never retries, so contended producers do not spin as they would on a CAS loop.
 *
 * <p>Thread rules: {@link #offer} from any thread; {@link #poll} and {@link #isEmpty} only from the
 * single consumer thread.
 */
public final class LoopTaskQueue {
    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(LoopTaskQueue.class, "tail", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Node {
        Runnable task;
        volatile Node next;

        Node(Runnable task) {
            this.task = task;
        }
    }

    // Consumer side: head is a consumed (or stub) node; the first task is head.next.
    private Node head;
    @SuppressWarnings("unused") // accessed through TAIL
    private volatile Node tail;

    /** An empty queue. */
    public LoopTaskQueue() {
        Node stub = new Node(null);
        head = stub;
        tail = stub;
    }

    /**
     * Appends {@code task}. The volatile link store is what the loop's sleeping-flag handshake
     * relies on: it is ordered before the producer's later read of that flag.
     *
     * @param task the task, not null
     */
    public void offer(Runnable task) {
        Node node = new Node(task);
        Node prev = (Node) TAIL.getAndSet(this, node);
        // Between the exchange and this store the consumer sees the queue end at prev; that is
        // fine because this producer checks the loop's sleeping flag after the store.
        prev.next = node;
    }

    /**
     * Removes the oldest task.
     *
     * @return the task, or null if none is (fully) linked yet
     */
    public Runnable poll() {
        Node next = head.next;
        if (next == null) {
            return null;
        }
        head = next;
        Runnable task = next.task;
        next.task = null; // next is the new stub: do not keep the task reachable
        return task;
    }

    /**
     * Whether no linked task is waiting (a producer in the middle of {@link #offer} may not be seen
     * yet; it wakes the consumer itself).
     *
     * @return true if {@link #poll} would return null
     */
    public boolean isEmpty() {
        return head.next == null;
    }
}
