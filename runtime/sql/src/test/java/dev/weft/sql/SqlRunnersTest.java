package dev.weft.sql;

import static dev.weft.sql.SqlWorkerTest.await;
import static dev.weft.sql.TestDb.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.IOLoop;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The threads behind the queues: when a queue gets a thread of its own and when it waits for a
 * busy one, the watchdog, idle ends, shutdown, and the hand-offs with a loop.
 */
class SqlRunnersTest {
    private static final long GUARD_SECONDS = 30; // a failure guard, never a timing assertion
    private static final long NEVER = TimeUnit.HOURS.toNanos(1); // no call counts as blocked
    private static final long ALWAYS = 0; // every running call counts as blocked

    private final List<Thread> started = Collections.synchronizedList(new ArrayList<>());
    private final SqlThreads names = new SqlThreads("test");
    private final List<SqlRunners> made = new ArrayList<>();

    @AfterEach
    void stopThreads() {
        made.forEach(SqlRunners::shutdown);
    }

    private SqlRunners runners(long keepAliveNanos, long blockedNanos) {
        return runners(r -> {
            Thread t = names.newThread(r);
            started.add(t);
            return t;
        }, keepAliveNanos, blockedNanos);
    }

    private SqlRunners runners(ThreadFactory threads, long keepAliveNanos, long blockedNanos) {
        SqlRunners r = new SqlRunners(threads, new SqlThreads("test-watchdog"), keepAliveNanos, 1,
                blockedNanos);
        made.add(r);
        return r;
    }

    /** A task that says it runs, records its thread, and holds until {@code gate} opens. */
    private static Runnable holding(CountDownLatch running, CountDownLatch gate,
            AtomicReference<Thread> on) {
        return () -> {
            on.set(Thread.currentThread());
            running.countDown();
            await(gate);
        };
    }

    /**
     * Two queues on one set of runners: {@code a} runs a call held until {@link #release()}, and
     * {@link #giveB()} then gives {@code b} a call that records its thread.
     */
    private static final class HeldQueue {
        final SqlWorker a;
        final SqlWorker b;
        final AtomicReference<Thread> aOn = new AtomicReference<>();
        final AtomicReference<Thread> bOn = new AtomicReference<>();
        final CountDownLatch bRan = new CountDownLatch(1);
        private final CountDownLatch gate = new CountDownLatch(1);

        /** Runs {@code before} on {@code a} first, then the held call, and waits for it to run. */
        HeldQueue(SqlRunners r, Runnable before) throws InterruptedException {
            a = new SqlWorker(r);
            b = new SqlWorker(r);
            a.execute(before);
            CountDownLatch running = new CountDownLatch(1);
            a.execute(holding(running, gate, aOn));
            assertTrue(running.await(GUARD_SECONDS, TimeUnit.SECONDS));
        }

        HeldQueue(SqlRunners r) throws InterruptedException {
            this(r, () -> { });
        }

        void giveB() {
            b.execute(() -> {
                bOn.set(Thread.currentThread());
                bRan.countDown();
            });
        }

        /** Whether b's call ran (within the guard) while a's is still held. */
        boolean bRanWhileAIsHeld() throws InterruptedException {
            return bRan.await(GUARD_SECONDS, TimeUnit.SECONDS) && gate.getCount() == 1;
        }

        void release() {
            gate.countDown();
        }
    }

    @Test
    void aQueueGivenWorkWhileTheOnlyCoreRunsAShortCallWaitsForThatThread() throws Exception {
        SqlRunners r = runners(SqlRunners.KEEP_ALIVE_NANOS, NEVER);
        HeldQueue q = new HeldQueue(r);
        q.giveB();
        assertFalse(q.bRan.await(100, TimeUnit.MILLISECONDS), "no second thread for a short call");
        q.release();
        assertTrue(q.bRan.await(GUARD_SECONDS, TimeUnit.SECONDS));
        assertSame(q.aOn.get(), q.bOn.get(), "the busy thread went on to the waiting queue");
        assertEquals(1, r.threadCount());
    }

    @Test
    void aQueueGivenWorkWhileTheOnlyThreadIsBlockedGetsAThreadAtOnce() throws Exception {
        SqlRunners r = runners(SqlRunners.KEEP_ALIVE_NANOS, ALWAYS);
        HeldQueue q = new HeldQueue(r);
        q.giveB();
        assertTrue(q.bRanWhileAIsHeld(), "ran while the first call blocks");
        assertNotSame(q.aOn.get(), q.bOn.get());
        assertFalse(r.hasWatchdog(), "woken by the hand-off itself, with no watchdog");
        q.release();
    }

    @Test
    void aThreadWhoseLastCallWasLongCountsAsBlocked() throws Exception {
        long blocked = TimeUnit.MILLISECONDS.toNanos(20);
        SqlRunners r = runners(SqlRunners.KEEP_ALIVE_NANOS, blocked);
        HeldQueue q = new HeldQueue(r, () -> {
            try {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(blocked) + 10); // longer than `blocked`
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        q.giveB(); // a's held call has just begun, but the one before it was long
        assertTrue(q.bRanWhileAIsHeld());
        assertFalse(r.hasWatchdog(), "woken by the hand-off itself, with no watchdog");
        q.release();
    }

    @Test
    void theWatchdogWakesAThreadForAQueueLeftBehindACallThatBlocked() throws Exception {
        // Long enough that this thread gives b its task well before a's call counts as blocked.
        SqlRunners r = runners(SqlRunners.KEEP_ALIVE_NANOS, TimeUnit.MILLISECONDS.toNanos(200));
        HeldQueue q = new HeldQueue(r);
        q.giveB();
        assertTrue(q.bRanWhileAIsHeld(), "ran while the first call blocks");
        assertNotSame(q.aOn.get(), q.bOn.get());
        assertTrue(r.hasWatchdog());
        q.release();
    }

    @Test
    void aQueueWithMoreWorkLetsAWaitingOneGoFirst() throws Exception {
        SqlRunners r = runners(SqlRunners.KEEP_ALIVE_NANOS, NEVER);
        SqlWorker a = new SqlWorker(r);
        SqlWorker b = new SqlWorker(r);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch aRunning = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        a.execute(() -> {
            aRunning.countDown();
            await(gate);
            order.add("a0");
        });
        assertTrue(aRunning.await(GUARD_SECONDS, TimeUnit.SECONDS));
        CountDownLatch all = new CountDownLatch(4);
        for (int i = 1; i <= 3; i++) {
            String name = "a" + i;
            a.execute(() -> {
                order.add(name);
                all.countDown();
            });
        }
        b.execute(() -> {
            order.add("b0");
            all.countDown();
        });
        gate.countDown();
        assertTrue(all.await(GUARD_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of("a0", "b0", "a1", "a2", "a3"), order);
    }

    @Test
    void anIdleThreadEndsAndTheNextTaskStartsAnother() throws Exception {
        SqlRunners r = runners(TimeUnit.MILLISECONDS.toNanos(20), NEVER);
        SqlWorker w = new SqlWorker(r);
        AtomicReference<Thread> first = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        w.execute(() -> {
            first.set(Thread.currentThread());
            ran.countDown();
        });
        assertTrue(ran.await(GUARD_SECONDS, TimeUnit.SECONDS));
        first.get().join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        assertFalse(first.get().isAlive(), "idle past its keep-alive, the thread ended");
        assertEquals(0, r.threadCount());
        AtomicReference<Thread> second = new AtomicReference<>();
        CountDownLatch again = new CountDownLatch(1);
        w.execute(() -> {
            second.set(Thread.currentThread());
            again.countDown();
        });
        assertTrue(again.await(GUARD_SECONDS, TimeUnit.SECONDS), "a task after the end still runs");
        assertNotSame(first.get(), second.get());
        assertTrue(second.get().isDaemon());
    }

    @Test
    void aThreadThatCannotStartRefusesTheTaskAndTheNextTaskGetsAnother() throws Exception {
        Thread used = new Thread(() -> { });
        used.start();
        used.join();
        AtomicInteger count = new AtomicInteger();
        SqlRunners r = runners(t -> count.getAndIncrement() == 0 ? used : names.newThread(t),
                SqlRunners.KEEP_ALIVE_NANOS, NEVER);
        SqlWorker w = new SqlWorker(r);
        AtomicInteger ran = new AtomicInteger();
        assertThrows(RejectedExecutionException.class, () -> w.execute(ran::incrementAndGet),
                "a thread that cannot start (here: one already run) refuses the task");
        assertEquals(0, r.threadCount());
        CountDownLatch second = new CountDownLatch(1);
        w.execute(second::countDown);
        assertTrue(second.await(GUARD_SECONDS, TimeUnit.SECONDS), "the next task starts a thread");
        assertEquals(0, ran.get(), "the refused task never runs");
    }

    @Test
    void afterShutdownEveryThreadAndTheWatchdogEnd() throws Exception {
        SqlRunners r = runners(SqlRunners.KEEP_ALIVE_NANOS, TimeUnit.MILLISECONDS.toNanos(50));
        HeldQueue q = new HeldQueue(r);
        q.giveB();
        assertTrue(q.bRanWhileAIsHeld(), "the watchdog gave b a thread");
        Thread parked = q.bOn.get();
        eventually("b's thread parks", () -> parked.getState() == Thread.State.TIMED_WAITING);
        r.shutdown();
        q.a.execute(() -> { }); // given after the shutdown, still run
        q.release();
        for (Thread t : List.copyOf(started)) {
            t.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
            assertFalse(t.isAlive(), t + " still runs");
        }
        eventually("the watchdog ends", () -> !r.hasWatchdog());
        assertEquals(0, r.threadCount());
    }

    /** A runner whose only thread has run one task and is parked (TIMED_WAITING) for the next. */
    private SqlWorker parkedQueue() throws Exception {
        SqlRunners r = runners(Long.MAX_VALUE, NEVER); // a wake-up left behind would hang
        SqlWorker w = new SqlWorker(r);
        CountDownLatch ran = new CountDownLatch(1);
        w.execute(ran::countDown);
        assertTrue(ran.await(GUARD_SECONDS, TimeUnit.SECONDS));
        Thread t = started.get(0);
        eventually("the thread parks", () -> t.getState() == Thread.State.TIMED_WAITING);
        return w;
    }

    /** A test of a queue whose thread is parked, given tasks from this thread and its loop. */
    private interface HandOffTest {
        void run(SqlWorker parked, IOLoop loop) throws Exception;
    }

    private void withParkedQueue(HandOffTest test) throws Exception {
        TestDb.noLoopOnThisThread();
        SqlWorker w = parkedQueue();
        IOLoop loop = IOLoop.current();
        try {
            test.run(w, loop);
        } finally {
            loop.close();
        }
    }

    @Test
    void givenWorkByARunningLoopTheThreadWakesWhenTheIterationEnds() throws Exception {
        withParkedQueue((w, loop) -> {
            CountDownLatch ran = new CountDownLatch(1);
            AtomicInteger ranDuringTheCallback = new AtomicInteger(-1);
            loop.addCallback(() -> {
                w.execute(ran::countDown);
                try {
                    // Long enough for a thread woken now to have run its task many times over.
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
    void aLoopStoppingRightAfterTheHandOffStillWakesTheThread() throws Exception {
        withParkedQueue((w, loop) -> {
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
    void aThreadWhoseLoopIsNotRunningWakesTheThreadAtOnce() throws Exception {
        // The loop exists and is never started: nothing would run its callbacks.
        withParkedQueue((w, loop) -> {
            CountDownLatch ran = new CountDownLatch(1);
            w.execute(ran::countDown);
            assertTrue(ran.await(GUARD_SECONDS, TimeUnit.SECONDS));
        });
    }

    @Test
    void threadsCountAsAwakeOnlyUntilTheyParkOrEnd() throws Exception {
        // Other tests' threads park within their spin, and parked ones do not count.
        eventually("no thread awake", () -> HandOffSpin.awake() == 0);
        SqlRunners ending = runners(TimeUnit.MILLISECONDS.toNanos(20), NEVER);
        SqlRunners parking = runners(Long.MAX_VALUE, NEVER);
        SqlWorker endingQueue = new SqlWorker(ending);
        SqlWorker parkingQueue = new SqlWorker(parking);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        Runnable hold = () -> {
            running.countDown();
            await(release);
        };
        endingQueue.execute(hold);
        parkingQueue.execute(hold);
        assertTrue(running.await(GUARD_SECONDS, TimeUnit.SECONDS));
        assertEquals(2, HandOffSpin.awake(), "both run a task");
        release.countDown();
        eventually("the first thread ends", () -> ending.threadCount() == 0);
        Thread parked = started.get(1);
        eventually("the second parks", () -> parked.getState() == Thread.State.TIMED_WAITING);
        eventually("none counted awake", () -> HandOffSpin.awake() == 0);
        CountDownLatch again = new CountDownLatch(1);
        parkingQueue.execute(again::countDown);
        assertTrue(again.await(GUARD_SECONDS, TimeUnit.SECONDS));
        parking.shutdown();
        parked.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        assertFalse(parked.isAlive());
        assertEquals(0, HandOffSpin.awake(), "woken, then shut down: not awake");
    }

    @Test
    void noSpinForLongHandOffs() throws Exception {
        eventually("no thread awake", () -> HandOffSpin.awake() == 0);
        boolean cores = Runtime.getRuntime().availableProcessors() > 1;
        assertEquals(cores, HandOffSpin.loopShouldSpin(0), "short tasks, free cores: spin");
        assertEquals(cores, HandOffSpin.workerShouldSpin(0));
        assertFalse(HandOffSpin.loopShouldSpin(HandOffSpin.SPIN_NANOS), "a task as long as a spin");
        assertFalse(HandOffSpin.workerShouldSpin(HandOffSpin.SPIN_NANOS), "a turn-around as long");
    }
}
