package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CloseCurrentLoop.class)
@org.junit.jupiter.api.Timeout(30)
class PeriodicCallbackTest {
    private static final Duration PERIOD = Duration.ofMillis(10);
    private static final long P = PERIOD.toNanos();

    @Test
    void ticksOnAbsoluteDeadlinesNeverEarlyUntilStopped() {
        IOLoop loop = IOLoop.current();
        Thread loopThread = Thread.currentThread();
        List<Long> deadlines = new ArrayList<>();
        List<Long> firedAt = new ArrayList<>();
        PeriodicCallback[] pc = new PeriodicCallback[1];
        long[] startedAt = new long[1];
        loop.runSync(() -> {
            Future<Void> fiveTicks = new Future<>();
            pc[0] = new PeriodicCallback(() -> {
                assertSame(loopThread, Thread.currentThread());
                firedAt.add(loop.time());
                deadlines.add(pc[0].nextDeadline());
                if (deadlines.size() == 5) {
                    pc[0].stop();
                    fiveTicks.setResult(null);
                }
            }, PERIOD);
            assertFalse(pc[0].isRunning());
            startedAt[0] = loop.time();
            pc[0].start();
            assertTrue(pc[0].isRunning());
            return fiveTicks;
        }, IOLoopTest.LIMIT);
        assertFalse(pc[0].isRunning());
        assertEquals(5, deadlines.size());
        long first = deadlines.get(0);
        // One period after start (more only if start() itself was preempted for a whole period).
        assertTrue(first >= startedAt[0] + P, "first tick at least one period after start");
        for (int i = 0; i < 5; i++) {
            long d = deadlines.get(i);
            assertTrue(firedAt.get(i) >= d, "tick " + i + " fired early");
            // Deadlines advance by whole periods from the first one: no drift accumulates.
            assertEquals(0, (d - first) % P, "tick " + i);
            if (i > 0) {
                assertTrue(d > deadlines.get(i - 1));
            }
        }
        // Stopped: nothing ticks any more.
        loop.runSync(() -> Co.sleep(PERIOD.multipliedBy(3)), IOLoopTest.LIMIT);
        assertEquals(5, deadlines.size());
        assertEquals(0, loop.timerCount());
    }

    @Test
    void aSlowTickSkipsTheMissedDeadlines() {
        IOLoop loop = IOLoop.current();
        List<Long> deadlines = new ArrayList<>();
        long[] slowEnd = new long[1];
        PeriodicCallback[] pc = new PeriodicCallback[1];
        loop.runSync(() -> {
            Future<Void> done = new Future<>();
            pc[0] = new PeriodicCallback(() -> {
                deadlines.add(pc[0].nextDeadline());
                if (deadlines.size() == 1) {
                    IOLoopTest.sleepQuietly(35); // misses at least three deadlines
                    slowEnd[0] = loop.time();
                } else if (deadlines.size() == 3) {
                    pc[0].stop();
                    done.setResult(null);
                }
            }, PERIOD);
            pc[0].start();
            return done;
        }, IOLoopTest.LIMIT);
        long d1 = deadlines.get(0);
        long d2 = deadlines.get(1);
        assertEquals(0, (d2 - d1) % P, "still on the grid of whole periods");
        assertTrue(d2 - d1 >= 4 * P, "missed deadlines skipped, not run in a burst");
        assertTrue(d2 > slowEnd[0], "the next deadline is the first one still in the future");
        long d3 = deadlines.get(2);
        assertTrue(d3 > d2 && (d3 - d2) % P == 0);
    }

    @Test
    void aThrowingCallbackIsLoggedAndKeepsTicking() {
        IOLoop loop = IOLoop.current();
        try (IOLoopTest.LogCapture log = new IOLoopTest.LogCapture()) {
            int[] ticks = new int[1];
            RuntimeException boom = new RuntimeException("tick failed");
            PeriodicCallback[] pc = new PeriodicCallback[1];
            loop.runSync(() -> {
                Future<Void> done = new Future<>();
                pc[0] = new PeriodicCallback(() -> {
                    if (++ticks[0] == 3) {
                        pc[0].stop();
                        done.setResult(null);
                    }
                    throw boom;
                }, PERIOD);
                pc[0].start();
                return done;
            }, IOLoopTest.LIMIT);
            assertEquals(3, ticks[0]);
            assertEquals(List.of(boom, boom, boom), log.failures());
        }
    }

    @Test
    void startUsesTheCallersCurrentLoopAndCanRestart() throws Exception {
        IOLoop loop = IOLoop.current();
        int[] ticks = new int[1];
        PeriodicCallback pc = new PeriodicCallback(() -> ticks[0]++, PERIOD);
        pc.start(); // on this thread's loop, which is not running yet
        pc.start(); // already running: no second schedule
        assertEquals(1, loop.timerCount());
        loop.runSync(() -> Co.sleep(PERIOD.multipliedBy(3)), IOLoopTest.LIMIT);
        assertTrue(ticks[0] >= 1);

        // stop() from another thread.
        Thread stopper = new Thread(pc::stop);
        stopper.start();
        stopper.join();
        assertFalse(pc.isRunning());
        loop.runSync(() -> Co.moment(), IOLoopTest.LIMIT); // lets the loop drop the timer
        assertEquals(0, loop.timerCount());
        int before = ticks[0];
        loop.runSync(() -> Co.sleep(PERIOD.multipliedBy(3)), IOLoopTest.LIMIT);
        assertEquals(before, ticks[0]);

        pc.start();
        loop.runSync(() -> Co.sleep(PERIOD.multipliedBy(3)), IOLoopTest.LIMIT);
        assertTrue(ticks[0] > before);
        pc.stop();
        pc.stop(); // idempotent
    }

    @Test
    void periodMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new PeriodicCallback(() -> { }, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new PeriodicCallback(() -> { }, Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> new PeriodicCallback(null, PERIOD));
    }
}
