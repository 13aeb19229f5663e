package dev.weft.httpclient;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The timers of every client's timeouts, on one daemon thread: a fetch may come from a thread
 * without an {@link dev.weft.IOLoop}, and its timeout must fire all the same. What a timer does is
 * short (it marks the fetch timed out and hands the outcome to the caller's loop).
 */
final class FetchTimers {
    private static final ScheduledThreadPoolExecutor TIMERS = makeTimers();

    private FetchTimers() {
    }

    private static ScheduledThreadPoolExecutor makeTimers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "weft-httpclient-timeouts");
            t.setDaemon(true);
            return t;
        });
        // Most timeouts never fire: cancelled ones must not pile up until their deadline.
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    /**
     * Runs {@code action} after {@code delay}.
     *
     * @return a handle to cancel, or null when {@code delay} is zero (no timeout)
     */
    static ScheduledFuture<?> after(Duration delay, Runnable action) {
        if (delay.isZero()) {
            return null;
        }
        long nanos;
        try {
            nanos = delay.toNanos();
        } catch (ArithmeticException tooFar) {
            nanos = Long.MAX_VALUE; // centuries: never, in practice
        }
        return TIMERS.schedule(action, nanos, TimeUnit.NANOSECONDS);
    }

    static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
