package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.Generator;
import dev.weft.IOLoop;
import dev.weft.StopIteration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lambdas as coroutines (API.md §7) weave and behave exactly as @Coroutine methods do. */
class LambdaWeavingTest {
    private static final String FIXTURE = "Lambdas";

    private IOLoop loop;

    @BeforeEach
    void setUp() {
        log().clear();
        loop = IOLoop.current();
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    @SuppressWarnings("unchecked")
    private static List<String> log() {
        return (List<String>) field(FIXTURE, "LOG", null);
    }

    private static Object field(String className, String name, Object target) {
        try {
            var f = Fixtures.load(className).getField(name);
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <Y, S, R> Generator<Y, S, R> gen(String method, Object... args) {
        return (Generator<Y, S, R>) Fixtures.call(FIXTURE, method, args);
    }

    private static Object instance(String nestedClass, Class<?>[] types, Object... args) {
        try {
            var c = Fixtures.load(FIXTURE + "$" + nestedClass).getConstructor(types);
            return c.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object invoke(Object target, String method, Object... args) {
        for (var m : target.getClass().getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                try {
                    m.setAccessible(true);
                    return m.invoke(target, args);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalArgumentException(method);
    }

    /** Drives a generator with a fixed script of sends, recording yields and the outcome. */
    private static List<String> drive(Generator<Object, Object, ?> g, Object... sends) {
        List<String> out = new ArrayList<>();
        out.add("state " + g.state());
        try {
            out.add("y " + g.next());
            for (Object s : sends) {
                out.add("y " + g.send(s));
            }
            out.add("state " + g.state());
            g.close();
            out.add("closed " + g.state());
        } catch (StopIteration stop) {
            out.add("return " + stop.value() + " " + g.state());
        }
        return out;
    }

    private static List<Object> all(Generator<?, ?, ?> g) {
        List<Object> out = new ArrayList<>();
        g.forEachRemaining(out::add);
        return out;
    }

    @Test
    void capturedLocalsOfEverySizeBehaveAsInTheSameMethod() {
        for (Object[] sends : new Object[][] {{}, {null, "x", null}, {null, null, null, null}}) {
            assertEquals(drive(gen("capturesMethod", 3, 10L, 2.5, "s"), sends),
                    drive(gen("captures", 3, 10L, 2.5, "s"), sends));
        }
        assertEquals(List.of("state CREATED", "y s0", "y sent x at 2.5", "y s1", "y s2",
                "return acc=13 d=2.5 box=3 CLOSED"),
                drive(gen("captures", 3, 10L, 2.5, "s"), "x", null, null, null));
    }

    @Test
    void everyExpressionPositionBehavesAsInTheSameMethod() {
        Object[] script = {1, "B", "C", 7, 4, "cat!", "T", "try1", "try2", "sw"};
        List<String> method = drive(gen("positionsMethod", 6L), script);
        assertEquals(method, drive(gen("positions", 6L), script));
        assertEquals("return 1|B&C|Point[x=7, y=2]|13.0|n=cat!/6|T|try1try2 finally one sw CLOSED",
                method.get(method.size() - 1));
        // An exception thrown in at the try is caught where the user's code expects it.
        List<List<String>> thrown = new ArrayList<>();
        for (String name : List.of("positionsMethod", "positions")) {
            Generator<Object, Object, String> g = gen(name, 6L);
            List<String> out = new ArrayList<>();
            g.next();
            for (Object s : new Object[] {0, "B", "C", 7, 4, "c", "try1"}) {
                out.add(String.valueOf(g.send(s)));
            }
            out.add(String.valueOf(g.throwInto(new IllegalArgumentException("in"))));
            StopIteration end = assertThrows(StopIteration.class, () -> g.send("z"));
            out.add(String.valueOf(end.value()));
            thrown.add(out);
        }
        assertEquals(thrown.get(0), thrown.get(1));
        assertEquals("0|B&C|Point[x=7, y=2]|13.0|n=c/6|else|try1caught inz finally other",
                thrown.get(1).get(thrown.get(1).size() - 1));
    }

    /** Runs one async positions program on pending futures the loop completes later. */
    @SuppressWarnings("unchecked")
    private String asyncPositions(boolean lambda, boolean fail) {
        List<Future<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fs.add(new Future<>());
        }
        Future<String> f = lambda
                ? ((Supplier<Future<String>>) Fixtures.call(FIXTURE, "asyncPositions", fs)).get()
                : Fixtures.call(FIXTURE, "asyncPositionsMethod", fs);
        for (int i = 0; i < 5; i++) {
            int n = i;
            loop.addCallback(() -> {
                if (n == 4 && fail) {
                    fs.get(n).setException(new IllegalStateException("e4"));
                } else {
                    fs.get(n).setResult(n + 1);
                }
            });
        }
        return loop.runSync(() -> f, Duration.ofSeconds(5));
    }

    @Test
    void awaitsInEveryExpressionPositionBehaveAsInTheSameMethod() {
        for (boolean fail : new boolean[] {false, true}) {
            assertEquals(asyncPositions(false, fail), asyncPositions(true, fail));
        }
        assertEquals("p=Point[x=2, y=1] w=30 t=4 caught e4 finally", asyncPositions(true, true));
        assertEquals("p=Point[x=2, y=1] w=30 t=430&5 finally", asyncPositions(true, false));
    }

    @Test
    void generatorLambdasAreLazyAndCloseRunsTheirFinallyBlocks() {
        Generator<String, Void, Void> lazy = gen("lazy");
        assertEquals(Generator.State.CREATED, lazy.state());
        assertEquals(List.of(), log());
        assertEquals("first", lazy.next());
        assertEquals(List.of("body started"), log());
        log().clear();
        Generator<Integer, Void, Void> g = gen("closable");
        assertEquals(1, g.next());
        g.close();
        assertEquals(Generator.State.CLOSED, g.state());
        assertEquals(List.of("finally"), log());
        Generator<Integer, Void, Void> evens = gen("evens");
        assertEquals(List.of(0, 2, 4, 6), evens.stream().limit(4).toList());
    }

    @Test
    void aCoroutineLambdaInCodeJavacDropsDoesNotFailTheWeave() {
        // The fixture class loads only if it wove: the dead lambda's body has a Co.yield.
        Generator<String, Void, Void> live = gen("deadCode");
        assertEquals(List.of("live"), live.stream().toList());
        assertEquals(List.of(), log());
    }

    @Test
    void lambdasInsideCoroutinesAndInsideOtherLambdas() {
        assertEquals(20 + 20 + 2, loop.<Integer>runSync(() -> (Future<Integer>) Fixtures.call(FIXTURE,
                "outer", 2), Duration.ofSeconds(5)));
        assertEquals(List.of("inner 2", "inner 2"), log());
        Generator<String, String, String> nested = gen("nested", "t");
        assertEquals("t:outer", nested.next());
        assertEquals("t/a:inner", nested.send("a"));
        assertEquals("inner got b", nested.send("b"));
        StopIteration end = assertThrows(StopIteration.class, nested::next);
        assertEquals("done t/a", end.value());
        Generator<Integer, Void, Integer> delegating = gen("delegating", 4);
        assertEquals(List.of(0, 1, 2, 3, -1), all(delegating));
        assertEquals(6, delegating.returnValue());
    }

    @Test
    void aLambdaInAStaticFieldInitializer() {
        @SuppressWarnings("unchecked")
        Supplier<Generator<Integer, Void, String>> countdown =
                (Supplier<Generator<Integer, Void, String>>) field(FIXTURE, "COUNTDOWN", null);
        Generator<Integer, Void, String> g = countdown.get();
        assertEquals(List.of(3, 2, 1), all(g));
        assertEquals("liftoff", g.returnValue());
        assertEquals(List.of(3, 2, 1), all(countdown.get()), "each call is a new generator");
    }

    @Test
    @SuppressWarnings("unchecked")
    void capturedThisAndInstanceFieldInitializers() {
        Object counter = instance("Counter", new Class<?>[] {String.class}, "hello");
        assertEquals(List.of(1, 2, 3), all((Generator<Integer, Void, Void>) invoke(counter,
                "upTo", 3)));
        Supplier<Future<String>> greet = (Supplier<Future<String>>) field(FIXTURE + "$Counter",
                "greet", counter);
        assertEquals("hello world 4", greet.get().result());
        Supplier<Generator<String, Void, Void>> ticks =
                (Supplier<Generator<String, Void, Void>>) field(FIXTURE + "$Counter", "ticks",
                        counter);
        assertEquals(List.of("hello4", "hello5"), all(ticks.get()));
        assertEquals(5, invoke(counter, "count"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void lambdasInInterfacesEnumConstantBodiesAndRecords() throws Exception {
        Class<?> source = Fixtures.load(FIXTURE + "$Source");
        Object impl = instance("Hundred", new Class<?>[0]);
        assertEquals(List.of(100, 101, 102), all((Generator<Integer, Void, Void>)
                source.getMethod("from", int.class).invoke(impl, 3)));
        assertEquals(List.of(7, 7), all((Generator<Integer, Void, Void>)
                source.getMethod("twice", int.class).invoke(null, 7)));

        assertEquals(List.of(1, 2), all(((Supplier<Generator<Integer, Void, Void>>)
                source.getField("ONE_TWO").get(null)).get()));
        Class<?> seq = Fixtures.load(FIXTURE + "$Seq");
        assertEquals(List.of(1, 4, 9), all((Generator<Integer, Void, Void>)
                seq.getMethod("sequence").invoke(seq.getField("SQUARES_TO_9").get(null))));

        Class<?> op = Fixtures.load(FIXTURE + "$Op");
        var apply = op.getMethod("apply", int.class);
        Object squares = op.getField("SQUARES").get(null);
        assertTrue(squares.getClass() != op, "a constant with a body is a class of its own");
        assertEquals(List.of(1, 4, 9), all((Generator<Integer, Void, Void>) apply.invoke(squares,
                3)));
        assertEquals(List.of("ASYNC_NAME12".length()), all((Generator<Integer, Void, Void>)
                apply.invoke(op.getField("ASYNC_NAME").get(null), 12)));

        Object range = instance("Range", new Class<?>[] {int.class, int.class}, 3, 6);
        Generator<Integer, Void, Integer> values =
                (Generator<Integer, Void, Integer>) invoke(range, "values");
        assertEquals(List.of(3, 4, 5), all(values));
        assertEquals(3, values.returnValue());
    }

    @Test
    void lambdasInAnonymousAndLocalClasses() {
        assertEquals(List.of("w", "w!", "W"),
                Fixtures.call(FIXTURE, "inAnonymousAndLocalClasses", "w"));
    }

    @Test
    void genericMethods() {
        Generator<Object, Object, List<Integer>> g = gen("keepLarger", 5);
        assertEquals(5, g.next());
        assertEquals(5, g.send(3));
        assertEquals(9, g.send(9));
        assertEquals(12, g.send(12));
        StopIteration end = assertThrows(StopIteration.class, () -> g.send(null));
        assertEquals(List.of(9, 12), end.value());
        Future<String> a = new Future<>();
        @SuppressWarnings("unchecked")
        Future<List<String>> both = (Future<List<String>>) Fixtures.call(FIXTURE, "both", a,
                Future.completed("y"));
        assertFalse(both.isDone());
        a.setResult("x");
        assertEquals(List.of("x", "y"), loop.runSync(() -> both, Duration.ofSeconds(5)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void serializableLambdasSurviveARoundTrip() {
        assertEquals(List.of("ab", "abab"), all(gen("serialized", "ab")));
        Supplier<Future<Integer>> s = (Supplier<Future<Integer>>) Fixtures.call(FIXTURE,
                "serializedAsync", 21);
        assertEquals(42, s.get().result());
    }

    @Test
    void methodReferencesToCoroutineMethods() {
        assertEquals(List.of(0, 1, 2, "bound!", "unbound!", 13),
                Fixtures.call(FIXTURE, "methodReferences"));
    }

    @Test
    void runSyncTakesAnAsyncLambda() {
        assertEquals(5, (int) Fixtures.call(FIXTURE, "runSyncExample"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAsyncLambdaStartsAtOnceAndResumesOnTheLoop() {
        Future<String> gate = new Future<>();
        Supplier<Future<String>> s = (Supplier<Future<String>>) Fixtures.call(FIXTURE,
                "startsAtOnce", gate);
        Future<String> f = s.get();
        assertEquals(List.of("started"), log());
        assertFalse(f.isDone());
        loop.addCallback(() -> gate.setResult("go"));
        assertEquals("GO", loop.runSync(() -> f, Duration.ofSeconds(5)));
        assertEquals(List.of("started", "resumed go"), log());
    }

    @Test
    @SuppressWarnings("unchecked")
    void failuresAndCancellationOfAsyncLambdas() {
        Future<String> gate = new Future<>();
        Supplier<Future<String>> s = (Supplier<Future<String>>) Fixtures.call(FIXTURE,
                "failsOrCancels", gate);
        Future<String> failing = s.get();
        gate.setResult("v");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> loop.runSync(() -> failing, Duration.ofSeconds(5)));
        assertEquals("bad v", e.getMessage());
        assertEquals(List.of("finally"), log());

        log().clear();
        Future<String> pending = new Future<>();
        Future<String> cancelled = ((Supplier<Future<String>>) Fixtures.call(FIXTURE,
                "failsOrCancels", pending)).get();
        assertTrue(cancelled.cancel());
        assertThrows(CancellationException.class, () -> loop.runSync(() -> cancelled,
                Duration.ofSeconds(5)));
        assertEquals(List.of("finally"), log());

        Future<String> early = Fixtures.call(FIXTURE, "throwsBeforeAwait", true);
        assertTrue(early.isDone());
        assertEquals("early", early.exception().getMessage(),
                "a suspending lambda's failure is its future's, as for a @Coroutine method");
        assertEquals("late", ((Future<String>) Fixtures.call(FIXTURE, "throwsBeforeAwait",
                false)).result());
        UnsupportedOperationException direct = assertThrows(UnsupportedOperationException.class,
                () -> Fixtures.call(FIXTURE, "ordinaryLambda"));
        assertEquals("ordinary", direct.getMessage(), "a lambda that never suspends is not woven");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLambdaForAFunctionReturningAFuture() {
        Function<Future<Integer>, Future<Integer>> plusOne =
                (Function<Future<Integer>, Future<Integer>>) Fixtures.call(FIXTURE, "plusOne");
        Future<Integer> in = new Future<>();
        Future<Integer> out = plusOne.apply(in);
        assertFalse(out.isDone());
        in.setResult(41);
        assertEquals(42, loop.runSync(() -> out, Duration.ofSeconds(5)));
    }

    @Test
    void spawnCallbackTakesAnAsyncLambda() {
        Future<String> gate = new Future<>();
        Fixtures.call(FIXTURE, "spawn", loop, gate);
        assertEquals(List.of(), log(), "spawnCallback calls it later, never inside the call");
        loop.addCallback(() -> gate.setResult("ok"));
        loop.callLater(Duration.ofSeconds(10), loop::stop);
        loop.start();
        assertEquals(List.of("spawned", "spawned got ok"), log());
    }

    @Test
    void anAddFutureCallbackStartsAnAsyncLambda() {
        Future<String> f = new Future<>();
        Fixtures.call(FIXTURE, "afterDone", loop, f);
        loop.addCallback(() -> f.setResult("v"));
        loop.callLater(Duration.ofSeconds(10), loop::stop);
        loop.start();
        assertEquals(List.of("after v", "after a moment"), log());
    }

    @Test
    void primitivesYieldedFromALambdaAreBoxedAsUsual() {
        Generator<Object, Void, Void> g = gen("primitives", 7, 8L, 9.5);
        List<Object> values = all(g);
        assertEquals(List.of(7, 8L, 9.5), values);
        assertSame(Integer.class, values.get(0).getClass());
    }
}
