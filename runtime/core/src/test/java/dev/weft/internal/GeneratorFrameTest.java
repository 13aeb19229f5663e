package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Generator;
import dev.weft.Generator.State;
import dev.weft.GeneratorExit;
import dev.weft.StopIteration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generator driver on its own, with frames written by hand the way the weaver writes them: the
 * body dispatches on {@code label}, calls {@code resumeValue()} where it resumes, sets the next label
 * before it yields, and sets {@code DONE} before it returns. Every test here would also hold for the
 * same body written in Python.
 */
class GeneratorFrameTest {

    /** {@code for i in range(n): s += (yield i) or 0; return "sum=" + s}, logging its finally. */
    static final class Counter extends GeneratorFrame<Integer, Integer, String> {
        final int n;
        final List<String> log;
        int i;
        int sum;
        int resumptions;

        Counter(int n, List<String> log) {
            this.n = n;
            this.log = log;
        }

        @Override
        protected Object resume() {
            resumptions++;
            try {
                if (label == 1) {
                    Object sent = resumeValue();
                    if (sent != null) {
                        sum += (Integer) sent;
                    }
                    i++;
                }
                if (i < n) {
                    label = 1;
                    return i;
                }
            } catch (Throwable t) {
                log.add("counter finally");
                throw t;
            }
            log.add("counter finally");
            label = DONE;
            return Generator.done("sum=" + sum);
        }
    }

    /** {@code yield "before"; r = yield from sub; yield "sub returned " + r; return "outer"}. */
    static class Delegator extends GeneratorFrame<Object, Object, String> {
        final Generator<?, ?, ?> sub;
        final List<String> log;
        int resumptions;

        Delegator(Generator<?, ?, ?> sub, List<String> log) {
            this.sub = sub;
            this.log = log;
        }

        @Override
        protected Object resume() {
            resumptions++;
            try {
                switch (label) {
                    case 0:
                        label = 1;
                        return "before";
                    case 1:
                        resumeValue();
                        label = 2;
                        return delegateTo(sub);
                    case 2:
                        Object r = resumeValue();
                        label = 3;
                        return "sub returned " + r;
                    default:
                        resumeValue();
                        log.add("delegator finally");
                        label = DONE;
                        return Generator.done("outer");
                }
            } catch (RuntimeException | Error e) {
                log.add("delegator finally");
                throw e;
            }
        }
    }

    /** {@code while True: try: yield "x" except GeneratorExit: yield "ignored"} (or catches e). */
    static final class Stubborn extends GeneratorFrame<String, Object, Void> {
        final Class<? extends Throwable> catches;

        Stubborn(Class<? extends Throwable> catches) {
            this.catches = catches;
        }

        @Override
        protected Object resume() {
            if (label != 0) {
                try {
                    resumeValue();
                } catch (Throwable t) {
                    if (!catches.isInstance(t)) {
                        throw t;
                    }
                    label = 1;
                    return "caught " + t.getClass().getSimpleName();
                }
            }
            label = 1;
            return "x";
        }
    }

    /** A body that does what it is told by {@link #action} when it resumes. */
    static final class Scripted extends GeneratorFrame<Object, Object, Void> {
        Runnable action = () -> { };

        @Override
        protected Object resume() {
            if (label != 0) {
                resumeValue();
            }
            action.run();
            label = 1;
            return "yielded";
        }
    }

    private static <Y> List<Y> drain(Generator<Y, ?, ?> g) {
        List<Y> out = new ArrayList<>();
        while (g.hasNext()) {
            out.add(g.next());
        }
        return out;
    }

    @Test
    void yieldsInOrderThenStopsWithTheReturnValue() {
        List<String> log = new ArrayList<>();
        Counter c = new Counter(3, log);
        assertEquals(State.CREATED, c.state());
        assertEquals(0, c.next());
        assertEquals(State.SUSPENDED, c.state());
        assertEquals(1, c.send(5));
        assertEquals(2, c.send(6));
        StopIteration stop = assertThrows(StopIteration.class, c::next);
        assertEquals("sum=11", stop.value());
        assertEquals(State.CLOSED, c.state());
        assertEquals("sum=11", c.returnValue());
        // Resuming a finished generator: a StopIteration with no value (CPython).
        assertNull(assertThrows(StopIteration.class, c::next).value());
        assertEquals(List.of("counter finally"), log);
    }

    @Test
    void aValueSentToACreatedGeneratorIsRefusedAndLeavesItCreated() {
        Counter c = new Counter(2, new ArrayList<>());
        assertThrows(IllegalStateException.class, () -> c.send(1));
        assertEquals(State.CREATED, c.state());
        assertEquals(0, c.resumptions);
        assertEquals(0, c.next());
    }

    @Test
    void hasNextBuffersOneValueAndRefusesASendWhileItHoldsIt() {
        Counter c = new Counter(2, new ArrayList<>());
        assertTrue(c.hasNext());
        assertTrue(c.hasNext());
        assertEquals(1, c.resumptions);
        assertThrows(IllegalStateException.class, () -> c.send(3));
        assertEquals(0, c.send(null));
        assertEquals(List.of(1), drain(c));
        assertFalse(c.hasNext());
    }

    @Test
    void throwIntoACreatedGeneratorClosesItAndThrows() {
        Counter c = new Counter(2, new ArrayList<>());
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        assertSame(boom, assertThrows(IllegalArgumentException.class, () -> c.throwInto(boom)));
        assertEquals(State.CLOSED, c.state());
        assertEquals(0, c.resumptions);
        assertSame(boom, assertThrows(IllegalArgumentException.class, () -> c.throwInto(boom)));
    }

    @Test
    void throwIntoRaisesAtTheSuspensionPointAndWhatEscapesClosesIt() {
        List<String> log = new ArrayList<>();
        Counter c = new Counter(3, log);
        c.next();
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        assertSame(boom, assertThrows(IllegalArgumentException.class, () -> c.throwInto(boom)));
        assertEquals(State.CLOSED, c.state());
        assertEquals(List.of("counter finally"), log);
        assertThrows(IllegalStateException.class, c::returnValue);
    }

    @Test
    void closeRunsFinallyAndAGeneratorThatYieldsAgainIgnoredIt() {
        List<String> log = new ArrayList<>();
        Counter c = new Counter(3, log);
        c.next();
        c.close();
        assertEquals(State.CLOSED, c.state());
        assertEquals(List.of("counter finally"), log);

        Stubborn s = new Stubborn(GeneratorExit.class);
        s.next();
        IllegalStateException e = assertThrows(IllegalStateException.class, s::close);
        assertEquals("generator ignored GeneratorExit", e.getMessage());
        assertEquals(State.SUSPENDED, s.state());
    }

    @Test
    void aStopIterationEscapingTheBodyIsNotTheEnd() {
        Scripted s = new Scripted();
        s.next();
        StopIteration inner = new StopIteration("v");
        s.action = () -> {
            throw inner;
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, s::next);
        assertEquals("generator raised StopIteration", e.getMessage());
        assertSame(inner, e.getCause());
        assertEquals(State.CLOSED, s.state());
    }

    @Test
    void aBodyResumingItselfIsAlreadyExecuting() {
        Scripted s = new Scripted();
        s.action = () -> assertEquals(State.RUNNING, s.state());
        s.next();
        s.action = s::next;
        IllegalStateException e = assertThrows(IllegalStateException.class, s::next);
        assertEquals("generator already executing", e.getMessage());
    }

    @Test
    void delegationPassesValuesAndSendsThroughAndGivesTheReturnValue() {
        List<String> log = new ArrayList<>();
        Counter c = new Counter(3, log);
        Delegator d = new Delegator(c, log);
        assertEquals("before", d.next());
        assertEquals(0, d.next());
        assertEquals(State.SUSPENDED, c.state());
        assertEquals(1, d.send(10));
        assertEquals(2, d.send(20));
        assertEquals("sub returned sum=30", d.next());
        assertEquals(State.CLOSED, c.state());
        StopIteration stop = assertThrows(StopIteration.class, d::next);
        assertEquals("outer", stop.value());
        assertEquals(List.of("counter finally", "delegator finally"), log);
    }

    @Test
    void aChainOfAnyDepthResumesOnlyItsInnermostGeneratorPerValue() {
        List<String> log = new ArrayList<>();
        Counter c = new Counter(100, log);
        Delegator middle = new Delegator(c, log);
        Delegator outer = new Delegator(middle, log);
        assertEquals("before", outer.next());
        assertEquals("before", outer.next());
        assertEquals(0, outer.next());
        int outerBefore = outer.resumptions;
        int middleBefore = middle.resumptions;
        for (int i = 1; i < 100; i++) {
            assertEquals(i, outer.next());
        }
        assertEquals(outerBefore, outer.resumptions);
        assertEquals(middleBefore, middle.resumptions);
        assertEquals(State.SUSPENDED, middle.state());
    }

    @Test
    void throwIntoGoesToTheInnermostDelegateAndWhatItYieldsComesOut() {
        Stubborn s = new Stubborn(IllegalArgumentException.class);
        Delegator d = new Delegator(s, new ArrayList<>());
        d.next();
        assertEquals("x", d.next());
        assertEquals("caught IllegalArgumentException", d.throwInto(new IllegalArgumentException()));
        // What the delegate does not catch is raised in the delegating generator.
        List<String> log = new ArrayList<>();
        Counter c = new Counter(5, log);
        Delegator d2 = new Delegator(c, log);
        d2.next();
        d2.next();
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> d2.throwInto(boom)));
        assertEquals(List.of("counter finally", "delegator finally"), log);
        assertEquals(State.CLOSED, c.state());
        assertEquals(State.CLOSED, d2.state());
    }

    @Test
    void closeGoesDownTheChainInnermostFirst() {
        List<String> log = new ArrayList<>();
        Counter c = new Counter(5, log);
        Delegator d = new Delegator(c, log);
        d.next();
        d.next();
        d.close();
        assertEquals(List.of("counter finally", "delegator finally"), log);
        assertEquals(State.CLOSED, c.state());
        assertEquals(State.CLOSED, d.state());
    }

    @Test
    void aDelegateThatIgnoresCloseFailsItsCallersClose() {
        List<String> log = new ArrayList<>();
        Delegator d = new Delegator(new Stubborn(GeneratorExit.class), log);
        d.next();
        d.next();
        IllegalStateException e = assertThrows(IllegalStateException.class, d::close);
        assertEquals("generator ignored GeneratorExit", e.getMessage());
        assertEquals(List.of("delegator finally"), log);
    }

    @Test
    void delegationToAnIterableOrAFinishedGenerator() {
        GeneratorFrame<Object, Object, String> overList = new Delegator(null, new ArrayList<>()) {
            @Override
            protected Object resume() {
                if (label == 0) {
                    label = 2; // Delegator's "sub returned" step
                    return delegateTo(List.of("a", "b"));
                }
                return super.resume();
            }
        };
        assertEquals(List.of("a", "b", "sub returned null"), drain(overList));

        Counter finished = new Counter(0, new ArrayList<>());
        assertThrows(StopIteration.class, finished::next);
        Delegator d = new Delegator(finished, new ArrayList<>());
        d.next();
        // yield from a finished generator evaluates to null (CPython).
        assertEquals("sub returned null", d.next());
    }

    @Test
    void delegatingToWhatGeneratorDoneReturnedGivesItsValue() {
        // A method or lambda that is not woven returns Generator.done(v) itself: a yieldFrom of
        // it evaluates to v (Generator.done's contract), without a suspension.
        Delegator d = new Delegator(dev.weft.Generator.done("v"), new ArrayList<>());
        assertEquals(List.of("before", "sub returned v"), drain(d));
        Delegator empty = new Delegator(dev.weft.Generator.done(), new ArrayList<>());
        assertEquals(List.of("before", "sub returned null"), drain(empty));
    }

    @Test
    void aDelegateThatHasNextAdvancedGivesItsBufferedValueFirst() {
        Counter c = new Counter(3, new ArrayList<>());
        assertTrue(c.hasNext());
        Delegator d = new Delegator(c, new ArrayList<>());
        assertEquals(List.of("before", 0, 1, 2, "sub returned sum=0"), drain(d));
        assertEquals(4, c.resumptions); // once by hasNext(), then once per value and the return
    }

    @Test
    void aGeneratorThatIsDelegatedToCannotBeDrivenWhileItsCallerRuns() {
        Scripted inner = new Scripted();
        Delegator d = new Delegator(inner, new ArrayList<>());
        d.next();
        d.next();
        inner.action = d::next;
        IllegalStateException e = assertThrows(IllegalStateException.class, d::next);
        assertEquals("generator already executing", e.getMessage());
        assertEquals(State.CLOSED, d.state());
    }
}
