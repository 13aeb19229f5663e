package dev.weft.bench;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.locks.Lock;
import dev.weft.locks.Releaser;
import dev.weft.queues.Queue;

/** What the locks and queues benchmarks run (issue 14); tornado/toolbox.py runs the same in Tornado. */
public final class ToolboxWorkloads {
    private ToolboxWorkloads() {
    }

    /** {@code n} times {@code async with lock:} on a lock nobody else wants. */
    @Coroutine
    public static Future<Long> lockUncontended(Lock lock, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            try (Releaser held = Co.await(lock.acquire())) {
                sum += i & 63;
            }
        }
        return Future.completed(sum);
    }

    /** Puts 0..n-1 into {@code q}, waiting for room as needed. */
    @Coroutine
    public static Future<Void> produce(Queue<Integer> q, int n) {
        for (int i = 0; i < n; i++) {
            Co.await(q.put(i & 63));
        }
        return Future.completed();
    }

    /** Takes {@code n} items from {@code q}; their sum. */
    @Coroutine
    public static Future<Long> consume(Queue<Integer> q, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Co.await(q.get());
        }
        return Future.completed(sum);
    }

    /**
     * A producer and a consumer coroutine handing {@code n} items over through a queue of one
     * item: each item suspends and resumes both sides, through the loop.
     */
    @Coroutine
    public static Future<Long> handOff(int n) {
        Queue<Integer> q = new Queue<>(1);
        Future<Long> consumer = consume(q, n);
        IOLoop.current().spawnCallback(() -> produce(q, n));
        return Future.completed(Co.await(consumer));
    }
}
