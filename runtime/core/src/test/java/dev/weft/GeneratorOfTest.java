package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Generator#of} only calls its lambda. (That a lambda which suspends becomes a lazy
 * generator is the weaver's part, tested there: this module is not woven.)
 */
class GeneratorOfTest {

    @Test
    void returnsWhatTheLambdaReturnsAndCallsItOnce() {
        List<String> calls = new ArrayList<>();
        Generator<String, Void, String> done = Generator.done("r");
        Generator<String, Void, String> g = Generator.of(() -> {
            calls.add("called");
            return done;
        });
        assertSame(done, g);
        assertEquals(List.of("called"), calls);
        StopIteration end = assertThrows(StopIteration.class, g::next);
        assertEquals(null, end.value(), "a finished generator resumed again: no value (CPython)");
        assertEquals("r", g.returnValue());
    }

    @Test
    void aNullLambdaIsRefusedByName() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Generator.of(null));
        assertEquals("body", e.getMessage());
    }
}
