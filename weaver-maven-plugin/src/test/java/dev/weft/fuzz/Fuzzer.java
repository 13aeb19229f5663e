package dev.weft.fuzz;

import dev.weft.fuzz.Ast.Program;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The fuzzing loop: programs by seed, run in batches, with statistics and the failures. */
final class Fuzzer {
    static final long DEFAULT_SEED = 0x5EED_F00DL;
    static final int BATCH = 60;

    private Fuzzer() {
    }

    /** Program {@code index} of the run with seed {@code seed}. */
    static long programSeed(long seed, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + (index + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long scheduleSeed(long programSeed) {
        return programSeed ^ 0x5C4ED01EL;
    }

    /** A failing program, as found. */
    record Failure(int index, long programSeed, Program program, Referee.Result result) {
    }

    /** What a run did. */
    static final class Report {
        final Map<Referee.Verdict, Integer> verdicts = new EnumMap<>(Referee.Verdict.class);
        final Map<String, Integer> counters = new TreeMap<>();
        final List<Failure> failures = new ArrayList<>();
        final List<String> invalid = new ArrayList<>();
        int programs;
        long millis;

        int count(Referee.Verdict v) {
            return verdicts.getOrDefault(v, 0);
        }

        int counter(String name) {
            return counters.getOrDefault(name, 0);
        }

        void add(String counter, int n) {
            counters.merge(counter, n, Integer::sum);
        }

        @Override
        public String toString() {
            return programs + " programs in " + millis + " ms: " + verdicts + "; " + counters;
        }
    }

    static Report run(long seed, int count, PrintStream log) {
        return run(seed, 0, count, log);
    }

    static Report run(long seed, int from, int count, PrintStream log) {
        return run(seed, from, count, log, false);
    }

    /**
     * Runs programs {@code from} .. {@code from + count - 1} of the run with seed {@code seed}:
     * generator programs, or ({@code async}) async ones.
     */
    static Report run(long seed, int from, int count, PrintStream log, boolean async) {
        Report report = new Report();
        long start = System.currentTimeMillis();
        for (int first = from; first < from + count; first += BATCH) {
            int n = Math.min(BATCH, from + count - first);
            List<Program> programs = new ArrayList<>();
            List<Integer> indices = new ArrayList<>();
            List<Referee.Schedule> schedules = new ArrayList<>();
            for (int k = first; k < first + n; k++) {
                long ps = programSeed(seed, k);
                programs.add(async ? ProgramGenerator.generateAsync(ps)
                        : ProgramGenerator.generate(ps));
                indices.add(k);
                schedules.add(Referee.Schedule.seeded(scheduleSeed(ps)));
            }
            boolean debug = (first / BATCH) % 2 == 0;
            List<Referee.Result> results = Referee.run(programs, indices, schedules, debug);
            for (int k = 0; k < n; k++) {
                Referee.Result r = results.get(k);
                report.programs++;
                for (String feature : Features.of(programs.get(k))) {
                    report.add("feature " + feature, 1);
                }
                report.verdicts.merge(r.verdict(), 1, Integer::sum);
                if (async && AsyncReferee.offLoop(first + k)) {
                    report.add("programs off the loop", 1);
                }
                tally(report, r);
                switch (r.verdict()) {
                    case DIVERGE:
                    case WEAVE_ERROR:
                        report.failures.add(new Failure(first + k, programSeed(seed, first + k),
                                programs.get(k), r));
                        log.println("FAILURE program " + (first + k) + " (seed " + seed
                                + "): " + r.verdict() + " " + r.detail());
                        break;
                    case INVALID:
                        report.invalid.add("program " + (first + k) + ": " + r.detail());
                        log.println("INVALID program " + (first + k) + ": " + r.detail());
                        break;
                    default:
                        break;
                }
            }
            if (log != null && (first / BATCH) % 50 == 49) {
                log.println("... " + report.programs + " programs, "
                        + (System.currentTimeMillis() - start) + " ms");
            }
        }
        report.millis = System.currentTimeMillis() - start;
        String[] phases = {"javac", "weave", "load", "reference", "woven"};
        for (int k = 0; k < phases.length; k++) {
            report.add("ms " + phases[k], (int) (Referee.NANOS[k] / 1_000_000));
            Referee.NANOS[k] = 0;
        }
        return report;
    }

    private static void tally(Report report, Referee.Result r) {
        for (Object o : r.schedule()) {
            if (o instanceof Op op) {
                report.add("op " + op.kind(), 1);
            } else if (o instanceof Plan plan) {
                report.add("plan " + plan.kind() + (plan.via() == null ? "" : " " + plan.via()),
                        1);
                if (plan.fails()) {
                    report.add("plan failing with " + plan.arg().substring(0,
                            plan.arg().indexOf(':')), 1);
                }
            }
        }
        for (String line : r.reference()) {
            if (line.contains("-> Y ")) {
                report.add("yielded", 1);
            }
            if (line.contains("-> STOP ")) {
                report.add("returned", 1);
            }
            if (line.contains("-> EXC ")) {
                report.add("threw", 1);
            }
            if (line.contains("generator ignored GeneratorExit")) {
                report.add("ignored GeneratorExit", 1);
            }
            if (line.contains("generator raised StopIteration")) {
                report.add("raised StopIteration", 1);
            }
            if (line.contains("FuzzException:t")) {
                report.add("thrown-in exception escaped", 1);
            }
            if (line.startsWith("await ")) {
                report.add(line.endsWith("[resumed]") ? "resumed awaits" : "awaits", 1);
            }
            if (line.startsWith("return ")) {
                report.add("returns", 1);
            }
            if (line.startsWith("entry -> pending")) {
                report.add("entry pending", 1);
            }
            if (line.startsWith("outcome ")) {
                report.add("outcome " + line.split(" ")[1], 1);
            }
        }
        if (r.reference().size() > 2) {
            report.add("programs that ran", 1);
        }
    }
}
