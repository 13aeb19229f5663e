package dev.weft.http;

import dev.weft.IOLoop;
import dev.weft.Timeout;
import java.time.Duration;

/**
 * The one timeout a connection has at a time (idle, headers, body, lingering close), moved without
 * touching the loop's timer heap. The loop holds at most one timer for the connection, due no later
 * than the deadline; a timer that fires early, because the deadline has moved on since, schedules
 * itself again for the time left. A keep-alive connection sets and clears two deadlines per
 * request; as heap insertions and removals that was a tenth of the server's CPU time, and now it is
 * two field writes and a clock read, and one timer every header timeout per busy connection.
 *
 * <p>Thread rules: the loop thread only.
 */
final class ConnectionDeadline implements Runnable {
    private final IOLoop loop;
    private long due;
    /** What to do at {@link #due}; null when no deadline is set. */
    private Runnable action;
    /** The loop timer standing for this deadline, or null. */
    private Timeout timer;
    private long timerDue;

    ConnectionDeadline(IOLoop loop) {
        this.loop = loop;
    }

    /** Runs {@code action} after {@code timeout} unless the deadline is set or cleared before. */
    void set(Duration timeout, Runnable action) {
        this.due = loop.deadlineAfter(timeout);
        this.action = action;
        if (timer != null && timerDue - due > 0) {
            loop.removeTimeout(timer); // would fire too late for the new deadline
            timer = null;
        }
        if (timer == null) {
            timerDue = due;
            timer = loop.callAt(due, this);
        }
    }

    /** No deadline for now; the loop timer, if any, finds nothing to do when it fires. */
    void clear() {
        action = null;
    }

    /** No deadline any more: the connection is gone, so its timer leaves the loop at once. */
    void cancel() {
        action = null;
        if (timer != null) {
            loop.removeTimeout(timer);
            timer = null;
        }
    }

    /** The loop timer fired. */
    @Override
    public void run() {
        timer = null;
        Runnable a = action;
        if (a == null) {
            return;
        }
        if (due - loop.time() > 0) {
            timerDue = due;
            timer = loop.callAt(due, this);
            return;
        }
        action = null;
        a.run();
    }
}
