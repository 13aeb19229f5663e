package dev.weft.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.locks.Condition;
import dev.weft.locks.Event;
import dev.weft.locks.Lock;
import dev.weft.locks.Releaser;
import dev.weft.locks.Semaphore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples of dev.weft.locks' Javadoc, and what they do. */
class LocksExamplesTest {
    private final IOLoop loop = IOLoop.current();
    private final List<String> trace = new ArrayList<>();

    @Coroutine
    static Future<Boolean> lockedOnceAndReleased() {
        // tag::lock[]
        Lock lock = new Lock();
        try (Releaser held = Co.await(lock.acquire())) {   // Tornado: async with lock:
            // only one coroutine at a time here
        }
        // end::lock[]
        return Future.completed(lock.isLocked());
    }

    @Test
    void theLockIsReleasedWhenTheTryEnds() {
        assertFalse(loop.runSync(LocksExamplesTest::lockedOnceAndReleased));
    }

    private final Lock lock = new Lock();
    private int entered;

    @Coroutine
    Future<Void> holdWhile(Future<Void> work) {
        // tag::releaser[]
        try (Releaser held = Co.await(lock.acquire())) {
            // the lock is held here
        // end::releaser[]
            entered++;
            Co.await(work);
            throw new IllegalStateException("failed while holding the lock");
        // tag::releaser[]
        }                                         // and released here, even on an exception
        // end::releaser[]
    }

    @Coroutine
    Future<Void> holderThenWaiter() {
        Future<Void> work = new Future<>();
        Future<Void> holder = holdWhile(work);
        Future<Void> waiter = holdWhile(Future.completed());
        Co.await(Co.moment());
        trace.add("entered " + entered + ", locked " + lock.isLocked());
        work.setResult(null);
        for (Future<Void> f : List.of(holder, waiter)) {
            try {
                Co.await(f);
            } catch (Exception e) {
                trace.add(e.getMessage());
            }
        }
        trace.add("entered " + entered + ", locked " + lock.isLocked());
        return Future.completed();
    }

    @Test
    void theReleaserReleasesOnAnExceptionAndTheNextWaiterGetsTheLock() {
        loop.runSync(this::holderThenWaiter);
        assertEquals(List.of("entered 1, locked true", "failed while holding the lock",
                "failed while holding the lock", "entered 2, locked false"), trace);
    }

    private int inside;
    private int mostInside;

    @Test
    void aSemaphoreOfTwoLetsTwoIn() {
        // tag::semaphore[]
        Semaphore sem = new Semaphore(2);
        // end::semaphore[]
        loop.runSync(() -> Co.all(List.of(limited(sem), limited(sem), limited(sem), limited(sem))));
        assertEquals(2, mostInside);
        assertEquals(0, inside);
        assertEquals(2, sem.value());
    }

    @Coroutine
    Future<Void> limited(Semaphore sem) {
        // tag::semaphore[]
        try (Releaser permit = Co.await(sem.acquire())) {
            // at most two coroutines are here at a time
        // end::semaphore[]
            inside++;
            mostInside = Math.max(mostInside, inside);
            Co.await(Co.moment());
            inside--;
        // tag::semaphore[]
        }
        // end::semaphore[]
        return Future.completed();
    }

    // tag::condition[]
    Condition condition = new Condition();
    // end::condition[]

    @Coroutine
    Future<Boolean> waitForTheCondition() {
        // tag::condition[]
        // in one coroutine:
        boolean notified = Co.await(condition.waitAsync());
        // end::condition[]
        return Future.completed(notified);
    }

    void signalTheCondition() {
        // tag::condition[]
        // in another:
        condition.signal();
        // end::condition[]
    }

    @Test
    void aSignalWakesTheWaiterWithTrue() {
        boolean notified = loop.runSync(() -> {
            Future<Boolean> waiting = waitForTheCondition();
            Co.await(Co.moment());
            assertFalse(waiting.isDone());
            signalTheCondition();
            return waiting;
        });
        assertTrue(notified);
    }

    // tag::event[]
    Event event = new Event();
    // end::event[]

    @Coroutine
    Future<String> waitForTheEvent() {
        // tag::event[]
        // in one coroutine:
        Co.await(event.waitAsync());          // Tornado: await event.wait()
        // end::event[]
        return Future.completed("the event was set");
    }

    void setTheEvent() {
        // tag::event[]
        // in another:
        event.set();
        // end::event[]
    }

    @Test
    void settingTheEventWakesTheWaiter() {
        String woke = loop.runSync(() -> {
            Future<String> waiting = waitForTheEvent();
            Co.await(Co.moment());
            assertFalse(waiting.isDone());
            setTheEvent();
            return waiting;
        });
        assertEquals("the event was set", woke);
        assertTrue(event.isSet());
    }

    // tag::guide-lock[]
    @Coroutine
    static Future<Void> inTurn(Lock lock, List<String> log, String who) {
        try (Releaser held = Co.await(lock.acquire())) {   // async with lock:
            log.add(who + " in");
            Co.await(Co.moment());                         // the others wait, in order
            log.add(who + " out");
        }                                                  // released, even on an exception
        return Future.completed();
    }
    // end::guide-lock[]

    @Test
    void coroutinesTakeTheLockInTurnInTheOrderTheyAsked() {
        Lock shared = new Lock();
        loop.runSync(() -> Co.all(List.of(inTurn(shared, trace, "a"), inTurn(shared, trace, "b"),
                inTurn(shared, trace, "c"))));
        assertEquals(List.of("a in", "a out", "b in", "b out", "c in", "c out"), trace);
        assertFalse(shared.isLocked());
    }
}
