package dev.weft.agent.bench;

import dev.weft.weaver.ClassWeaver;
import dev.weft.weaver.DirectoryWeaver;
import dev.weft.weaver.TypeHierarchy;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The weave step of a rebuild in which nothing changed, on a generated application of 5,000
 * class files (one in ten woven), in a fresh JVM as in a Maven build: the run that reads every
 * class file (what every rebuild did before the state file) against the run that reads only what
 * changed since the state was saved. Each run prints the time the goal logs (DirectoryWeaver's
 * own wall clock) and the CPU time of the weaving thread, which a loaded machine inflates less.
 *
 * <p>Arguments: {@code RUNTIME_CLASSES WORK_DIR MODE}, MODE being {@code prepare} (generate,
 * compile and weave once), {@code full} or {@code incremental} (one timed weave, printed in
 * ms), {@code plugin} (the same, the class weaver made lazily as the goal makes it, and its
 * class not loaded before) or {@code incremental-warm}; {@code bench/rebuild.sh} runs it in
 * fresh JVMs and takes medians.
 */
public final class RebuildBenchmark {
    private RebuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path runtime = Path.of(args[0]);
        Path work = Path.of(args[1]);
        Path classes = work.resolve("classes");
        Path state = work.resolve("weft/classes.state");
        DirectoryWeaver weaver = args[2].equals("plugin") ? null : new DirectoryWeaver(
                new ClassWeaver(TypeHierarchy.of(RebuildBenchmark.class.getClassLoader()),
                        (c, s, m) -> 0));
        DirectoryWeaver.Summary summary;
        java.lang.management.ThreadMXBean threads =
                java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        switch (args[2]) {
            case "prepare" -> {
                GeneratedApp.compile(4999, work, runtime);
                summary = weaver.weave(classes, state);
                summary = weaver.weave(classes, state); // settles files written in the last tick
            }
            case "full" -> summary = weaver.weave(classes);
            case "incremental" -> summary = weaver.weave(classes, state);
            case "plugin" -> { // as the goal runs it: the class weaver made only if needed
                cpu = threads.getCurrentThreadCpuTime();
                summary = new DirectoryWeaver(() -> new ClassWeaver(
                        TypeHierarchy.of(RebuildBenchmark.class.getClassLoader()),
                        (c, s, m) -> 0)).weave(classes, state);
            }
            case "incremental-warm" -> { // the same JVM's tenth no-change rebuild: JIT-compiled
                for (int i = 0; i < 9; i++) {
                    weaver.weave(classes, state);
                }
                cpu = threads.getCurrentThreadCpuTime();
                summary = weaver.weave(classes, state);
            }
            default -> throw new IllegalArgumentException(Arrays.toString(args));
        }
        if (!summary.errors().isEmpty() || summary.classes() != 0 && !args[2].equals("prepare")) {
            throw new IllegalStateException("a rebuild with nothing changed wove: " + summary);
        }
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        System.out.println(summary.millis() + " " + cpu / 1_000_000 + " ms, "
                + summary.examined() + " read");
    }
}
