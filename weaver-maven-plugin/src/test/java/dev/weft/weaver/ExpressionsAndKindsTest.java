package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Generator;
import dev.weft.StopIteration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Suspension points wherever an expression may stand, in every kind of class. */
class ExpressionsAndKindsTest {

    @SuppressWarnings("unchecked")
    private static Generator<Object, Object, Object> gen(String method, Object... args) {
        return (Generator<Object, Object, Object>) Fixtures.call("Expressions", method, args);
    }

    /** Drives {@code g} answering each yield with the next of {@code sends}; the return value. */
    private static Object run(Generator<Object, Object, Object> g, List<Object> expectedYields,
            Object... sends) {
        assertEquals(expectedYields.get(0), g.next());
        for (int i = 0; i < sends.length; i++) {
            try {
                Object y = g.send(sends[i]);
                assertEquals(expectedYields.get(i + 1), y);
            } catch (StopIteration stop) {
                assertEquals(sends.length - 1, i, "finished early");
                return stop.value();
            }
        }
        throw new AssertionError("did not finish");
    }

    @Test
    void compoundAssignment() {
        assertEquals(60, run(gen("compoundAssignment"), List.of(0, 1, 2), 10, 20, 30));
    }

    @Test
    void methodArgument() {
        assertEquals(42, run(gen("methodArgument", 40), List.of("b?"), 2));
    }

    @Test
    void arrayElementAndIndex() {
        assertEquals("[0, 7, 9]", run(gen("arrayElement"), List.of("v?", "index?"), 7, 2));
    }

    @Test
    void ternary() {
        assertEquals("sent", run(gen("ternary", true), List.of("a"), "sent"));
        StopIteration stop = org.junit.jupiter.api.Assertions.assertThrows(StopIteration.class,
                gen("ternary", false)::next);
        assertEquals("b", stop.value());
    }

    @Test
    void chainedCall() {
        assertEquals("B", run(gen("chainedCall", List.of("a", "b")), List.of("i?"), 1));
    }

    @Test
    void constructorArgumentWhileTheObjectIsUninitialized() {
        assertEquals("Point[x=5, y=2]", run(gen("constructorArgument"), List.of("x?"), 5)
                .toString());
    }

    @Test
    void nestedConstructors() {
        assertEquals("Pair[left=Pair[left=L, right=fixed], right=Point[x=1, y=8]]",
                run(gen("nestedConstructors"), List.of("l?", "y?"), "L", 8).toString());
    }

    @Test
    void stringConcatenationWithInvokedynamic() {
        assertEquals("n=3, got X, and Y!",
                run(gen("stringConcatenation", 3), List.of("x?", "y?"), "X", "Y"));
    }

    @Test
    void longAndDoubleOnTheStack() {
        assertEquals(5L * 1000 + 25 + 7,
                run(gen("wideValuesOnTheStack", 5L, 2.5), List.of("c?"), 7));
    }

    @Test
    void severalSuspensionPointsInOneExpression() {
        assertEquals(123, run(gen("severalInOneExpression"), List.of(1, 2, 3), 1, 2, 3));
    }

    @Test
    void yieldOfAYield() {
        assertEquals("inner=second", run(gen("yieldOfAYield"), List.of("first", "echo"),
                "echo", "second"));
    }

    @Test
    void everyKindOfClass() {
        assertEquals(List.of("k1", "k2", "secret of k", "nested", "inner of k", "counter 12",
                "Square", "area 4.0", "side 1", "side 2", "corner 0.0", "corner 3.0", "VENUS0",
                "VENUS1", "vararg 4", "vararg 5", "anonymous", "local x", "ref 6",
                "lambda nested"), Fixtures.call("Kinds", "all"));
    }
}
