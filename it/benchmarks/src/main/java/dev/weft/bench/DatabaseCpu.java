package dev.weft.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time and heap allocated per query of {@link DatabaseBenchmark}'s three ways, all threads
 * of the process counted (the pool's workers and the loop as well as the caller). On a shared, loaded machine
 * wall-clock averages mostly measure the other tenants; the CPU a query costs is much less
 * disturbed by them, so this is the figure to compare before and after a change.
 *
 * <pre>{@code java -cp benchmarks.jar dev.weft.bench.DatabaseCpu [invocations]}</pre>
 */
public final class DatabaseCpu {
    static volatile long sink; // the results go somewhere, so no JIT can drop the work

    private DatabaseCpu() {
    }

    /**
     * Prints CPU and wall time per query for each way at 1, 10 and 100 concurrent callers.
     *
     * @param args optionally, the number of invocations (of 1,000 queries) per way, default 300
     * @throws Exception if the database fails
     */
    public static void main(String[] args) throws Exception {
        int invocations = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int concurrency : new int[] {1, 10, 100}) {
            DatabaseBenchmark b = new DatabaseBenchmark();
            b.concurrency = concurrency;
            b.setUp();
            try {
                for (String way : new String[] {"direct", "weftPool", "blockingThreadPool"}) {
                    run(b, way, invocations); // warm-up: let the JIT settle before counting
                    long bytes = allocated();
                    long cpu = os.getProcessCpuTime();
                    long wall = System.nanoTime();
                    run(b, way, invocations);
                    double queries = (double) invocations * DatabaseBenchmark.QUERIES;
                    System.out.printf("%-19s concurrency %3d: %6.2f us CPU/query, %6.2f us wall/query,"
                            + " %5.0f B/query%n", way, concurrency,
                            (os.getProcessCpuTime() - cpu) / queries / 1e3,
                            (System.nanoTime() - wall) / queries / 1e3,
                            (allocated() - bytes) / queries);
                }
            } finally {
                b.tearDown();
            }
        }
    }

    /** Bytes allocated so far by the live threads (the workers outlive a measurement). */
    private static long allocated() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(b, 0);
        }
        return sum;
    }

    private static void run(DatabaseBenchmark b, String way, int invocations) throws Exception {
        long sum = 0;
        for (int i = 0; i < invocations; i++) {
            switch (way) {
                case "direct": sum += b.direct(); break;
                case "weftPool": sum += b.weftPool(); break;
                default: sum += b.blockingThreadPool(); break;
            }
        }
        sink = sum;
    }
}
