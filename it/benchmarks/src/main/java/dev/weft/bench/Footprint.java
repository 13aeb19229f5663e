package dev.weft.bench;

import dev.weft.Generator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Bytes retained by one suspended generator with two int locals: the heap delta over 100,000 of
 * them, kept in an array (whose own 4 or 8 bytes per slot are subtracted). Run with
 * {@code java -cp target/benchmarks.jar dev.weft.bench.Footprint}.
 */
public final class Footprint {
    private Footprint() {
    }

    /** Measures and prints the footprint; returns bytes per suspended generator. */
    public static double bytesPerSuspendedGenerator(int count) {
        Object[] keep = new Object[count];
        long before = usedAfterGc();
        for (int i = 0; i < count; i++) {
            Generator<Integer, Void, Void> g = Workloads.twoInts(i, 1);
            g.next();
            keep[i] = g;
        }
        long after = usedAfterGc();
        double perGenerator = (double) (after - before) / count;
        if (keep[count - 1] == null) {
            throw new AssertionError();
        }
        return perGenerator;
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        bytesPerSuspendedGenerator(count);
        System.out.printf("bytes per suspended generator (two int locals): %.1f%n",
                bytesPerSuspendedGenerator(count));
    }
}
