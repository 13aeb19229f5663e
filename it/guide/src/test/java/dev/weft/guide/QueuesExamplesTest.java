package dev.weft.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.locks.Lock;
import dev.weft.locks.Releaser;
import dev.weft.queues.PriorityQueue;
import dev.weft.queues.Queue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The queue examples of README.md and dev.weft.queues' Javadoc, and what they do. */
class QueuesExamplesTest {
    private final IOLoop loop = IOLoop.current();
    private final List<String> handled = new ArrayList<>();

    // tag::queue[]
    Queue<String> q = new Queue<>(2);
    // end::queue[]

    private void handle(String item) {
        handled.add(item);
    }

    @Coroutine
    Future<Void> consumer() {
        // tag::queue[]
        // a consumer:
        while (true) {
            String item = Co.await(q.get());
            try { handle(item); } finally { q.taskDone(); }
        }
        // end::queue[]
    }

    @Coroutine
    Future<Void> producer() {
        // tag::queue[]
        // a producer:
        Co.await(q.put("work"));              // suspends while the queue is full
        Co.await(q.join());                   // until every item put has been taskDone()
        // end::queue[]
        return Future.completed();
    }

    @Test
    void joinWaitsUntilTheConsumerHasHandledTheItem() {
        Future<Void> consumer = loop.runSync(() -> {
            Future<Void> running = consumer();
            Co.await(producer());
            return Future.completed(running);
        });
        assertEquals(List.of("work"), handled);
        assertTrue(q.isEmpty());
        assertFalse(consumer.isDone());          // still waiting for the next item
        consumer.cancel();
    }

    @Coroutine
    static Future<String> readmeLocksAndQueues(List<String> observed) {
        // tag::readme-locks-queues[]
        Lock lock = new Lock();
        try (Releaser held = Co.await(lock.acquire())) {   // Tornado: async with lock:
            // one coroutine at a time here
        // end::readme-locks-queues[]
            observed.add("locked " + lock.isLocked());
        // tag::readme-locks-queues[]
        }
        Queue<String> q = new Queue<>(2);
        Co.await(q.put("work"));                            // suspends while the queue is full
        String item = Co.await(q.get(Duration.ofSeconds(1)));
        q.taskDone();
        // end::readme-locks-queues[]
        observed.add("locked " + lock.isLocked());
        observed.add("join done " + q.join().isDone());
        return Future.completed(item);
    }

    @Test
    void theReadmeExampleTakesTheLockAndPassesAnItemThrough() {
        List<String> observed = new ArrayList<>();
        assertEquals("work", loop.runSync(() -> readmeLocksAndQueues(observed)));
        assertEquals(List.of("locked true", "locked false", "join done true"), observed);
    }

    @Test
    void thePriorityQueueGivesTheLeastKeyFirst() {
        // tag::priority-queue[]
        PriorityQueue<Map.Entry<Integer, String>> q = new PriorityQueue<>(Map.Entry.comparingByKey());
        q.putNowait(Map.entry(1, "medium-priority item"));
        q.putNowait(Map.entry(0, "high-priority item"));
        q.getNowait();                       // 0=high-priority item
        // end::priority-queue[]
        assertEquals(1, q.size());
        assertEquals(Map.entry(1, "medium-priority item"), q.getNowait());
    }

    // tag::guide-queue[]
    @Coroutine
    static Future<List<String>> produceAndConsume() {
        Queue<String> q = new Queue<>(2);
        List<String> consumed = new ArrayList<>();
        IOLoop.current().spawnCallback(() -> {             // the consumer, an async lambda
            while (true) {
                String item = Co.await(q.get());
                try {
                    consumed.add(item);
                } finally {
                    q.taskDone();
                }
            }
        });
        for (String item : List.of("a", "b", "c", "d")) {
            Co.await(q.put(item));                         // waits while two are queued
        }
        Co.await(q.join());                                // until each one is taskDone()
        return Future.completed(consumed);
    }
    // end::guide-queue[]

    @Test
    void joinReturnsOnceTheConsumerHasTakenEveryItemInOrder() {
        assertEquals(List.of("a", "b", "c", "d"), loop.runSync(QueuesExamplesTest::produceAndConsume));
    }
}
