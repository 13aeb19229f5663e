package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Timeout(30)
class FutureTest {

    @Test
    void pendingFutureHasNoOutcome() {
        Future<String> f = new Future<>();
        assertFalse(f.isDone());
        assertFalse(f.isCancelled());
        assertThrows(IllegalStateException.class, f::result);
        assertThrows(IllegalStateException.class, f::exception);
        assertTrue(f.toString().contains("pending"), f.toString());
    }

    @Test
    void setResultCompletesOnce() {
        Future<String> f = new Future<>();
        assertTrue(f.setResult("a"));
        assertTrue(f.isDone());
        assertFalse(f.isCancelled());
        assertEquals("a", f.result());
        assertNull(f.exception());
        assertThrows(IllegalStateException.class, () -> f.setResult("b"));
        assertThrows(IllegalStateException.class, () -> f.setException(new RuntimeException()));
        assertFalse(f.cancel());
        assertEquals("a", f.result());
        assertTrue(f.toString().contains("result=a"), f.toString());
    }

    @Test
    void nullResultIsAResult() {
        Future<Object> f = new Future<>();
        assertTrue(f.setResult(null));
        assertTrue(f.isDone());
        assertNull(f.result());
        assertNull(f.exception());
        assertThrows(IllegalStateException.class, () -> f.setResult(null));
    }

    @Test
    void setExceptionRethrowsTheSameObjectCheckedToo() {
        Future<String> f = new Future<>();
        IOException failure = new IOException("disk");
        assertTrue(f.setException(failure));
        assertTrue(f.isDone());
        assertSame(failure, f.exception());
        Throwable thrown = catchThrowable(f::result);
        assertSame(failure, thrown);
        assertThrows(IllegalStateException.class, () -> f.setResult("x"));
        assertThrows(IllegalStateException.class, () -> f.setException(new IOException()));
        assertTrue(f.toString().contains("failed"), f.toString());
    }

    @Test
    void cancelPendingFuture() {
        Future<String> f = new Future<>();
        assertTrue(f.cancel());
        assertTrue(f.isDone());
        assertTrue(f.isCancelled());
        assertFalse(f.cancel());
        assertFalse(f.setResult("late"));
        assertFalse(f.setException(new RuntimeException("late")));
        assertThrows(CancellationException.class, f::result);
        assertThrows(CancellationException.class, f::exception);
        assertTrue(f.toString().contains("cancelled"), f.toString());
    }

    @Test
    void cancelIsOverridable() {
        AtomicInteger cancels = new AtomicInteger();
        Future<String> f = new Future<>() {
            @Override
            public boolean cancel() {
                cancels.incrementAndGet();
                return super.cancel();
            }
        };
        assertTrue(f.cancel());
        assertEquals(1, cancels.get());
        assertTrue(f.isCancelled());
    }

    @Test
    void doneCallbackOnDoneFutureRunsAtOnceInCaller() {
        Future<Integer> f = Future.completed(7);
        List<Object> seen = new ArrayList<>();
        f.addDoneCallback(done -> {
            seen.add(Thread.currentThread());
            seen.add(done.result());
        });
        assertEquals(List.of(Thread.currentThread(), 7), seen);
    }

    @Test
    void doneCallbacksRunOnCompletingThreadInOrderAfterCompletion() throws Exception {
        Future<String> f = new Future<>();
        List<String> order = new ArrayList<>();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            f.addDoneCallback(done -> {
                assertTrue(done.isDone());
                assertSame(f, done);
                ranOn.set(Thread.currentThread());
                order.add(n + done.result());
            });
        }
        assertTrue(order.isEmpty());
        Thread completer = new Thread(() -> f.setResult("x"), "completer");
        completer.start();
        completer.join();
        assertEquals(List.of("0x", "1x", "2x", "3x", "4x"), order);
        assertSame(completer, ranOn.get());
    }

    @Test
    void cancelRunsCallbacks() {
        Future<String> f = new Future<>();
        AtomicReference<Boolean> cancelled = new AtomicReference<>();
        f.addDoneCallback(done -> cancelled.set(done.isCancelled()));
        f.cancel();
        assertEquals(Boolean.TRUE, cancelled.get());
    }

    @Test
    void throwingCallbackIsLoggedAndOthersStillRun() {
        try (IOLoopTest.LogCapture log = new IOLoopTest.LogCapture()) {
            Future<String> f = new Future<>();
            List<String> ran = new ArrayList<>();
            RuntimeException boom = new RuntimeException("boom");
            f.addDoneCallback(done -> ran.add("first"));
            f.addDoneCallback(done -> {
                throw boom;
            });
            f.addDoneCallback(done -> ran.add("third"));
            assertTrue(f.setResult("v"));
            assertEquals(List.of("first", "third"), ran);
            assertEquals(List.of(boom), log.failures());

            // On a done future the callback runs at once; its exception is logged, not thrown.
            IllegalStateException again = new IllegalStateException("again");
            f.addDoneCallback(done -> {
                throw again;
            });
            assertEquals(List.of(boom, again), log.failures());
        }
    }

    @Test
    void callbacksAddedWhileCompletingRunExactlyOnce() throws Exception {
        // Adders race with the completer: every callback must run once, before or after completion.
        for (int round = 0; round < 200; round++) {
            Future<Integer> f = new Future<>();
            int value = round;
            int adders = 4;
            int perAdder = 50;
            AtomicReferenceArray<Integer> runs = new AtomicReferenceArray<>(adders * perAdder);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int a = 0; a < adders; a++) {
                int base = a * perAdder;
                threads.add(new Thread(() -> {
                    await(go);
                    for (int i = 0; i < perAdder; i++) {
                        int slot = base + i;
                        f.addDoneCallback(done -> runs.accumulateAndGet(slot, 1,
                                (old, one) -> old == null ? one : old + one));
                    }
                }));
            }
            threads.add(new Thread(() -> {
                await(go);
                f.setResult(value);
            }));
            threads.forEach(Thread::start);
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            for (int i = 0; i < runs.length(); i++) {
                assertEquals(1, runs.get(i), "callback " + i + " in round " + round);
            }
        }
    }

    @Test
    void completionRaceHasOneWinner() throws Exception {
        for (int round = 0; round < 200; round++) {
            Future<Integer> f = new Future<>();
            AtomicInteger winners = new AtomicInteger();
            AtomicInteger callbacks = new AtomicInteger();
            f.addDoneCallback(done -> callbacks.incrementAndGet());
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                threads.add(new Thread(() -> {
                    await(go);
                    try {
                        boolean won = n == 0 ? f.cancel() : f.setResult(n);
                        if (won) {
                            winners.incrementAndGet();
                        }
                    } catch (IllegalStateException expected) {
                        // another setter won
                    }
                }));
            }
            threads.forEach(Thread::start);
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(1, winners.get());
            assertEquals(1, callbacks.get());
        }
    }

    @Test
    void factories() {
        Future<String> ok = Future.completed("v");
        assertTrue(ok.isDone());
        assertEquals("v", ok.result());
        Future<Void> none = Future.completed();
        assertTrue(none.isDone());
        assertNull(none.result());
        IOException failure = new IOException();
        Future<String> bad = Future.failed(failure);
        assertTrue(bad.isDone());
        assertSame(failure, bad.exception());
        assertSame(failure, catchThrowable(bad::result));
        assertThrows(IllegalStateException.class, () -> ok.setResult("again"));
        assertThrows(NullPointerException.class, () -> Future.failed(null));
    }

    @Test
    void toCompletableFutureFollowsTheFuture() throws Exception {
        Future<String> f = new Future<>();
        CompletableFuture<String> cf = f.toCompletableFuture();
        assertFalse(cf.isDone());
        f.setResult("r");
        assertEquals("r", cf.get(1, TimeUnit.SECONDS));

        Future<String> bad = new Future<>();
        CompletableFuture<String> badCf = bad.toCompletableFuture();
        IOException failure = new IOException();
        bad.setException(failure);
        ExecutionException e = assertThrows(ExecutionException.class, badCf::get);
        assertSame(failure, e.getCause());

        Future<String> c = new Future<>();
        CompletableFuture<String> cCf = c.toCompletableFuture();
        c.cancel();
        assertTrue(cCf.isCancelled());

        assertEquals("done", Future.completed("done").toCompletableFuture().getNow(null));
    }

    @Test
    void fromCompletionStage() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> f = Future.from(cf);
        assertFalse(f.isDone());
        cf.complete("v");
        assertEquals("v", f.result());

        // A failure of a dependent stage arrives wrapped in CompletionException: unwrap it.
        CompletableFuture<String> src = new CompletableFuture<>();
        Future<String> g = Future.from(src.thenApply(s -> s + "!"));
        IOException failure = new IOException("io");
        src.completeExceptionally(failure);
        assertSame(failure, g.exception());
        assertSame(failure, catchThrowable(g::result));

        CompletableFuture<String> cancelled = new CompletableFuture<>();
        Future<String> h = Future.from(cancelled);
        cancelled.cancel(false);
        assertTrue(h.isCancelled());

        assertEquals("now", Future.from(CompletableFuture.completedFuture("now")).result());
    }

    @Test
    void fromCompletionStageAfterFutureWasCancelled() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> f = Future.from(cf);
        assertTrue(f.cancel());
        cf.complete("late"); // must not throw into the completer
        assertTrue(f.isCancelled());
    }

    static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("nothing thrown");
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
