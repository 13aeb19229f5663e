package dev.weft.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The differential fuzzer for {@code dev.weft.locks} and {@code dev.weft.queues}: random
 * scenarios of a few coroutines contending for a lock, a bounded semaphore, a condition, an event
 * and a queue, with timeouts that fire and timeouts that do not, and waiters cancelled while they
 * wait. Each scenario runs woven on a real IOLoop ({@link ToolboxWoven}) and in a model written
 * from Tornado's {@code locks.py}/{@code queues.py} ({@link ToolboxModel}); the transcripts, down
 * to the final state of every object, must be equal. {@code -Dweft.fuzz.toolbox.seed=N} and
 * {@code -Dweft.fuzz.toolbox.count=N} choose the run.
 */
class ToolboxFuzzTest {

    @Test
    void wovenLocksAndQueuesAgreeWithTornadosModel() throws Exception {
        long seed = Long.getLong("weft.fuzz.toolbox.seed", Fuzzer.DEFAULT_SEED);
        int count = Integer.getInteger("weft.fuzz.toolbox.count", 600);
        Map<String, Integer> seen = new TreeMap<>();
        StringBuilder failures = new StringBuilder();
        int failed = 0;
        for (int i = 0; i < count; i++) {
            ToolboxScript s = ToolboxScript.generate(Fuzzer.programSeed(seed, i));
            List<String> expected = ToolboxModel.run(s);
            List<String> woven = ToolboxWoven.run(s);
            if (!expected.equals(woven)) {
                if (failed++ < 3) {
                    int d = Driver.firstDifference(expected, woven);
                    failures.append("scenario ").append(i).append(" (seed ").append(seed)
                            .append("):\n").append(s).append("first difference at line ").append(d)
                            .append("\n  expected: ").append(expected).append("\n  woven:    ")
                            .append(woven).append('\n');
                }
                continue;
            }
            for (String line : expected) {
                String outcome = line.startsWith("end") ? "end" : line.substring(line.indexOf(' ') + 1)
                        .replaceAll("-?\\d+|null", "N");
                seen.merge(outcome, 1, Integer::sum);
            }
        }
        System.out.println("toolbox fuzzing, seed " + seed + ": " + count + " scenarios, "
                + failed + " diverged; outcomes " + seen);
        assertEquals(0, failed, failures.toString());
        if (count >= 300) {
            // The scenarios must keep reaching what the fuzzer is for.
            for (String outcome : new String[] {"lock acquired", "lock timeout", "sem timeout",
                "lockCancel cancelled", "lockCancel acquired", "cwait true", "cwait false",
                "ewait set", "ewait timeout", "put N timeout", "putNowait N full", "get N",
                "get timeout", "getCancel cancelled", "getCancel N", "join done", "join timeout",
                "taskDone IllegalStateException: task_done() called too many times",
                "unlock IllegalStateException: release unlocked lock"}) {
                assertTrue(seen.getOrDefault(outcome, 0) > 0, "no scenario reached <" + outcome
                        + ">: " + seen);
            }
        }
    }
}
