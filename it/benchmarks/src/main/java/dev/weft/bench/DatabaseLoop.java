package dev.weft.bench;

import java.lang.management.ManagementFactory;

/**
 * One of {@link DatabaseBenchmark}'s ways at one concurrency, run for a fixed time after a warm-up:
 * something steady to attach {@code perf} to, as {@link DatabaseCpu}'s changing phases are not.
 * Prints wall and process CPU time per query.
 *
 * <pre>{@code java -cp benchmarks.jar dev.weft.bench.DatabaseLoop concurrency seconds [weftPool|blockingThreadPool|direct]}</pre>
 */
public final class DatabaseLoop {
    private static final long WARM_UP_NANOS = 3_000_000_000L;
    static volatile long sink; // the results go somewhere, so no JIT can drop the work

    private DatabaseLoop() {
    }

    /** One invocation of a way: {@link DatabaseBenchmark#QUERIES} queries. */
    private interface Invocation {
        long run() throws Exception;
    }

    /**
     * Runs the way and prints its figures.
     *
     * @param args the concurrency, the seconds to measure, and optionally the way (default weftPool)
     * @throws Exception if the database fails
     */
    public static void main(String[] args) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        DatabaseBenchmark b = new DatabaseBenchmark();
        b.concurrency = Integer.parseInt(args[0]);
        long measureNanos = Long.parseLong(args[1]) * 1_000_000_000L;
        String way = args.length > 2 ? args[2] : "weftPool";
        Invocation invocation = switch (way) {
            case "weftPool" -> b::weftPool;
            case "blockingThreadPool" -> b::blockingThreadPool;
            case "direct" -> b::direct;
            default -> throw new IllegalArgumentException("no such way: " + way);
        };
        b.setUp();
        try {
            long sum = 0;
            for (long end = System.nanoTime() + WARM_UP_NANOS; System.nanoTime() < end; ) {
                sum += invocation.run();
            }
            long start = System.nanoTime();
            long cpu = os.getProcessCpuTime();
            long invocations = 0;
            for (long end = start + measureNanos; System.nanoTime() < end; invocations++) {
                sum += invocation.run();
            }
            double queries = invocations * (double) DatabaseBenchmark.QUERIES;
            System.out.printf("%s concurrency %d: %.3f us wall/query, %.3f us CPU/query%n", way,
                    b.concurrency, (System.nanoTime() - start) / 1e3 / queries,
                    (os.getProcessCpuTime() - cpu) / 1e3 / queries);
            sink = sum;
        } finally {
            b.tearDown();
        }
    }
}
