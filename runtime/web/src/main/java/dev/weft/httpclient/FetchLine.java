package dev.weft.httpclient;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The {@code maxClients} slots of a client and the line of fetches waiting for one (Tornado's
 * {@code queue}/{@code active} in {@code SimpleAsyncHTTPClient}): first come, first served. A
 * fetch that ends while waiting (cancelled, timed out) stays in the line and is skipped when its
 * turn comes.
 *
 * <p>Thread rules: thread-safe. Lock order: this line, then a fetch; never a fetch's lock while
 * calling in here, so a fetch is started only after this lock is let go.
 */
final class FetchLine {
    private final int maxClients;
    private final ArrayDeque<Fetch> waiting = new ArrayDeque<>();
    private final Set<Fetch> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private int active;

    FetchLine(int maxClients) {
        this.maxClients = maxClients;
    }

    /**
     * Takes a free slot for {@code fetch}, or puts it at the end of the line (arming its timeout
     * in the line while this lock is held, so that no slot can reach it before).
     *
     * @return true if it has a slot and may start now
     */
    synchronized boolean enter(Fetch fetch) {
        live.add(fetch);
        if (active < maxClients) {
            active++;
            return true;
        }
        waiting.addLast(fetch);
        fetch.armQueueTimeout();
        return false;
    }

    /**
     * Gives the slot {@code done} held to the first fetch still waiting.
     *
     * @return that fetch, which now holds the slot and must be started; null if none waits
     */
    synchronized Fetch leave(Fetch done) {
        live.remove(done);
        Fetch next;
        while ((next = waiting.pollFirst()) != null) {
            if (!next.hasEnded()) {
                return next;
            }
            live.remove(next);
        }
        active--;
        return null;
    }

    /** The fetches waiting or running, for {@link AsyncHttpClient#close()}. */
    synchronized List<Fetch> live() {
        return new ArrayList<>(live);
    }

    /** For tests: how many fetches hold a slot. */
    synchronized int active() {
        return active;
    }
}
