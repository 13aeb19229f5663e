package dev.weft.sql;

import java.util.concurrent.ScheduledFuture;

/**
 * A connection of a {@link Pool}, with what the pool needs to know to recycle it: when it was
 * opened, since when it has been idle, and the timer that closes it once it is too old.
 */
final class PooledConnection {
    final Link link;
    final SqlWorker worker; // the slot's queue, which the link runs its calls on
    final long openedAt; // System.nanoTime()
    long idleSince; // guarded by the pool
    private volatile ScheduledFuture<?> reaper;

    PooledConnection(Link link, SqlWorker worker, long openedAt) {
        this.link = link;
        this.worker = worker;
        this.openedAt = openedAt;
    }

    boolean olderThan(long maxAgeNanos, long now) {
        return now - openedAt >= maxAgeNanos;
    }

    void setReaper(ScheduledFuture<?> timer) {
        reaper = timer;
    }

    void cancelReaper() {
        ScheduledFuture<?> r = reaper;
        if (r != null) {
            r.cancel(false);
            reaper = null;
        }
    }
}
