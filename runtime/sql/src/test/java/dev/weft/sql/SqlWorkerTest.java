package dev.weft.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One connection's queue: order, one task at a time, failures, shutdown. */
class SqlWorkerTest {
    private static final long GUARD_SECONDS = 30; // a failure guard, never a timing assertion

    private final SqlRunners runners = new SqlRunners("test");

    @AfterEach
    void stopThreads() {
        runners.shutdown();
    }

    @Test
    void tasksOfManyQueuesFromManyThreadsRunOneAtATimePerQueueInEachThreadsOrder()
            throws Exception {
        int queues = 3;
        int producers = 4;
        int each = 10_000;
        List<SqlWorker> workers = new ArrayList<>();
        AtomicInteger[] running = new AtomicInteger[queues];
        for (int q = 0; q < queues; q++) {
            workers.add(new SqlWorker(runners));
            running[q] = new AtomicInteger();
        }
        AtomicInteger overlaps = new AtomicInteger();
        int[][] last = new int[queues][producers];
        for (int[] l : last) {
            java.util.Arrays.fill(l, -1);
        }
        AtomicInteger outOfOrder = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(queues * producers * each);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    int n = i;
                    for (int q = 0; q < queues; q++) {
                        int queue = q;
                        workers.get(q).execute(() -> {
                            if (running[queue].incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            // Only the queue's current runner touches its row, one at a time.
                            if (last[queue][producer] != n - 1) {
                                outOfOrder.incrementAndGet();
                            }
                            last[queue][producer] = n;
                            running[queue].decrementAndGet();
                            done.countDown();
                        });
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        assertTrue(done.await(GUARD_SECONDS, TimeUnit.SECONDS), "every task ran");
        assertEquals(0, overlaps.get(), "never two tasks of one queue at once");
        assertEquals(0, outOfOrder.get(), "each producer's tasks ran in the order given");
        assertTrue(runners.threadCount() <= queues, "a thread per queue at most: "
                + runners.threadCount());
    }

    @Test
    void shortAndBlockingCallsMixedOnManyQueuesAllRunInOrder() throws Exception {
        // Every path of the runners at once: spinners claimed, parked threads woken, queues left
        // for busy threads, calls that block (here sleep past the blocked threshold) and the
        // watchdog, all from several producers; a lost wake-up would leave a task unrun.
        int queues = 6;
        int producers = 3;
        int each = 300;
        List<SqlWorker> workers = new ArrayList<>();
        for (int q = 0; q < queues; q++) {
            workers.add(new SqlWorker(runners));
        }
        int[][] last = new int[queues][producers];
        for (int[] l : last) {
            java.util.Arrays.fill(l, -1);
        }
        AtomicInteger outOfOrder = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(queues * producers * each);
        java.util.SplittableRandom seeds = new java.util.SplittableRandom(15);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            java.util.SplittableRandom random = seeds.split();
            threads.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    int n = i;
                    int q = random.nextInt(queues);
                    for (int k = 0; k < queues; k++) {
                        int queue = (q + k) % queues;
                        boolean blocks = random.nextInt(50) == 0;
                        workers.get(queue).execute(() -> {
                            if (last[queue][producer] != n - 1) {
                                outOfOrder.incrementAndGet();
                            }
                            last[queue][producer] = n;
                            if (blocks) {
                                try {
                                    Thread.sleep(1);
                                } catch (InterruptedException e) {
                                    throw new AssertionError(e);
                                }
                            }
                            done.countDown();
                        });
                    }
                    if (random.nextInt(20) == 0) {
                        LockSupport.parkNanos(200_000); // long enough for idle threads to park
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        assertTrue(done.await(GUARD_SECONDS, TimeUnit.SECONDS), "every task ran");
        assertEquals(0, outOfOrder.get(), "each producer's tasks ran in the order given");
        assertTrue(runners.threadCount() <= queues, "a thread per queue at most: "
                + runners.threadCount());
    }

    @Test
    void aFailingTaskIsLoggedAndTheNextOnesStillRun() throws Exception {
        SqlWorker w = new SqlWorker(runners);
        CountDownLatch after = new CountDownLatch(1);
        w.execute(() -> {
            throw new IllegalStateException("a bug in a task");
        });
        w.execute(after::countDown);
        assertTrue(after.await(GUARD_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void shutdownRunsTheTasksGivenAndRefusesMore() throws Exception {
        SqlWorker w = new SqlWorker(runners);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(2);
        AtomicInteger count = new AtomicInteger();
        w.execute(() -> {
            await(gate);
            count.incrementAndGet();
            ran.countDown();
        });
        w.execute(() -> {
            count.incrementAndGet();
            ran.countDown();
        });
        w.shutdown();
        assertThrows(RejectedExecutionException.class, () -> w.execute(count::incrementAndGet));
        gate.countDown();
        assertTrue(ran.await(GUARD_SECONDS, TimeUnit.SECONDS), "the tasks given before ran");
        assertEquals(2, count.get(), "the later one did not");
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(GUARD_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("a latch never opened");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
