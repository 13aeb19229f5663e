package dev.weft;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * Calls a callback every {@code period} on an {@link IOLoop} (Tornado's {@code PeriodicCallback}).
 *
 * <p>Ticks are scheduled on absolute deadlines ({@code start + k * period}), so delays do not
 * accumulate. If a tick runs late, past one or more later deadlines, those ticks are skipped rather
 * than run in a burst: the next deadline is the first one still in the future. The first tick is one
 * period after {@link #start}. An exception escaping the callback is logged and the ticks go on.
 *
 * <p>Thread rules: {@link #start} on the thread whose loop should run it; the callback runs on that
 * loop's thread. {@link #stop} and {@link #isRunning} may be called from any thread (a tick already
 * under way on the loop thread still finishes).
 */
public final class PeriodicCallback {
    private final Runnable callback;
    private final long periodNanos;
    private volatile boolean running;
    private volatile IOLoop loop;
    private volatile Timeout timeout;
    private long nextDeadline; // loop thread only, once started
    // Bumped by every start(): a tick of an earlier run that escaped stop() must not revive it.
    private volatile int generation;

    /**
     * A stopped periodic callback.
     *
     * @param callback what to call
     * @param period the interval, positive
     * @throws IllegalArgumentException if the period is zero or negative
     */
    public PeriodicCallback(Runnable callback, Duration period) {
        this.callback = Objects.requireNonNull(callback, "callback");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        this.periodNanos = period.toNanos();
    }

    /**
     * Starts ticking on the calling thread's {@link IOLoop#current() current} loop. Does nothing if
     * already running.
     */
    public void start() {
        if (running) {
            return;
        }
        IOLoop l = IOLoop.current();
        loop = l;
        running = true;
        nextDeadline = l.time();
        scheduleNext(++generation);
    }

    /** Stops ticking; no further tick starts. Does nothing if not running. Any thread. */
    public void stop() {
        running = false;
        Timeout t = timeout;
        IOLoop l = loop;
        if (t != null && l != null) {
            l.removeTimeout(t);
        }
        timeout = null;
    }

    /**
     * Whether it is started and not stopped.
     *
     * @return true while running
     */
    public boolean isRunning() {
        return running;
    }

    private void tick(int gen) {
        if (!running || gen != generation) {
            return;
        }
        try {
            callback.run();
        } catch (CancellationException e) {
            LoopLog.debug("Periodic callback " + LoopLog.describe(callback)
                    + " ended with a cancellation", e);
        } catch (Throwable t) {
            LoopLog.error("Exception in periodic callback " + LoopLog.describe(callback), t);
        } finally {
            scheduleNext(gen);
        }
    }

    private void scheduleNext(int gen) {
        if (!running || gen != generation) {
            return;
        }
        long now = loop.time();
        long behind = now - nextDeadline;
        if (behind >= 0) {
            // Skip every deadline already passed: next = last + period * (floor(behind/period) + 1).
            nextDeadline += (behind / periodNanos + 1) * periodNanos;
        } else {
            nextDeadline += periodNanos;
        }
        timeout = loop.callAt(nextDeadline, () -> tick(gen));
    }

    /**
     * The deadline of the pending tick (during a tick: of the tick running), for tests. Loop thread
     * only.
     */
    long nextDeadline() {
        return nextDeadline;
    }

    @Override
    public String toString() {
        return "PeriodicCallback[" + callback + ", every " + Duration.ofNanos(periodNanos)
                + (running ? ", running" : "") + "]";
    }
}
