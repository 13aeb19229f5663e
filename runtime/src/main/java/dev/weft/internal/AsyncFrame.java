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
 *
 * <p>Thread rules: the body never runs on two threads at once. A resumption requested while the
 * body is still running (the awaited future completed by another thread in between) is carried
 * out by the thread running the body, right after it returns.
 *
 * @param <T> the result type
 */
public abstract class AsyncFrame<T> extends Future<T> implements Runnable, Consumer<Future<?>> {

    /** The value of {@link #label} once the body has returned. */
    public static final int DONE = -1;

    private static final Object SUSPENDED = new Object();

    /** The body is running; a completion that arrives now is left to it. */
    private static final int RUNNING = 0;
    /** The body is suspended at an await. */
    private static final int WAITING = 1;
    /** The body is running and has been asked to resume again as soon as it suspends. */
    private static final int RESUME_PENDING = 2;
    /** The body has finished. */
    private static final int FINISHED = 3;

    private static final VarHandle PHASE;

    static {
        try {
            PHASE = MethodHandles.lookup().findVarHandle(AsyncFrame.class, "phase", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The suspension point the body resumes at: 0 at the start, {@link #DONE} at the end. */
    public int label;

    private volatile int phase;
    private volatile boolean cancelRequested;
    /** The future the body awaits; null while running. */
    private Future<?> awaiting;
    /** Where to resume: the loop of the thread that suspended, or null to resume in place. */
    private IOLoop loop;

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
        step();
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
        loop = IOLoop.currentOrNull();
        f.addDoneCallback(this);
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
            throw new CancellationException("the coroutine was cancelled while awaiting " + f);
        }
        return f.result();
    }

    /** The awaited future is done: resume the body, on the loop it suspended on. */
    @Override
    public final void accept(Future<?> done) {
        if (done != awaiting) {
            return; // a stale completion: cancellation already resumed the body past it
        }
        wake();
    }

    /** Runs on the loop: resumes the body. */
    @Override
    public final void run() {
        step();
    }

    /**
     * Cancels the coroutine: a {@link CancellationException} is raised at its current await.
     *
     * @return true if the coroutine was still running or suspended
     */
    @Override
    public boolean cancel() {
        if (isDone()) {
            return false;
        }
        cancelRequested = true;
        wake();
        return true;
    }

    private void wake() {
        for (;;) {
            int p = phase;
            if (p == WAITING) {
                if (PHASE.compareAndSet(this, WAITING, RUNNING)) {
                    IOLoop target = loop;
                    if (target != null) {
                        target.addCallback(this);
                    } else {
                        step();
                    }
                    return;
                }
            } else if (p == RUNNING) {
                if (PHASE.compareAndSet(this, RUNNING, RESUME_PENDING)) {
                    return;
                }
            } else {
                return; // already pending, or finished
            }
        }
    }

    /** Runs the body until it suspends for real or finishes. */
    private void step() {
        for (;;) {
            Object r;
            try {
                r = resume();
            } catch (CancellationException e) {
                phase = FINISHED;
                if (!super.cancel() && !isDone()) {
                    setException(e);
                }
                return;
            } catch (Throwable t) {
                phase = FINISHED;
                if (!isDone()) {
                    setException(t);
                }
                return;
            }
            if (label == DONE) {
                phase = FINISHED;
                adopt(r);
                return;
            }
            // Suspended: leave the rest to the awaited future, unless a resumption (completion or
            // cancellation) arrived while the body was still running: then carry it out here.
            if (PHASE.compareAndSet(this, RUNNING, WAITING)) {
                return;
            }
            phase = RUNNING;
        }
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
        } else {
            f.addDoneCallback(this::copy);
        }
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
