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
        Fuzzer.Report report = Fuzzer.run(seed, count, System.out);
        System.out.println("differential fuzzing, seed " + seed + ": " + report);
        assertEquals(count, report.programs);
        assertTrue(report.invalid.isEmpty(), "the generator made invalid programs: "
                + report.invalid);
        StringBuilder failures = new StringBuilder();
        for (Fuzzer.Failure f : report.failures) {
            failures.append(Shrinker.report(seed, f)).append('\n');
        }
        assertTrue(report.failures.isEmpty(), failures.toString());
    }
}
