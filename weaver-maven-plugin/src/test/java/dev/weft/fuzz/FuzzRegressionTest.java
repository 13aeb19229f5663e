package dev.weft.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Programs the differential fuzzer found the weaver or runtime wrong on, minimized by its
 * shrinker: each is compiled, woven, driven through the schedule it failed on, and must give the
 * transcript of the reference model (CPython 3.11 semantics; see docs/TESTING.md).
 */
class FuzzRegressionTest {

    private static void check(String source, String schedule, String... expected) throws Exception {
        List<String> actual = Referee.wovenTranscript(source, schedule);
        String message = "expected\n  " + String.join("\n  ", expected) + "\nbut got\n  "
                + String.join("\n  ", actual);
        assertEquals(expected.length, actual.size(), message);
        for (int k = 0; k < expected.length; k++) {
            assertTrue(Driver.matches(expected[k], actual.get(k)), "line " + k + ": " + message);
        }
    }

    private static String unit(String methods) {
        return "package dev.weft.fuzz.gen;\n\n"
                + "import dev.weft.Co;\nimport dev.weft.Coroutine;\nimport dev.weft.Generator;\n"
                + "import dev.weft.GeneratorExit;\nimport dev.weft.StopIteration;\n"
                + "import dev.weft.fuzz.*;\n\n"
                + "@SuppressWarnings(\"all\")\npublic final class FuzzW0 {\n" + methods + "}\n";
    }

    /**
     * Bug 1 (seed 1592651789, program 635): a StopIteration thrown into a generator while it
     * delegates to an Iterable was taken for the end of the iteration, so the generator went on
     * as if the iterable were exhausted. A plain iterator has no throw(): PEP 380 raises the
     * exception in the delegating generator, where a StopIteration escaping the body becomes
     * "generator raised StopIteration".
     */
    @Test
    void stopIterationThrownIntoAnIterableDelegationIsRaisedInTheGenerator() throws Exception {
        check(unit("""
                    public static Generator<Object, Object, Object> p0_entry() throws Exception {
                        return p0_g0();
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g0() throws Exception {
                        Co.yieldFrom(H.list(null, "a"));
                        return Generator.done("end");
                    }
                """),
                "next throw:StopIteration:t1 next",
                "entry -> CREATED",
                "next -> Y null [SUSPENDED]",
                "throw:StopIteration:t1 -> EXC java.lang.IllegalStateException:generator raised"
                        + " StopIteration cause dev.weft.StopIteration:generator returned t1"
                        + " [CLOSED]",
                "next -> STOP null [CLOSED]",
                "returnValue -> EXC java.lang.IllegalStateException:<any>");
    }

    /**
     * Bug 2 (seed 1592651789, program 1131): after a woven delegate returned, its caller went on
     * to delegate to a generator that is not woven (here an Iterable) and suspended there; the
     * cached innermost generator still named the finished delegate, so close() resumed that one:
     * NullPointerException, and the generator stuck in RUNNING for ever after.
     */
    @Test
    void afterADelegateReturnsTheCallerCanDelegateToAnIterableAndBeClosed() throws Exception {
        check(unit("""
                    public static Generator<Object, Object, Object> p0_entry() throws Exception {
                        return p0_g0();
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g0() throws Exception {
                        Co.yieldFrom(H.list(new Box("k", 5), Co.yieldFrom(p0_g1())));
                        return Generator.done("end");
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g1() throws Exception {
                        try {
                            long v1 = Co.<Long>yield(true);
                        } catch (Throwable e15) {
                        }
                        return Generator.done("sub");
                    }
                """),
                "next throw:FuzzRuntimeException:t1 close send:0L hasNext",
                "entry -> CREATED",
                "next -> Y true [SUSPENDED]",
                "throw:FuzzRuntimeException:t1 -> Y Box(\"k\",5) [SUSPENDED]",
                "close -> OK [CLOSED]",
                "send:0L -> STOP null [CLOSED]",
                "hasNext -> HN false [CLOSED]",
                "returnValue -> EXC java.lang.IllegalStateException:<any>");
    }

    /**
     * Bug 3 (seed 1592651789, program 1541): close() of a chain g0 -> g1 -> g2. GeneratorExit
     * ends g2, is raised in g1, which catches it and delegates to a new generator that yields.
     * That yield happens inside CPython's close() of g1, so that close fails with "generator
     * ignored GeneratorExit", raised in g0, which lets it escape: close() throws it and g0 is
     * CLOSED. The driver took the yield for an ordinary one instead (only a delegate that was
     * itself resumed with GeneratorExit counted as closing), left g0 SUSPENDED on a broken chain,
     * and the next hasNext() failed with a NullPointerException.
     */
    @Test
    void aDelegateThatYieldsThroughANewDelegateWhileBeingClosedIgnoredGeneratorExit()
            throws Exception {
        check(unit("""
                    public static Generator<Object, Object, Object> p0_entry() throws Exception {
                        return p0_g0();
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g0() throws Exception {
                        Co.yield(H.s(Co.yieldFrom(p0_g1())));
                        return Generator.done("end");
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g1() throws Exception {
                        try {
                            Co.yieldFrom(p0_g2());
                        } catch (FuzzRuntimeException | GeneratorExit e4) {
                            Co.yieldFrom(p0_g2());
                        }
                        return Generator.done("g1");
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g2() throws Exception {
                        if (Co.<Boolean>yield(5)) {
                            new Box(null, Co.<Integer>yield(null));
                        }
                        return Generator.done("g2");
                    }
                """),
                "next send:true close hasNext",
                "entry -> CREATED",
                "next -> Y 5 [SUSPENDED]",
                "send:true -> Y null [SUSPENDED]",
                "close -> EXC java.lang.IllegalStateException:generator ignored GeneratorExit"
                        + " [CLOSED]",
                "hasNext -> HN false [CLOSED]",
                "returnValue -> EXC java.lang.IllegalStateException:<any>");
    }

    /**
     * Bug 4 (seed 20251125, programs 39721, 60192 and 82910 of the final run): close() of a chain
     * g0 -> g1. GeneratorExit is raised in g1, which catches it, delegates in its finally block
     * to a generator that returns at once, and returns. g1's close() thus succeeded, so
     * GeneratorExit is raised in g0 (CPython), which lets it escape: close() succeeds, g0 CLOSED.
     * The driver decided whether to raise GeneratorExit in the caller from the step alone (was
     * the finishing delegate resumed with GeneratorExit?), and the delegation in between had
     * reset that: g0 was resumed normally, went on and yielded "after", and close() failed with
     * "generator ignored GeneratorExit".
     */
    @Test
    void aClosedDelegateThatReturnsAfterDelegatingRaisesGeneratorExitInItsCaller()
            throws Exception {
        check(unit("""
                    public static Generator<Object, Object, Object> p0_entry() throws Exception {
                        return p0_g0();
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g0() throws Exception {
                        Co.yieldFrom(p0_g1());
                        Co.yield("after");
                        return Generator.done("g0");
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g1() throws Exception {
                        try {
                            Co.yield("a");
                        } catch (GeneratorExit e) {
                        } finally {
                            Co.yieldFrom(p0_g2());
                        }
                        return Generator.done("g1");
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g2() throws Exception {
                        return Generator.done("g2");
                    }
                """),
                "next close next",
                "entry -> CREATED",
                "next -> Y \"a\" [SUSPENDED]",
                "close -> OK [CLOSED]",
                "next -> STOP null [CLOSED]",
                "returnValue -> EXC java.lang.IllegalStateException:<any>");
    }

    /**
     * Bug 4, the other way round: a GeneratorExit that a delegate raises itself is an ordinary
     * exception in its caller; a caller that catches it and returns just returns (CPython). The
     * driver re-raised GeneratorExit in that caller's own caller, as if a close() were going on.
     */
    @Test
    void aCaughtGeneratorExitRaisedByASubGeneratorIsNotRaisedAgain() throws Exception {
        check(unit("""
                    public static Generator<Object, Object, Object> p0_entry() throws Exception {
                        return p0_g0();
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g0() throws Exception {
                        Object r = Co.yieldFrom(p0_g1());
                        Co.yield(r);
                        return Generator.done("g0");
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g1() throws Exception {
                        try {
                            Co.yieldFrom(p0_g2());
                        } catch (GeneratorExit e) {
                            return Generator.done("g1");
                        }
                        return Generator.done("fell through");
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g2() throws Exception {
                        throw new GeneratorExit();
                    }
                """),
                "next next",
                "entry -> CREATED",
                "next -> Y \"g1\" [SUSPENDED]",
                "next -> STOP \"g0\" [CLOSED]",
                "returnValue -> RV \"g0\"");
    }

    /**
     * Bug 5, in the weaver (seed 1592651789, program 18, the first run of the grammar with
     * lambdas): a coroutine lambda under {@code if (false)}. javac writes its body method but no
     * invokedynamic for it, so the weaver did not know the method for a lambda body and failed
     * the build with "Co.yield in a lambda in FuzzW0.p0_g0(), which is not a @Coroutine": valid
     * Java refused. Weaving must succeed and the coroutine run as the reference does.
     */
    @Test
    void aCoroutineLambdaInDeadCodeWeaves() throws Exception {
        check(unit("""
                    public static Generator<Object, Object, Object> p0_entry() throws Exception {
                        return p0_g0();
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g0() throws Exception {
                        String[] c3 = new String[] {"a"};
                        Box c4 = new Box("k", -1);
                        L.Gen l17 = () -> {
                            if (H.never()) {
                                Co.yield();
                            }
                            if (false) {
                                java.util.function.Supplier<Generator<Object, Object, Object>> l8 = () -> {
                                    if (H.never()) {
                                        Co.yield();
                                    }
                                    return Generator.done(H.digest("lambda", c3, c4));
                                };
                            }
                            return Generator.done(H.digest("lambda", c3, c4));
                        };
                        return Generator.done(H.digest("end", c3, c4));
                    }
                """),
                "next",
                "entry -> CREATED",
                "next -> STOP \"\"end\";String[\"a\"];Box(\"k\",-1);\" [CLOSED]",
                "returnValue -> RV \"\"end\";String[\"a\"];Box(\"k\",-1);\"");
    }

    /**
     * Bug 6, in the weaver (seed 20261203, program 21777 of the long run): the woven class did
     * not verify ("Expected an object reference, but found ."). In the catch, a suspension point
     * inside a switch expression spilled by javac; the local {@code c13} had held, in the first
     * try, both a {@code Box} and javac's spill of the {@code new Box} under construction, so at
     * the handler it is top to the JVM (an initialized and an uninitialized object do not merge)
     * but was a {@code Box} to ASM's analysis, which types {@code new} as initialized: the
     * weaver saved it at the suspension point. A local the JVM sees as top is no longer saved.
     */
    @Test
    void aLocalMergingAnObjectUnderConstructionIsNotSavedAtASuspension() throws Exception {
        check(unit("""
                    public static Generator<Object, Object, Object> p0_entry() throws Exception {
                        return p0_g0(new Box(-1L, "o", 0.75));
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g0(Box a0) throws Exception {
                        try {
                            long c12 = 0L;
                            Box c13 = new Box(null, 0);
                        } finally {
                        }
                        try {
                            a0 = new Box(null, (switch (0) { default -> { try { yield 0; } catch (GeneratorExit e27) { yield 9; } } }));
                        } catch (ClassCastException e29) {
                            a0 = new Box((switch (-1) { default -> { try { yield null; } catch (FuzzRuntimeException e30) { yield Co.yieldFrom(p0_g1(new String[] {"a", "6"}, 0L)); } finally { H.s('d'); } } }), 0);
                        }
                        return Generator.done(H.digest("end", a0));
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g1(String[] a0, long a1) throws Exception {
                        return Generator.done(H.digest("end", a0, a1));
                    }
                """),
                "next",
                "entry -> CREATED",
                "next -> STOP \"\"end\";Box(null,0);\" [CLOSED]",
                "returnValue -> RV \"\"end\";Box(null,0);\"");
    }

    /**
     * Bug 6 again, by hand: the minimized program above never reaches its suspension point; here
     * the first try throws so that the catch runs, suspends in the delegate and resumes with the
     * locals restored (and the top one not).
     */
    @Test
    void aLocalMergingAnObjectUnderConstructionIsNotSavedAndTheCatchResumes() throws Exception {
        check(unit("""
                    public static Generator<Object, Object, Object> p0_entry() throws Exception {
                        return p0_g0(new Box(-1L, "o", 0.75));
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g0(Box a0) throws Exception {
                        try {
                            long c12 = 0L;
                            Box c13 = new Box(null, 0);
                        } finally {
                        }
                        try {
                            a0 = new Box(null, (switch (0) { default -> { try { yield (Integer) H.<Object>same("s"); } catch (GeneratorExit e27) { yield 9; } } }));
                        } catch (ClassCastException e29) {
                            a0 = new Box((switch (-1) { default -> { try { yield H.boom(4); } catch (FuzzRuntimeException e30) { yield Co.yieldFrom(p0_g1()); } finally { H.s('d'); } } }), H.i(e29.getClass().getSimpleName()));
                        }
                        return Generator.done(H.digest("end", a0));
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g1() throws Exception {
                        Co.yield("in g1");
                        return Generator.done("r");
                    }
                """),
                "next next",
                "entry -> CREATED",
                "next -> Y \"in g1\" [SUSPENDED]",
                "next -> STOP \"\"end\";Box(\"r\",20);\" [CLOSED]",
                "returnValue -> RV \"\"end\";Box(\"r\",20);\"");
    }

    /**
     * Bug 7, in the runtime (seed 20261203, programs 27681, 30570 and 32898 of the long run): a
     * lambda whose only suspension points stand under a constant-false condition ({@code if
     * (false)}, {@code if ((long) 1099511627778L == 3L)}) compiles to a plain lambda, as javac
     * drops the dead code; API.md §7 makes it an ordinary lambda, not woven, so {@code l.get()}
     * returns {@code Generator.done(v)} itself. A {@code Co.yieldFrom} of that generator gave
     * null (it was driven through send(), which ends a finished generator with a StopIteration
     * without a value) instead of {@code v}, as {@code Generator.done} promises.
     */
    @Test
    void aYieldFromOfWhatAPlainLambdaReturnsGivesItsDoneValue() throws Exception {
        check(unit("""
                    public static Generator<Object, Object, Object> p0_entry() throws Exception {
                        return p0_g0("o", (new Box("k", 1)).with(null));
                    }

                    @Coroutine
                    static Generator<Object, Object, Object> p0_g0(Object a0, Box a1) throws Exception {
                        double c1 = 0.0;
                        short c2 = (short) 0;
                        L.Gen l6 = () -> {
                            if (false) {
                                H.boom(H.i(Co.yield(new Box("k", -2))));
                            }
                            return Generator.done(H.digest("lambda", c1, c2));
                        };
                        Object v7 = Co.yieldFrom(l6.get());
                        return Generator.done(H.digest("end", a0, a1, c1, c2, v7));
                    }
                """),
                "next",
                "entry -> CREATED",
                "next -> STOP \"\"end\";\"o\";Box(null,1);0.0D;0S;\"\"lambda\";0.0D;0S;\";\" [CLOSED]",
                "returnValue -> RV \"\"end\";\"o\";Box(null,1);0.0D;0S;\"\"lambda\";0.0D;0S;\";\"");
    }
}
