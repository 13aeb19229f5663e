package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Wake-ups of a suspended async coroutine race: its awaited future may be completed by any thread
 * while another cancels the coroutine, and while the body is still on its way to suspending. Each
 * await must resume exactly once (a second resumption would jump to the next await with its future
 * still pending and fail with "Future is not done"), and no wake-up may be lost (the coroutine would
 * never finish). Real threads, thousands of coroutines, in each of the three ways a frame resumes:
 * on its home loop, in place on the completing thread, and in place until it moves to a loop.
 */
class AsyncWakeRaceTest {
    private static final int COROUTINES = 3_000;
    private static final int AWAITS = 4;

    /** One coroutine under test: what it awaits, what it must sum to, whether it was cancelled. */
    private static final class Task {
        final List<Future<Integer>> futures = new ArrayList<>();
        int expected;
        /** Whether the test cancels it (and so leaves some of its futures pending for ever). */
        boolean cancelled;
        Future<Integer> coroutine;
    }

    private static List<Task> tasks(long seed) {
        Random random = new Random(seed);
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < COROUTINES; i++) {
            Task t = new Task();
            for (int k = 0; k < AWAITS; k++) {
                t.futures.add(new Future<>());
                t.expected += random.nextInt(100);
            }
            tasks.add(t);
        }
        return tasks;
    }

    @Test
    void onItsHomeLoopEachAwaitResumesOnceWhateverThreadsWakeIt() throws Exception {
        IOLoop loop = IOLoop.current();
        try {
            List<Task> tasks = tasks(1);
            for (Task t : tasks) {
                t.coroutine = Fixtures.call("Asyncs", "sumInTurn", t.futures);
            }
            raceOnTheLoop(loop, tasks, 1, 0);
        } finally {
            loop.close();
        }
    }

    @Test
    void withoutALoopEachAwaitResumesOnceOnWhicheverThreadWakesIt() throws Exception {
        List<Task> tasks = tasks(2);
        startOnAThreadWithoutALoop(tasks);
        List<Thread> racers = racers(tasks, 2, 0);
        Future<Void> settled = allSettled(tasks);
        racers.forEach(Thread::start);
        CountDownLatch done = new CountDownLatch(1);
        settled.addDoneCallback(f -> done.countDown());
        assertTrue(done.await(60, TimeUnit.SECONDS), "a wake-up was lost: not every coroutine ended");
        join(racers);
        check(tasks);
    }

    @Test
    void movingToALoopWhileBeingCancelledLosesNoWakeUp() throws Exception {
        IOLoop loop = IOLoop.current();
        try {
            List<Task> tasks = tasks(3);
            startOnAThreadWithoutALoop(tasks);
            // The first await of each resumes in place on the loop thread, whose loop the body
            // then makes its home at its next await, while other threads wake and cancel it.
            for (Task t : tasks) {
                loop.addCallback(() -> t.futures.get(0).setResult(value(t, 0)));
            }
            raceOnTheLoop(loop, tasks, 3, 1);
        } finally {
            loop.close();
        }
    }

    // A cancellation from another thread while the body runs between two awaits must take effect
    // at the second await, which nothing else would ever end.

    @Test
    void aCancellationWhileTheBodyRunsOnItsHomeLoopIsRaisedAtItsNextAwait() throws Exception {
        IOLoop loop = IOLoop.current();
        try {
            Future<String> first = new Future<>();
            Future<String> coroutine = cancelledBetweenAwaits(first);
            loop.addCallback(() -> first.setResult("a"));
            Future<String> settled = settledQuietly(coroutine);
            loop.runSync(() -> settled, Duration.ofSeconds(10));
            assertTrue(coroutine.isCancelled());
        } finally {
            loop.close();
        }
    }

    @Test
    void aCancellationWhileTheBodyRunsWithoutALoopIsRaisedAtItsNextAwait() throws Exception {
        Future<String> first = new Future<>();
        AtomicReference<Future<String>> coroutine = new AtomicReference<>();
        Thread starter = new Thread(() -> coroutine.set(cancelledBetweenAwaits(first)), "no-loop");
        starter.start();
        starter.join();
        Thread completer = new Thread(() -> first.setResult("a"), "completer");
        completer.start();
        completer.join();
        assertTrue(coroutine.get().isCancelled());
    }

    @Test
    void aCancellationWhileTheBodyMovesToALoopIsRaisedAtItsNextAwait() throws Exception {
        IOLoop loop = IOLoop.current();
        try {
            Future<String> first = new Future<>();
            AtomicReference<Future<String>> coroutine = new AtomicReference<>();
            Thread starter = new Thread(() -> coroutine.set(cancelledBetweenAwaits(first)),
                    "no-loop");
            starter.start();
            starter.join();
            // Resumed in place on the loop thread, the body makes that loop its home at its second
            // await, after the cancellation arrived.
            loop.addCallback(() -> first.setResult("a"));
            Future<String> settled = settledQuietly(coroutine.get());
            loop.runSync(() -> settled, Duration.ofSeconds(10));
            assertTrue(coroutine.get().isCancelled());
        } finally {
            loop.close();
        }
    }

    /** Starts {@code awaitTwice}, cancelled from another thread between its awaits. */
    private static Future<String> cancelledBetweenAwaits(Future<String> first) {
        AtomicReference<Future<String>> self = new AtomicReference<>();
        Runnable cancelFromAnotherThread = () -> {
            Thread canceller = new Thread(() -> self.get().cancel(), "canceller");
            canceller.start();
            try {
                canceller.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        self.set(Fixtures.call("Asyncs", "awaitTwice", first, cancelFromAnotherThread,
                new Future<String>()));
        return self.get();
    }

    private static Future<String> settledQuietly(Future<String> f) {
        Future<String> settled = new Future<>();
        f.addDoneCallback(done -> settled.setResult("settled"));
        return settled;
    }

    /** Lets the racers loose and runs the loop until every coroutine has ended, then checks. */
    private static void raceOnTheLoop(IOLoop loop, List<Task> tasks, long seed, int firstFuture)
            throws InterruptedException {
        List<Thread> racers = racers(tasks, seed, firstFuture);
        Future<Void> settled = allSettled(tasks);
        racers.forEach(Thread::start);
        loop.runSync(() -> settled, Duration.ofSeconds(60));
        join(racers);
        check(tasks);
    }

    /** The value the k-th future of a task is completed with: its share of the expected sum. */
    private static int value(Task t, int k) {
        int share = t.expected / AWAITS;
        return k < AWAITS - 1 ? share : t.expected - share * (AWAITS - 1);
    }

    private static void startOnAThreadWithoutALoop(List<Task> tasks) throws InterruptedException {
        Thread starter = new Thread(() -> {
            for (Task t : tasks) {
                t.coroutine = Fixtures.call("Asyncs", "sumInTurn", t.futures);
            }
        }, "no-loop");
        starter.start();
        starter.join();
    }

    /**
     * Two threads completing futures from index {@code firstFuture} on, in a shuffled order, and one
     * cancelling every third coroutine meanwhile. A coroutine that is cancelled gets only one of
     * those futures completed, so that only its cancellation can end it: a lost cancellation shows
     * as a coroutine that never ends.
     */
    private static List<Thread> racers(List<Task> tasks, long seed, int firstFuture) {
        List<Runnable> completions = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            t.cancelled = i % 3 == 0;
            int end = t.cancelled ? firstFuture + 1 : AWAITS;
            for (int k = firstFuture; k < end; k++) {
                int index = k;
                completions.add(() -> t.futures.get(index).setResult(value(t, index)));
            }
        }
        Collections.shuffle(completions, new Random(seed));
        int half = completions.size() / 2;
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> completions.subList(0, half).forEach(Runnable::run), "completer-1"));
        threads.add(new Thread(() -> completions.subList(half, completions.size()).forEach(Runnable::run),
                "completer-2"));
        threads.add(new Thread(() -> {
            for (Task t : tasks) {
                if (t.cancelled) {
                    t.coroutine.cancel();
                }
            }
        }, "canceller"));
        return threads;
    }

    private static Future<Void> allSettled(List<Task> tasks) {
        Future<Void> settled = new Future<>();
        AtomicInteger left = new AtomicInteger(tasks.size());
        Consumer<Future<Integer>> countDown = f -> {
            if (left.decrementAndGet() == 0) {
                settled.setResult(null);
            }
        };
        for (Task t : tasks) {
            t.coroutine.addDoneCallback(countDown);
        }
        return settled;
    }

    private static void join(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
    }

    private static void check(List<Task> tasks) {
        AtomicReferenceArray<String> wrong = new AtomicReferenceArray<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            try {
                int sum = t.coroutine.result();
                if (t.cancelled || sum != t.expected) {
                    wrong.set(i, "summed " + sum + ", expected " + (t.cancelled ? "a cancellation"
                            : t.expected));
                }
            } catch (CancellationException e) {
                if (!t.cancelled) {
                    wrong.set(i, "cancelled, but nobody cancelled it");
                }
            } catch (RuntimeException e) {
                wrong.set(i, "failed: " + e);
            }
        }
        for (int i = 0; i < tasks.size(); i++) {
            if (wrong.get(i) != null) {
                fail("coroutine " + i + " " + wrong.get(i));
            }
        }
    }
}
