package dev.weft.locks;

import static dev.weft.locks.OnLoop.SHORT;
import static dev.weft.locks.OnLoop.timedOut;
import static dev.weft.locks.OnLoop.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Modelled on Tornado's {@code locks_test.EventTest}. */
@ExtendWith(OnLoop.class)
@org.junit.jupiter.api.Timeout(60)
class EventTest {

    @Test
    void describesItsState() {
        Event e = new Event();
        assertEquals("Event[clear, waiters=0]", e.toString());
        e.waitAsync();
        assertEquals("Event[clear, waiters=1]", e.toString());
        e.set();
        assertEquals("Event[set, waiters=0]", e.toString());
    }

    @Test
    void setWakesEveryWaiterInOrder() {
        Event e = new Event();
        List<Integer> woken = new ArrayList<>();
        List<Future<Void>> waits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            Future<Void> f = e.waitAsync();
            f.addDoneCallback(done -> woken.add(n));
            waits.add(f);
        }
        assertFalse(e.isSet());
        assertTrue(waits.stream().noneMatch(Future::isDone));
        e.set();
        assertTrue(e.isSet());
        assertEquals(List.of(0, 1, 2), woken, "set() completes the waiters before it returns");
    }

    @Test
    void waitingOnASetEventDoesNotWait() {
        Event e = new Event();
        e.set();
        assertTrue(e.waitAsync().isDone());
        assertTrue(e.waitAsync(SHORT).isDone());
    }

    @Test
    void setTwiceIsHarmless() {
        Event e = new Event();
        Future<Void> f = e.waitAsync();
        e.set();
        e.set();
        assertTrue(f.isDone());
        assertTrue(e.isSet());
    }

    @Test
    void clearMakesLaterWaitsWaitButKeepsWokenWaitersWoken() {
        Event e = new Event();
        Future<Void> before = e.waitAsync();
        e.set();
        e.clear();
        assertFalse(e.isSet());
        assertTrue(before.isDone());
        Future<Void> after = e.waitAsync();
        assertFalse(after.isDone());
        e.set();
        assertTrue(after.isDone());
    }

    @Test
    void waitTimesOutThenALaterSetStillWorks() {
        Event e = new Event();
        Future<Void> timed = e.waitAsync(SHORT);
        Future<Void> patient = e.waitAsync();
        until(timed);
        assertTrue(timedOut(timed));
        assertFalse(patient.isDone());
        e.set();
        assertTrue(patient.isDone());
        assertTrue(e.waitAsync().isDone());
    }

    @Test
    void aWaiterWokenBySetMayClearAndWaitAgainWithoutBeingWokenTwice() {
        Event e = new Event();
        List<Future<Void>> second = new ArrayList<>();
        e.waitAsync().addDoneCallback(done -> {
            e.clear();
            second.add(e.waitAsync());
        });
        Future<Void> other = e.waitAsync();
        e.set();
        assertTrue(other.isDone());
        assertFalse(e.isSet());
        assertFalse(second.get(0).isDone(), "waits for the next set()");
        e.set();
        assertTrue(second.get(0).isDone());
    }

    @Test
    void aCancelledWaitLeavesTheOthersWaiting() {
        Event e = new Event();
        Future<Void> cancelled = e.waitAsync();
        Future<Void> kept = e.waitAsync();
        cancelled.cancel();
        assertEquals("Event[clear, waiters=1]", e.toString());
        IOLoop.current().callLater(SHORT, e::set);
        until(kept);
        assertTrue(kept.exception() == null);
        assertTrue(cancelled.isCancelled());
    }
}
