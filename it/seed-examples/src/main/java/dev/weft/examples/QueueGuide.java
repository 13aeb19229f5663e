package dev.weft.examples;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.queues.Queue;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The producer/consumer of {@code tornado.queues}' documentation: a queue of at most two items,
 * a consumer spawned without being waited for (it never finishes), a producer that
 * {@code put}s five items (suspending while the queue is full) and then {@code join}s until the
 * consumer has called {@code taskDone()} for each.
 */
public final class QueueGuide {
    private QueueGuide() {
    }

    @Coroutine
    static Future<Void> consumer(Queue<Integer> q, PrintStream out) {
        while (true) {                                        // async for item in q:
            int item = Co.await(q.get());
            try {
                out.println("Doing work on " + item);
                Co.await(Co.sleep(Duration.ofMillis(10)));
            } finally {
                q.taskDone();
            }
        }
    }

    @Coroutine
    static Future<Void> producer(Queue<Integer> q, PrintStream out) {
        for (int item = 0; item < 5; item++) {
            Co.await(q.put(item));
            out.println("Put " + item);
        }
        return Future.completed();
    }

    @Coroutine
    static Future<Void> main(Queue<Integer> q, PrintStream out) {
        // Start the consumer without waiting (it never finishes).
        IOLoop.current().spawnCallback(() -> consumer(q, out));
        Co.await(producer(q, out));                           // all items put
        Co.await(q.join());                                   // and all of them done
        out.println("Done");
        return Future.completed();
    }

    public static void run(PrintStream out) {
        Queue<Integer> q = new Queue<>(2);
        IOLoop.current().runSync(() -> main(q, out));
    }
}
