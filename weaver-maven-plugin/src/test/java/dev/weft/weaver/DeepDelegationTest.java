package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Generator;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * Resuming a chain of {@code yieldFrom} costs a constant per element, whatever its depth: CPython
 * pays one frame per level, weft resumes the innermost generator directly. Measured by counting
 * the woven bodies' resumptions, not by timing.
 */
class DeepDelegationTest {

    @SuppressWarnings("unchecked")
    private static Generator<Integer, Void, Void> nested(int depth, int width) throws Exception {
        Class<?> gens = Class.forName("dev.weft.fixtures.Gens", true, new WeavingClassLoader(true));
        Method m = gens.getMethod("nested", int.class, int.class);
        return (Generator<Integer, Void, Void>) m.invoke(null, depth, width);
    }

    private static long resumesFor(int depth, int width) throws Exception {
        Generator<Integer, Void, Void> g = nested(depth, width);
        ResumeCounter.reset();
        int seen = 0;
        for (int x : g) {
            assertEquals(seen++, x);
        }
        assertEquals(width, seen);
        return ResumeCounter.count();
    }

    @Test
    void aThousandDeepChainResumesOnlyTheInnermostGeneratorPerElement() throws Exception {
        int depth = 1000;
        long few = resumesFor(depth, 10);
        long many = resumesFor(depth, 10_010);
        // 10,000 more elements cost 10,000 more resumptions: one per element, not one per level.
        assertEquals(10_000, many - few);
        // Setting the chain up and tearing it down is linear in the depth: two per level.
        assertTrue(few <= 2L * depth + 20, "resumptions for 10 elements: " + few);
    }
}
