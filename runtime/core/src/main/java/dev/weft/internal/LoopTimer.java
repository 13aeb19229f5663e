package dev.weft.internal;

import dev.weft.Timeout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The {@link Timeout} an {@code IOLoop} hands out: a deadline, a callback, and its place in the
 * loop's {@link LoopTimerHeap}.
 *
 * <p>Thread rules: the callback slot is atomic, so firing (on the loop thread) and cancelling (from
 * any thread) race safely: exactly one of them {@link #take}s it. Everything else belongs to the
 * loop thread.
 */
public final class LoopTimer implements Timeout {
    private static final VarHandle CALLBACK;

    static {
        try {
            CALLBACK = MethodHandles.lookup()
                    .findVarHandle(LoopTimer.class, "callback", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object loop;
    private final long deadline;
    private volatile Runnable callback;
    long seq;       // insertion order, breaks ties between equal deadlines (FIFO)
    int index = -1; // position in the heap, -1 when not in it

    /**
     * A timer not yet in any heap.
     *
     * @param loop the loop that owns it (checked by {@code removeTimeout})
     * @param deadline when it is due, on the {@link System#nanoTime} clock
     * @param callback what to run
     */
    public LoopTimer(Object loop, long deadline, Runnable callback) {
        this.loop = loop;
        this.deadline = deadline;
        this.callback = callback;
    }

    /**
     * The loop this timer was made by.
     *
     * @return the loop
     */
    public Object loop() {
        return loop;
    }

    @Override
    public long deadline() {
        return deadline;
    }

    /**
     * Whether the timer has neither fired nor been cancelled.
     *
     * @return true while it is still due to run
     */
    public boolean isActive() {
        return callback != null;
    }

    /**
     * Claims the callback: whoever gets it non-null decides the timer's fate (run or drop).
     *
     * @return the callback, or null if it was already taken
     */
    public Runnable take() {
        return callback == null ? null : (Runnable) CALLBACK.getAndSet(this, (Runnable) null);
    }

    /**
     * Whether the timer is in a heap.
     *
     * @return true if it is
     */
    public boolean inHeap() {
        return index >= 0;
    }

    @Override
    public String toString() {
        return "Timeout[deadline=" + deadline + (isActive() ? "" : ", done") + "]";
    }
}
