package dev.weft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CloseCurrentLoop.class)
@org.junit.jupiter.api.Timeout(60)
class IOLoopReliabilityTest {
    private static final Duration LIMIT = Duration.ofSeconds(45);

    @Test
    void callbacksFromManyThreadsAreNeitherLostNorReordered() {
        IOLoop loop = IOLoop.current();
        int threads = 8;
        int perThread = 100_000;
        int[] next = new int[threads]; // touched only on the loop thread
        List<String> errors = new ArrayList<>();
        int[] total = new int[1];
        loop.runSync(() -> {
            Future<Void> all = new Future<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int id = t;
                new Thread(() -> {
                    FutureTest.await(go);
                    for (int i = 0; i < perThread; i++) {
                        int seq = i;
                        loop.addCallback(() -> {
                            if (next[id] != seq && errors.size() < 10) {
                                errors.add("thread " + id + ": got " + seq + ", expected " + next[id]);
                            }
                            next[id] = seq + 1;
                            if (++total[0] == threads * perThread) {
                                all.setResult(null);
                            }
                        });
                        if ((i & 1023) == 0) {
                            Thread.yield(); // let the loop drain, sleep and be woken again
                        }
                    }
                }, "producer-" + t).start();
            }
            go.countDown();
            return all;
        }, LIMIT);
        assertEquals(List.of(), errors);
        assertEquals(threads * perThread, total[0]);
        int[] expected = new int[threads];
        java.util.Arrays.fill(expected, perThread);
        assertArrayEquals(expected, next);
    }

    @Test
    void timersFireInDeadlineOrderAndNeverEarly() {
        IOLoop loop = IOLoop.current();
        Random random = new Random(42);
        int n = 2000;
        long base = loop.time();
        List<long[]> fired = new ArrayList<>(); // {deadline, insertion index, time fired}
        List<String> early = new ArrayList<>();
        loop.runSync(() -> {
            Future<Void> done = new Future<>();
            for (int i = 0; i < n; i++) {
                // Coarse deadlines so that many are equal and FIFO order among them is exercised.
                long deadline = base + (random.nextInt(40) + 1) * 1_000_000L;
                int index = i;
                loop.callAt(deadline, () -> {
                    long now = loop.time();
                    if (now < deadline) {
                        early.add("timer " + index);
                    }
                    fired.add(new long[] {deadline, index, now});
                    if (fired.size() == n) {
                        done.setResult(null);
                    }
                });
            }
            return done;
        }, LIMIT);
        assertEquals(List.of(), early);
        assertEquals(n, fired.size());
        for (int i = 1; i < n; i++) {
            long[] a = fired.get(i - 1);
            long[] b = fired.get(i);
            assertTrue(a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]),
                    "timer " + b[1] + " (deadline " + b[0] + ") fired after " + a[1] + " (" + a[0] + ")");
        }
    }

    @Test
    void cancelledTimersLeaveNoGarbageInTheHeap() throws Exception {
        IOLoop loop = IOLoop.current();
        int n = 100_000;
        List<Timeout> timeouts = new ArrayList<>(n);
        int[] fired = new int[1];
        for (int i = 0; i < n; i++) {
            timeouts.add(loop.callLater(Duration.ofHours(1).plusNanos(i % 1000), () -> fired[0]++));
        }
        assertEquals(n, loop.timerCount());
        for (int i = 0; i < n; i += 2) {
            loop.removeTimeout(timeouts.get(i));
        }
        assertEquals(n / 2, loop.timerCount());

        // Cancelled from another thread: the removal is handed to the loop.
        Thread remover = new Thread(() -> {
            for (int i = 1; i < n; i += 4) {
                loop.removeTimeout(timeouts.get(i));
            }
        });
        remover.start();
        remover.join();
        loop.runSync(Co::moment, LIMIT);
        assertEquals(n / 4, loop.timerCount());

        for (int i = 3; i < n; i += 4) {
            loop.removeTimeout(timeouts.get(i));
        }
        assertEquals(0, loop.timerCount());
        assertEquals(0, fired[0]);
    }

    @Test
    void cancelledDueTimersDoNotRunAndTheRestStillDo() {
        IOLoop loop = IOLoop.current();
        int n = 10_000;
        Random random = new Random(7);
        boolean[] cancelled = new boolean[n];
        int[] runs = new int[n];
        List<Timeout> timeouts = new ArrayList<>(n);
        long deadline = loop.time() + Duration.ofMillis(5).toNanos();
        for (int i = 0; i < n; i++) {
            int index = i;
            timeouts.add(loop.callAt(deadline + i % 7, () -> runs[index]++));
        }
        for (int i = 0; i < n; i++) {
            if (random.nextBoolean()) {
                cancelled[i] = true;
                loop.removeTimeout(timeouts.get(i));
            }
        }
        loop.runSync(() -> Co.sleep(Duration.ofMillis(10)), LIMIT);
        for (int i = 0; i < n; i++) {
            assertEquals(cancelled[i] ? 0 : 1, runs[i], "timer " + i);
        }
        assertEquals(0, loop.timerCount());
    }

    @Test
    void failingCallbacksCoroutinesAndPeriodicCallbacksLeaveTheLoopRunning() {
        IOLoop loop = IOLoop.current();
        try (IOLoopTest.LogCapture log = new IOLoopTest.LogCapture()) {
            RuntimeException inCallback = new RuntimeException("callback");
            Exception inFuture = new Exception("spawned coroutine failed");
            IllegalStateException inSupplier = new IllegalStateException("spawned supplier threw");
            RuntimeException inPeriodic = new RuntimeException("periodic");
            int[] ticks = new int[1];
            boolean[] runningAtEnd = new boolean[1];
            loop.runSync(() -> {
                Future<Void> done = new Future<>();
                loop.addCallback(() -> {
                    throw inCallback;
                });
                loop.spawnCallback(() -> {
                    Future<Void> f = new Future<>();
                    loop.callLater(Duration.ofMillis(1), () -> f.setException(inFuture));
                    return f;
                });
                loop.spawnCallback(() -> {
                    throw inSupplier;
                });
                PeriodicCallback[] pc = new PeriodicCallback[1];
                pc[0] = new PeriodicCallback(() -> {
                    if (++ticks[0] == 3) {
                        pc[0].stop();
                        loop.callLater(Duration.ofMillis(5), () -> {
                            runningAtEnd[0] = loop.isRunning();
                            done.setResult(null);
                        });
                    }
                    throw inPeriodic;
                }, Duration.ofMillis(2));
                pc[0].start();
                return done;
            }, LIMIT);
            assertTrue(runningAtEnd[0]);
            List<Throwable> failures = log.failures();
            assertEquals(6, failures.size(), log.messages().toString());
            assertTrue(failures.containsAll(List.of(inCallback, inFuture, inSupplier, inPeriodic)));
            assertEquals(3, failures.stream().filter(t -> t == inPeriodic).count());
        }
    }

    @Test
    void runSyncThrowsTheOriginalExceptionWithItsOriginalStack() {
        IOLoop loop = IOLoop.current();
        Exception original = makeFailure();
        StackTraceElement[] stack = original.getStackTrace().clone();
        Throwable thrown = FutureTest.catchThrowable(() -> loop.runSync(() -> {
            Future<Object> f = new Future<>();
            loop.callLater(Duration.ofMillis(1), () -> f.setException(original));
            return f;
        }, LIMIT));
        assertSame(original, thrown);
        assertArrayEquals(stack, thrown.getStackTrace());
        assertEquals("makeFailure", thrown.getStackTrace()[0].getMethodName());

        Throwable fromSupplier = FutureTest.catchThrowable(() -> loop.runSync(() -> {
            throw (RuntimeException) original.getCause();
        }, LIMIT));
        assertSame(original.getCause(), fromSupplier);
    }

    private static Exception makeFailure() {
        return new Exception("original", new IllegalArgumentException("cause"));
    }

    @Test
    void manyFuturesAwaitedOnTheLoopAndCompletedElsewhereAllCallBack() {
        IOLoop loop = IOLoop.current();
        Thread loopThread = Thread.currentThread();
        int n = 100_000;
        List<Future<Integer>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            futures.add(new Future<>());
        }
        long[] sum = new long[1];
        int[] count = new int[1];
        int[] wrongThread = new int[1];
        loop.runSync(() -> {
            Future<Void> all = new Future<>();
            for (Future<Integer> f : futures) {
                loop.addFuture(f, done -> {
                    if (Thread.currentThread() != loopThread) {
                        wrongThread[0]++;
                    }
                    sum[0] += done.result();
                    if (++count[0] == n) {
                        all.setResult(null);
                    }
                });
            }
            new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    futures.get(i).setResult(i);
                }
            }, "completer").start();
            return all;
        }, LIMIT);
        assertEquals(n, count[0]);
        assertEquals((long) n * (n - 1) / 2, sum[0]);
        assertEquals(0, wrongThread[0]);
    }
}
