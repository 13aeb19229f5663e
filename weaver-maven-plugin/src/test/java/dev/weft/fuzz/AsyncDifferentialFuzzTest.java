package dev.weft.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The CI budget of the async differential fuzzer: a fixed number of random async programs, each
 * run woven on an IOLoop and as plain Java under the same plan of awaits, must agree.
 * {@code -Dweft.fuzz.async.seed=N}, {@code -Dweft.fuzz.async.count=N} and
 * {@code -Dweft.fuzz.async.from=N} choose the run (docs/TESTING.md, "Async coroutines").
 */
class AsyncDifferentialFuzzTest {

    @Test
    void wovenAsyncCoroutinesAgreeWithPlainJava() {
        long seed = Long.getLong("weft.fuzz.async.seed", Fuzzer.DEFAULT_SEED);
        int count = Integer.getInteger("weft.fuzz.async.count", 1000);
        int from = Integer.getInteger("weft.fuzz.async.from", 0);
        Fuzzer.Report report = Fuzzer.run(seed, from, count, System.out, true);
        System.out.println("async differential fuzzing, seed " + seed + ": " + report);
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
        if (count >= 500) {
            // The generator and the plans must keep producing what the fuzzer is for.
            for (String feature : Features.ALL_ASYNC) {
                assertTrue(report.counter("feature " + feature) > 0, "no program has " + feature);
            }
            for (Plan.Kind kind : Plan.Kind.values()) {
                if (kind.pending()) {
                    for (Plan.Via via : Plan.Via.values()) {
                        assertTrue(report.counter("plan " + kind + " " + via) > 0,
                                "no plan " + kind + " " + via);
                    }
                } else {
                    assertTrue(report.counter("plan " + kind) > (kind == Plan.Kind.DONE_CANCELLED
                            ? 0 : count / 10), "too few " + kind);
                }
            }
            for (String failure : new String[] {"FuzzException", "FuzzRuntimeException",
                "FuzzError"}) {
                assertTrue(report.counter("plan failing with " + failure) > 0,
                        "no await failing with " + failure);
            }
            assertTrue(report.counter("resumed awaits") > count / 2, "too few awaits resumed");
            assertTrue(report.counter("awaits") > count, "too few awaits in the same turn");
            assertTrue(report.counter("entry pending") > count / 4, "too few suspended at once");
            for (String outcome : new String[] {"V", "EXC", "CANCELLED"}) {
                assertTrue(report.counter("outcome " + outcome) > 0, "no outcome " + outcome);
            }
            assertTrue(report.count(Referee.Verdict.SKIPPED) < count / 100, "too many skipped");
        }
    }
}
