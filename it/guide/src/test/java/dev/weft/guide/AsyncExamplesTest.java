package dev.weft.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.Generator;
import dev.weft.IOLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The guide's (and README's) async examples, and what they do. */
class AsyncExamplesTest {

    // tag::readme-async[]
    @Coroutine
    static Future<Integer> asyncSum(int a, int b) {
        Future<Integer> future = new Future<>();
        IOLoop.current().addCallback(() -> future.setResult(a + b));
        int result = Co.await(future);          // suspends; resumes on this thread's loop
        return Future.completed(result);
    }
    // end::readme-async[]

    // tag::multi[]
    @Coroutine
    static Future<List<Integer>> twoSums() {
        List<Future<Integer>> sums = List.of(asyncSum(1, 2), asyncSum(3, 4));
        List<Integer> results = Co.await(Co.all(sums));  // yield [f1, f2]: gen.multi
        return Future.completed(results);
    }
    // end::multi[]

    // tag::timeout[]
    @Coroutine
    static Future<String> answerOrGiveUp(Future<String> slow) {
        try {
            String answer = Co.await(Co.withTimeout(Duration.ofMillis(50), slow));
            return Future.completed(answer);
        } catch (Exception e) {                        // not catch (TimeoutException e): see below
            if (!(e instanceof TimeoutException)) {
                throw e;                               // rethrown as it came: no throws clause
            }
            return Future.completed("gave up");
        }
    }
    // end::timeout[]

    // tag::spawn[]
    @Coroutine
    static Future<Void> remember(List<String> out) {
        Co.await(Co.sleep(Duration.ofMillis(10)));     // yield gen.sleep(0.01)
        out.add("done later");
        return Future.completed();
    }

    static void fireAndForget(List<String> out) {
        IOLoop.current().spawnCallback(() -> remember(out));  // a failure is logged, not thrown
    }
    // end::spawn[]

    // tag::executor[]
    @Coroutine
    static Future<Thread> blockingWorkElsewhere(ExecutorService threads) {
        Thread worker = Co.await(IOLoop.current().runInExecutor(threads, () -> {
            Thread.sleep(10);                          // blocking: never on the loop's thread
            return Thread.currentThread();
        }));
        return Future.completed(worker);               // resumed on the loop's thread
    }
    // end::executor[]

    @Test
    void runSyncReturnsTheSum() {
        // tag::readme-async[]
        int five = IOLoop.current().runSync(() -> asyncSum(2, 3));
        // end::readme-async[]
        assertEquals(5, five);
    }

    @Test
    void lambdasThatSuspendAreCoroutines() {
        IOLoop loop = IOLoop.current();
        // tag::readme-lambdas[]
        int five = IOLoop.current().runSync(() -> {            // Supplier<Future<Integer>>: async
            int r = Co.await(asyncSum(2, 3));
            return Future.completed(r);
        });
        Generator<Integer, Void, Void> evens = Generator.of(() -> {   // a generator
            for (int i = 0; ; i += 2) Co.yield(i);
        });
        loop.spawnCallback(() -> { Co.await(Co.sleep(Duration.ofSeconds(1))); return Future.completed(); });
        // end::readme-lambdas[]
        assertEquals(5, five);
        assertEquals(List.of(0, 2, 4), List.of(evens.next(), evens.next(), evens.next()));
        evens.close();
    }

    @Test
    void allGivesTheResultsInOrder() {
        assertEquals(List.of(3, 7), IOLoop.current().runSync(AsyncExamplesTest::twoSums));
    }

    @Test
    void aTimeoutIsCaughtAndAnythingElseRethrown() {
        IOLoop loop = IOLoop.current();
        assertEquals("gave up", loop.runSync(() -> answerOrGiveUp(new Future<>())));
        assertEquals("42", loop.runSync(() -> answerOrGiveUp(Future.completed("42"))));
        IllegalStateException other = new IllegalStateException("other");
        Exception thrown = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> loop.runSync(() -> answerOrGiveUp(Future.failed(other))));
        assertSame(other, thrown);
    }

    @Test
    void aSpawnedCallbackRunsWhileTheLoopRuns() {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        IOLoop loop = IOLoop.current();
        loop.runSync(() -> {
            fireAndForget(out);
            return untilNotEmpty(out);
        }, Duration.ofSeconds(30));
        assertEquals(List.of("done later"), out);
    }

    @Coroutine
    private static Future<Void> untilNotEmpty(List<String> out) {
        while (out.isEmpty()) {
            Co.await(Co.moment());
        }
        return Future.completed();
    }

    @Test
    void blockingWorkRunsOnTheExecutorAndTheCoroutineResumesOnTheLoop() {
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            Thread worker = IOLoop.current().runSync(() -> blockingWorkElsewhere(threads));
            assertNotSame(Thread.currentThread(), worker);
        } finally {
            threads.shutdown();
        }
    }
}
