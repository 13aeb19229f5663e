package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The async driver on its own, with a frame written by hand the way the weaver writes one: an await
 * of a done future takes its result inline, one of a pending future saves the label and returns
 * {@code suspendOn(f)}, and the body calls {@code resumeValue()} where it resumes.
 */
@org.junit.jupiter.api.Timeout(30)
class AsyncFrameTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    /**
     * {@code x = await first; log(x); return then.get()} where a CancellationException is caught
     * (and the body goes on with -1) when {@code catchCancel}.
     */
    static final class AwaitOnce extends AsyncFrame<Integer> {
        final Future<Integer> first;
        final Supplier<Future<Integer>> then;
        final boolean catchCancel;
        final List<String> log = new CopyOnWriteArrayList<>();
        volatile Thread resumedOn;

        AwaitOnce(Future<Integer> first, Supplier<Future<Integer>> then, boolean catchCancel) {
            this.first = first;
            this.then = then;
            this.catchCancel = catchCancel;
        }

        static AwaitOnce started(Future<Integer> first, Supplier<Future<Integer>> then,
                boolean catchCancel) {
            AwaitOnce frame = new AwaitOnce(first, then, catchCancel);
            frame.start();
            return frame;
        }

        @Override
        protected Object resume() {
            int x;
            if (label == 0) {
                log.add("started");
                if (!first.isDone()) {
                    label = 1;
                    return suspendOn(first);
                }
                x = first.result();
            } else {
                resumedOn = Thread.currentThread();
                try {
                    x = (Integer) resumeValue();
                } catch (CancellationException e) {
                    if (!catchCancel) {
                        log.add("cancelled");
                        throw e;
                    }
                    x = -1;
                }
            }
            log.add("got " + x);
            label = DONE;
            return then.get();
        }
    }

    @AfterEach
    void closeLoop() {
        IOLoop loop = IOLoop.currentOrNull();
        if (loop != null) {
            loop.close();
        }
    }

    @Test
    void theBodyStartsAtOnceAndADoneFutureDoesNotSuspend() {
        AwaitOnce frame = AwaitOnce.started(Future.completed(4), () -> Future.completed(8), false);
        assertEquals(List.of("started", "got 4"), frame.log);
        assertTrue(frame.isDone());
        assertEquals(8, frame.result());
        assertEquals(null, frame.resumedOn);
    }

    @Test
    void aPendingAwaitResumesThroughTheLoopNeverInsideSetResult() {
        IOLoop loop = IOLoop.current();
        Future<Integer> first = new Future<>();
        AwaitOnce[] frame = new AwaitOnce[1];
        int result = loop.runSync(() -> {
            frame[0] = AwaitOnce.started(first, () -> Future.completed(2), false);
            assertEquals(List.of("started"), frame[0].log);
            loop.addCallback(() -> {
                first.setResult(1);
                assertEquals(List.of("started"), frame[0].log); // not resumed inside setResult
            });
            return frame[0];
        }, LIMIT);
        assertEquals(2, result);
        assertEquals(List.of("started", "got 1"), frame[0].log);
        assertSame(Thread.currentThread(), frame[0].resumedOn);
    }

    @Test
    void aCompletionFromAnotherThreadResumesOnTheHomeLoop() throws Exception {
        IOLoop loop = IOLoop.current();
        Future<Integer> first = new Future<>();
        AwaitOnce[] frame = new AwaitOnce[1];
        Thread completer = new Thread(() -> first.setResult(3), "completer");
        int result = loop.runSync(() -> {
            frame[0] = AwaitOnce.started(first, () -> Future.completed(6), false);
            completer.start();
            return frame[0];
        }, LIMIT);
        completer.join();
        assertEquals(6, result);
        assertSame(Thread.currentThread(), frame[0].resumedOn);
    }

    @Test
    void withNoLoopTheBodyResumesOnTheCompletingThread() throws Exception {
        Future<Integer> first = new Future<>();
        AwaitOnce[] frame = new AwaitOnce[1];
        Thread starter = new Thread(
                () -> frame[0] = AwaitOnce.started(first, () -> Future.completed(5), false));
        starter.start();
        starter.join();
        assertFalse(frame[0].isDone());
        Thread completer = new Thread(() -> first.setResult(1), "completer");
        completer.start();
        completer.join();
        assertTrue(frame[0].isDone());
        assertEquals(5, frame[0].result());
        assertSame(completer, frame[0].resumedOn);
    }

    @Test
    void theAwaitedFailureIsThrownUnchangedAndFailsTheCoroutine() {
        IOLoop loop = IOLoop.current();
        Future<Integer> first = new Future<>();
        IOException failure = new IOException("gone");
        IOException thrown = assertThrows(IOException.class, () -> loop.runSync(() -> {
            AwaitOnce frame = AwaitOnce.started(first, () -> Future.completed(0), false);
            loop.addCallback(() -> first.setException(failure));
            return frame;
        }, LIMIT));
        assertSame(failure, thrown);
    }

    @Test
    void cancelRaisesAtTheAwaitSoTheBodyMayCatchIt() {
        IOLoop loop = IOLoop.current();
        AwaitOnce[] frame = new AwaitOnce[1];
        int result = loop.runSync(() -> {
            frame[0] = AwaitOnce.started(new Future<>(), () -> Future.completed(7), true);
            assertTrue(frame[0].cancel());
            return frame[0];
        }, LIMIT);
        assertEquals(7, result);
        assertEquals(List.of("started", "got -1"), frame[0].log);
    }

    @Test
    void aCancellationTheBodyLetsThroughCancelsTheCoroutine() {
        IOLoop loop = IOLoop.current();
        Future<Integer> first = new Future<>();
        AwaitOnce[] frame = new AwaitOnce[1];
        assertThrows(CancellationException.class, () -> loop.runSync(() -> {
            frame[0] = AwaitOnce.started(first, () -> Future.completed(7), false);
            frame[0].cancel();
            return frame[0];
        }, LIMIT));
        assertTrue(frame[0].isCancelled());
        assertEquals(List.of("started", "cancelled"), frame[0].log);
        assertFalse(first.isDone()); // the awaited future is not the coroutine's to cancel
    }

    @Test
    void aReturnedPendingFutureIsAdoptedAndCancelLeavesItAlone() throws Exception {
        Future<Integer> returned = new Future<>();
        AwaitOnce adopted = AwaitOnce.started(Future.completed(1), () -> returned, false);
        assertFalse(adopted.isDone());
        returned.setResult(9);
        assertEquals(9, adopted.result());

        Future<Integer> pending = new Future<>();
        AwaitOnce cancelled = AwaitOnce.started(Future.completed(1), () -> pending, false);
        assertTrue(cancelled.cancel());
        assertTrue(cancelled.isCancelled());
        assertFalse(pending.isDone());
        assertFalse(cancelled.cancel());
    }

    @Test
    void aBodyThatThrowsFailsItsFuture() {
        IllegalStateException boom = new IllegalStateException("boom");
        AwaitOnce frame = AwaitOnce.started(Future.completed(1), () -> {
            throw boom;
        }, false);
        assertSame(boom, frame.exception());
    }

    @Test
    void racingCompletionsAndCancelsOffTheLoopResumeTheBodyExactlyOnce() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            Future<Integer> first = new Future<>();
            AwaitOnce frame = AwaitOnce.started(first, () -> Future.completed(0), true);
            CountDownLatch go = new CountDownLatch(1);
            Thread a = new Thread(() -> {
                await(go);
                first.setResult(1);
            });
            Thread b = new Thread(() -> {
                await(go);
                frame.cancel();
            });
            a.start();
            b.start();
            go.countDown();
            a.join();
            b.join();
            assertTrue(frame.isDone(), "iteration " + i);
            assertEquals(2, frame.log.size(), "iteration " + i + ": " + frame.log);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
