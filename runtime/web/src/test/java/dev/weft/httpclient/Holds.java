package dev.weft.httpclient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Requests the server holds until the test releases them, and what the server saw of them: the
 * order they arrived in, and how many were in flight at once (arrived and not yet answered).
 */
final class Holds {
    private final List<String> arrivals = new ArrayList<>();
    private final List<CompletableFuture<Site.Reply>> replies = new ArrayList<>();
    private final List<String> wentAway = new ArrayList<>();
    private int inFlight;
    private int maxInFlight;

    synchronized CompletableFuture<Site.Reply> arrive(String id) {
        arrivals.add(id);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        CompletableFuture<Site.Reply> reply = new CompletableFuture<>();
        replies.add(reply);
        notifyAll();
        return reply;
    }

    /** Answers the request that arrived {@code index}-th (counting from 0). */
    void release(int index) {
        CompletableFuture<Site.Reply> reply;
        String id;
        synchronized (this) {
            reply = replies.get(index);
            id = arrivals.get(index);
            inFlight--; // before the answer leaves: from here the client may start another
        }
        reply.complete(Site.Reply.text(200, "held " + id));
    }

    /** Waits until {@code n} requests have arrived. */
    synchronized void awaitArrivals(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (arrivals.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + arrivals.size() + " of " + n
                        + " requests arrived: " + arrivals);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** The server saw the client close the connection of request {@code id} before the answer. */
    synchronized void clientWentAway(String id) {
        wentAway.add(id);
        notifyAll();
    }

    /** Waits until the client has closed the connection of request {@code id}. */
    synchronized void awaitClientGone(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!wentAway.contains(id)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the client kept the connection of " + id + " open");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized List<String> arrivals() {
        return List.copyOf(arrivals);
    }

    synchronized int maxInFlight() {
        return maxInFlight;
    }
}
