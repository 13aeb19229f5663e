package dev.weft.httpclient;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;

/**
 * One fetch from {@code fetch()} to its outcome: waiting for a slot, its exchanges with the server
 * (one per redirect, each entering the line again as in Tornado), the timeouts, and completing its
 * future on the caller's loop.
 *
 * <p>Thread rules: the JDK's threads, the timer thread and the caller's may all act on a fetch;
 * its state is guarded by its own lock, and whatever reaches another object (the line, the
 * future) is done after that lock is let go. The first of response, timeout and cancellation to
 * take the lock decides the outcome; the others then find the fetch ended and do nothing.
 *
 * <p>A response is taken from its body subscriber, on the JDK thread that completes the body (the
 * client's selector thread, see {@link JdkTasks}), not from the future {@code sendAsync} returns:
 * the JDK completes that future on {@link java.util.concurrent.CompletableFuture}'s default
 * executor, which on a machine of one or two cores starts a new thread for every response. That
 * future still reports failures (and a success the subscriber has not, which then is the same
 * response). No exchange is ever started from the selector thread ({@link #startHolding}): the
 * start may resolve a host name.
 */
final class Fetch {
    private static final int ENTERING = 0;
    private static final int QUEUED = 1;
    private static final int ACTIVE = 2;
    private static final int ENDED = 3;

    private final AsyncHttpClient client;
    private final HttpClientRequest request;
    private final FetchSettings settings;
    private final IOLoop loop;
    final Result future = new Result(this);

    private volatile int state = ENTERING;
    // Guarded by this. `generation` tells this exchange's timer and response from stale ones.
    private Hop hop;
    private int redirectsLeft;
    private int generation;
    private ScheduledFuture<?> timer;
    private CompletableFuture<HttpResponse<byte[]>> call;
    private long startNanos = -1;

    Fetch(AsyncHttpClient client, HttpClientRequest request, FetchSettings settings, Hop first,
            IOLoop loop) {
        this.client = client;
        this.request = request;
        this.settings = settings;
        this.hop = first;
        this.redirectsLeft = settings.maxRedirects();
        this.loop = loop;
    }

    /** The future of a fetch: cancelling it aborts the request and frees its slot. */
    static final class Result extends Future<HttpClientResponse> {
        private final Fetch fetch;

        Result(Fetch fetch) {
            this.fetch = fetch;
        }

        @Override
        public boolean cancel() {
            if (!super.cancel()) {
                return false;
            }
            fetch.abort();
            return true;
        }
    }

    boolean hasEnded() {
        return state == ENDED;
    }

    /** Takes a slot or the end of the line. */
    void enter() {
        if (client.line.enter(this)) {
            startHolding(this);
        }
    }

    /** {@code fetch} holds a slot: starts it, or passes the slot on while fetches fail to start. */
    private static void startHolding(Fetch first) {
        if (first != null && JdkTasks.onSelectorThread()) {
            JdkTasks.INSTANCE.elsewhere(() -> startHolding(first));
            return;
        }
        Fetch fetch = first;
        while (fetch != null && !fetch.start()) {
            fetch = fetch.client.line.leave(fetch);
        }
    }

    private void passSlot() {
        startHolding(client.line.leave(this));
    }

    /** Called by the line, under its lock, when this fetch has to wait for a slot. */
    synchronized void armQueueTimeout() {
        if (state == ENDED) {
            return;
        }
        state = QUEUED;
        int gen = generation;
        timer = FetchTimers.after(settings.queueTimeout(), () -> timeOut(gen, "in request queue"));
    }

    /** @return false if it did not start (ended before, or its request could not be made) */
    private boolean start() {
        CompletableFuture<HttpResponse<byte[]>> started = null;
        RuntimeException refused = null;
        int gen;
        synchronized (this) {
            if (state == ENDED) {
                return false;
            }
            FetchTimers.cancel(timer);
            timer = null;
            gen = ++generation;
            if (startNanos < 0) {
                startNanos = System.nanoTime();
            }
            try {
                HttpRequest jdkRequest = hop.toJdk();
                state = ACTIVE;
                timer = FetchTimers.after(settings.requestTimeout(),
                        () -> timeOut(gen, "during request"));
                started = client.jdk(settings.connectTimeout())
                        .sendAsync(jdkRequest, info -> bodyFor(gen, info));
                call = started;
            } catch (RuntimeException e) { // a redirect's request the JDK refuses to make
                FetchTimers.cancel(timer);
                timer = null;
                state = ENDED;
                refused = e;
            }
        }
        if (refused != null) {
            deliver(null, refused);
            return false;
        }
        started.whenComplete((response, failure) -> {
            if (failure != null) {
                onResponse(gen, 0, null, null, failure);
            } else {
                onResponse(gen, response.statusCode(), response.headers(), response.body(), null);
            }
        });
        return true;
    }

    /** Collects the body of exchange {@code gen}; once it is whole, that is the response. */
    private HttpResponse.BodySubscriber<byte[]> bodyFor(int gen, HttpResponse.ResponseInfo info) {
        HttpResponse.BodySubscriber<byte[]> body = HttpResponse.BodySubscribers.ofByteArray();
        body.getBody().whenComplete((bytes, failure) -> {
            // A failed body fails the exchange too: sendAsync's future reports it.
            if (failure == null) {
                onResponse(gen, info.statusCode(), info.headers(), bytes, null);
            }
        });
        return body;
    }

    private void onResponse(int gen, int status, HttpHeaders headers, byte[] body,
            Throwable failure) {
        HttpClientResponse result = null;
        boolean redirected = false;
        synchronized (this) {
            if (state != ACTIVE || generation != gen) {
                return;
            }
            FetchTimers.cancel(timer);
            timer = null;
            call = null;
            state = ENDED;
            if (failure != null) {
                failure = translate(failure);
            } else {
                try {
                    Hop next = settings.followRedirects() && redirectsLeft > 0
                            ? hop.redirect(status, headers.firstValue("Location").orElse(null))
                            : null;
                    if (next != null) {
                        hop = next;
                        redirectsLeft--;
                        state = ENTERING;
                        redirected = true;
                    } else {
                        result = new HttpClientResponse(request, status, headers, body,
                                hop.uri.toString(),
                                Duration.ofNanos(System.nanoTime() - startNanos));
                        if (settings.raiseError() && (result.code() < 200 || result.code() >= 300)) {
                            failure = new HttpClientError(result.code(), null, result);
                        }
                    }
                } catch (IllegalArgumentException badLocation) {
                    failure = badLocation;
                }
            }
        }
        passSlot();
        if (redirected) {
            enter();
        } else {
            deliver(result, failure);
        }
    }

    private void timeOut(int gen, String when) {
        CompletableFuture<?> abandoned;
        boolean heldSlot;
        synchronized (this) {
            if (generation != gen || state == ENDED) {
                return;
            }
            heldSlot = state == ACTIVE;
            abandoned = stop();
        }
        abandon(abandoned, heldSlot);
        deliver(null, new HttpClientError(HttpClientError.NO_RESPONSE, "Timeout " + when, null));
    }

    /** The future was cancelled (by the user, or by closing the client). */
    void abort() {
        CompletableFuture<?> abandoned;
        boolean heldSlot;
        synchronized (this) {
            if (state == ENDED) {
                return;
            }
            heldSlot = state == ACTIVE;
            abandoned = stop();
        }
        abandon(abandoned, heldSlot);
    }

    // Under the lock: ends the fetch where it stands, and gives the JDK exchange to abandon.
    private CompletableFuture<?> stop() {
        state = ENDED;
        FetchTimers.cancel(timer);
        timer = null;
        CompletableFuture<?> abandoned = call;
        call = null;
        return abandoned;
    }

    // Outside the lock: cancelling the JDK's future runs its callbacks (onResponse) right here,
    // and the JDK closes the exchange's connection.
    private void abandon(CompletableFuture<?> exchange, boolean heldSlot) {
        if (exchange != null) {
            exchange.cancel(true);
        }
        if (heldSlot) {
            passSlot();
        }
    }

    private static Throwable translate(Throwable failure) {
        while (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        if (failure instanceof HttpConnectTimeoutException) {
            return new HttpClientError(HttpClientError.NO_RESPONSE, "Timeout while connecting", null);
        }
        return failure;
    }

    /** Completes the future on the caller's loop, or here when the caller had none. */
    private void deliver(HttpClientResponse result, Throwable failure) {
        Runnable complete = failure != null
                ? () -> future.setException(failure)
                : () -> future.setResult(result);
        if (loop != null) {
            loop.addCallback(complete);
        } else if (JdkTasks.onSelectorThread()) {
            // The callbacks of a loop-less caller are user code: never on the selector thread.
            JdkTasks.INSTANCE.elsewhere(complete);
        } else {
            complete.run();
        }
    }
}
