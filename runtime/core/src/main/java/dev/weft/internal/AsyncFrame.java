package dev.weft.internal;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The base class of every woven async coroutine, and the {@link Future} its method returns: what
 * Tornado's {@code gen.coroutine} runner and asyncio's {@code Task} do. Internal API, public only
 * because woven classes in the user's packages extend it.
 *
 * <p>The factory creates the frame and calls {@link #start()}: the body runs at once in the
 * caller. At a {@code Co.await} of a future that is already done the woven code takes its result
 * without suspending. Otherwise it saves its frame and calls {@link #suspendOn}, which subscribes
 * this frame to the future; when the future is done, the frame is resumed through
 * {@link IOLoop#addCallback} on the loop of the thread that suspended (never inside the
 * {@code setResult} call that completed the future), or, where that thread has no loop, on the
 * completing thread. On resumption the body calls {@link #resumeValue()}, which returns the
 * awaited result or throws its failure unchanged. When the body returns a future, this one
 * completes with its outcome; when the body throws, with that exception.
 *
 * <p>{@link #cancel()} raises a {@link CancellationException} inside the body at its current
 * {@code Co.await}, so that its {@code finally} blocks run (asyncio's {@code Task.cancel}). If the
 * body lets it propagate, this future ends cancelled; if it catches it, the coroutine goes on.
 * The awaited future is left alone (others may await it too), except a waiter of
 * {@code dev.weft.locks} or {@code dev.weft.queues} ({@link QueuedWaiter}), which only this
 * coroutine waits on: it leaves its line, or gives back the lock or permit it was just handed.
 *
 * <p>Thread rules: the body never runs on two threads at once. Once it has suspended on a thread
 * with a loop, that loop is its home for good: it only ever resumes there, every wake-up (a
 * completion or a cancellation, from any thread) is a callback queued to that loop, and the loop
 * thread alone decides, with plain reads, whether the body can go on. That keeps atomic operations
 * off the common path: a pending await costs the future's two (adding the callback, completing).
 * A frame that has not suspended on a loop yet (it was called on a thread with none) resumes on the
 * thread that wakes it, and claims the body with compare-and-set on {@link #claim} first, so that
 * a wake-up arriving while the body still runs is carried out by the thread running it, right
 * after it suspends.
 *
 * @param <T> the result type
 */
public abstract class AsyncFrame<T> extends Future<T> implements Runnable, Consumer<Future<?>> {

    /** The value of {@link #label} once the body has returned. */
    public static final int DONE = -1;

    private static final Object SUSPENDED = new Object();

    // Values of `claim`: who may run the body while the frame has no home loop.
    /** The body is running on the thread that holds the claim. */
    private static final int CLAIM_RUNNING = 0;
    /** The body is suspended at an await; the next wake-up takes the claim. */
    private static final int CLAIM_WAITING = 1;
    /** The body is running and a wake-up came meanwhile: look again once it suspends. */
    private static final int CLAIM_RESUME_PENDING = 2;
    /** The body has finished. */
    private static final int CLAIM_FINISHED = 3;
    /** The frame has a home loop, for good: {@link #phase} holds its state from now on. */
    private static final int CLAIM_AT_HOME = 4;

    // Values of `phase`: the home loop's view of the body.
    /** The body is running on the home loop. */
    private static final int PHASE_RUNNING = 0;
    /** The body is suspended at an await. */
    private static final int PHASE_WAITING = 1;
    /** The body has finished. */
    private static final int PHASE_FINISHED = 2;

    private static final VarHandle CLAIM;

    static {
        try {
            CLAIM = MethodHandles.lookup().findVarHandle(AsyncFrame.class, "claim", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The suspension point the body resumes at: 0 at the start, {@link #DONE} at the end. */
    public int label;

    /** Who may run the body while the frame has no home loop; then {@link #CLAIM_AT_HOME}. */
    private volatile int claim;
    /** The home loop's view of the body; read and written on the home loop's thread only. */
    private int phase;
    /** Set once, by the body's thread, before {@link #claim} becomes {@link #CLAIM_AT_HOME}. */
    private IOLoop home;
    private volatile boolean cancelRequested;
    /** The future the body awaits; null while running. */
    private Future<?> awaiting;
    /**
     * This frame as a done callback, made at the first suspension and reused at every later one,
     * so that a suspension allocates nothing (see {@link Future#addDoneCallback(Future, Object)}).
     */
    private Object callback;
    /** The body returned a future that was not done: this one completes when it does. */
    private volatile boolean bodyReturnedPending;

    /** Creates a frame; the factory then calls {@link #start()}. */
    protected AsyncFrame() {
    }

    /**
     * Runs the woven body from the suspension point {@link #label} to the next one.
     *
     * @return the suspension sentinel, or the future the body returned
     */
    protected abstract Object resume();

    /** Called by the factory: runs the body in the caller until its first real suspension. */
    public final void start() {
        runClaimed(false);
    }

    /**
     * Called by the woven body at a {@code Co.await} of a future that is not done, after saving
     * its frame.
     *
     * @param f the awaited future
     * @return the sentinel the body returns
     */
    public final Object suspendOn(Future<?> f) {
        awaiting = f;
        if (home == null) {
            IOLoop here = IOLoop.currentOrNull();
            if (here != null) {
                // The one atomic step of moving home; it also tells whether a wake-up was left
                // for the thread running the body, which is now a callback on the new home.
                home = here;
                if ((int) CLAIM.getAndSet(this, CLAIM_AT_HOME) == CLAIM_RESUME_PENDING) {
                    here.addCallback(this);
                }
            }
        }
        if (callback == null) {
            callback = callbackToken(this);
        }
        addDoneCallback(f, callback);
        return SUSPENDED;
    }

    /**
     * Called by the woven body right after it restored its frame at an await.
     *
     * @return the awaited future's result
     */
    public final Object resumeValue() {
        Future<?> f = awaiting;
        awaiting = null;
        if (cancelRequested) {
            cancelRequested = false;
            if (f instanceof QueuedWaiter) {
                // Waiting for a lock, a permit, an item or a signal: leave the line (or give back
                // what was handed over meanwhile), as asyncio's cancelled tasks do.
                ((QueuedWaiter<?>) f).abandon();
            }
            throw new CancellationException("the coroutine was cancelled while awaiting " + f);
        }
        return f.result();
    }

    /** The awaited future is done: wake the body. Any thread. */
    @Override
    public final void accept(Future<?> done) {
        // A stale completion (cancellation already took the body past that await) is dropped. The
        // read is safe without a lock: adding this callback to `done` published `awaiting`.
        if (done == awaiting) {
            wake();
        }
    }

    /** On the home loop: resumes the body if what it waits for has come. */
    @Override
    public final void run() {
        if (phase == PHASE_WAITING && readyToResume()) {
            phase = PHASE_RUNNING;
            phase = resumeBody() ? PHASE_WAITING : PHASE_FINISHED;
        }
    }

    /**
     * Cancels the coroutine: a {@link CancellationException} is raised at its current await. Once
     * the body has returned a future that is not done yet, this future is cancelled at once (the
     * returned future itself is left alone: others may hold it).
     *
     * @return true if the coroutine was still running or suspended, or waiting for the future its
     *     body returned
     */
    @Override
    public boolean cancel() {
        if (isDone()) {
            return false;
        }
        cancelRequested = true;
        if (bodyReturnedPending) {
            return super.cancel();
        }
        wake();
        return true;
    }

    private boolean readyToResume() {
        return cancelRequested || awaiting.isDone();
    }

    private void wake() {
        IOLoop target = home;
        if (target != null) {
            target.addCallback(this);
            return;
        }
        for (;;) {
            int c = claim;
            if (c == CLAIM_AT_HOME) {
                home.addCallback(this); // visible: written before the exchange to CLAIM_AT_HOME
                return;
            } else if (c == CLAIM_WAITING) {
                if (CLAIM.compareAndSet(this, CLAIM_WAITING, CLAIM_RUNNING)) {
                    runClaimed(true);
                    return;
                }
            } else if (c == CLAIM_RUNNING) {
                if (CLAIM.compareAndSet(this, CLAIM_RUNNING, CLAIM_RESUME_PENDING)) {
                    return;
                }
            } else {
                return; // a wake-up is already pending, or the body has finished
            }
        }
    }

    /**
     * Runs the body on this thread, which holds the claim, until it suspends with nothing left to
     * resume it, moves to a home loop, or finishes.
     */
    private void runClaimed(boolean onlyIfReady) {
        for (;;) {
            if (!onlyIfReady || readyToResume()) {
                if (!resumeBody()) {
                    claim = CLAIM_FINISHED;
                    return;
                }
                if (home != null) {
                    phase = PHASE_WAITING;
                    return;
                }
            }
            onlyIfReady = true;
            if (CLAIM.compareAndSet(this, CLAIM_RUNNING, CLAIM_WAITING)) {
                return;
            }
            claim = CLAIM_RUNNING; // a wake-up came while this thread held the claim: look again
        }
    }

    /**
     * Runs the body to its next suspension point or its end, completing this future at the end.
     *
     * @return true if the body suspended
     */
    private boolean resumeBody() {
        Object r;
        try {
            r = resume();
        } catch (CancellationException e) {
            if (!super.cancel() && !isDone()) {
                setException(e);
            }
            return false;
        } catch (Throwable t) {
            if (!isDone()) {
                setException(t);
            }
            return false;
        }
        if (label != DONE) {
            return true;
        }
        adopt(r);
        return false;
    }

    /** Completes this future with the outcome of the one the body returned. */
    @SuppressWarnings("unchecked")
    private void adopt(Object returned) {
        if (returned == null) {
            complete(null);
            return;
        }
        Future<T> f = (Future<T>) returned;
        if (f.isDone()) {
            copy(f);
            return;
        }
        // Paired with cancel(): it sets cancelRequested and then reads bodyReturnedPending; this
        // sets that and then reads cancelRequested. One of the two sees the other and cancels.
        bodyReturnedPending = true;
        if (cancelRequested) {
            super.cancel();
            return;
        }
        f.addDoneCallback(this::copy);
    }

    private void copy(Future<T> f) {
        if (isDone()) {
            return;
        }
        if (f.isCancelled()) {
            super.cancel();
            return;
        }
        Throwable failure = f.exception();
        if (failure != null) {
            setException(failure);
        } else {
            complete(f.result());
        }
    }

    @Override
    public String toString() {
        String future = super.toString();
        int details = future.indexOf('[');
        return "coroutine " + CoroutineNames.of(getClass())
                + (details >= 0 ? future.substring(details) : "");
    }

    private void complete(T value) {
        if (!isDone()) {
            setResult(value);
        }
    }
}
