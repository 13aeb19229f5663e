package dev.weft;

import dev.weft.internal.Sneaky;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The result of an asynchronous operation: Tornado's and asyncio's {@code Future}. It is pending
 * until completed once, with a result ({@link #setResult}), a failure ({@link #setException}) or by
 * {@link #cancel}; then its done callbacks run.
 *
 * <p>An async {@link Coroutine} returns one, and {@link Co#await} suspends on one. The class is not
 * final: woven async coroutines subclass it. The state methods are final so that the hot path stays
 * a field read; {@link #cancel} may be overridden, for example to cancel what the coroutine awaits
 * (overrides should call {@code super.cancel()} to change the state).
 *
 * <p>Thread rules: every method is thread-safe, and any thread may complete a future. Done
 * callbacks run on the thread that completes the future (or, if it is already done, on the thread
 * that adds them). To continue on an {@link IOLoop}, use {@link IOLoop#addFuture}.
 *
 * @param <T> the type of the result
 */
public class Future<T> {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Future.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Sentinels for a done state: a user can never hold these, so any other object is a result.
    private static final Object NULL_RESULT = new Object();
    private static final Object CANCELLED = new Object();

    private static final class Failure {
        final Throwable exception;

        Failure(Throwable exception) {
            this.exception = exception;
        }
    }

    /**
     * A pending state: the callbacks added so far, newest first. Nothing else is ever of this class,
     * so a state of this class means pending.
     */
    static final class Waiter {
        final Consumer<?> callback;
        final Waiter earlier;

        Waiter(Consumer<?> callback, Waiter earlier) {
            this.callback = callback;
            this.earlier = earlier;
        }
    }

    // One field for the whole state, so that completing is one CAS: null or a Waiter while pending;
    // then NULL_RESULT, CANCELLED, a Failure or the result.
    private volatile Object state;

    /** A pending future. */
    public Future() {
    }

    /**
     * A future already completed with {@code value}.
     *
     * @param value the result
     * @param <T> its type
     * @return a done future
     */
    public static <T> Future<T> completed(T value) {
        Future<T> f = new Future<>();
        // A release store, not a volatile one: nobody can see the future before it is returned, so
        // the full fence after a volatile store (most of the cost of a done future) buys nothing,
        // and whoever receives the reference through a safe publication sees the state.
        STATE.setRelease(f, value == null ? NULL_RESULT : value);
        return f;
    }

    /**
     * A future already completed with null (for {@code Future<Void>}).
     *
     * @param <T> its type
     * @return a done future
     */
    @SuppressWarnings("unchecked")
    public static <T> Future<T> completed() {
        // One instance serves every caller: a done future never changes again (setResult throws,
        // cancel returns false, callbacks run at once), so nobody can tell two of them apart but
        // by identity, and the hot paths that return it (a put with room) allocate nothing.
        return (Future<T>) COMPLETED_NULL;
    }

    private static final Future<Object> COMPLETED_NULL = completed(null);

    /**
     * A future already failed with {@code exception}.
     *
     * @param exception the failure
     * @param <T> its type
     * @return a done future
     */
    public static <T> Future<T> failed(Throwable exception) {
        Future<T> f = new Future<>();
        STATE.setRelease(f, new Failure(Objects.requireNonNull(exception, "exception")));
        return f;
    }

    /**
     * A future that follows a JDK {@link CompletionStage}: it completes with the stage's result or
     * failure (unwrapped from {@link CompletionException}), and is cancelled if the stage fails with
     * a {@link CancellationException}. It completes on the thread that completes the stage.
     * Cancelling the returned future does not cancel the stage.
     *
     * @param stage the stage
     * @param <T> its result type
     * @return a future with the stage's outcome
     */
    public static <T> Future<T> from(CompletionStage<T> stage) {
        Future<T> f = new Future<>();
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                f.trySetResult(value);
                return;
            }
            while (failure instanceof CompletionException && failure.getCause() != null) {
                failure = failure.getCause();
            }
            if (failure instanceof CancellationException) {
                f.cancel();
            } else {
                f.trySetException(failure);
            }
        });
        return f;
    }

    /**
     * Completes the future with {@code value} and runs its done callbacks on this thread.
     *
     * @param value the result
     * @return true; false if the future had been cancelled (the value is dropped)
     * @throws IllegalStateException if it was already completed otherwise
     */
    public final boolean setResult(T value) {
        return completeOrThrow(value == null ? NULL_RESULT : value);
    }

    /**
     * Completes the future with a failure and runs its done callbacks on this thread.
     *
     * @param exception the failure, thrown unchanged by {@link #result()}
     * @return true; false if the future had been cancelled (the failure is dropped)
     * @throws IllegalStateException if it was already completed otherwise
     */
    public final boolean setException(Throwable exception) {
        return completeOrThrow(new Failure(Objects.requireNonNull(exception, "exception")));
    }

    /**
     * Cancels the future if it is pending, and runs its done callbacks on this thread. Subclasses
     * may override this (woven coroutines, or futures for operations that can be aborted); an
     * override changes the state only through {@code super.cancel()}.
     *
     * @return true if it was pending and is now cancelled; false if it was already done
     */
    public boolean cancel() {
        return complete(CANCELLED);
    }

    /**
     * Whether the future is completed (with a result, a failure, or by cancellation). A single
     * volatile read.
     *
     * @return true if done
     */
    public final boolean isDone() {
        return isDone(state);
    }

    private static boolean isDone(Object state) {
        return state != null && state.getClass() != Waiter.class;
    }

    /**
     * Whether the future was cancelled.
     *
     * @return true if {@link #cancel} completed it
     */
    public final boolean isCancelled() {
        return state == CANCELLED;
    }

    /**
     * The result.
     *
     * @return the value the future was completed with
     * @throws CancellationException if it was cancelled
     * @throws IllegalStateException if it is not done; otherwise, if it failed, the failure is
     *     thrown unchanged (the same object), checked exceptions too, without being declared
     */
    @SuppressWarnings("unchecked")
    public final T result() {
        Object o = state;
        if (!isDone(o)) {
            throw new IllegalStateException("Future is not done: " + this);
        }
        if (o == NULL_RESULT) {
            return null;
        }
        if (o instanceof Failure) {
            throw Sneaky.rethrow(((Failure) o).exception);
        }
        if (o == CANCELLED) {
            throw new CancellationException("Future was cancelled");
        }
        return (T) o;
    }

    /**
     * The failure.
     *
     * @return the exception the future failed with, or null if it has a result
     * @throws CancellationException if it was cancelled
     * @throws IllegalStateException if it is not done
     */
    public final Throwable exception() {
        Object o = state;
        if (!isDone(o)) {
            throw new IllegalStateException("Future is not done: " + this);
        }
        if (o instanceof Failure) {
            return ((Failure) o).exception;
        }
        if (o == CANCELLED) {
            throw new CancellationException("Future was cancelled");
        }
        return null;
    }

    /**
     * Arranges for {@code cb} to be called with this future once it is done: at once, on this
     * thread, if it already is; otherwise on the completing thread right after completion, after the
     * callbacks added before it. An exception escaping {@code cb} is logged (System.Logger
     * {@code dev.weft}) and the other callbacks still run; it never reaches the caller.
     *
     * @param cb the callback
     */
    public final void addDoneCallback(Consumer<? super Future<T>> cb) {
        Objects.requireNonNull(cb, "cb");
        Object s = state;
        while (!isDone(s)) {
            Object witness = STATE.compareAndExchange(this, s, new Waiter(cb, (Waiter) s));
            if (witness == s) {
                return;
            }
            s = witness;
        }
        invoke(cb);
    }

    /**
     * A callback for {@link #addDoneCallback(Future, Object)}, wrapped once so that it can be added
     * to one future after another without allocating: what a woven coroutine, which awaits one
     * future at a time, subscribes with at every suspension. Internal use; the token is opaque.
     *
     * @param cb the callback
     * @return a token that stands for {@code cb}; immutable, so any thread may use it
     */
    protected static Object callbackToken(Consumer<? super Future<?>> cb) {
        return new Waiter(Objects.requireNonNull(cb, "cb"), null);
    }

    /**
     * {@code f.addDoneCallback(cb)} for the callback {@code token} stands for, with the same
     * ordering and thread rules. When {@code f} has no callback yet, which is the common case of a
     * coroutine awaiting a future only it awaits, the token itself becomes {@code f}'s pending state
     * and nothing is allocated. Sharing the token between futures is safe: a pending state is never
     * changed, only replaced.
     *
     * @param f the future
     * @param token from {@link #callbackToken}
     */
    @SuppressWarnings("unchecked")
    protected static void addDoneCallback(Future<?> f, Object token) {
        Waiter lone = (Waiter) token;
        if (f.state == null && STATE.compareAndSet(f, null, lone)) {
            return;
        }
        ((Future<Object>) f).addDoneCallback((Consumer<? super Future<Object>>) lone.callback);
    }

    /**
     * A {@link CompletableFuture} completed like this future (result, failure, or cancelled), on the
     * thread that completes this future. Completing or cancelling the returned future does not
     * affect this one.
     *
     * @return a new CompletableFuture
     */
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> cf = new CompletableFuture<>();
        addDoneCallback(f -> {
            Object o = state;
            if (o == CANCELLED) {
                cf.cancel(false);
            } else if (o instanceof Failure) {
                cf.completeExceptionally(((Failure) o).exception);
            } else {
                cf.complete(result());
            }
        });
        return cf;
    }

    /**
     * Completes with {@code value} unless the future is already done (Tornado's
     * {@code future_set_result_unless_cancelled}, also quiet when completed otherwise).
     *
     * @param value the result
     * @return whether this call completed it
     */
    final boolean trySetResult(T value) {
        return complete(value == null ? NULL_RESULT : value);
    }

    /**
     * Fails with {@code exception} unless the future is already done.
     *
     * @param exception the failure
     * @return whether this call completed it
     */
    final boolean trySetException(Throwable exception) {
        return complete(new Failure(Objects.requireNonNull(exception, "exception")));
    }

    private boolean completeOrThrow(Object o) {
        if (complete(o)) {
            return true;
        }
        if (state == CANCELLED) {
            return false;
        }
        throw new IllegalStateException("Future already done: " + this);
    }

    private boolean complete(Object o) {
        Object s = state;
        while (!isDone(s)) {
            Object witness = STATE.compareAndExchange(this, s, o);
            if (witness == s) {
                // The callbacks taken with the pending state are ours alone to run.
                if (s != null) {
                    runCallbacks((Waiter) s);
                }
                return true;
            }
            s = witness;
        }
        return false;
    }

    private void runCallbacks(Waiter newestFirst) {
        if (newestFirst.earlier == null) {
            invoke(newestFirst.callback);
            return;
        }
        int n = 0;
        for (Waiter w = newestFirst; w != null; w = w.earlier) {
            n++;
        }
        Consumer<?>[] inOrder = new Consumer<?>[n];
        for (Waiter w = newestFirst; w != null; w = w.earlier) {
            inOrder[--n] = w.callback;
        }
        for (Consumer<?> cb : inOrder) {
            invoke(cb);
        }
    }

    @SuppressWarnings("unchecked")
    private void invoke(Consumer<?> cb) {
        try {
            ((Consumer<Future<T>>) cb).accept(this);
        } catch (Throwable t) {
            LoopLog.error("Exception in done callback " + LoopLog.describe(cb) + " of "
                    + LoopLog.describe(this), t);
        }
    }

    /**
     * The class, identity and state, for instance {@code dev.weft.Future@1b6d3586[result=42]}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        Object o = state;
        String described;
        if (!isDone(o)) {
            described = "pending";
        } else if (o == CANCELLED) {
            described = "cancelled";
        } else if (o instanceof Failure) {
            described = "failed: " + ((Failure) o).exception;
        } else {
            String s = LoopLog.describe(o == NULL_RESULT ? null : o);
            described = "result=" + (s.length() > 100 ? s.substring(0, 97) + "..." : s);
        }
        return getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(this))
                + "[" + described + "]";
    }
}
