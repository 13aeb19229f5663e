package dev.weft.queues;

import static dev.weft.locks.OnLoop.SHORT;
import static dev.weft.locks.OnLoop.timedOut;
import static dev.weft.locks.OnLoop.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.locks.OnLoop;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Modelled on Tornado's {@code queues_test}: QueueJoinTest, PriorityQueueJoinTest, LifoQueueJoinTest, ProducerConsumerTest. */
@ExtendWith(OnLoop.class)
@org.junit.jupiter.api.Timeout(60)
class JoinTest {

    @Test
    void taskDoneMoreOftenThanPutIsAnError() {
        Queue<Integer> q = new Queue<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
        assertEquals("task_done() called too many times", e.getMessage());
        q.putNowait(1);
        q.getNowait();
        q.taskDone();
        assertThrows(IllegalStateException.class, q::taskDone);
    }

    @Test
    void joinOfAQueueWithNoTasksIsDoneAtOnce() {
        Queue<Integer> q = new Queue<>();
        assertTrue(q.join().isDone());
        assertTrue(q.join(SHORT).isDone());
    }

    @Test
    void joinWaitsUntilEveryItemIsDone() {
        // test_task_done: 100 items, workers that call task_done.
        Queue<Integer> q = new Queue<>();
        for (int i = 0; i < 100; i++) {
            q.putNowait(i);
        }
        IOLoop loop = IOLoop.current();
        int[] sum = {0};
        Runnable[] worker = new Runnable[1];
        worker[0] = () -> q.get().addDoneCallback(done -> loop.addCallback(() -> {
            sum[0] += done.result();
            q.taskDone();
            worker[0].run();
        }));
        Future<Void> joined = q.join();
        assertFalse(joined.isDone());
        worker[0].run();
        worker[0].run();
        until(joined);
        assertEquals(4950, sum[0]);
        assertTrue(q.isEmpty());
    }

    @Test
    void itemsHandedToWaitingGettersCountForJoin() {
        Queue<Integer> q = new Queue<>();
        Future<Integer> getter = q.get();
        q.putNowait(1);
        assertTrue(getter.isDone());
        Future<Void> joined = q.join();
        assertFalse(joined.isDone(), "the item is taken but not done yet");
        q.taskDone();
        assertTrue(joined.isDone());
    }

    @Test
    void itemsOfWaitingPuttersCountForJoinOnceTheyAreIn() {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(0);
        Future<Void> timed = q.put(1, SHORT);
        until(timed);
        q.getNowait();
        q.taskDone();
        assertTrue(q.join().isDone(), "the timed-out putter's item never became a task");
    }

    @Test
    void joinTimesOut() {
        Queue<Integer> q = new Queue<>();
        q.putNowait(0);
        Future<Void> joined = q.join(SHORT);
        until(joined);
        assertTrue(timedOut(joined));
        q.getNowait();
        q.taskDone();
        assertTrue(q.join().isDone());
    }

    @Test
    void aLaterPutMakesJoinWaitAgain() {
        Queue<Integer> q = new Queue<>();
        q.putNowait(0);
        q.getNowait();
        q.taskDone();
        assertTrue(q.join().isDone());
        q.putNowait(1);
        assertFalse(q.join().isDone());
    }

    @Test
    void aPriorityQueueGivesTheLeastFirst() {
        PriorityQueue<Map.Entry<Integer, String>> q =
                new PriorityQueue<>(0, Map.Entry.comparingByKey());
        q.putNowait(Map.entry(1, "a"));
        q.putNowait(Map.entry(0, "b"));
        q.putNowait(Map.entry(2, "c"));
        q.putNowait(Map.entry(1, "d"));
        List<String> out = new ArrayList<>();
        while (!q.isEmpty()) {
            out.add(q.getNowait().getValue());
        }
        assertEquals(List.of("b", "a", "d", "c"), out, "ties in the order they were put");
    }

    @Test
    void aPriorityQueueInNaturalOrderAndItsBound() {
        PriorityQueue<Integer> q = new PriorityQueue<>(2);
        q.putNowait(5);
        q.putNowait(3);
        assertTrue(q.isFull());
        assertThrows(QueueFullException.class, () -> q.putNowait(1));
        Future<Void> putter = q.put(1);
        assertEquals("PriorityQueue[maxSize=2, items=[3, 5], getters=0, putters=1, tasks=2]",
                q.toString());
        assertEquals(1, q.getNowait(), "the putter's item goes in before the least comes out");
        assertTrue(putter.isDone());
        assertEquals(3, q.getNowait());
        assertEquals(5, q.getNowait());
    }

    @Test
    void aPriorityQueueHeapStaysOrderedUnderChurn() {
        PriorityQueue<Integer> q = new PriorityQueue<>(Comparator.reverseOrder());
        java.util.Random r = new java.util.Random(14);
        java.util.PriorityQueue<Integer> model = new java.util.PriorityQueue<>(Comparator.reverseOrder());
        for (int i = 0; i < 2000; i++) {
            if (model.isEmpty() || r.nextInt(3) > 0) {
                int v = r.nextInt(100);
                q.putNowait(v);
                model.add(v);
            } else {
                assertEquals(model.poll(), q.getNowait());
            }
        }
        while (!model.isEmpty()) {
            assertEquals(model.poll(), q.getNowait());
        }
        assertTrue(q.isEmpty());
    }

    @Test
    void aPriorityQueueInNaturalOrderRefusesNullWithAClearMessage() {
        PriorityQueue<Integer> q = new PriorityQueue<>();
        NullPointerException e = assertThrows(NullPointerException.class, () -> q.putNowait(null));
        assertTrue(e.getMessage().contains("Comparator"), e.getMessage());
        assertTrue(q.isEmpty());
        PriorityQueue<Integer> nullsFirst = new PriorityQueue<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        nullsFirst.putNowait(2);
        nullsFirst.putNowait(null);
        assertEquals(null, nullsFirst.getNowait());
    }

    @Test
    void aLifoQueueGivesTheNewestFirst() {
        LifoQueue<Integer> q = new LifoQueue<>();
        for (int i : new int[] {1, 0, 2, 3}) {
            q.putNowait(i);
        }
        assertEquals("LifoQueue[maxSize=0, items=[3, 2, 0, 1], getters=0, putters=0, tasks=4]",
                q.toString());
        List<Integer> out = new ArrayList<>();
        while (!q.isEmpty()) {
            out.add(q.getNowait());
        }
        assertEquals(List.of(3, 2, 0, 1), out);
    }

    @Test
    void aFullLifoQueueGivesTheWaitingPuttersItem() {
        // Tornado: get_nowait puts the putter's item, then pops it.
        LifoQueue<Integer> q = new LifoQueue<>(2);
        q.putNowait(1);
        q.putNowait(2);
        Future<Void> putter = q.put(3);
        assertEquals(3, q.getNowait());
        assertTrue(putter.isDone());
        assertEquals(2, q.getNowait());
        assertEquals(1, q.getNowait());
    }

    @Test
    void producerAndConsumer() {
        // ProducerConsumerTest: a bounded queue, the consumer logs, the producer joins.
        Queue<Integer> q = new Queue<>(3);
        IOLoop loop = IOLoop.current();
        List<String> history = new ArrayList<>();
        Runnable[] consume = new Runnable[1];
        consume[0] = () -> q.get().addDoneCallback(done -> loop.addCallback(() -> {
            history.add("got " + done.result());
            q.taskDone();
            consume[0].run();
        }));
        loop.addCallback(consume[0]);
        Future<Void> produced = new Future<>();
        int[] next = {0};
        Runnable[] produce = new Runnable[1];
        produce[0] = () -> {
            if (next[0] == 10) {
                q.join().addDoneCallback(done -> produced.setResult(null));
                return;
            }
            int i = next[0]++;
            q.put(i).addDoneCallback(done -> loop.addCallback(produce[0]));
        };
        loop.addCallback(produce[0]);
        until(produced);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("got " + i);
        }
        assertEquals(expected, history);
    }
}
