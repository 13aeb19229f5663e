package dev.weft.queues;

import static dev.weft.locks.OnLoop.SHORT;
import static dev.weft.locks.OnLoop.timedOut;
import static dev.weft.locks.OnLoop.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.locks.OnLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Modelled on Tornado's {@code queues_test}: QueueBasicTest, QueueGetTest, QueuePutTest. */
@ExtendWith(OnLoop.class)
@org.junit.jupiter.api.Timeout(60)
class QueueTest {

    @Test
    void describesItsState() {
        Queue<Integer> q = new Queue<>(1);
        assertEquals("Queue[maxSize=1, items=[], getters=0, putters=0, tasks=0]", q.toString());
        q.get();
        assertEquals("Queue[maxSize=1, items=[], getters=1, putters=0, tasks=0]", q.toString());
        q.putNowait(1);
        q.putNowait(2);
        q.put(3);
        assertEquals("Queue[maxSize=1, items=[2], getters=0, putters=1, tasks=2]", q.toString());
    }

    @Test
    void itemsComeOutInTheOrderTheyWentIn() {
        Queue<Integer> q = new Queue<>();
        for (int i : new int[] {1, 3, 2}) {
            q.putNowait(i);
        }
        List<Integer> out = new ArrayList<>();
        while (!q.isEmpty()) {
            out.add(q.getNowait());
        }
        assertEquals(List.of(1, 3, 2), out);
    }

    @Test
    void theRingBufferKeepsOrderAcrossGrowth() {
        Queue<Integer> q = new Queue<>();
        List<Integer> out = new ArrayList<>();
        int next = 0;
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 7; i++) {
                q.putNowait(next++);
            }
            for (int i = 0; i < 5; i++) {
                out.add(q.getNowait());
            }
        }
        while (!q.isEmpty()) {
            out.add(q.getNowait());
        }
        for (int i = 0; i < next; i++) {
            assertEquals(i, out.get(i));
        }
        assertEquals(next, out.size());
    }

    @Test
    void maxSizeBoundsTheQueue() {
        assertThrows(IllegalArgumentException.class, () -> new Queue<>(-1));
        assertThrows(IllegalArgumentException.class, () -> new LifoQueue<>(-1));
        assertThrows(IllegalArgumentException.class, () -> new PriorityQueue<>(-1));
        Queue<Integer> q = new Queue<>(2);
        assertTrue(q.isEmpty());
        assertFalse(q.isFull());
        assertEquals(2, q.maxSize());
        assertTrue(q.put(0).isDone());
        assertFalse(q.isFull());
        assertTrue(q.put(1).isDone());
        assertTrue(q.isFull());
        Future<Void> putter = q.put(2);
        assertFalse(putter.isDone());
        assertEquals(2, q.size());
        assertEquals(0, q.get().result());
        assertTrue(putter.isDone(), "the get took the waiting putter's item in");
        assertTrue(q.isFull());
        assertEquals(List.of(1, 2), List.of(q.getNowait(), q.getNowait()));
    }

    @Test
    void anUnboundedQueueIsNeverFull() {
        Queue<Integer> q = new Queue<>();
        assertEquals(0, q.maxSize());
        for (int i = 0; i < 1000; i++) {
            q.putNowait(i);
        }
        assertFalse(q.isFull());
        assertEquals(1000, q.size());
    }

    @Test
    void nullItemsAreItems() {
        Queue<String> q = new Queue<>(2);
        q.putNowait(null);
        q.putNowait("x");
        assertTrue(q.isFull());
        assertNull(q.getNowait());
        assertEquals("x", q.getNowait());
        Future<String> getter = q.get();
        q.putNowait(null);
        assertTrue(getter.isDone());
        assertNull(getter.result());
    }

    // QueueGetTest

    @Test
    void aBlockingGetIsServedByALaterPut() {
        Queue<Integer> q = new Queue<>();
        q.putNowait(0);
        assertEquals(0, q.get().result());
        Future<Integer> getter = q.get();
        IOLoop.current().addCallback(() -> q.putNowait(1));
        assertEquals(1, until(getter).result());
    }

    @Test
    void getNowaitOfAnEmptyQueueThrows() {
        Queue<Integer> q = new Queue<>();
        QueueEmptyException e = assertThrows(QueueEmptyException.class, q::getNowait);
        assertInstanceOf(NoSuchElementException.class, e);
        assertEquals("the queue is empty", e.getMessage());
    }

    @Test
    void getTakesTheItemsOfWaitingPuttersInOrder() {
        // test_get_with_putters
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(0);
        Future<Void> put1 = q.put(1);
        Future<Void> put2 = q.put(2);
        assertEquals(0, q.getNowait());
        assertTrue(put1.isDone());
        assertFalse(put2.isDone());
        assertEquals(1, q.get().result());
        assertTrue(put2.isDone());
        assertEquals(2, q.getNowait());
    }

    @Test
    void waitingGettersAreServedInOrder() {
        Queue<Integer> q = new Queue<>();
        Future<Integer> g0 = q.get();
        Future<Integer> g1 = q.get();
        q.putNowait(0);
        assertTrue(g0.isDone(), "put completes the getter before it returns");
        assertFalse(g1.isDone());
        q.putNowait(1);
        assertEquals(List.of(0, 1), List.of(g0.result(), g1.result()));
        assertTrue(q.isEmpty(), "handed straight to the getters");
    }

    @Test
    void aGetThatTimesOutNeverConsumesAnItem() {
        Queue<Integer> q = new Queue<>();
        Future<Integer> timed = q.get(SHORT);
        Future<Integer> patient = q.get();
        until(timed);
        assertTrue(timedOut(timed));
        q.putNowait(0);
        assertEquals(0, patient.result());
        q.putNowait(1);
        assertEquals(1, q.getNowait(), "the timed-out getter took nothing");
    }

    @Test
    void aGetTimeoutPreemptedByAPut() {
        Queue<Integer> q = new Queue<>();
        Future<Integer> getter = q.get(OnLoop.LIMIT);
        IOLoop.current().callLater(SHORT, () -> q.putNowait(0));
        assertEquals(0, until(getter).result());
    }

    @Test
    void timedOutGettersAreClearedSoAPutIsKept() {
        // test_get_clears_timed_out_getters
        Queue<Integer> q = new Queue<>();
        List<Future<Integer>> getters = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            getters.add(q.get(SHORT));
        }
        until(getters.get(9));
        assertTrue(getters.stream().allMatch(OnLoop::timedOut));
        assertEquals("Queue[maxSize=0, items=[], getters=0, putters=0, tasks=0]", q.toString());
        Future<Integer> getter = q.get();
        q.putNowait(5);
        assertEquals(5, getter.result());
    }

    @Test
    void aCancelledGetterNeverGetsAnItem() {
        Queue<Integer> q = new Queue<>();
        Future<Integer> cancelled = q.get();
        Future<Integer> next = q.get();
        cancelled.cancel();
        q.putNowait(7);
        assertTrue(cancelled.isCancelled());
        assertEquals(7, next.result());
        q.putNowait(8);
        assertEquals(8, q.getNowait());
    }

    // QueuePutTest

    @Test
    void putNowaitOfAFullQueueThrows() {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(0);
        QueueFullException e = assertThrows(QueueFullException.class, () -> q.putNowait(1));
        assertInstanceOf(IllegalStateException.class, e);
        assertEquals("the queue is full (maxSize 1)", e.getMessage());
        assertEquals(1, q.size());
    }

    @Test
    void aPutThatTimesOutNeverPutsItsItem() {
        // test_put_timeout
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(0);
        Future<Void> timed = q.put(1, SHORT);
        Future<Void> patient = q.put(2);
        until(timed);
        assertTrue(timedOut(timed));
        assertEquals(0, q.getNowait());
        assertTrue(patient.isDone());
        assertEquals(2, q.getNowait(), "item 1 was never put");
        assertTrue(q.isEmpty());
    }

    @Test
    void aPutTimeoutPreemptedByAGet() {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(0);
        Future<Void> putter = q.put(1, OnLoop.LIMIT);
        IOLoop.current().callLater(SHORT, q::getNowait);
        assertNull(until(putter).exception());
        assertEquals(1, q.getNowait());
    }

    @Test
    void timedOutPuttersAreClearedSoTheQueueHasRoom() {
        // test_put_clears_timed_out_putters
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(0);
        List<Future<Void>> putters = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            putters.add(q.put(i, SHORT));
        }
        until(putters.get(9));
        assertTrue(putters.stream().allMatch(OnLoop::timedOut));
        Future<Void> last = q.put(11);
        assertEquals(0, q.getNowait());
        assertTrue(last.isDone());
        assertEquals(11, q.getNowait());
        assertTrue(q.isEmpty());
    }

    @Test
    void aCancelledPutterNeverPutsItsItem() {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(0);
        Future<Void> cancelled = q.put(1);
        Future<Void> next = q.put(2);
        cancelled.cancel();
        assertEquals(0, q.getNowait());
        assertTrue(next.isDone());
        assertEquals(2, q.getNowait());
        assertThrows(QueueEmptyException.class, q::getNowait);
    }

    @Test
    void putWithWaitingGettersHandsTheItemOver() {
        // test_put_with_getters
        Queue<Integer> q = new Queue<>();
        Future<Integer> g0 = q.get();
        Future<Integer> g1 = q.get();
        assertTrue(q.put(0).isDone());
        assertEquals(0, g0.result());
        assertTrue(q.put(1).isDone());
        assertEquals(1, g1.result());
    }

    @Test
    void aFullQueueSuspendsPuttersUntilGetsMakeRoom() {
        Queue<Integer> q = new Queue<>(2);
        IOLoop loop = IOLoop.current();
        List<String> log = new ArrayList<>();
        Future<Void> produced = new Future<>();
        Runnable consumer = () -> {
            log.add("consumer starts");
            for (int i = 0; i < 6; i++) {
                q.get().addDoneCallback(done -> log.add("got " + done.result()));
            }
        };
        // A producer putting 0..5, each after the previous put is done, as `await q.put(i)`;
        // the consumer only starts once a put has had to wait.
        Runnable[] produce = new Runnable[1];
        int[] next = {0};
        produce[0] = () -> {
            if (next[0] == 6) {
                produced.setResult(null);
                return;
            }
            int i = next[0]++;
            log.add("put " + i);
            Future<Void> put = q.put(i);
            if (!put.isDone() && !log.contains("consumer starts")) {
                log.add("put " + i + " waits");
                loop.addCallback(consumer);
            }
            put.addDoneCallback(done -> loop.addCallback(produce[0]));
        };
        loop.addCallback(produce[0]);
        until(produced);
        assertEquals(List.of("put 0", "put 1", "put 2", "put 2 waits", "consumer starts", "got 0",
                "got 1"), log.subList(0, 7), "the third put waits for room; the gets make it");
        List<String> got = new ArrayList<>();
        for (String s : log) {
            if (s.startsWith("got")) {
                got.add(s);
            }
        }
        assertEquals(List.of("got 0", "got 1", "got 2", "got 3", "got 4", "got 5"), got);
        assertTrue(q.isEmpty());
    }
}
