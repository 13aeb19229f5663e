package dev.weft.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The CI budget of the differential fuzzer: a fixed number of random programs, each run woven and
 * by the reference model under one random schedule, must agree. {@code -Dweft.fuzz.seed=N} and
 * {@code -Dweft.fuzz.count=N} choose the run (docs/TESTING.md, "Differential fuzzing").
 */
class DifferentialFuzzTest {

    @Test
    void wovenGeneratorsAgreeWithTheReferenceModel() {
        long seed = Long.getLong("weft.fuzz.seed", Fuzzer.DEFAULT_SEED);
        int count = Integer.getInteger("weft.fuzz.count", 2000);
        int from = Integer.getInteger("weft.fuzz.from", 0);
        Fuzzer.Report report = Fuzzer.run(seed, from, count, System.out);
        System.out.println("differential fuzzing, seed " + seed + ": " + report);
        StringBuilder failures = new StringBuilder();
        int shrink = Integer.getInteger("weft.fuzz.shrink", 3);
        for (Fuzzer.Failure f : report.failures) {
            String text = shrink-- > 0 ? Shrinker.report(seed, f)
                    : "program " + f.index() + ": " + f.result().detail();
            System.out.println(text);
            failures.append(text).append('\n');
        }
        assertTrue(report.failures.isEmpty(), failures.toString());
        assertTrue(report.invalid.isEmpty(), "the generator made invalid programs: "
                + report.invalid);
        assertEquals(count, report.programs);
        if (count >= 1000) {
            // The generator must keep producing what the fuzzer is for.
            for (String feature : Features.ALL) {
                assertTrue(report.counter("feature " + feature) > 0, "no program has " + feature);
            }
            for (Op.Kind kind : Op.Kind.values()) {
                assertTrue(report.counter("op " + kind) > count / 10, "too few " + kind);
            }
            assertTrue(report.counter("yielded") > count, "too few values yielded");
            assertTrue(report.counter("ignored GeneratorExit") > 0, "never ignored GeneratorExit");
            assertTrue(report.counter("raised StopIteration") > 0, "never raised StopIteration");
            assertTrue(report.counter("thrown-in exception escaped") > 0, "nothing escaped");
            assertTrue(report.count(Referee.Verdict.SKIPPED) < count / 100, "too many skipped");
        }
    }
}
