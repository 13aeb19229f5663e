package dev.weft.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Async programs, compiled, woven and run on an IOLoop with fixed await plans ({@link Plan}),
 * each with the transcript the reference (plain Java) gives: what the async fuzzer found wrong,
 * minimized, and corners it is meant to keep covering (docs/TESTING.md, "Async coroutines").
 */
class AsyncFuzzRegressionTest {

    private static void check(String methods, String plans, String... expected) throws Exception {
        List<String> actual = AsyncReferee.wovenTranscript(unit(methods), plans);
        assertEquals(List.of(expected), actual);
    }

    private static String unit(String methods) {
        return "package dev.weft.fuzz.gen;\n\n"
                + "import dev.weft.Co;\nimport dev.weft.Coroutine;\nimport dev.weft.Future;\n"
                + "import java.util.concurrent.CancellationException;\n"
                + "import dev.weft.fuzz.*;\n\n"
                + "@SuppressWarnings(\"all\")\npublic final class FuzzW0 {\n" + methods + "}\n";
    }

    private static final String CANCEL_AND_CALL = """
                public static Future<Object> p0_entry() throws Exception {
                    return p0_g0();
                }

                @Coroutine
                static Future<Object> p0_g0() throws Exception {
                    String s = "";
                    try {
                        s += Co.<String>await(A.f(0, "first"));
                    } catch (CancellationException e) {
                        s += Co.<String>await(A.cs(1, H.describe(e)));
                    } finally {
                        s += Co.await(p0_g1(s));
                    }
                    return Future.completed(A.ret(s));
                }

                @Coroutine
                static Future<Object> p0_g1(String s) throws Exception {
                    return Future.completed(A.ret(Co.<String>await(A.f(2, s)) + "!"));
                }
            """;

    /**
     * Cancelling the outermost coroutine and completing the future it awaits in the same loop
     * turn: the cancellation wins (asyncio), the body catches it, awaits a CompletionStage that a
     * thread completes, then in finally a coroutine whose await is done (no suspension there).
     */
    @Test
    void aCancellationWinsOverACompletionInTheSameTurn() throws Exception {
        check(CANCEL_AND_CALL,
                "x.cb:\"a\" lv.th:\"b\" dv:\"c\"",
                "await p0 \"first\" x.cb:\"a\" [same]",
                "entry -> pending",
                "await p1 \"java.util.concurrent.CancellationException\" lv.th:\"b\" [resumed]",
                "await p2 \"b\" dv:\"c\" [resumed]",
                "return \"c!\" [same]",
                "return \"bc!\" [same]",
                "outcome V \"bc!\"");
    }

    /**
     * The same program on a thread with no IOLoop: the future completes on another thread at
     * once, perhaps before the body reaches its await, perhaps after (then the body resumes on
     * that thread).
     */
    @Test
    void offTheLoopABodyGoesOnWhereverItsFutureCompletes() throws Exception {
        for (int k = 0; k < 20; k++) {
            assertEquals(List.of("await p0 \"first\" lv.th:\"a\"", "await p2 \"a\" dv:\"c\"",
                    "return \"c!\"", "return \"ac!\"", "outcome V \"ac!\""),
                    AsyncReferee.wovenTranscriptOffLoop(unit(CANCEL_AND_CALL),
                            "lv.th:\"a\" dv:\"c\""));
        }
    }
}
