package dev.weft.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * CPU time per element of one of the frames' benchmarks ({@link DelegationBenchmark},
 * {@link GeneratorBenchmark}), counted on the measuring thread only. JMH's wall-clock averages
 * on a machine whose two cores are shared with a dozen other processes measure mostly the time
 * the thread waited for a core (errors of ±100 %); the CPU time the thread itself used per
 * element is much less disturbed, so this is the figure for a before/after comparison there.
 * One workload per JVM, as JMH forks, so that no other workload's types pollute the profiles.
 *
 * <pre>{@code java -cp benchmarks.jar dev.weft.bench.FramesCpu WORKLOAD [rounds]}</pre>
 *
 * WORKLOAD is {@code chain0}, {@code chain100}, {@code wovenForEach}, {@code wovenNext},
 * {@code wovenSend} or {@code handWrittenIterator}; it prints the median, lowest and highest
 * nanoseconds of CPU per element over the rounds (default 15, about 0.3 s of CPU each) that
 * follow 3 s of CPU time of warm-up.
 */
public final class FramesCpu {
    static volatile long sink; // the results go somewhere, so no JIT can drop the work

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FramesCpu() {
    }

    /**
     * Measures one workload.
     *
     * @param args the workload, and optionally the number of measured rounds
     */
    public static void main(String[] args) {
        String workload = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        GeneratorBenchmark generators = new GeneratorBenchmark();
        DelegationBenchmark delegation = new DelegationBenchmark();
        int elements = workload.startsWith("chain") ? DelegationBenchmark.N : GeneratorBenchmark.N;
        Runnable once = switch (workload) {
            case "chain0" -> () -> sink += delegation.chain0();
            case "chain100" -> () -> sink += delegation.chain100();
            case "wovenForEach" -> () -> sink += generators.wovenForEach();
            case "wovenNext" -> () -> sink += generators.wovenNext();
            case "wovenSend" -> () -> sink += generators.wovenSend();
            case "handWrittenIterator" -> () -> sink += generators.handWrittenIterator();
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        };
        long invocations = 1;
        long spent = 0;
        while (spent < 3_000_000_000L) { // warm-up, and how many invocations make 0.3 s
            long start = cpu();
            for (long i = 0; i < invocations; i++) {
                once.run();
            }
            spent += cpu() - start;
            if (spent < 300_000_000L) {
                invocations *= 2;
            }
        }
        double[] perElement = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = cpu();
            for (long i = 0; i < invocations; i++) {
                once.run();
            }
            perElement[r] = (double) (cpu() - start) / (invocations * elements);
        }
        Arrays.sort(perElement);
        System.out.printf("%s %.3f ns CPU/element (median of %d; %.3f-%.3f)%n", workload,
                perElement[rounds / 2], rounds, perElement[0], perElement[rounds - 1]);
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
