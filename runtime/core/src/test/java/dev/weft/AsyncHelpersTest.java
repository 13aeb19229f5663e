package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CloseCurrentLoop.class)
@org.junit.jupiter.api.Timeout(30)
class AsyncHelpersTest {

    @Test
    void sleepCompletesOnTheLoopAfterTheDelay() {
        IOLoop loop = IOLoop.current();
        Thread loopThread = Thread.currentThread();
        long[] times = new long[2];
        Thread[] completedOn = new Thread[1];
        loop.runSync(() -> {
            times[0] = loop.time();
            Future<Void> f = Co.sleep(Duration.ofMillis(20));
            assertFalse(f.isDone());
            f.addDoneCallback(done -> {
                times[1] = loop.time();
                completedOn[0] = Thread.currentThread();
            });
            return f;
        }, IOLoopTest.LIMIT);
        assertTrue(times[1] - times[0] >= Duration.ofMillis(20).toNanos());
        assertSame(loopThread, completedOn[0]);
    }

    @Test
    void momentCompletesOnTheNextIteration() {
        IOLoop loop = IOLoop.current();
        List<String> order = new ArrayList<>();
        loop.runSync(() -> {
            loop.addCallback(() -> order.add("queued before"));
            Future<Void> f = Co.moment();
            assertFalse(f.isDone());
            f.addDoneCallback(done -> order.add("moment"));
            loop.addCallback(() -> order.add("queued after"));
            return f;
        }, IOLoopTest.LIMIT);
        assertEquals(List.of("queued before", "moment"), order.subList(0, 2));
    }

    @Test
    void allGivesResultsInListOrder() {
        Future<String> a = new Future<>();
        Future<String> b = new Future<>();
        Future<String> c = new Future<>();
        Future<List<String>> all = Co.all(List.of(a, b, c));
        c.setResult("c");
        a.setResult("a");
        assertFalse(all.isDone());
        b.setResult(null);
        assertEquals(Arrays.asList("a", null, "c"), all.result());
    }

    @Test
    void allOfNothingIsAnEmptyList() {
        Future<List<Object>> all = Co.all(List.of());
        assertTrue(all.isDone());
        assertEquals(List.of(), all.result());
    }

    @Test
    void allWaitsForEveryFutureThenFailsWithTheFirstFailureInListOrder() {
        try (IOLoopTest.LogCapture log = new IOLoopTest.LogCapture()) {
            Future<String> a = new Future<>();
            Future<String> b = new Future<>();
            Future<String> c = new Future<>();
            Future<List<String>> all = Co.all(List.of(a, b, c));
            IOException late = new IOException("c, failed first");
            IllegalStateException early = new IllegalStateException("b, earlier in the list");
            c.setException(late);
            assertFalse(all.isDone(), "waits for every future");
            b.setException(early);
            assertFalse(all.isDone());
            a.setResult("a");
            assertSame(early, all.exception());
            assertSame(early, FutureTest.catchThrowable(all::result));
            // The other failure is not lost: it is logged, as Tornado does.
            assertEquals(List.of(late), log.failures());
        }
    }

    @Test
    void allFailsWithCancellationWhenAChildIsCancelled() {
        Future<String> a = new Future<>();
        Future<String> b = new Future<>();
        Future<List<String>> all = Co.all(List.of(a, b));
        a.cancel();
        b.setResult("b");
        assertInstanceOf(CancellationException.class, all.exception());
        assertFalse(all.isCancelled());
    }

    @Test
    void allCompletesOnTheThreadOfTheLastChild() throws Exception {
        Future<Integer> a = Future.completed(1);
        Future<Integer> b = new Future<>();
        Future<List<Integer>> all = Co.all(List.of(a, b));
        Thread[] completedOn = new Thread[1];
        all.addDoneCallback(done -> completedOn[0] = Thread.currentThread());
        Thread t = new Thread(() -> b.setResult(2));
        t.start();
        t.join();
        assertEquals(List.of(1, 2), all.result());
        assertSame(t, completedOn[0]);
    }

    @Test
    void withTimeoutPassesTheOutcomeAndRemovesItsTimer() {
        IOLoop loop = IOLoop.current();
        String r = loop.runSync(() -> {
            Future<String> f = new Future<>();
            Future<String> limited = Co.withTimeout(Duration.ofHours(1), f);
            assertEquals(1, loop.timerCount());
            loop.addCallback(() -> f.setResult("in time"));
            return limited;
        }, IOLoopTest.LIMIT);
        assertEquals("in time", r);
        assertEquals(0, loop.timerCount(), "the timer is removed when f completes first");

        IOException failure = new IOException();
        assertSame(failure, FutureTest.catchThrowable(() -> loop.runSync(() -> {
            Future<String> f = new Future<>();
            new Thread(() -> f.setException(failure)).start(); // completed off the loop thread
            return Co.withTimeout(Duration.ofHours(1), f);
        }, IOLoopTest.LIMIT)));
        loop.runSync(Co::moment, IOLoopTest.LIMIT); // lets the loop apply the removal
        assertEquals(0, loop.timerCount());
    }

    @Test
    void withTimeoutFailsWithTimeoutExceptionAndLeavesTheFutureAlone() {
        IOLoop loop = IOLoop.current();
        try (IOLoopTest.LogCapture log = new IOLoopTest.LogCapture()) {
            Future<String> slow = new Future<>();
            Throwable t = FutureTest.catchThrowable(() -> loop.runSync(
                    () -> Co.withTimeout(Duration.ofMillis(10), slow), IOLoopTest.LIMIT));
            assertInstanceOf(TimeoutException.class, t);
            assertFalse(slow.isDone(), "Tornado's with_timeout does not cancel the future");
            // A failure after the timeout would otherwise go unseen: it is logged.
            RuntimeException afterwards = new RuntimeException("after the timeout");
            slow.setException(afterwards);
            assertEquals(List.of(afterwards), log.failures());
        }
    }

    @Test
    void withTimeoutOfADoneFutureNeedsNoLoop() throws Exception {
        Object[] seen = new Object[3];
        Thread t = new Thread(() -> {
            seen[0] = Co.withTimeout(Duration.ofMillis(1), Future.completed("done")).result();
            Future<String> c = new Future<>();
            c.cancel();
            seen[1] = Co.withTimeout(Duration.ofMillis(1), c).isCancelled();
            seen[2] = IOLoop.currentOrNull();
        });
        t.start();
        t.join();
        assertEquals("done", seen[0]);
        assertEquals(true, seen[1]);
        assertNull(seen[2]);
    }

    @Test
    void withTimeoutPropagatesCancellation() {
        IOLoop loop = IOLoop.current();
        Future<String> f = new Future<>();
        Future<String> limited = Co.withTimeout(Duration.ofHours(1), f);
        f.cancel();
        assertTrue(limited.isCancelled());
        assertEquals(0, loop.timerCount());
    }
}
