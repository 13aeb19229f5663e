package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What needs no weaving: markers called from unwoven code explain themselves, and the small
 * value types behave as API.md says. (Woven behaviour is tested in weaver-maven-plugin and it/.)
 */
class CoMarkersTest {

    private static void assertNotWoven(Runnable call, String marker) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
        assertTrue(e.getMessage().contains("Co." + marker), e.getMessage());
        // The caller here is the lambda javac made inside the test method.
        assertTrue(e.getMessage().contains("called from dev.weft.CoMarkersTest.lambda$"
                + "unwovenCallsExplainThemselves$"), e.getMessage());
        // Every way out, since the runtime cannot tell which one applies (issue 12, point 3):
        // a build that stopped before weaving, running with the agent, or a missing mark/plugin.
        for (String wayOut : List.of("process-classes", "mvn compile", "mvn test", "mvn package",
                "-javaagent:weft-agent.jar", "@Coroutine", "weft-maven-plugin")) {
            assertTrue(e.getMessage().contains(wayOut), wayOut + " missing: " + e.getMessage());
        }
    }

    @Test
    void unwovenCallsExplainThemselves() {
        assertNotWoven(() -> Co.yield(1), "yield");
        assertNotWoven(() -> Co.yield(), "yield");
        assertNotWoven(() -> Co.yieldFrom(List.of(1)), "yieldFrom");
        assertNotWoven(() -> Co.yieldFrom(Generator.done()), "yieldFrom");
        assertNotWoven(() -> Co.await(Future.completed(1)), "await");
        assertNotWoven(() -> Co.await(CompletableFuture.completedFuture(1)), "await");
    }

    @Test
    void stopIterationCarriesTheReturnValueAndIsANoSuchElementException() {
        StopIteration withValue = new StopIteration("v");
        assertEquals("v", withValue.value());
        assertTrue(withValue instanceof NoSuchElementException);
        assertNull(new StopIteration().value());
    }

    @Test
    void generatorExitIsAnErrorSoCatchExceptionDoesNotSwallowIt() {
        Throwable exit = new GeneratorExit("bye");
        assertFalse(exit instanceof Exception);
        assertTrue(exit instanceof Error);
        assertEquals("bye", exit.getMessage());
        assertNull(new GeneratorExit().getMessage());
    }

    @Test
    void doneIsAFinishedGeneratorCarryingItsValue() {
        Generator<Object, Object, String> done = Generator.done("r");
        assertEquals(Generator.State.CLOSED, done.state());
        assertEquals("r", done.returnValue());
        assertFalse(done.hasNext());
        assertNull(assertThrows(StopIteration.class, done::next).value());
        IllegalArgumentException t = new IllegalArgumentException();
        assertEquals(t, assertThrows(IllegalArgumentException.class, () -> done.throwInto(t)));
        done.close();
        assertNull(Generator.done().returnValue());
    }
}
