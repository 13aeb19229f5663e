package dev.weft.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Generator;
import dev.weft.GeneratorExit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The referee's model of a generator against transcripts of CPython 3.11.7 running the same
 * programs in Python (the Python source is in each test's comment), so that the fuzzer compares
 * the weaver with Python and not with itself.
 */
class ReferenceModelTest {

    @BeforeEach
    void begin() {
        RefGen.beginRun();
    }

    @AfterEach
    void end() {
        RefGen.endRun();
    }

    private static List<String> drive(Generator<Object, Object, Object> g, String schedule) {
        return Driver.drive(() -> g, Driver.replay(Op.parse(schedule)), null);
    }

    /*
     * def fin():
     *     yield 1
     *     try: yield 2
     *     finally: yield 3
     *     return "r"
     * next, next -> 1, 2; close() -> RuntimeError: generator ignored GeneratorExit, GEN_SUSPENDED;
     * next() -> GeneratorExit, GEN_CLOSED
     */
    @Test
    void closeOfAGeneratorThatYieldsInFinally() {
        RefGen g = new RefGen(() -> {
            R.yield(0, 1);
            try {
                R.yield(0, 2);
            } finally {
                R.yield(0, 3);
            }
            return Generator.done("r");
        });
        assertEquals(List.of("entry -> CREATED", "next -> Y 1 [SUSPENDED]",
                "next -> Y 2 [SUSPENDED]",
                "close -> EXC java.lang.IllegalStateException:generator ignored GeneratorExit"
                        + " [SUSPENDED]",
                "next -> EXC dev.weft.GeneratorExit:null [CLOSED]",
                "returnValue -> EXC java.lang.IllegalStateException:<any>"),
                drive(g, "next next close next"));
    }

    /*
     * def leaf(): yield "leaf"; return "l"
     * def mid():
     *     try: yield from leaf()
     *     except GeneratorExit: yield from leaf()
     *     return "m"
     * def root():
     *     try: yield from mid()
     *     except RuntimeError as e: yield "caught " + str(e)
     *     return "root"
     * next -> 'leaf'; close() -> RuntimeError: generator ignored GeneratorExit (root's own: it
     * caught mid's), GEN_SUSPENDED; next -> StopIteration('root')
     */
    @Test
    void aDelegateThatYieldsWhileBeingClosedFailsItsClose() {
        RefGen g = root();
        assertEquals(List.of("entry -> CREATED", "next -> Y \"leaf\" [SUSPENDED]",
                "close -> EXC java.lang.IllegalStateException:generator ignored GeneratorExit"
                        + " [SUSPENDED]",
                "next -> STOP \"root\" [CLOSED]", "returnValue -> RV \"root\""),
                drive(g, "next close next"));
    }

    private static RefGen leaf() {
        return new RefGen(() -> {
            R.yield(0, "leaf");
            return Generator.done("l");
        });
    }

    private static RefGen root() {
        RefGen mid = new RefGen(() -> {
            try {
                R.yieldFrom(0, leaf());
            } catch (GeneratorExit e) {
                R.yieldFrom(0, leaf());
            }
            return Generator.done("m");
        });
        return new RefGen(() -> {
            try {
                R.yieldFrom(0, mid);
            } catch (IllegalStateException e) {
                R.yield(0, "caught " + e.getMessage());
            }
            return Generator.done("root");
        });
    }

    /*
     * def it(): yield from iter([None, "a"])
     * next -> None; throw(StopIteration("t1")) -> RuntimeError: generator raised StopIteration
     * (its __cause__ the StopIteration)
     */
    @Test
    void aStopIterationThrownIntoAnIterableDelegationEscapesAsRuntimeError() {
        RefGen g = new RefGen(() -> {
            R.yieldFromIt(0, H.list(null, "a"));
            return Generator.done("end");
        });
        assertEquals(List.of("entry -> CREATED", "next -> Y null [SUSPENDED]",
                "throw:StopIteration:t1 -> EXC java.lang.IllegalStateException:generator raised"
                        + " StopIteration cause dev.weft.StopIteration:generator returned t1"
                        + " [CLOSED]",
                "next -> STOP null [CLOSED]",
                "returnValue -> EXC java.lang.IllegalStateException:<any>"),
                drive(g, "next throw:StopIteration:t1 next"));
    }

    /*
     * def sub():
     *     try: x = yield "s"
     *     except ValueError as e: return "handled " + str(e)
     * def top(): r = yield from sub(); yield r; return "done"
     * next -> 's'; throw(ValueError("t1")) -> 'handled t1'; send(5) -> StopIteration('done')
     */
    @Test
    void throwIsForwardedToTheDelegateWhoseReturnValueIsTheYieldFromValue() {
        RefGen sub = new RefGen(() -> {
            try {
                R.yield(0, "s");
            } catch (FuzzRuntimeException e) {
                return Generator.done("handled " + e.getMessage());
            }
            return Generator.done("fell through");
        });
        RefGen top = new RefGen(() -> {
            Object r = R.yieldFrom(0, sub);
            R.yield(0, r);
            return Generator.done("done");
        });
        assertEquals(List.of("entry -> CREATED", "next -> Y \"s\" [SUSPENDED]",
                "throw:FuzzRuntimeException:t1 -> Y \"handled t1\" [SUSPENDED]",
                "send:5 -> STOP \"done\" [CLOSED]", "returnValue -> RV \"done\""),
                drive(top, "next throw:FuzzRuntimeException:t1 send:5"));
    }

    /* weft's API.md §3/§6 where Python has no equivalent: hasNext() buffering, first send. */
    @Test
    void protocolCornersFollowTheApi() {
        RefGen g = new RefGen(() -> {
            Object v = R.yield(0, 1);
            R.yield(0, v);
            return Generator.done(null);
        });
        assertEquals(List.of("entry -> CREATED",
                "send:3 -> EXC java.lang.IllegalStateException:<any> [CREATED]",
                "hasNext -> HN true [SUSPENDED]", "send:4 -> EXC java.lang.IllegalStateException:<any>"
                        + " [SUSPENDED]",
                "next -> Y 1 [SUSPENDED]", "send:7 -> Y 7 [SUSPENDED]",
                "throw:FuzzException:t1 -> EXC dev.weft.fuzz.FuzzException:t1 [CLOSED]",
                "throw:FuzzError:t2 -> EXC dev.weft.fuzz.FuzzError:t2 [CLOSED]",
                "close -> OK [CLOSED]", "next -> STOP null [CLOSED]",
                "returnValue -> EXC java.lang.IllegalStateException:<any>"),
                drive(g, "send:3 hasNext send:4 next send:7 throw:FuzzException:t1"
                        + " throw:FuzzError:t2 close next"));
    }
}
