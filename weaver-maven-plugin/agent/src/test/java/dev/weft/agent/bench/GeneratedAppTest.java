package dev.weft.agent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.agent.AgentRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up benchmark's workload is sound (checked, not timed): a small generated application
 * prints the same under the agent as woven by the build, which is what the benchmark compares.
 */
class GeneratedAppTest {

    @Test
    void theWorkloadRunsTheSameUnderTheAgentAsWovenByTheBuild(@TempDir Path dir)
            throws Exception {
        List<StartupBenchmark.Runs> runs = StartupBenchmark.measure(AgentRun.agentJar(),
                AgentRun.runtime(), dir, 30, 1);
        assertEquals(3, runs.size());
        // total of work(i) for 30 classes and the coroutines of C0000, C0010 and C0020
        assertEquals("total " + expectedTotal(30), runs.get(0).output().trim());
    }

    private static long expectedTotal(int n) {
        long total = 0;
        for (int i = 0; i < n; i++) {
            int r = i;
            for (int k = 0; k < 3; k++) {
                r = r * 31 + k + i;
            }
            total += r % 1000;
            if (GeneratedApp.hasCoroutines(i)) {
                total += 0 + 1 + 2; // numbers(3)
                int y = 2;
                for (int k = 0; k < 3; k++) {
                    y = y * 31 + k + i;
                }
                total += y % 1000; // later(2)
            }
        }
        return total;
    }
}
