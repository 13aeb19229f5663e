package dev.weft.bench;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Bytes retained by one async coroutine suspended on a pending future, with two {@code int} locals
 * live across the await: the heap delta over {@code count} of them, everything the suspension keeps
 * counted (the frame, which is also the coroutine's own future, and the callback node the frame
 * registered on the awaited future). The awaited futures are made before the first measurement, so
 * they are not counted: they stand for what a coroutine waits on (a read, a timer), which exists
 * whoever waits; their own size is printed too. The array holding the coroutines is subtracted.
 * Run with {@code java -Xmx4g -cp target/benchmarks.jar dev.weft.bench.AsyncFootprint [count]};
 * {@code footprint/VirtualThreadFootprint.java} measures the same for parked virtual threads.
 */
public final class AsyncFootprint {
    private AsyncFootprint() {
    }

    /** Awaits {@code f} with two ints live across the await. */
    @Coroutine
    public static Future<Integer> twoIntsAwaiting(int a, Future<Integer> f) {
        int b = a * 3;
        int x = Co.await(f);
        return Future.completed(a + b + x);
    }

    /**
     * Suspends {@code count} coroutines, each on a future of its own, and measures them.
     *
     * @return {bytes per suspended coroutine, bytes per pending awaited future}
     */
    public static double[] measure(int count) {
        long empty = usedAfterGc();
        @SuppressWarnings("unchecked")
        Future<Integer>[] awaited = new Future[count];
        for (int i = 0; i < count; i++) {
            awaited[i] = new Future<>();
        }
        long withFutures = usedAfterGc();
        Object[] coroutines = new Object[count];
        long withArray = usedAfterGc();
        for (int i = 0; i < count; i++) {
            coroutines[i] = twoIntsAwaiting(i, awaited[i]);
        }
        long withCoroutines = usedAfterGc();
        double perCoroutine = (double) (withCoroutines - withArray) / count;
        // Less the array's own slot (4 bytes with compressed oops, the default below 32 GB of heap).
        double perFuture = (double) (withFutures - empty) / count - 4;
        // Complete them all, so the measurement is of coroutines that really were suspended.
        long sum = 0;
        for (int i = 0; i < count; i++) {
            awaited[i].setResult(1);
            sum += ((Future<?>) coroutines[i]).isDone() ? 1 : 0;
        }
        if (sum != count) {
            throw new AssertionError("only " + sum + " of " + count + " coroutines finished");
        }
        return new double[] {perCoroutine, perFuture};
    }

    static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        measure(count / 10); // warm up: load and initialise everything first
        double[] r = measure(count);
        System.out.printf("%,d async coroutines suspended on pending futures (two int locals):%n"
                + "  %.1f bytes per suspended coroutine (frame + callback node)%n"
                + "  %.1f bytes per awaited pending dev.weft.Future (not counted above)%n",
                count, r[0], r[1]);
    }
}
