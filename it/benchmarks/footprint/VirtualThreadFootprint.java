import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The baseline for dev.weft.bench.AsyncFootprint: bytes retained by one virtual thread parked on
 * a pending future, with two int locals live across the wait (the thread, its continuation and
 * stack chunk, and the future's waiter node). The awaited futures are made before the measurement,
 * as in AsyncFootprint. Needs JDK 21 or newer; run as a source file:
 *   /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -Xmx8g it/benchmarks/footprint/VirtualThreadFootprint.java [count]
 */
public final class VirtualThreadFootprint {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        measure(count / 10);
        double[] r = measure(count);
        System.out.printf("%,d virtual threads parked on pending CompletableFutures (two int locals):%n"
                + "  %.1f bytes per parked virtual thread%n"
                + "  %.1f bytes per awaited pending CompletableFuture (not counted above)%n",
                count, r[0], r[1]);
    }

    static double[] measure(int count) throws Exception {
        long empty = usedAfterGc();
        @SuppressWarnings("unchecked")
        CompletableFuture<Integer>[] awaited = new CompletableFuture[count];
        for (int i = 0; i < count; i++) {
            awaited[i] = new CompletableFuture<>();
        }
        long withFutures = usedAfterGc();
        Thread[] threads = new Thread[count];
        long[] results = new long[count];
        CountDownLatch parked = new CountDownLatch(count);
        long withArrays = usedAfterGc();
        for (int i = 0; i < count; i++) {
            int index = i;
            threads[i] = Thread.ofVirtual().start(() -> {
                int a = index;
                int b = a * 3;
                parked.countDown();
                int x = awaited[index].join();
                results[index] = a + b + x;
            });
        }
        parked.await();
        // Let every thread reach its park, not just its countDown.
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }
        long withThreads = usedAfterGc();
        double perThread = (double) (withThreads - withArrays) / count;
        double perFuture = (double) (withFutures - empty) / count - 4;
        for (int i = 0; i < count; i++) {
            awaited[i].complete(1);
        }
        for (Thread t : threads) {
            t.join();
        }
        return new double[] {perThread, perFuture};
    }

    static long usedAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
