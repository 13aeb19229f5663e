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
    }
}
