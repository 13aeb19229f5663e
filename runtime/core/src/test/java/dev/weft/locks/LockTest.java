package dev.weft.locks;

import static dev.weft.locks.OnLoop.SHORT;
import static dev.weft.locks.OnLoop.spin;
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

/** Modelled on Tornado's {@code locks_test.LockTests}. */
@ExtendWith(OnLoop.class)
@org.junit.jupiter.api.Timeout(60)
class LockTest {

    @Test
    void describesItsState() {
        Lock lock = new Lock();
        assertEquals("Lock[unlocked, waiters=0]", lock.toString());
        lock.acquire();
        lock.acquire();
        assertEquals("Lock[locked, waiters=1]", lock.toString());
    }

    @Test
    void acquireOfAFreeLockIsDoneAtOnceAndReleaseUnlocks() {
        Lock lock = new Lock();
        assertFalse(lock.isLocked());
        Future<Releaser> first = lock.acquire();
        assertTrue(first.isDone());
        assertTrue(lock.isLocked());
        Future<Releaser> second = lock.acquire();
        assertFalse(second.isDone());
        lock.release();
        assertTrue(second.isDone(), "release completes the next waiter's future before it returns");
        assertTrue(lock.isLocked(), "handed over, never free in between");
        lock.release();
        assertFalse(lock.isLocked());
    }

    @Test
    void waitersAreServedFirstComeFirstServed() {
        Lock lock = new Lock();
        List<Integer> order = new ArrayList<>();
        IOLoop loop = IOLoop.current();
        List<Future<Releaser>> waiters = new ArrayList<>();
        Releaser held = lock.acquire().result();
        for (int i = 0; i < 5; i++) {
            int n = i;
            Future<Releaser> f = lock.acquire();
            // Like `async with lock: order.append(n)`, resuming through the loop.
            f.addDoneCallback(done -> loop.addCallback(() -> {
                order.add(n);
                done.result().close();
            }));
            waiters.add(f);
        }
        held.close();
        until(waiters.get(4));
        spin();
        assertEquals(List.of(0, 1, 2, 3, 4), order);
        assertFalse(lock.isLocked());
    }

    @Test
    void aNewcomerCannotOvertakeAWaiterThatWasHandedTheLock() {
        Lock lock = new Lock();
        Releaser held = lock.acquire().result();
        Future<Releaser> waiting = lock.acquire();
        held.close();
        Future<Releaser> newcomer = lock.acquire();
        assertTrue(waiting.isDone());
        assertFalse(newcomer.isDone());
        waiting.result().close();
        assertTrue(newcomer.isDone());
    }

    @Test
    void acquireTimesOutWithTimeoutExceptionAndLeavesTheLine() {
        Lock lock = new Lock();
        Releaser held = lock.acquire().result();
        Future<Releaser> timed = lock.acquire(SHORT);
        Future<Releaser> patient = lock.acquire();
        until(timed);
        assertTrue(timedOut(timed), "timed out: " + timed);
        assertTrue(lock.isLocked());
        held.close();
        assertTrue(patient.isDone(), "the lock goes to the waiter behind the timed-out one");
        assertTrue(lock.isLocked());
    }

    @Test
    void aTimeoutPreemptedByARelease() {
        Lock lock = new Lock();
        Releaser held = lock.acquire().result();
        Future<Releaser> timed = lock.acquire(OnLoop.LIMIT);
        IOLoop.current().callLater(SHORT, held::close);
        Releaser got = until(timed).result();
        got.close();
        assertFalse(lock.isLocked());
    }

    @Test
    void aCancelledWaiterNeverGetsTheLock() {
        Lock lock = new Lock();
        Releaser held = lock.acquire().result();
        Future<Releaser> cancelled = lock.acquire();
        Future<Releaser> next = lock.acquire();
        assertTrue(cancelled.cancel());
        held.close();
        assertTrue(cancelled.isCancelled());
        assertTrue(next.isDone());
        next.result().close();
        assertFalse(lock.isLocked(), "no permit was lost to the cancelled waiter");
    }

    @Test
    void releaseOfAnUnlockedLockIsAnError() {
        Lock lock = new Lock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertEquals("release unlocked lock", e.getMessage());
        lock.acquire();
        lock.release();
        assertThrows(IllegalStateException.class, lock::release);
    }

    @Test
    void aReleaserReleasesOnceThenDoesNothing() {
        Lock lock = new Lock();
        Releaser r = lock.acquire().result();
        r.close();
        assertFalse(lock.isLocked());
        Releaser other = lock.acquire().result();
        r.close();
        assertTrue(lock.isLocked(), "a second close must not release someone else's hold");
        other.close();
        assertFalse(lock.isLocked());
    }

    @Test
    void tryWithResourcesReleasesOnAnException() {
        Lock lock = new Lock();
        assertThrows(ArithmeticException.class, () -> {
            try (Releaser held = lock.acquire().result()) {
                assertTrue(lock.isLocked());
                throw new ArithmeticException("in the body");
            }
        });
        assertFalse(lock.isLocked());
    }

    @Test
    void aTimedOutAcquireHeldNothingToRelease() {
        Lock lock = new Lock();
        Releaser held = lock.acquire().result();
        assertTrue(timedOut(until(lock.acquire(SHORT))));
        held.close();
        assertFalse(lock.isLocked());
        assertThrows(IllegalStateException.class, lock::release);
    }
}
