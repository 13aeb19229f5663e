package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CloseCurrentLoop.class)
@org.junit.jupiter.api.Timeout(30)
class IOLoopTest {
    static final Duration LIMIT = Duration.ofSeconds(10);

    /** Diverts what the runtime logs while open, so tests can assert on it. */
    static final class LogCapture implements AutoCloseable {
        private final List<String> messages = Collections.synchronizedList(new ArrayList<>());
        private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        private final BiConsumer<String, Throwable> previous;

        LogCapture() {
            previous = LoopLog.setHook((message, failure) -> {
                messages.add(message);
                failures.add(failure);
            });
        }

        List<Throwable> failures() {
            synchronized (failures) {
                return new ArrayList<>(failures);
            }
        }

        List<String> messages() {
            synchronized (messages) {
                return new ArrayList<>(messages);
            }
        }

        @Override
        public void close() {
            LoopLog.setHook(previous);
        }
    }

    @Test
    void currentIsPerThreadAndCreatedOnFirstUse() throws Exception {
        IOLoop mine = IOLoop.current();
        assertSame(mine, IOLoop.current());
        assertSame(mine, IOLoop.currentOrNull());
        AtomicReference<IOLoop> before = new AtomicReference<>(mine);
        AtomicReference<IOLoop> other = new AtomicReference<>();
        Thread t = new Thread(() -> {
            before.set(IOLoop.currentOrNull());
            other.set(IOLoop.current());
            other.get().close();
        });
        t.start();
        t.join();
        assertNull(before.get(), "currentOrNull must not create a loop");
        assertNotNull(other.get());
        assertNotSame(mine, other.get());
    }

    @Test
    void closedLoopIsReplaced() {
        IOLoop first = IOLoop.current();
        first.close();
        assertNull(IOLoop.currentOrNull());
        IOLoop second = IOLoop.current();
        assertNotSame(first, second);
        first.close(); // idempotent
    }

    @Test
    void timeIsTheNanoTimeClock() {
        IOLoop loop = IOLoop.current();
        long before = System.nanoTime();
        long t = loop.time();
        long after = System.nanoTime();
        assertTrue(before <= t && t <= after);
    }

    @Test
    void deadlinesAfterADelayAreOnThatClockAndNeverOverflow() {
        IOLoop loop = IOLoop.current();
        long before = loop.time();
        long d = loop.deadlineAfter(Duration.ofMillis(5));
        assertTrue(d - before >= 5_000_000 && d - loop.time() <= 5_000_000, "5 ms from now");
        assertTrue(loop.deadlineAfter(Duration.ofMillis(-5)) - loop.time() < 0, "already passed");
        // Too long for nanoseconds: cut, but still later than any sane deadline, by subtraction.
        long far = loop.deadlineAfter(Duration.ofSeconds(Long.MAX_VALUE));
        assertTrue(far - loop.deadlineAfter(Duration.ofDays(365 * 70)) > 0);
        assertTrue(loop.deadlineAfter(Duration.ofSeconds(Long.MIN_VALUE)) - loop.time() <= 0);
    }

    @Test
    void runSyncCallsFnWithTheLoopRunningAndReturnsItsResult() {
        IOLoop loop = IOLoop.current();
        assertFalse(loop.isRunning());
        String r = loop.runSync(() -> {
            assertTrue(loop.isRunning());
            Future<String> f = new Future<>();
            loop.addCallback(() -> f.setResult("done"));
            return f;
        }, LIMIT);
        assertEquals("done", r);
        assertFalse(loop.isRunning());
        // The loop can be run again.
        assertEquals(42, loop.runSync(() -> Future.completed(42)));
    }

    @Test
    void runSyncThrowsTheFailureUnchanged() {
        IOLoop loop = IOLoop.current();
        IOException checked = new IOException("checked");
        assertSame(checked, FutureTest.catchThrowable(() -> loop.runSync(() -> Future.failed(checked))));
        IllegalArgumentException thrown = new IllegalArgumentException("thrown by fn");
        assertSame(thrown, FutureTest.catchThrowable(() -> loop.runSync(() -> {
            throw thrown;
        })));
        Future<String> cancelled = new Future<>();
        cancelled.cancel();
        assertThrows(CancellationException.class, () -> loop.runSync(() -> cancelled));
    }

    @Test
    void runSyncTimesOutAndCancelsTheFuture() {
        IOLoop loop = IOLoop.current();
        Future<String> never = new Future<>();
        long start = loop.time();
        Throwable t = FutureTest.catchThrowable(() -> loop.runSync(() -> never, Duration.ofMillis(50)));
        assertInstanceOf(TimeoutException.class, t);
        assertTrue(loop.time() - start >= Duration.ofMillis(50).toNanos());
        assertTrue(never.isCancelled());
        assertFalse(loop.isRunning());
        assertEquals(0, loop.timerCount());
    }

    @Test
    void runSyncRemovesItsTimerWhenDoneInTime() {
        IOLoop loop = IOLoop.current();
        assertEquals("ok", loop.runSync(() -> Future.completed("ok"), Duration.ofHours(1)));
        assertEquals(0, loop.timerCount());
    }

    @Test
    void runSyncStoppedEarlyLeavesNothingBehind() {
        IOLoop loop = IOLoop.current();
        Future<String> pending = new Future<>();
        Throwable t = FutureTest.catchThrowable(() -> loop.runSync(() -> {
            loop.stop(); // someone stops the loop before the future is done
            return pending;
        }, Duration.ofHours(1)));
        assertInstanceOf(IllegalStateException.class, t);
        assertEquals(0, loop.timerCount(), "the runSync timer is removed");
        // The stale future completing later must not stop a later run.
        List<String> order = new ArrayList<>();
        String r = loop.runSync(() -> {
            pending.setResult("stale");
            return asFuture(Co.sleep(Duration.ofMillis(20)), loop);
        }, LIMIT);
        assertEquals("still running", r);

        loop.stop();
        assertInstanceOf(IllegalStateException.class,
                FutureTest.catchThrowable(() -> loop.runSync(() -> {
                    order.add("fn must not run later");
                    return Future.completed("x");
                })));
        assertEquals("next", loop.runSync(() -> Future.completed("next"), LIMIT));
        assertEquals(List.of(), order);
    }

    @Test
    void loopThreadRulesAreEnforced() throws Exception {
        IOLoop loop = IOLoop.current();
        AtomicReference<Throwable> start = new AtomicReference<>();
        AtomicReference<Throwable> runSync = new AtomicReference<>();
        Thread t = new Thread(() -> {
            start.set(FutureTest.catchThrowable(loop::start));
            runSync.set(FutureTest.catchThrowable(() -> loop.runSync(Future::completed)));
        });
        t.start();
        t.join();
        assertInstanceOf(IllegalStateException.class, start.get());
        assertInstanceOf(IllegalStateException.class, runSync.get());

        Throwable nested = loop.runSync(() -> Future.completed(FutureTest.catchThrowable(
                () -> loop.runSync(Future::completed))), LIMIT);
        assertInstanceOf(IllegalStateException.class, nested);
        Throwable restart = loop.runSync(() -> Future.completed(FutureTest.catchThrowable(loop::start)), LIMIT);
        assertInstanceOf(IllegalStateException.class, restart);
        Throwable closeRunning = loop.runSync(() -> Future.completed(FutureTest.catchThrowable(loop::close)), LIMIT);
        assertInstanceOf(IllegalStateException.class, closeRunning);
    }

    @Test
    void stopBeforeStartMakesStartReturnAtOnce() {
        IOLoop loop = IOLoop.current();
        AtomicBoolean ran = new AtomicBoolean();
        loop.addCallback(() -> ran.set(true));
        loop.stop();
        loop.start(); // returns at once
        assertFalse(ran.get());
        assertFalse(loop.isRunning());
        // That stop is used up: the next start runs the queued callback.
        loop.addCallback(loop::stop);
        loop.start();
        assertTrue(ran.get());
    }

    @Test
    void stopFromAnotherThreadWakesABlockedLoop() throws Exception {
        IOLoop loop = IOLoop.current();
        CountDownLatch running = new CountDownLatch(1);
        loop.addCallback(running::countDown);
        Thread stopper = new Thread(() -> {
            FutureTest.await(running);
            sleepQuietly(20); // let the loop block in select with nothing to do
            loop.stop();
        });
        stopper.start();
        loop.start();
        stopper.join();
        assertFalse(loop.isRunning());
    }

    @Test
    void stopLetsTheCurrentIterationFinish() {
        IOLoop loop = IOLoop.current();
        List<String> ran = new ArrayList<>();
        loop.addCallback(() -> {
            ran.add("a");
            loop.stop();
            loop.addCallback(() -> ran.add("next iteration"));
        });
        loop.addCallback(() -> ran.add("b"));
        loop.start();
        assertEquals(List.of("a", "b"), ran);
        loop.addCallback(loop::stop);
        loop.start();
        assertEquals(List.of("a", "b", "next iteration"), ran);
    }

    @Test
    void callbacksRunInOrderOnTheLoopThread() throws Exception {
        IOLoop loop = IOLoop.current();
        Thread loopThread = Thread.currentThread();
        List<Integer> order = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        loop.runSync(() -> {
            Future<Void> done = new Future<>();
            Thread other = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    int n = i;
                    loop.addCallback(() -> {
                        assertSame(loopThread, Thread.currentThread());
                        order.add(n);
                    });
                    expected.add(n);
                }
                loop.addCallback(() -> done.setResult(null));
            });
            other.start();
            return done;
        }, LIMIT);
        assertEquals(expected, order);
    }

    @Test
    void callbacksAddedDuringAnIterationRunOnTheNext() {
        // The timer is due when the first iteration begins, so it runs after that iteration's
        // callbacks and before the callbacks they add.
        IOLoop loop = IOLoop.current();
        List<String> order = new ArrayList<>();
        loop.callAt(loop.time() - 1, () -> order.add("timer"));
        loop.addCallback(() -> {
            order.add("a");
            loop.addCallback(() -> {
                order.add("added by a");
                loop.stop();
            });
        });
        loop.addCallback(() -> order.add("b"));
        loop.start();
        assertEquals(List.of("a", "b", "timer", "added by a"), order);
    }

    @Test
    void addCallbackFromAnotherThreadWakesTheLoop() throws Exception {
        // The loop has no timer at all: without a wakeup it would wait in select forever. A
        // watchdog stops it after a (very generous) while so that the failure is reported.
        IOLoop loop = IOLoop.current();
        CountDownLatch ran = new CountDownLatch(1);
        AtomicBoolean watchdogStopped = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            sleepQuietly(30); // the loop is blocked in select by now
            loop.addCallback(() -> {
                ran.countDown();
                loop.stop();
            });
        });
        Thread watchdog = new Thread(() -> {
            try {
                if (!ran.await(5, TimeUnit.SECONDS)) {
                    watchdogStopped.set(true);
                    loop.stop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        watchdog.start();
        loop.start();
        watchdog.join();
        assertFalse(watchdogStopped.get(), "the callback did not wake the loop");
        assertEquals(0, ran.getCount());
    }

    /**
     * Thousands of wake-ups in a row, each of a loop blocked in select: each one wakes it, and
     * once they stop the loop sleeps again instead of finding a wake-up left over on every
     * iteration (it would then spin, using its core while idle).
     */
    @Test
    void everyWakeUpFromAnotherThreadIsConsumed() throws Exception {
        IOLoop loop = IOLoop.current();
        long loopThread = Thread.currentThread().getId(); // start() runs the loop right here
        java.lang.management.ThreadMXBean cpu =
                java.lang.management.ManagementFactory.getThreadMXBean();
        long[] idleCpu = {-1};
        int rounds = 2000;
        int before = loop.wakeupCount();
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    CountDownLatch ran = new CountDownLatch(1);
                    // Only once it sleeps: then this callback must wake it, every round.
                    while (!loop.isSleeping()) {
                        Thread.onSpinWait();
                    }
                    loop.addCallback(ran::countDown);
                    assertTrue(ran.await(5, TimeUnit.SECONDS), "wake-up " + i + " was lost");
                }
                long busy = cpu.getThreadCpuTime(loopThread);
                Thread.sleep(300); // the loop has nothing to do: it should be asleep in select
                idleCpu[0] = cpu.getThreadCpuTime(loopThread) - busy;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                loop.stop();
            }
        });
        producer.start();
        loop.start();
        producer.join();
        assertEquals(rounds, loop.wakeupCount() - before, "each callback found the loop asleep");
        assertTrue(idleCpu[0] >= 0 && idleCpu[0] < 150_000_000L,
                "an idle loop used " + idleCpu[0] / 1_000_000 + " ms of CPU in 300 ms");
    }

    /** Opening and closing loops leaves no file descriptor behind (selector and wake-up pipe). */
    @Test
    void closingALoopReleasesItsFileDescriptors() throws Exception {
        java.nio.file.Path fds = java.nio.file.Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(fds),
                "needs /proc (Linux)");
        IOLoop.current().close(); // this thread's loop, if any, out of the count
        long before = countFds(fds);
        for (int i = 0; i < 200; i++) {
            IOLoop loop = IOLoop.current();
            loop.addCallback(loop::stop);
            loop.start();
            loop.close();
        }
        assertEquals(before, countFds(fds));
    }

    private static long countFds(java.nio.file.Path fds) throws IOException {
        try (var list = java.nio.file.Files.list(fds)) {
            return list.count();
        }
    }

    @Test
    void addCallbackDoesNotWakeALoopThatIsAwake() {
        // While the loop thread is inside a callback it is not in select: other threads' callbacks
        // are queued without a selector wakeup, and still all run afterwards.
        IOLoop loop = IOLoop.current();
        int n = 10_000;
        int[] ran = new int[1];
        int[] wakeupsWhileBusy = new int[1];
        loop.runSync(() -> {
            Future<Void> done = new Future<>();
            loop.addCallback(() -> {
                int before = loop.wakeupCount();
                Thread producer = new Thread(() -> {
                    for (int i = 0; i < n; i++) {
                        loop.addCallback(() -> {
                            if (++ran[0] == n) {
                                done.setResult(null);
                            }
                        });
                    }
                });
                producer.start();
                try {
                    producer.join(); // the loop thread stays busy until all are queued
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                wakeupsWhileBusy[0] = loop.wakeupCount() - before;
            });
            return done;
        }, LIMIT);
        assertEquals(0, wakeupsWhileBusy[0]);
        assertEquals(n, ran[0]);
    }

    @Test
    void addCallbackAfterCloseIsDropped() {
        IOLoop loop = IOLoop.current();
        loop.close();
        loop.addCallback(() -> {
            throw new AssertionError("must not run");
        });
        assertFalse(loop.isRunning());
        assertThrows(IllegalStateException.class, loop::start);
        AtomicReference<Throwable> fromOther = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                loop.addCallback(() -> { });
                loop.callLater(Duration.ZERO, () -> { });
                loop.stop(); // wakes a closed selector: harmless
            } catch (Throwable t) {
                fromOther.set(t);
            }
        });
        other.start();
        try {
            other.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertNull(fromOther.get());
    }

    @Test
    void closeCancelsTimersAndClosesTheSelector() throws IOException {
        IOLoop loop = IOLoop.current();
        AtomicBoolean fired = new AtomicBoolean();
        loop.callLater(Duration.ZERO, () -> fired.set(true));
        loop.callLater(Duration.ofHours(1), () -> fired.set(true));
        Pipe pipe = Pipe.open();
        try {
            loop.addHandler(pipe.source(), SelectionKey.OP_READ, (ch, ops) -> { });
            assertTrue(pipe.source().isRegistered());
            assertEquals(2, loop.timerCount());
            loop.close();
            assertEquals(0, loop.timerCount());
            assertFalse(pipe.source().isRegistered());
            assertTrue(pipe.source().isOpen(), "close() leaves the channels open");
            assertFalse(fired.get());
            IOLoop next = IOLoop.current();
            next.runSync(() -> Co.sleep(Duration.ofMillis(5)), LIMIT);
            assertFalse(fired.get());
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void spawnCallbackRunsLaterAndLogsFailures() {
        IOLoop loop = IOLoop.current();
        try (LogCapture log = new LogCapture()) {
            IOException failed = new IOException("failed future");
            IllegalStateException thrown = new IllegalStateException("thrown");
            List<String> ran = new ArrayList<>();
            loop.runSync(() -> {
                loop.spawnCallback(() -> {
                    ran.add("spawned");
                    return Future.completed("fine");
                });
                assertTrue(ran.isEmpty(), "spawnCallback must not call fn itself");
                loop.spawnCallback(() -> Future.failed(failed));
                loop.spawnCallback(() -> {
                    throw thrown;
                });
                Future<String> cancelled = new Future<>();
                loop.spawnCallback(() -> cancelled);
                cancelled.cancel();
                loop.spawnCallback(() -> null);
                return Co.sleep(Duration.ofMillis(1));
            }, LIMIT);
            assertEquals(List.of("spawned"), ran);
            assertEquals(List.of(failed, thrown), log.failures());
        }
    }

    @Test
    void addFutureCallsBackOnTheLoopThread() {
        IOLoop loop = IOLoop.current();
        Thread loopThread = Thread.currentThread();
        Future<String> f = new Future<>();
        String r = loop.runSync(() -> {
            Future<String> out = new Future<>();
            loop.addFuture(f, done -> {
                assertSame(loopThread, Thread.currentThread());
                out.setResult(done.result());
            });
            new Thread(() -> f.setResult("from elsewhere")).start();
            return out;
        }, LIMIT);
        assertEquals("from elsewhere", r);

        // Even on a done future the callback waits for the loop.
        AtomicBoolean called = new AtomicBoolean();
        loop.runSync(() -> {
            loop.addFuture(Future.completed(1), done -> called.set(true));
            assertFalse(called.get());
            return Co.moment();
        }, LIMIT);
        assertTrue(called.get());
    }

    @Test
    void timersFireInDeadlineOrderNeverEarly() {
        IOLoop loop = IOLoop.current();
        List<Integer> order = new ArrayList<>();
        List<String> early = new ArrayList<>();
        long base = loop.time();
        int[] delaysMs = {30, 10, 20, 0, 20, 5};
        loop.runSync(() -> {
            for (int i = 0; i < delaysMs.length; i++) {
                int n = i;
                long deadline = base + Duration.ofMillis(delaysMs[i]).toNanos();
                loop.callAt(deadline, () -> {
                    if (loop.time() < deadline) {
                        early.add("timer " + n);
                    }
                    order.add(n);
                });
                // callLater counts from now, which is no earlier than base.
                long earliest = loop.time() + Duration.ofMillis(delaysMs[i]).toNanos();
                Timeout later = loop.callLater(Duration.ofMillis(delaysMs[i]), () -> {
                    if (loop.time() < earliest) {
                        early.add("callLater " + n);
                    }
                });
                assertTrue(later.deadline() >= earliest);
            }
            return Co.sleep(Duration.ofMillis(40));
        }, LIMIT);
        // 2 and 4 share a deadline: the one added first fires first.
        assertEquals(List.of(3, 5, 1, 2, 4, 0), order);
        assertEquals(List.of(), early);
    }

    @Test
    void equalDeadlinesFireInTheOrderAdded() {
        IOLoop loop = IOLoop.current();
        List<Integer> order = new ArrayList<>();
        long deadline = loop.time() + Duration.ofMillis(5).toNanos();
        for (int i = 0; i < 50; i++) {
            int n = i;
            loop.callAt(deadline, () -> order.add(n));
        }
        loop.callAt(deadline, loop::stop);
        loop.start();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add(i);
        }
        assertEquals(expected, order);
    }

    @Test
    void removeTimeoutCancelsTheTimer() throws Exception {
        IOLoop loop = IOLoop.current();
        List<String> fired = new ArrayList<>();
        Timeout a = loop.callLater(Duration.ofMillis(5), () -> fired.add("a"));
        Timeout b = loop.callLater(Duration.ofMillis(5), () -> fired.add("b"));
        Timeout c = loop.callLater(Duration.ofMillis(5), () -> fired.add("c"));
        loop.removeTimeout(a);
        loop.removeTimeout(a); // twice: no-op
        Thread remover = new Thread(() -> loop.removeTimeout(c));
        remover.start();
        remover.join();
        loop.runSync(() -> Co.sleep(Duration.ofMillis(20)), LIMIT);
        assertEquals(List.of("b"), fired);
        loop.removeTimeout(b); // after it fired: no-op
        assertEquals(0, loop.timerCount());

        AtomicReference<Timeout> foreign = new AtomicReference<>();
        Thread t = new Thread(() -> {
            IOLoop other = IOLoop.current();
            foreign.set(other.callLater(Duration.ofHours(1), () -> { }));
            other.close();
        });
        t.start();
        t.join();
        assertThrows(IllegalArgumentException.class, () -> loop.removeTimeout(foreign.get()));
    }

    @Test
    void timersCanBeAddedFromAnotherThread() {
        IOLoop loop = IOLoop.current();
        Thread loopThread = Thread.currentThread();
        String r = loop.runSync(() -> {
            Future<String> f = new Future<>();
            new Thread(() -> {
                long deadline = loop.time() + Duration.ofMillis(10).toNanos();
                loop.callAt(deadline, () -> {
                    assertSame(loopThread, Thread.currentThread());
                    assertTrue(loop.time() >= deadline);
                    f.setResult("timer");
                });
            }).start();
            return f;
        }, LIMIT);
        assertEquals("timer", r);
    }

    @Test
    void runInExecutorCompletesOnTheLoop() throws Exception {
        IOLoop loop = IOLoop.current();
        Thread loopThread = Thread.currentThread();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            AtomicReference<Thread> completedOn = new AtomicReference<>();
            String r = loop.runSync(() -> {
                Future<String> f = loop.runInExecutor(pool, () -> {
                    ranOn.set(Thread.currentThread());
                    return "blocking work";
                });
                f.addDoneCallback(done -> completedOn.set(Thread.currentThread()));
                return f;
            }, LIMIT);
            assertEquals("blocking work", r);
            assertNotSame(loopThread, ranOn.get());
            assertSame(loopThread, completedOn.get());

            IOException failure = new IOException("checked");
            Throwable t = FutureTest.catchThrowable(() -> loop.runSync(
                    () -> loop.runInExecutor(pool, () -> {
                        throw failure;
                    }), LIMIT));
            assertSame(failure, t);
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void handlersGetReadinessOnTheLoopThread() throws IOException {
        IOLoop loop = IOLoop.current();
        Thread loopThread = Thread.currentThread();
        Pipe pipe = Pipe.open();
        try {
            assertTrue(pipe.source().isBlocking());
            StringBuilder received = new StringBuilder();
            String r = loop.runSync(() -> {
                Future<String> f = new Future<>();
                loop.addHandler(pipe.source(), SelectionKey.OP_READ, (ch, ops) -> {
                    assertSame(loopThread, Thread.currentThread());
                    assertSame(pipe.source(), ch);
                    assertEquals(SelectionKey.OP_READ, ops);
                    ByteBuffer buf = ByteBuffer.allocate(64);
                    try {
                        int n = pipe.source().read(buf);
                        received.append(new String(buf.array(), 0, n));
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                    if (received.toString().equals("hello")) {
                        loop.removeHandler(pipe.source());
                        f.setResult(received.toString());
                    }
                });
                new Thread(() -> {
                    try {
                        pipe.sink().write(ByteBuffer.wrap("hel".getBytes()));
                        sleepQuietly(10);
                        pipe.sink().write(ByteBuffer.wrap("lo".getBytes()));
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }).start();
                return f;
            }, LIMIT);
            assertEquals("hello", r);
            assertFalse(pipe.source().isBlocking(), "addHandler makes the channel non-blocking");
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void updateAndRemoveHandler() throws IOException {
        IOLoop loop = IOLoop.current();
        Pipe pipe = Pipe.open();
        try {
            List<Integer> calls = new ArrayList<>();
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            loop.runSync(() -> {
                // Interest 0: readable data is there, but the handler is not called.
                loop.addHandler(pipe.source(), 0, (ch, ops) -> calls.add(ops));
                assertThrows(IllegalStateException.class,
                        () -> loop.addHandler(pipe.source(), SelectionKey.OP_READ, (ch, ops) -> { }));
                return Co.sleep(Duration.ofMillis(10));
            }, LIMIT);
            assertEquals(List.of(), calls);
            loop.runSync(() -> {
                loop.updateHandler(pipe.source(), SelectionKey.OP_READ);
                return Co.sleep(Duration.ofMillis(10));
            }, LIMIT);
            assertFalse(calls.isEmpty(), "level-triggered readiness after updateHandler");
            assertTrue(calls.stream().allMatch(ops -> ops == SelectionKey.OP_READ));
            loop.runSync(() -> {
                loop.removeHandler(pipe.source());
                calls.clear();
                return Co.sleep(Duration.ofMillis(10));
            }, LIMIT);
            assertEquals(List.of(), calls);
            loop.removeHandler(pipe.source()); // no handler: no-op
            assertThrows(IllegalStateException.class,
                    () -> loop.updateHandler(pipe.source(), SelectionKey.OP_READ));

            // Removed and added again in the same iteration: the new handler takes over.
            Future<String> second = new Future<>();
            loop.runSync(() -> {
                loop.addHandler(pipe.source(), SelectionKey.OP_READ, (ch, ops) -> calls.add(-1));
                loop.removeHandler(pipe.source());
                loop.addHandler(pipe.source(), SelectionKey.OP_READ, (ch, ops) -> {
                    loop.removeHandler(ch);
                    second.setResult("second");
                });
                return second;
            }, LIMIT);
            assertEquals(List.of(), calls);
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void handlerMethodsFromAnotherThreadAreHandedToTheLoop() throws IOException {
        IOLoop loop = IOLoop.current();
        Pipe pipe = Pipe.open();
        try {
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            String r = loop.runSync(() -> {
                Future<String> f = new Future<>();
                new Thread(() -> loop.addHandler(pipe.source(), SelectionKey.OP_READ, (ch, ops) -> {
                    loop.removeHandler(ch);
                    f.setResult("registered from elsewhere");
                })).start();
                return f;
            }, LIMIT);
            assertEquals("registered from elsewhere", r);
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void failuresInCallbacksTimersAndHandlersAreLoggedAndTheLoopGoesOn() throws IOException {
        IOLoop loop = IOLoop.current();
        Pipe pipe = Pipe.open();
        try (LogCapture log = new LogCapture()) {
            RuntimeException inCallback = new RuntimeException("callback");
            RuntimeException inTimer = new RuntimeException("timer");
            RuntimeException inHandler = new RuntimeException("handler");
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            String r = loop.runSync(() -> {
                loop.addCallback(() -> {
                    throw inCallback;
                });
                loop.addCallback(() -> {
                    throw new CancellationException("not worth logging");
                });
                loop.callLater(Duration.ZERO, () -> {
                    throw inTimer;
                });
                loop.addHandler(pipe.source(), SelectionKey.OP_READ, (ch, ops) -> {
                    loop.removeHandler(ch);
                    throw inHandler;
                });
                // Asked after all of the failures above have happened.
                return asFuture(Co.sleep(Duration.ofMillis(20)), loop);
            }, LIMIT);
            assertEquals("still running", r);
            assertEquals(3, log.failures().size(), log.messages().toString());
            assertTrue(log.failures().containsAll(List.of(inCallback, inTimer, inHandler)));
            // Logged with the stack trace: the very exception object is handed to the logger.
            assertTrue(log.failures().get(0).getStackTrace().length > 0);
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void aCallbackWhoseToStringThrowsIsStillReported() {
        IOLoop loop = IOLoop.current();
        try (LogCapture log = new LogCapture()) {
            RuntimeException failure = new RuntimeException("run failed");
            Runnable nasty = new Runnable() {
                @Override
                public void run() {
                    throw failure;
                }

                @Override
                public String toString() {
                    throw new IllegalStateException("toString failed too");
                }
            };
            String r = loop.runSync(() -> {
                loop.addCallback(nasty);
                return asFuture(Co.sleep(Duration.ofMillis(5)), loop);
            }, LIMIT);
            assertEquals("still running", r);
            assertEquals(List.of(failure), log.failures());
            assertTrue(log.messages().get(0).contains("toString failed"), log.messages().get(0));
        }
    }

    @Test
    void aVirtualMachineErrorStopsTheLoopButLosesNothing() {
        IOLoop loop = IOLoop.current();
        List<String> ran = new ArrayList<>();
        InternalError fatal = new InternalError("fatal");
        loop.callAt(loop.time() - 1, () -> ran.add("due timer"));
        loop.addCallback(() -> {
            throw fatal;
        });
        loop.addCallback(() -> ran.add("next callback"));
        assertSame(fatal, FutureTest.catchThrowable(loop::start));
        assertFalse(loop.isRunning());
        assertEquals(List.of(), ran);
        loop.addCallback(loop::stop);
        loop.start();
        assertEquals(List.of("next callback", "due timer"), ran);
    }

    private static Future<String> asFuture(Future<Void> sleep, IOLoop loop) {
        Future<String> f = new Future<>();
        sleep.addDoneCallback(done -> f.setResult(loop.isRunning() ? "still running" : "stopped"));
        return f;
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
