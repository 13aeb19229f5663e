package dev.weft.sql;

import static dev.weft.sql.TestDb.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.IOLoop;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The thread behind each connection: order, one task at a time, idle end, shutdown. */
class SqlWorkerTest {
    private static final long GUARD_SECONDS = 30; // a failure guard, never a timing assertion

    private final List<Thread> started = Collections.synchronizedList(new ArrayList<>());
    private final SqlThreads names = new SqlThreads("test");

    private SqlWorker worker(long keepAliveNanos) {
        return new SqlWorker(r -> {
            Thread t = names.newThread(r);
            started.add(t);
            return t;
        }, keepAliveNanos);
    }

    @Test
    void tasksFromManyThreadsRunOneAtATimeInEachThreadsOrder() throws Exception {
        SqlWorker w = worker(SqlWorker.KEEP_ALIVE_NANOS);
        int producers = 4;
        int each = 20_000;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int[] last = new int[producers];
        java.util.Arrays.fill(last, -1);
        AtomicInteger outOfOrder = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(producers * each);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    int n = i;
                    w.execute(() -> {
                        if (running.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        if (last[producer] != n - 1) { // only the worker thread touches last
                            outOfOrder.incrementAndGet();
                        }
                        last[producer] = n;
                        running.decrementAndGet();
                        done.countDown();
                    });
                }
            }));
        }
        threads.forEach(Thread::start);
        assertTrue(done.await(GUARD_SECONDS, TimeUnit.SECONDS), "every task ran");
        assertEquals(0, overlaps.get(), "never two tasks at once");
        assertEquals(0, outOfOrder.get(), "each producer's tasks ran in the order given");
        assertEquals(1, started.size(), "one thread, kept while tasks keep coming: " + started);
        w.shutdown();
    }

    @Test
    void aFailingTaskIsLoggedAndTheNextOnesStillRun() throws Exception {
        SqlWorker w = worker(SqlWorker.KEEP_ALIVE_NANOS);
        CountDownLatch after = new CountDownLatch(1);
        w.execute(() -> {
            throw new IllegalStateException("a bug in a task");
        });
        w.execute(after::countDown);
        assertTrue(after.await(GUARD_SECONDS, TimeUnit.SECONDS));
        w.shutdown();
    }

    @Test
    void shutdownRunsTheTasksGivenThenEndsTheThreadAndRefusesMore() throws Exception {
        SqlWorker w = worker(SqlWorker.KEEP_ALIVE_NANOS);
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        w.execute(() -> {
            try {
                gate.await(GUARD_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.incrementAndGet();
        });
        w.execute(ran::incrementAndGet);
        w.shutdown();
        assertThrows(RejectedExecutionException.class, () -> w.execute(ran::incrementAndGet));
        gate.countDown();
        Thread t = started.get(0);
        t.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        assertFalse(t.isAlive(), "the thread ends after the last task");
        assertEquals(2, ran.get(), "the tasks given before shutdown ran, the later one did not");
        assertFalse(w.hasThread());
    }

    @Test
    void shutdownOfAParkedWorkerEndsItsThread() throws Exception {
        SqlWorker w = worker(SqlWorker.KEEP_ALIVE_NANOS);
        CountDownLatch ran = new CountDownLatch(1);
        w.execute(ran::countDown);
        assertTrue(ran.await(GUARD_SECONDS, TimeUnit.SECONDS));
        Thread t = started.get(0);
        eventually("the worker parks", () -> t.getState() == Thread.State.TIMED_WAITING);
        w.shutdown();
        t.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        assertFalse(t.isAlive());
    }

    @Test
    void anIdleThreadEndsAndTheNextTaskStartsAnother() throws Exception {
        SqlWorker w = worker(TimeUnit.MILLISECONDS.toNanos(20));
        AtomicReference<Thread> first = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        w.execute(() -> {
            first.set(Thread.currentThread());
            ran.countDown();
        });
        assertTrue(ran.await(GUARD_SECONDS, TimeUnit.SECONDS));
        first.get().join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        assertFalse(first.get().isAlive(), "idle past its keep-alive, the thread ended");
        assertFalse(w.hasThread());
        AtomicReference<Thread> second = new AtomicReference<>();
        CountDownLatch again = new CountDownLatch(1);
        w.execute(() -> {
            second.set(Thread.currentThread());
            again.countDown();
        });
        assertTrue(again.await(GUARD_SECONDS, TimeUnit.SECONDS), "a task after the end still runs");
        assertNotSame(first.get(), second.get());
        assertTrue(second.get().isDaemon());
        w.shutdown();
    }

    @Test
    void aThreadThatCannotStartRefusesTheTaskAndTheNextTaskGetsAnother() throws Exception {
        Thread used = new Thread(() -> { });
        used.start();
        used.join();
        AtomicInteger made = new AtomicInteger();
        SqlWorker w = new SqlWorker(r -> made.getAndIncrement() == 0 ? used : names.newThread(r),
                SqlWorker.KEEP_ALIVE_NANOS);
        AtomicInteger ran = new AtomicInteger();
        assertThrows(RejectedExecutionException.class, () -> w.execute(ran::incrementAndGet),
                "a thread that cannot start (here: one already run) refuses the task");
        assertFalse(w.hasThread());
        CountDownLatch second = new CountDownLatch(1);
        w.execute(second::countDown);
        assertTrue(second.await(GUARD_SECONDS, TimeUnit.SECONDS), "the next task starts a thread");
        assertEquals(0, ran.get(), "the refused task never runs");
        w.shutdown();
    }

    /** A worker whose thread has run one task and is parked (TIMED_WAITING) for the next. */
    private SqlWorker parkedWorker() throws Exception {
        SqlWorker w = worker(Long.MAX_VALUE); // a wake-up left behind would then hang the test
        CountDownLatch ran = new CountDownLatch(1);
        w.execute(ran::countDown);
        assertTrue(ran.await(GUARD_SECONDS, TimeUnit.SECONDS));
        Thread t = started.get(0);
        eventually("the worker parks", () -> t.getState() == Thread.State.TIMED_WAITING);
        return w;
    }

    /** A test of a parked worker given tasks from this thread, whose loop it also gets. */
    private interface HandOffTest {
        void run(SqlWorker parked, IOLoop loop) throws Exception;
    }

    private void withParkedWorker(HandOffTest test) throws Exception {
        TestDb.noLoopOnThisThread();
        SqlWorker w = parkedWorker();
        IOLoop loop = IOLoop.current();
        try {
            test.run(w, loop);
        } finally {
            loop.close();
            w.shutdown();
        }
    }

    @Test
    void givenWorkByARunningLoopTheWorkerWakesWhenTheIterationEnds() throws Exception {
        withParkedWorker((w, loop) -> {
            CountDownLatch ran = new CountDownLatch(1);
            AtomicInteger ranDuringTheCallback = new AtomicInteger(-1);
            loop.addCallback(() -> {
                w.execute(ran::countDown);
                try {
                    // Long enough for a worker woken now to have run its task many times over.
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                ranDuringTheCallback.set(ran.getCount() == 0 ? 1 : 0);
            });
            loop.addCallback(loop::stop);
            loop.start();
            assertEquals(0, ranDuringTheCallback.get(), "not woken in the middle of the iteration");
            assertTrue(ran.await(GUARD_SECONDS, TimeUnit.SECONDS), "woken once it ended");
        });
    }

    @Test
    void aLoopStoppingRightAfterTheHandOffStillWakesTheWorker() throws Exception {
        withParkedWorker((w, loop) -> {
            CountDownLatch ran = new CountDownLatch(2);
            loop.addCallback(() -> {
                w.execute(ran::countDown);
                w.execute(ran::countDown);
                loop.stop();
            });
            loop.start();
            assertTrue(ran.await(GUARD_SECONDS, TimeUnit.SECONDS), "the stopped loop woke it");
        });
    }

    @Test
    void aThreadWhoseLoopIsNotRunningWakesTheWorkerAtOnce() throws Exception {
        // The loop exists and is never started: nothing would run its callbacks.
        withParkedWorker((w, loop) -> {
            CountDownLatch ran = new CountDownLatch(1);
            w.execute(ran::countDown);
            assertTrue(ran.await(GUARD_SECONDS, TimeUnit.SECONDS));
        });
    }

    @Test
    void workersCountAsAwakeOnlyUntilTheyParkOrEnd() throws Exception {
        // Other tests' workers park within their spin, and parked ones do not count.
        eventually("no worker awake", () -> HandOffSpin.awake() == 0);
        SqlWorker ending = worker(TimeUnit.MILLISECONDS.toNanos(20));
        SqlWorker parking = worker(Long.MAX_VALUE);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        Runnable hold = () -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        };
        ending.execute(hold);
        parking.execute(hold);
        assertTrue(running.await(GUARD_SECONDS, TimeUnit.SECONDS));
        assertEquals(2, HandOffSpin.awake(), "both run a task");
        release.countDown();
        eventually("the first thread ends", () -> !ending.hasThread());
        Thread parked = started.get(1);
        eventually("the second parks", () -> parked.getState() == Thread.State.TIMED_WAITING);
        eventually("none counted awake", () -> HandOffSpin.awake() == 0);
        CountDownLatch again = new CountDownLatch(1);
        parking.execute(again::countDown);
        assertTrue(again.await(GUARD_SECONDS, TimeUnit.SECONDS));
        parking.shutdown();
        parked.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        assertFalse(parked.isAlive());
        assertEquals(0, HandOffSpin.awake(), "woken, then shut down: not awake");
    }

    @Test
    void noSpinForLongHandOffs() throws Exception {
        eventually("no worker awake", () -> HandOffSpin.awake() == 0);
        boolean cores = Runtime.getRuntime().availableProcessors() > 1;
        assertEquals(cores, HandOffSpin.loopShouldSpin(0), "short tasks, free cores: spin");
        assertEquals(cores, HandOffSpin.workerShouldSpin(0));
        assertFalse(HandOffSpin.loopShouldSpin(HandOffSpin.SPIN_NANOS), "a task as long as a spin");
        assertFalse(HandOffSpin.workerShouldSpin(HandOffSpin.SPIN_NANOS), "a turn-around as long");
    }
}
