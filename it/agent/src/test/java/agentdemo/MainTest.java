package agentdemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weft.Generator;
import dev.weft.IOLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs with -javaagent:weft-agent.jar only (no weft-maven-plugin in this build). */
class MainTest {

    @Test
    void theGeneratorIsWovenAtLoadTime() {
        List<Integer> values = new ArrayList<>();
        Generator<Integer, Void, Void> g = Main.fibonacci(6);
        g.forEach(values::add);
        assertEquals(List.of(0, 1, 1, 2, 3, 5, 8), values);
        // The frame class exists only in memory, in the coroutine's own loader and package.
        assertEquals("agentdemo.Main$weft$fibonacci", g.getClass().getName());
        assertSame(Main.class.getClassLoader(), g.getClass().getClassLoader());
        assertFalse(Files.exists(Path.of("target/classes/agentdemo/Main$weft$fibonacci.class")));
    }

    @Test
    void theAsyncCoroutineSuspendsAndResumesOnTheLoop() {
        assertEquals(5, IOLoop.current().runSync(() -> Main.slowSum(2, 3)));
    }
}
