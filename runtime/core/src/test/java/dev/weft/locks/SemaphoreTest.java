package dev.weft.locks;

import static dev.weft.locks.OnLoop.SHORT;
import static dev.weft.locks.OnLoop.timedOut;
import static dev.weft.locks.OnLoop.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Modelled on Tornado's {@code locks_test.SemaphoreTest}, {@code SemaphoreContextManagerTest}, {@code BoundedSemaphoreTest}. */
@ExtendWith(OnLoop.class)
@org.junit.jupiter.api.Timeout(60)
class SemaphoreTest {

    @Test
    void aNegativeValueIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertTrue(e.getMessage().contains("must be >= 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
    }

    @Test
    void theDefaultValueIsOne() {
        assertEquals(1, new Semaphore().value());
        assertEquals(1, new BoundedSemaphore().value());
        assertEquals(0, new Semaphore(0).value());
    }

    @Test
    void describesItsState() {
        Semaphore sem = new Semaphore(1);
        assertEquals("Semaphore[value=1, waiters=0]", sem.toString());
        sem.acquire();
        sem.acquire();
        assertEquals("Semaphore[value=0, waiters=1]", sem.toString());
        assertEquals("BoundedSemaphore[value=2, waiters=0]", new BoundedSemaphore(2).toString());
    }

    @Test
    void acquireTakesFreePermitsAtOnceThenWaits() {
        Semaphore sem = new Semaphore(3);
        for (int i = 0; i < 3; i++) {
            assertTrue(sem.acquire().isDone());
        }
        assertEquals(0, sem.value());
        Future<Releaser> fourth = sem.acquire();
        Future<Releaser> fifth = sem.acquire();
        assertFalse(fourth.isDone());
        sem.release();
        assertTrue(fourth.isDone());
        assertFalse(fifth.isDone());
        assertEquals(0, sem.value());
        sem.release();
        assertTrue(fifth.isDone());
        sem.release();
        assertEquals(1, sem.value());
    }

    @Test
    void releaseOfAnUnacquiredSemaphoreRaisesItsValue() {
        Semaphore sem = new Semaphore(0);
        sem.release();
        sem.release();
        assertEquals(2, sem.value());
        assertTrue(sem.acquire().isDone());
        assertTrue(sem.acquire().isDone());
        assertFalse(sem.acquire().isDone());
    }

    @Test
    void acquireTimesOutAndTheTimedOutWaiterNeverGetsAPermit() {
        Semaphore sem = new Semaphore(2);
        sem.acquire();
        sem.acquire();
        Future<Releaser> timed = sem.acquire(SHORT);
        Future<Releaser> patient = sem.acquire();
        until(timed);
        assertTrue(timedOut(timed));
        sem.release();
        assertTrue(patient.isDone());
        sem.release();
        assertEquals(1, sem.value(), "the timed-out waiter took nothing");
    }

    @Test
    void aTimeoutPreemptedByARelease() {
        Semaphore sem = new Semaphore(0);
        Future<Releaser> timed = sem.acquire(OnLoop.LIMIT);
        IOLoop.current().callLater(SHORT, sem::release);
        assertTrue(until(timed).exception() == null);
        assertEquals(0, sem.value());
    }

    @Test
    void cancelledWaitersAreSkippedAndGetNoPermit() {
        Semaphore sem = new Semaphore(0);
        Future<Releaser> a = sem.acquire();
        Future<Releaser> b = sem.acquire();
        Future<Releaser> c = sem.acquire();
        b.cancel();
        sem.release();
        sem.release();
        assertTrue(a.isDone() && !a.isCancelled());
        assertTrue(b.isCancelled());
        assertTrue(c.isDone() && !c.isCancelled());
        assertEquals(0, sem.value());
        sem.release();
        assertEquals(1, sem.value());
    }

    @Test
    void manyTimeoutsLeaveNoGarbageInTheLine() {
        // Tornado's test_garbage_collection: timed-out waiters must not pile up.
        Semaphore sem = new Semaphore(0);
        List<Future<Releaser>> timed = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            timed.add(sem.acquire(SHORT));
        }
        Future<Releaser> patient = sem.acquire();
        until(timed.get(199));
        assertTrue(timed.stream().allMatch(OnLoop::timedOut));
        assertEquals("Semaphore[value=0, waiters=1]", sem.toString());
        sem.release();
        assertTrue(patient.isDone());
    }

    @Test
    void releasersLimitConcurrencyLikeAsyncWith() {
        // SemaphoreContextManagerTest.test_context_manager_contended: at most two inside at once.
        Semaphore sem = new Semaphore(2);
        IOLoop loop = IOLoop.current();
        List<Integer> acquired = new ArrayList<>();
        int[] inside = {0, 0, 0};
        Future<Void> allReleased = new Future<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            sem.acquire().addDoneCallback(done -> loop.addCallback(() -> {
                inside[0]++;
                inside[1] = Math.max(inside[1], inside[0]);
                acquired.add(n);
                loop.callLater(SHORT, () -> {
                    inside[0]--;
                    done.result().close();
                    if (++inside[2] == 5) {
                        allReleased.setResult(null);
                    }
                });
            }));
        }
        until(allReleased);
        assertEquals(2, inside[1]);
        assertEquals(List.of(0, 1, 2, 3, 4), acquired);
        assertEquals(2, sem.value());
    }

    @Test
    void aWaiterCompletedByItsCallerIsSkippedWithoutLosingCount() {
        Semaphore sem = new Semaphore(0);
        Future<Releaser> meddled = sem.acquire();
        Future<Releaser> timed = sem.acquire(SHORT);
        Future<Releaser> patient = sem.acquire();
        meddled.setException(new IllegalStateException("completed by the caller"));
        until(timed);
        sem.release();
        assertTrue(patient.isDone() && patient.exception() == null);
        assertEquals("Semaphore[value=0, waiters=0]", sem.toString());
        sem.release();
        assertEquals("Semaphore[value=1, waiters=0]", sem.toString());
    }

    @Test
    void aBoundedSemaphoreRefusesTooManyReleases() {
        BoundedSemaphore sem = new BoundedSemaphore(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
        assertEquals("Semaphore released too many times", e.getMessage());
        Releaser r = sem.acquire().result();
        Future<Releaser> waiting = sem.acquire();
        r.close();
        assertTrue(waiting.isDone(), "a hand-over is not an over-release");
        waiting.result().close();
        assertEquals(1, sem.value());
        assertThrows(IllegalStateException.class, sem::release);
        assertEquals(1, sem.value());
    }

    @Test
    void aBoundedSemaphoreOfZeroRefusesAnyRelease() {
        BoundedSemaphore sem = new BoundedSemaphore(0);
        assertThrows(IllegalStateException.class, sem::release);
    }
}
