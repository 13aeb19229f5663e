package dev.weft.httpclient;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
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
 * <p>Each exchange is a blocking {@code send} on a thread of {@link JdkTasks}' pool (see there
 * for why not {@code sendAsync}). Its response is taken from its body subscriber, on the JDK
 * thread that completes the body (the client's selector thread), so that it reaches the loop
 * without waiting for the pool thread to wake up; what {@code send} returns or throws still
 * reports failures (and a success the subscriber has not, which then is the same response).
 * Aborting an exchange interrupts its pool thread, on which the JDK's {@code send} cancels the
 * exchange and closes its connection; the interrupt is given and cleared under the fetch's lock,
 * so it never reaches the thread's next exchange.
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
    private Thread exchangeThread; // the pool thread in send() for this fetch, null when none
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
        HttpRequest jdkRequest = null;
        HttpClient jdk = null;
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
                jdkRequest = hop.toJdk();
                jdk = client.jdk(settings.connectTimeout());
                state = ACTIVE;
                timer = FetchTimers.after(settings.requestTimeout(),
                        () -> timeOut(gen, "during request"));
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
        HttpClient via = jdk;
        HttpRequest sent = jdkRequest;
        JdkTasks.INSTANCE.elsewhere(() -> exchange(gen, via, sent));
        return true;
    }

    /** Exchange {@code gen}, on a pool thread: blocks in the JDK's {@code send} until it ends. */
    private void exchange(int gen, HttpClient jdk, HttpRequest jdkRequest) {
        synchronized (this) {
            if (state != ACTIVE || generation != gen) {
                return; // ended (timed out, cancelled) before its thread got to it
            }
            exchangeThread = Thread.currentThread();
        }
        HttpResponse<byte[]> response = null;
        Throwable failure = null;
        try {
            response = jdk.send(jdkRequest, info -> bodyFor(gen, info));
        } catch (InterruptedException aborted) {
            failure = aborted; // the fetch has ended already: onResponse ignores it
        } catch (IOException | RuntimeException e) {
            failure = thrownBySend(e);
        } finally {
            synchronized (this) {
                exchangeThread = null;
                Thread.interrupted(); // an abort that came as send returned
            }
        }
        if (failure != null) {
            onResponse(gen, 0, null, null, failure);
        } else {
            onResponse(gen, response.statusCode(), response.headers(), response.body(), null);
        }
    }

    /**
     * The exchange's own failure: {@code send} throws a new exception of the same kind and
     * message with the exchange's as its cause (where {@code sendAsync}'s future fails with the
     * exchange's exception itself), and the user is promised the JDK's exception unchanged.
     */
    private static Throwable thrownBySend(Exception e) {
        Throwable cause = e.getCause();
        return cause != null && Objects.equals(e.getMessage(), cause.getMessage())
                ? cause : e;
    }

    /** Collects the body of exchange {@code gen}; once it is whole, that is the response. */
    private HttpResponse.BodySubscriber<byte[]> bodyFor(int gen, HttpResponse.ResponseInfo info) {
        HttpResponse.BodySubscriber<byte[]> body = HttpResponse.BodySubscribers.ofByteArray();
        body.getBody().whenComplete((bytes, failure) -> {
            // A failed body fails the exchange too: send() throws it (exchange()).
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
        boolean heldSlot;
        synchronized (this) {
            if (generation != gen || state == ENDED) {
                return;
            }
            heldSlot = stop();
        }
        if (heldSlot) {
            passSlot();
        }
        deliver(null, new HttpClientError(HttpClientError.NO_RESPONSE, "Timeout " + when, null));
    }

    /** The future was cancelled (by the user, or by closing the client). */
    void abort() {
        boolean heldSlot;
        synchronized (this) {
            if (state == ENDED) {
                return;
            }
            heldSlot = stop();
        }
        if (heldSlot) {
            passSlot();
        }
    }

    /**
     * Under the lock: ends the fetch where it stands and aborts its exchange, if one is running
     * (interrupted here, under the lock, so that the interrupt cannot outlive the exchange).
     *
     * @return whether the fetch held a slot, to be passed on outside the lock
     */
    private boolean stop() {
        boolean heldSlot = state == ACTIVE;
        state = ENDED;
        FetchTimers.cancel(timer);
        timer = null;
        if (exchangeThread != null) {
            exchangeThread.interrupt();
        }
        return heldSlot;
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
