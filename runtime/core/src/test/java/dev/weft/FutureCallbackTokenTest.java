package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The reusable callback token woven coroutines subscribe with ({@code Future.callbackToken},
 * {@code Future.addDoneCallback(Future, Object)}): one token on many futures, in order with the
 * callbacks others add, and the shared done future that {@code Future.completed()} returns.
 */
@org.junit.jupiter.api.Timeout(30)
class FutureCallbackTokenTest {

    /** A subclass, because the token methods are protected: what AsyncFrame is. */
    static final class Subscriber extends Future<Void> {
        final List<String> seen = new ArrayList<>();
        final Object token = callbackToken(f -> seen.add(String.valueOf(f.result())));

        void subscribe(Future<?> f) {
            addDoneCallback(f, token);
        }
    }

    @Test
    void oneTokenServesFutureAfterFuture() {
        Subscriber s = new Subscriber();
        Future<String> a = new Future<>();
        Future<String> b = new Future<>();
        s.subscribe(a);
        s.subscribe(b); // the same token is the pending state of both at once
        b.setResult("b");
        a.setResult("a");
        assertEquals(List.of("b", "a"), s.seen);
    }

    @Test
    void keepsTheOrderWithCallbacksAddedBeforeAndAfter() {
        Subscriber s = new Subscriber();
        List<String> order = s.seen; // one record of every callback, in the order they ran
        Consumer<Future<String>> before = f -> order.add("before");
        Consumer<Future<String>> after = f -> order.add("after");

        Future<String> first = new Future<>();
        first.addDoneCallback(before);
        s.subscribe(first); // not the lone callback: an ordinary node
        first.addDoneCallback(after);
        first.setResult("x");
        assertEquals(List.of("before", "x", "after"), order);

        order.clear();
        Future<String> second = new Future<>();
        s.subscribe(second); // the lone callback: the token is the state
        second.addDoneCallback(after);
        second.addDoneCallback(before);
        assertTrue(order.isEmpty(), "nothing runs before completion");
        second.setResult("y");
        assertEquals(List.of("y", "after", "before"), order);
    }

    @Test
    void aDoneFutureRunsTheTokensCallbackAtOnce() {
        Subscriber s = new Subscriber();
        s.subscribe(Future.completed("now"));
        assertEquals(List.of("now"), s.seen);
    }

    @Test
    void completingFromAnotherThreadRunsTheTokensCallbackOnce() throws Exception {
        Subscriber s = new Subscriber();
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Future<String> f = new Future<>();
            s.subscribe(f);
            futures.add(f);
        }
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            for (int i = 0; i < futures.size(); i++) {
                futures.get(i).setResult(String.valueOf(i));
            }
            done.countDown();
        });
        t.start();
        assertTrue(done.await(20, TimeUnit.SECONDS));
        t.join();
        assertEquals(1000, s.seen.size());
        assertEquals("999", s.seen.get(999));
    }

    @Test
    void theSharedCompletedFutureCannotBeChanged() {
        Future<Void> done = Future.completed();
        assertTrue(done.isDone());
        assertNull(done.result());
        assertFalse(done.cancel());
        assertThrows(IllegalStateException.class, () -> done.setResult(null));
        assertThrows(IllegalStateException.class,
                () -> done.setException(new RuntimeException("no")));
        assertFalse(done.isCancelled());
        assertNull(Future.<String>completed().result());
        List<Object> ran = new ArrayList<>();
        done.addDoneCallback(ran::add);
        assertEquals(List.of(done), ran);
    }
}
