package dev.weft.internal;

import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.Timeout;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A future standing in a {@link WaiterLine}: what {@code dev.weft.locks} and
 * {@code dev.weft.queues} hand to a caller that has to wait. It leaves the line when it is done,
 * whichever way: {@link #serve served} by its owner, {@link #cancel cancelled} by the caller, or
 * timed out. A waiter that is done is never served afterwards, so a cancelled or timed-out waiter
 * never receives a lock, a permit or an item. Internal API, public only because those packages
 * use it.
 *
 * <p>Thread rules: loop-bound, like Tornado's locks. Create, serve and cancel it on the thread of
 * the loop that was current when it was created; its timer runs there too.
 *
 * @param <T> the result type
 */
public class QueuedWaiter<T> extends Future<T> {
    private final WaiterLine<?> line;
    private IOLoop timerLoop;
    private Timeout timer;

    /**
     * A pending waiter of {@code line}; the owner {@link WaiterLine#add adds} it.
     *
     * @param line the line it will stand in
     */
    public QueuedWaiter(WaiterLine<?> line) {
        this.line = line;
    }

    /**
     * Ends the wait after {@code timeout} on the current loop, with {@link #timedOut()}.
     *
     * @param timeout how long to wait; null means for ever; zero or negative means that only the
     *     next loop iteration is waited for
     */
    public final void expireAfter(Duration timeout) {
        if (timeout == null || isDone()) {
            return;
        }
        timerLoop = IOLoop.current();
        timer = timerLoop.callLater(timeout, () -> {
            timer = null;
            if (!isDone()) {
                timedOut(timeout);
                line.left();
            }
        });
    }

    /**
     * What a timeout does: by default fails with a {@link TimeoutException}. Called while the
     * waiter is still pending.
     *
     * @param timeout the timeout that passed
     */
    protected void timedOut(Duration timeout) {
        setException(new TimeoutException("timed out after " + timeout + " waiting for " + line));
    }

    /**
     * Completes the waiter with {@code value}: the owner took it out of its line to give it what
     * it waited for. Its done callbacks run now, on this thread.
     *
     * @param value the lock, permit, item or flag
     */
    public final void serve(T value) {
        stopTimer();
        setResult(value);
    }

    /**
     * Cancels the wait: the waiter leaves its line and will never be served.
     *
     * @return whether it was pending
     */
    @Override
    public boolean cancel() {
        if (!super.cancel()) {
            return false;
        }
        stopTimer();
        line.left();
        return true;
    }

    /**
     * The coroutine that awaited this waiter was cancelled before it resumed (called by
     * {@link AsyncFrame}): a pending waiter leaves the line; one already served gives back what it
     * received, through {@link #giveBack}, since nobody will ever use it.
     */
    public final void abandon() {
        if (!cancel() && !isCancelled() && exception() == null) {
            giveBack(result());
        }
    }

    /**
     * Returns what a served waiter received, when its coroutine was cancelled before it could use
     * it. By default nothing is given back: a signal or a queue item handed to a waiter is that
     * waiter's, as in Tornado; a lock or a permit is released.
     *
     * @param value what the waiter was served with
     */
    protected void giveBack(T value) {
    }

    private void stopTimer() {
        if (timer != null) {
            timerLoop.removeTimeout(timer);
            timer = null;
        }
    }
}
