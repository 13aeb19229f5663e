package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Generator;
import dev.weft.Generator.State;
import dev.weft.StopIteration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Woven generators behave as CPython 3.11 generators (API.md §1–3, §6). */
class GeneratorWeavingTest {

    @SuppressWarnings("unchecked")
    private static <Y, S, R> Generator<Y, S, R> gen(String method, Object... args) {
        return (Generator<Y, S, R>) Fixtures.call("Gens", method, args);
    }

    private static List<String> log() {
        return (List<String>) fixtureLog();
    }

    @SuppressWarnings("unchecked")
    private static List<String> fixtureLog() {
        try {
            return (List<String>) Fixtures.load("Gens").getField("LOG").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void clearLog() {
        log().clear();
    }

    private static <Y> List<Y> drain(Generator<Y, ?, ?> g) {
        List<Y> out = new ArrayList<>();
        for (Y y : g) {
            out.add(y);
        }
        return out;
    }

    @Test
    void yieldedPrimitivesArriveBoxedAsTheirOwnTypes() {
        List<Object> expected = List.of(300, 300 * 1_000_000_007L, 75.0, 37.5f, (short) 30000,
                (char) ('a' + 300), true, 300, "none", (byte) 300);
        // next(): the value leaves the generator through its fast path.
        Generator<Object, Object, Void> g = gen("primitives", 300, true);
        List<Object> got = new ArrayList<>();
        for (int k = 0; k < expected.size(); k++) {
            got.add(g.next());
        }
        assertEquals(expected, got);
        assertEquals(expected.stream().map(Object::getClass).collect(Collectors.toList()),
                got.stream().map(Object::getClass).collect(Collectors.toList()));
        // hasNext() buffers the value that next() then returns.
        assertEquals(expected, drain(gen("primitives", 300, true)));
        // send(), and a delegation chain (whose values leave through the general driver).
        log().clear();
        Generator<Object, Object, Void> s = gen("primitives", 300, true);
        assertEquals(300, s.send(null));
        assertEquals(300 * 1_000_000_007L, s.send("x"));
        assertEquals(List.of("sent x"), log());
        List<Object> chained = drain(gen("primitivesThroughAChain", 300));
        assertEquals(List.of(300, 300 * 1_000_000_007L, 75.0, 37.5f, (short) 30000,
                (char) ('a' + 300), false, -300, 300, (byte) 300), chained);
        assertEquals(Integer.valueOf(-5), gen("primitives", -5, true).next(), "cached box");
    }

    @Test
    void fibonacciYieldsTheSeedSequence() {
        Generator<Integer, Void, Void> f = gen("fibonacci", 10);
        assertEquals(State.CREATED, f.state());
        assertEquals(List.of(0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55), drain(f));
        assertEquals(State.CLOSED, f.state());
    }

    @Test
    void callingTheMethodDoesNotRunTheBody() {
        Generator<String, Void, Void> g = gen("noSuspension");
        assertTrue(log().isEmpty());
        assertThrows(StopIteration.class, g::next);
        assertEquals(List.of("ran"), log());
    }

    @Test
    void consumerTranscriptMatchesPython() {
        Generator<String, Integer, Void> c = gen("consumer");
        List<String> out = new ArrayList<>();
        c.send(null);
        for (int n = 1; n < 6; n++) {
            out.add("producing event " + n);
            String r = c.send(n);
            out.addAll(log());
            log().clear();
            out.add("the consumer response " + r);
        }
        c.close();
        assertEquals(State.CLOSED, c.state());
        List<String> expected = new ArrayList<>();
        for (int n = 1; n < 6; n++) {
            expected.add("producing event " + n);
            expected.add("consuming the event " + n);
            expected.add("the consumer response 200 OK");
        }
        assertEquals(expected, out);
    }

    @Test
    void sendDeliversValuesAndStopIterationCarriesTheReturnValue() {
        Generator<Object, Object, String> e = gen("echo");
        assertEquals("ready", e.next());
        assertEquals("got 1", e.send(1));
        assertEquals("got x", e.send("x"));
        StopIteration stop = assertThrows(StopIteration.class, () -> e.send(null));
        assertEquals("bye", stop.value());
        assertEquals("bye", e.returnValue());
        StopIteration again = assertThrows(StopIteration.class, e::next);
        assertNull(again.value());
    }

    @Test
    void nonNullSendToACreatedGeneratorIsRefusedAndLeavesItCreated() {
        Generator<Object, Object, String> e = gen("echo");
        IllegalStateException ex = assertThrows(IllegalStateException.class, () -> e.send("x"));
        assertTrue(ex.getMessage().contains("just-started"), ex.getMessage());
        assertEquals(State.CREATED, e.state());
        assertEquals("ready", e.send(null));
    }

    @Test
    void returnValueBeforeTheEndIsAnError() {
        Generator<Integer, Void, Integer> g = gen("counted", 2);
        assertThrows(IllegalStateException.class, g::returnValue);
        assertEquals(List.of(0, 1), drain(g));
        assertEquals(2, g.returnValue());
    }

    @Test
    void everyPrimitiveTypeArrayAndReferenceSurvivesSuspension() {
        int[] arr = {41};
        Generator<String, Void, String> g = gen("allTypes", true, (byte) 7, 'x', (short) 300,
                100000, 1L << 40, 1.25f, 2.5, "str", arr);
        assertEquals("start", g.next());
        assertEquals("mid", g.next());
        StopIteration stop = assertThrows(StopIteration.class, g::next);
        assertEquals("false 8 y 301 100001 " + ((1L << 40) + 1) + " 2.75 5.0 str 42 sb "
                + (1L << 40), stop.value());
    }

    @Test
    void yieldsInTryCatchAndFinally() {
        assertEquals(List.of("in try init", "try done tried", "in finally tried", "after tried"),
                drain(gen("tryCatchFinally", false)));
        assertEquals(List.of("finally ran tried"), log());
        log().clear();
        assertEquals(List.of("in try init", "in catch boom tried", "in finally caught",
                "after caught"), drain(gen("tryCatchFinally", true)));
        assertEquals(List.of("finally ran caught"), log());
    }

    @Test
    void throwIntoRaisesAtTheSuspensionPoint() {
        Generator<String, Object, String> g = gen("catcher");
        assertEquals("caught 0", g.next());
        assertEquals("caught 1", g.throwInto(new IllegalStateException("first")));
        assertEquals("caught 2", g.throwInto(new IllegalStateException("second")));
        assertEquals(List.of("caught first", "caught second"), log());
        RuntimeException other = new UnsupportedOperationException("not caught");
        assertSame(other, assertThrows(UnsupportedOperationException.class,
                () -> g.throwInto(other)));
        assertEquals(State.CLOSED, g.state());
        assertThrows(StopIteration.class, g::next);
    }

    @Test
    void throwIntoACreatedGeneratorClosesItAndThrows() {
        Generator<String, Object, String> g = gen("catcher");
        IllegalStateException t = new IllegalStateException("early");
        assertSame(t, assertThrows(IllegalStateException.class, () -> g.throwInto(t)));
        assertEquals(State.CLOSED, g.state());
        assertTrue(log().isEmpty());
        IllegalStateException t2 = new IllegalStateException("late");
        assertSame(t2, assertThrows(IllegalStateException.class, () -> g.throwInto(t2)));
    }

    @Test
    void throwIntoThatEndsTheBodyThrowsStopIteration() {
        Generator<String, Object, String> g = gen("catcher");
        g.next();
        g.send("go on");
        StopIteration stop = assertThrows(StopIteration.class, () -> g.send("stop"));
        assertEquals("stopped after 0", stop.value());
    }

    @Test
    void closeRunsFinallyBlocks() {
        Generator<Integer, Void, Void> g = gen("closeable");
        assertEquals(0, g.next());
        assertEquals(1, g.next());
        g.close();
        assertEquals(List.of("closed"), log());
        assertEquals(State.CLOSED, g.state());
        g.close();
        assertEquals(List.of("closed"), log());
        assertThrows(StopIteration.class, g::next);
    }

    @Test
    void closeOfACreatedGeneratorNeverRunsTheBody() {
        Generator<Integer, Void, Void> g = gen("closeable");
        g.close();
        assertEquals(State.CLOSED, g.state());
        assertThrows(StopIteration.class, g::next);
        assertTrue(log().isEmpty());
    }

    @Test
    void generatorIgnoringGeneratorExitStaysSuspended() {
        Generator<String, Void, Void> g = gen("stubborn");
        g.next();
        IllegalStateException e = assertThrows(IllegalStateException.class, g::close);
        assertEquals("generator ignored GeneratorExit", e.getMessage());
        assertEquals(State.SUSPENDED, g.state());
        assertEquals(List.of("ignored exit"), log());
        assertEquals("still here", g.next());
    }

    @Test
    void generatorReturningOnGeneratorExitClosesCleanly() {
        Generator<String, Void, String> g = gen("politeExit");
        g.next();
        g.close();
        assertEquals(State.CLOSED, g.state());
        assertEquals(List.of("exiting"), log());
    }

    @Test
    void catchExceptionDoesNotSwallowGeneratorExit() {
        Generator<String, Void, Void> g = gen("catchesException");
        g.next();
        g.close();
        assertTrue(log().isEmpty(), log().toString());
    }

    @Test
    void checkedExceptionsPropagateUnchanged() {
        Generator<String, Void, Void> g = gen("throwsChecked");
        assertEquals("before", g.next());
        IOException e = assertThrows(IOException.class, g::next);
        assertEquals("checked failure", e.getMessage());
        assertEquals(State.CLOSED, g.state());
    }

    @Test
    void stopIterationEscapingTheBodyBecomesIllegalState() {
        Generator<Integer, Void, Void> g = gen("leaksStopIteration");
        g.next();
        IllegalStateException e = assertThrows(IllegalStateException.class, g::next);
        assertEquals("generator raised StopIteration", e.getMessage());
        assertTrue(e.getCause() instanceof StopIteration);
        assertEquals(State.CLOSED, g.state());
    }

    @Test
    void resumingARunningGeneratorIsRefused() {
        Generator<?, ?, ?>[] self = new Generator<?, ?, ?>[1];
        Generator<Integer, Void, Void> g = gen("selfResuming", (Object) self);
        self[0] = g;
        g.next();
        IllegalStateException e = assertThrows(IllegalStateException.class, g::next);
        assertEquals("generator already executing", e.getMessage());
    }

    @Test
    void hasNextLooksAheadOnce() {
        Generator<Object, Object, String> e = gen("echo");
        assertTrue(e.hasNext());
        assertTrue(e.hasNext());
        assertEquals(State.SUSPENDED, e.state());
        assertThrows(IllegalStateException.class, () -> e.send("not now"));
        assertEquals("ready", e.next());
        assertEquals("got 5", e.send(5));
        // hasNext() resumes with null, which ends echo's loop: nothing more to look at.
        assertFalse(e.hasNext());
        assertEquals(State.CLOSED, e.state());
        assertEquals("bye", e.returnValue());
    }

    @Test
    void throwIntoAfterHasNextActsOnTheNextSuspensionPoint() {
        Generator<String, Object, String> g = gen("catcher");
        g.next();
        assertTrue(g.hasNext());
        assertEquals("caught 1", g.throwInto(new IllegalStateException("x")));
        assertEquals(List.of("caught x"), log());
    }

    @Test
    void stringAndArrowSwitches() {
        assertEquals(List.of("A", "one", "len1", "B", "C", "one", "len1", "?zz", "len2", "?xyz",
                "many", "lenn"), drain(gen("stringSwitch", List.of("a", "b", "zz", "xyz"))));
    }

    @Test
    void labeledBreakAndContinue() {
        Generator<String, Void, Integer> g = gen("labeled", 4, 4);
        assertEquals(List.of("1,0", "2,0", "2,1", "3,0", "3,1"), drain(g));
        assertEquals(5, g.returnValue());
    }

    @Test
    void earlyReturnCarriesItsValue() {
        Generator<Integer, Void, String> g = gen("earlyReturn", 3);
        assertEquals(List.of(0, 1, 2), drain(g));
        assertEquals("stopped at 3", g.returnValue());
    }

    @Test
    void genericMethods() {
        Generator<Integer, Void, Integer> g = gen("maxSoFar", List.of(3, 1, 4, 1, 5));
        assertEquals(List.of(3, 3, 4, 4, 5), drain(g));
        assertEquals(5, g.returnValue());
    }

    @Test
    void primedGeneratorStartsAtItsFirstYield() {
        Generator<String, String, Void> g = gen("primedAverager");
        assertEquals(State.SUSPENDED, g.state());
        assertEquals("", g.send(null));
        assertEquals("a", g.send("a"));
        assertEquals("a,b", g.send("b"));
    }

    @Test
    void yieldFromForwardsValuesAndReturnsTheDelegatesValue() {
        Generator<Object, Object, String> g = gen("delegating");
        List<Object> out = new ArrayList<>();
        out.add(g.next());
        out.add(g.next());
        out.add(g.next());
        out.add(g.next());
        out.add(g.next());
        out.add(g.next());
        out.add(g.next());
        out.add(g.next());
        out.add(g.send("hello"));
        StopIteration stop = assertThrows(StopIteration.class, () -> g.send(null));
        assertEquals(List.of(-1, 0, 1, 2, 103, 7, 8, "ready", "got hello"), out);
        assertEquals("done bye", stop.value());
    }

    @Test
    void yieldFromForwardsThrowIntoAndClose() {
        Generator<Object, Object, String> inner = gen("catcher");
        Generator<Object, Object, Object> outer = gen("delegateTo", inner);
        assertEquals("caught 0", outer.next());
        assertEquals("caught 1", outer.throwInto(new IllegalStateException("via outer")));
        assertEquals(List.of("caught via outer"), log());
        assertEquals("outer got stopped after 1", outer.send("stop"));
        log().clear();

        Generator<Object, Object, Object> closing = gen("delegateTo", gen("closeable"));
        assertEquals(0, closing.next());
        closing.close();
        assertEquals(List.of("closed"), log());
        assertEquals(State.CLOSED, closing.state());
    }

    @Test
    void yieldFromAFinishedGeneratorEvaluatesToNull() {
        Generator<Object, Object, String> finished = gen("echo");
        finished.close();
        Generator<Object, Object, Object> outer = gen("delegateTo", finished);
        assertEquals("outer got null", outer.next());
    }

    @Test
    void yieldFromADelegateThatIgnoresGeneratorExit() {
        Generator<Object, Object, Object> outer = gen("delegateTo", gen("stubborn"));
        assertEquals("still here", outer.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
        assertEquals("generator ignored GeneratorExit", e.getMessage());
    }

    @Test
    void recursiveTreeWalkIsInOrder() {
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            expected.add(i);
        }
        assertEquals(expected, drain(gen("walk", 0, 999)));
    }

    @Test
    void deepDelegationChainsWork() {
        assertEquals(List.of(0, 1, 2), drain(gen("nested", 1000, 3)));
    }

    @Test
    void streamClosesTheGenerator() {
        Generator<Integer, Void, Void> g = gen("closeable");
        try (var s = g.stream()) {
            assertEquals("0,1,2", s.limit(3).map(String::valueOf).collect(Collectors.joining(",")));
        }
        assertEquals(List.of("closed"), log());
        assertFalse(g.hasNext());
    }
}
