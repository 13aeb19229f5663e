package dev.weft.bench;

import dev.weft.IOLoop;
import dev.weft.locks.Lock;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * CPU time per operation of {@link ToolboxBenchmark}'s two weft workloads (uncontended
 * {@code Lock} acquire/release, {@code Queue(1)} hand-off between two coroutines), counted on the
 * one thread that runs them: both run entirely on the loop's thread. On a shared, loaded machine a
 * JMH average mostly measures the other tenants (the thread waits for a core); the CPU the
 * thread itself spends is much less disturbed, so this is the figure to compare before and after a
 * change, and with {@code tornado/toolbox.py}'s CPU figure (Tornado's loop is one thread too).
 *
 * <pre>{@code java -cp benchmarks.jar dev.weft.bench.ToolboxCpu [rounds]}</pre>
 *
 * <p>Each round is 2,000 runs of 1,000 operations; the first half of the rounds is warm-up, and the
 * median and the minimum of the second half are printed.
 */
public final class ToolboxCpu {
    static volatile long sink; // the results go somewhere, so no JIT can drop the work

    private static final int RUNS = 2000;

    private ToolboxCpu() {
    }

    /**
     * Prints the CPU nanoseconds per operation of both workloads.
     *
     * @param args optionally, the number of rounds, default 30
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        IOLoop loop = IOLoop.current();
        Lock lock = new Lock();
        try {
            report("Lock acquire/release (uncontended)",
                    measure(rounds, () -> ToolboxWorkloads.lockUncontended(lock, ToolboxBenchmark.N).result()));
            report("Queue(1) hand-off between two coroutines",
                    measure(rounds, () -> loop.runSync(() -> ToolboxWorkloads.handOff(ToolboxBenchmark.N))));
        } finally {
            loop.close();
        }
    }

    /** One run of {@link ToolboxBenchmark#N} operations. */
    interface Run {
        long once();
    }

    /** CPU nanoseconds per operation, round by round. */
    static double[] measure(int rounds, Run run) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] perOp = new double[rounds];
        long sum = 0;
        for (int r = 0; r < rounds; r++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < RUNS; i++) {
                sum += run.once();
            }
            perOp[r] = (threads.getCurrentThreadCpuTime() - start) / ((double) RUNS * ToolboxBenchmark.N);
        }
        sink = sum;
        return perOp;
    }

    private static void report(String what, double[] perOp) {
        double[] measured = Arrays.copyOfRange(perOp, perOp.length / 2, perOp.length);
        Arrays.sort(measured);
        System.out.printf("%-42s median %6.1f ns CPU/op, min %6.1f (%d rounds after %d of warm-up)%n",
                what, measured[measured.length / 2], measured[0], measured.length,
                perOp.length - measured.length);
    }
}
