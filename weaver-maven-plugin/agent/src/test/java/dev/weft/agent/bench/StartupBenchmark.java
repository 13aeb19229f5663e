package dev.weft.agent.bench;

import dev.weft.weaver.ClassWeaver;
import dev.weft.weaver.DirectoryWeaver;
import dev.weft.weaver.TypeHierarchy;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Extra start-up time with {@code -javaagent:weft-agent.jar}: a generated application of 1,000
 * classes (one in ten with coroutines), compiled by javac, run under the agent, against the same
 * classes woven at build time and run without it. Runs alternate, after a warm-up of the disk
 * cache; the figure is the median of wall-clock times of whole JVM runs, start to exit.
 *
 * <p>Run by hand (see docs/BENCHMARKS.md): {@code bench/startup.sh}, or with the arguments
 * {@code AGENT_JAR RUNTIME_CLASSES WORK_DIR [CLASSES [RUNS]]}.
 */
public final class StartupBenchmark {
    private StartupBenchmark() {
    }

    /** What one configuration printed and how long its runs took. */
    record Runs(String name, List<String> command, long[] nanos, String output) {
        double medianMillis() {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        Path agent = Path.of(args[0]);
        Path runtime = Path.of(args[1]);
        Path work = Path.of(args[2]);
        int classes = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 15;
        List<Runs> results = measure(agent, runtime, work, classes, runs);
        double built = results.get(0).medianMillis();
        System.out.printf("%d classes (%d with coroutines), %d runs each, median wall time:%n",
                classes, (classes + 9) / 10, runs);
        for (Runs r : results) {
            System.out.printf("| %s | %.0f ms | %.2fx | %+.0f ms |%n", r.name(), r.medianMillis(),
                    r.medianMillis() / built, r.medianMillis() - built);
        }
    }

    /**
     * Builds the application both ways and times the configurations; the first is the
     * baseline (build-woven, no agent). Every run must print the same as the baseline.
     */
    static List<Runs> measure(Path agent, Path runtime, Path work, int classes, int runs)
            throws IOException, InterruptedException {
        Path plain = GeneratedApp.compile(classes, work.resolve("plain"), runtime);
        Path built = work.resolve("built");
        copy(plain, built);
        DirectoryWeaver.Summary summary = new DirectoryWeaver(new ClassWeaver(
                TypeHierarchy.of(StartupBenchmark.class.getClassLoader()), (c, s, m) -> 0))
                .weave(built);
        if (!summary.errors().isEmpty()) {
            throw new IllegalStateException(summary.errors().toString());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String agentOption = "-javaagent:" + agent;
        List<Runs> all = List.of(
                runs("woven at build time, no agent", List.of(java, "-cp",
                        built + File.pathSeparator + runtime, "app.Main"), runs),
                runs("javac only, -javaagent", List.of(java, agentOption, "-cp",
                        plain + File.pathSeparator + runtime, "app.Main"), runs),
                runs("woven at build time, -javaagent (nothing to do)", List.of(java,
                        agentOption, "-cp", built + File.pathSeparator + runtime, "app.Main"),
                        runs));
        String expected = null;
        for (int r = -2; r < runs; r++) { // two warm-up rounds, then alternating measured runs
            for (Runs c : all) {
                long start = System.nanoTime();
                String out = run(c.command());
                long took = System.nanoTime() - start;
                if (expected == null) {
                    expected = out;
                } else if (!out.equals(expected)) {
                    throw new IllegalStateException(c.name() + " printed " + out
                            + " instead of " + expected);
                }
                if (r >= 0) {
                    c.nanos()[r] = took;
                }
            }
        }
        List<Runs> result = new ArrayList<>();
        for (Runs c : all) {
            result.add(new Runs(c.name(), c.command(), c.nanos(), expected));
        }
        return result;
    }

    private static Runs runs(String name, List<String> command, int n) {
        return new Runs(name, command, new long[n], "");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
