package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Future;
import dev.weft.Generator;
import dev.weft.IOLoop;
import dev.weft.StopIteration;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Suspension points where javac spills the operand stack, uninitialized objects included, into
 * locals (a switch expression holding a {@code try}): the shape of issue 13 and its relatives
 * weave and behave as plain Java.
 */
class SpillsTest {

    @SuppressWarnings("unchecked")
    private static Generator<Object, Object, Object> gen(String method, Object... args) {
        return (Generator<Object, Object, Object>) Fixtures.call("Spills", method, args);
    }

    @SuppressWarnings("unchecked")
    private static List<String> log() {
        try {
            return (List<String>) Fixtures.load("Spills").getField("LOG").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void clearLog() {
        log().clear();
    }

    /** Sends each of {@code sends} in turn after the first next(); the yields and the return. */
    private static String drive(Generator<Object, Object, Object> g, Object... sends) {
        StringBuilder transcript = new StringBuilder();
        try {
            transcript.append(g.next());
            for (Object send : sends) {
                Object yielded = g.send(send);
                transcript.append(", ").append(yielded);
            }
        } catch (StopIteration stop) {
            return transcript.append(" -> ").append(stop.value()).toString();
        }
        return transcript.append(" (suspended)").toString();
    }

    @Test
    void theShapeOfTheIssue() {
        assertEquals("x, P[a=5, b=4] -> null", drive(gen("issueShape"), 5, null));
    }

    @Test
    void theIssueShapeCatchesWhatIsThrownIn() {
        Generator<Object, Object, Object> g = gen("issueShape");
        assertEquals("x", g.next());
        assertEquals("P[a=-1, b=4]", g.throwInto(new IllegalArgumentException()).toString());
    }

    @Test
    void suspensionsInTryCatchAndFinally() {
        assertEquals("try, finally -> P[a=1, b=17]", drive(gen("catchAndFinally", 1), 7, 10));
        assertEquals("catch k=2, finally -> P[a=2, b=13]",
                drive(gen("catchAndFinally", 2), 8, 5));
        assertEquals(" -> P[a=0, b=0]", drive(gen("catchAndFinally", 0)));
    }

    @Test
    void throwingIntoTheTryOfAnObjectUnderConstruction() {
        Generator<Object, Object, Object> g = gen("catchAndFinally", 1);
        assertEquals("try", g.next());
        assertEquals("catch boom", g.throwInto(new IllegalStateException("boom")));
        assertEquals("finally", g.send(3));
        StopIteration stop = assertThrows(StopIteration.class, () -> g.send(4));
        assertEquals("P[a=1, b=7]", stop.value().toString());
    }

    @Test
    void closingRunsTheFinallyWhoseSuspensionRaisesAgain() {
        Generator<Object, Object, Object> g = gen("catchAndFinally", 1);
        assertEquals("try", g.next());
        // close() raises GeneratorExit at "try"; the finally yields, which Python reports as
        // "generator ignored GeneratorExit".
        IllegalStateException e = assertThrows(IllegalStateException.class, g::close);
        assertEquals("generator ignored GeneratorExit", e.getMessage());
    }

    @Test
    void methodArguments() {
        assertEquals("b -> 5", drive(gen("methodArgument", 3), 2));
        Generator<Object, Object, Object> g = gen("methodArgument", 3);
        g.next();
        StopIteration stop = assertThrows(StopIteration.class,
                () -> g.throwInto(new IllegalStateException()));
        assertEquals(103, stop.value());
    }

    @Test
    void stringConcatenation() {
        assertEquals("first, second -> n=4 A B!", drive(gen("concatenation", 4), "A", "B"));
        assertEquals(List.of("finally"), log());
    }

    @Test
    void nestedObjectsWithSuspensionsInSeveralArguments() {
        assertEquals("a, b, c, d, e, f, g -> Q[left=P[a=1, b=2], right=Q[left=C, right=n4, "
                + "third=1|E|F], third=m7]", drive(gen("nested"), 1, 2, "C", 4, "E", "F", 7));
        assertEquals(List.of("inner finally", "Noisy(n, 4)", "Noisy(m, 7)"), log());
    }

    @Test
    void nestedObjectsWhenTheInnerTryCatches() {
        Generator<Object, Object, Object> g = gen("nested");
        assertEquals("a", g.next());
        assertEquals("b", g.send(1));
        assertEquals("c", g.throwInto(new IllegalArgumentException()));
        assertEquals("d", g.send("C"));
        // d's try has only a finally: what is thrown in there passes through it and out.
        assertThrows(IllegalArgumentException.class,
                () -> g.throwInto(new IllegalArgumentException("out")));
        assertEquals(List.of("inner finally"), log());
    }

    @Test
    void relocatedOnEveryTurnOfALoop() {
        assertEquals("0, 1, 2 -> [P[a=0, b=10], P[a=1, b=11], P[a=2, b=12]]",
                drive(gen("inALoop", 3), 10, 11, 12));
    }

    @Test
    void heldAcrossATryThatDoesNotSuspend() {
        assertEquals("y -> P[a=5, b=9]", drive(gen("acrossATryThenSuspends", 2), 9));
        assertEquals("y -> P[a=-1, b=9]", drive(gen("acrossATryThenSuspends", 0), 9));
    }

    @Test
    void anInstanceCoroutine() {
        assertEquals("v -> P[a=6, b=1]", drive(gen("holder", 6), 1));
    }

    @Test
    void awaitsInsideTheTryOfAnObjectUnderConstruction() {
        IOLoop loop = IOLoop.current();
        try {
            Future<Integer> first = new Future<>();
            Future<Integer> second = new Future<>();
            loop.addCallback(() -> first.setResult(3));
            loop.callLater(Duration.ZERO, () -> second.setResult(5));
            @SuppressWarnings("unchecked")
            String result = loop.runSync(() -> (Future<String>) Fixtures.call("Spills", "awaits",
                    first, second), Duration.ofSeconds(10));
            assertEquals("P[a=3, b=12]", result);
            assertEquals(List.of("awaited second"), log());
            Future<Integer> failing = new Future<>();
            loop.addCallback(() -> failing.setException(new IllegalStateException()));
            @SuppressWarnings("unchecked")
            String caught = loop.runSync(() -> (Future<String>) Fixtures.call("Spills", "awaits",
                    failing, Future.completed(1)), Duration.ofSeconds(10));
            assertEquals("P[a=-1, b=8]", caught);
        } finally {
            loop.close();
        }
    }
}
