package dev.weft.httpclient;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.http.LoopThread;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Fetches made on a loop thread, as a coroutine makes them, and waiting for their outcome. */
final class Fetching implements AutoCloseable {
    private final LoopThread caller = new LoopThread("fetching-loop");
    private final Thread loopThread = caller.call(Thread::currentThread);

    // Which thread completed each future fetched on the loop: watched from the loop thread itself,
    // in the call that made it, so that a completion can never slip in before the watch begins.
    private final Map<Future<?>, Watch> watches = Collections.synchronizedMap(new IdentityHashMap<>());

    private static final class Watch {
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicReference<Thread> on = new AtomicReference<>();
    }

    /** Calls {@code fetch} on the loop thread. */
    Future<HttpClientResponse> onLoop(Supplier<Future<HttpClientResponse>> fetch) {
        return caller.call(() -> {
            Future<HttpClientResponse> f = fetch.get();
            Watch w = new Watch();
            boolean doneAlready = f.isDone();
            f.addDoneCallback(x -> {
                w.on.set(doneAlready ? null : Thread.currentThread());
                w.done.countDown();
            });
            watches.put(f, w);
            return f;
        });
    }

    /** Waits for {@code f}, checks it completed on the loop thread, and gives its result. */
    HttpClientResponse result(Future<HttpClientResponse> f) throws InterruptedException {
        waitOnLoop(f);
        return f.result();
    }

    /** Waits for {@code f}, checks it completed on the loop thread and failed, and gives why. */
    Throwable failure(Future<HttpClientResponse> f) throws InterruptedException {
        waitOnLoop(f);
        assertTrue(f.exception() != null, () -> "expected a failure, got " + f);
        return f.exception();
    }

    private void waitOnLoop(Future<?> f) throws InterruptedException {
        Watch w = watches.remove(f);
        if (!w.done.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("not done after 30 s: " + f);
        }
        assertSame(loopThread, w.on.get(), "completed on " + w.on.get());
    }

    /** Waits for {@code f} and tells which thread completed it. */
    static Thread await(Future<?> f) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Thread> on = new AtomicReference<>();
        f.addDoneCallback(x -> {
            on.set(Thread.currentThread());
            done.countDown();
        });
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("not done after 30 s: " + f);
        }
        return on.get();
    }

    @Override
    public void close() throws InterruptedException {
        caller.close();
    }
}
