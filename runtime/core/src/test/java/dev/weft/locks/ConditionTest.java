package dev.weft.locks;

import static dev.weft.locks.OnLoop.SHORT;
import static dev.weft.locks.OnLoop.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Modelled on Tornado's {@code locks_test.ConditionTest}. */
@ExtendWith(OnLoop.class)
@org.junit.jupiter.api.Timeout(60)
class ConditionTest {
    private final List<String> history = new ArrayList<>();

    /** Tornado's {@code record_done}: the key goes into the history when the future is done. */
    private Future<Boolean> waiter(Condition c, String key, java.time.Duration timeout) {
        Future<Boolean> f = c.waitAsync(timeout);
        f.addDoneCallback(done -> history.add(key));
        return f;
    }

    @Test
    void describesItsWaiters() {
        Condition c = new Condition();
        assertEquals("Condition[waiters=0]", c.toString());
        c.waitAsync();
        assertEquals("Condition[waiters=1]", c.toString());
    }

    @Test
    void signalWakesTheOldestWaiterWithTrue() {
        Condition c = new Condition();
        Future<Boolean> f = c.waitAsync();
        IOLoop.current().addCallback(c::signal);
        assertTrue(until(f).result());
    }

    @Test
    void signalOneAtATimeInOrder() {
        Condition c = new Condition();
        waiter(c, "wait1", null);
        waiter(c, "wait2", null);
        c.signal(1);
        assertEquals(List.of("wait1"), history);
        c.signal(1);
        assertEquals(List.of("wait1", "wait2"), history);
    }

    @Test
    void signalNWakesTheFirstN() {
        Condition c = new Condition();
        for (int i = 0; i < 6; i++) {
            waiter(c, "wait" + i, null);
        }
        c.signal(3);
        assertEquals(List.of("wait0", "wait1", "wait2"), history);
        c.signal(1);
        assertEquals(List.of("wait0", "wait1", "wait2", "wait3"), history);
        c.signal(0);
        c.signal(-1);
        assertEquals(4, history.size());
        c.signal(100);
        assertEquals(List.of("wait0", "wait1", "wait2", "wait3", "wait4", "wait5"), history);
    }

    @Test
    void signalAllWakesEveryWaiter() {
        Condition c = new Condition();
        for (int i = 0; i < 4; i++) {
            waiter(c, "wait" + i, null);
        }
        c.signalAll();
        assertEquals(List.of("wait0", "wait1", "wait2", "wait3"), history);
        c.signalAll();
        assertEquals(4, history.size());
    }

    @Test
    void aSignalWithNobodyWaitingIsLost() {
        Condition c = new Condition();
        c.signal();
        assertFalse(c.waitAsync().isDone());
    }

    @Test
    void waitTimesOutWithFalseNotAnException() {
        Condition c = new Condition();
        Future<Boolean> f = c.waitAsync(SHORT);
        assertFalse(until(f).result());
        assertNull(f.exception());
    }

    @Test
    void aTimeoutPreemptedBySignal() {
        Condition c = new Condition();
        Future<Boolean> f = c.waitAsync(OnLoop.LIMIT);
        IOLoop.current().callLater(SHORT, c::signal);
        assertTrue(until(f).result());
    }

    @Test
    void signalNSkipsWaitersThatTimedOut() {
        // test_notify_n_with_timeout: wait1 has a timeout; notify(2) wakes wait0 and wait2.
        Condition c = new Condition();
        waiter(c, "wait0", null);
        Future<Boolean> timed = waiter(c, "wait1", SHORT);
        waiter(c, "wait2", null);
        waiter(c, "wait3", null);
        until(timed);
        assertFalse(timed.result());
        c.signal(2);
        assertEquals(List.of("wait1", "wait0", "wait2"), history);
        c.signal();
        assertEquals(List.of("wait1", "wait0", "wait2", "wait3"), history);
    }

    @Test
    void signalAllSkipsWaitersThatTimedOut() {
        Condition c = new Condition();
        waiter(c, "wait0", null);
        Future<Boolean> timed = waiter(c, "wait1", SHORT);
        waiter(c, "wait2", null);
        until(timed);
        c.signalAll();
        assertEquals(List.of("wait1", "wait0", "wait2"), history);
    }

    @Test
    void aCancelledWaiterIsSkipped() {
        Condition c = new Condition();
        Future<Boolean> cancelled = waiter(c, "wait0", null);
        waiter(c, "wait1", null);
        cancelled.cancel();
        c.signal();
        assertEquals(List.of("wait0", "wait1"), history);
        assertTrue(cancelled.isCancelled());
    }

    @Test
    void aWokenWaiterThatWaitsAgainIsNotWokenByTheSameSignal() {
        // test_nested_notify: the callback of a woken waiter waits (and signals) again.
        Condition c = new Condition();
        List<Future<Boolean>> again = new ArrayList<>();
        c.waitAsync().addDoneCallback(done -> again.add(c.waitAsync()));
        c.waitAsync().addDoneCallback(done -> again.add(c.waitAsync()));
        c.signalAll();
        assertEquals(2, again.size());
        assertTrue(again.stream().noneMatch(Future::isDone));
        c.signal(2);
        assertTrue(again.stream().allMatch(f -> f.result()));
    }

    @Test
    void manyTimeoutsLeaveNoGarbageInTheLine() {
        Condition c = new Condition();
        List<Future<Boolean>> timed = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            timed.add(c.waitAsync(SHORT));
        }
        Future<Boolean> patient = c.waitAsync();
        until(timed.get(149));
        assertEquals("Condition[waiters=1]", c.toString());
        c.signal();
        assertTrue(patient.result());
    }
}
