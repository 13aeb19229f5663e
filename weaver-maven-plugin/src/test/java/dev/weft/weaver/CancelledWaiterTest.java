package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Co;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.locks.Lock;
import dev.weft.locks.Releaser;
import dev.weft.locks.Semaphore;
import dev.weft.queues.Queue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A woven coroutine cancelled while it waits for a lock, a permit or an item leaves the line, as
 * an asyncio task does: it never receives the lock afterwards, and a lock handed to it in the
 * same turn as the cancellation is given back rather than lost.
 */
class CancelledWaiterTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @AfterEach
    void closeLoop() {
        IOLoop loop = IOLoop.currentOrNull();
        if (loop != null) {
            loop.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Future<T> co(String method, Object... args) {
        return (Future<T>) Fixtures.call("Waiters", method, args);
    }

    @Test
    void aCancelledCoroutineLeavesTheLocksLine() {
        IOLoop loop = IOLoop.current();
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        Releaser mine = lock.acquire().result();
        Future<String> w = loop.runSync(() -> {
            Future<String> waiter = co("holdLock", lock, Future.completed(), log);
            loop.addCallback(waiter::cancel);
            return waitFor(waiter);
        }, LIMIT);
        assertTrue(w.isCancelled());
        assertTrue(lock.isLocked());
        mine.close();
        assertFalse(lock.isLocked(), "the cancelled coroutine's waiter left the line");
        loop.runSync(Co::moment, LIMIT);
        assertEquals(List.of(), log);
    }

    @Test
    void aLockHandedOverInTheTurnOfTheCancellationIsGivenBack() {
        IOLoop loop = IOLoop.current();
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        Releaser mine = lock.acquire().result();
        Future<String> w = loop.runSync(() -> {
            Future<String> waiter = co("holdLock", lock, Future.completed(), log);
            // In one callback: release (the lock goes to the waiter) and cancel the coroutine
            // before it resumes. Nobody may be left holding the lock.
            loop.addCallback(() -> {
                mine.close();
                assertTrue(lock.isLocked(), "handed to the waiter");
                waiter.cancel();
            });
            return waitFor(waiter);
        }, LIMIT);
        assertTrue(w.isCancelled());
        assertFalse(lock.isLocked(), "the lock handed to the cancelled coroutine was released");
        assertEquals(List.of(), log);
    }

    @Test
    void aCancelledCoroutineGivesItsPermitBack() {
        IOLoop loop = IOLoop.current();
        Semaphore sem = new Semaphore(0);
        List<String> log = new ArrayList<>();
        Future<String> w = loop.runSync(() -> {
            Future<String> waiter = co("holdPermit", sem, Future.completed(), log);
            loop.addCallback(() -> {
                sem.release();
                waiter.cancel();
            });
            return waitFor(waiter);
        }, LIMIT);
        assertTrue(w.isCancelled());
        assertEquals(1, sem.value());
        assertEquals(List.of(), log);
    }

    @Test
    void aCancelledGetterNeverTakesALaterItem() {
        IOLoop loop = IOLoop.current();
        Queue<Integer> q = new Queue<>();
        Future<Integer> taker = loop.runSync(() -> {
            Future<Integer> t = co("take", q);
            loop.addCallback(t::cancel);
            return waitFor(t);
        }, LIMIT);
        assertTrue(taker.isCancelled());
        q.putNowait(5);
        assertEquals(1, q.size(), "the item stayed in the queue");
        assertEquals(5, q.getNowait());
    }

    /** A future completed with {@code f} itself once {@code f} is done, whatever its outcome. */
    private static <T> Future<Future<T>> waitFor(Future<T> f) {
        Future<Future<T>> out = new Future<>();
        f.addDoneCallback(done -> out.setResult(done));
        return out;
    }
}
