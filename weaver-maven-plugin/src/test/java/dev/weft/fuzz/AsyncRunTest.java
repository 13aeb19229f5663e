package dev.weft.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The async referee's own checks, on hand-written (not woven) coroutines: they must tell a body
 * that went through the loop from one that went on at once, and replay plans faithfully.
 */
class AsyncRunTest {

    /** A body that, after awaiting a done future, goes on in a later loop turn. */
    private static Object hopsAfterADoneAwait() {
        Future<Object> f = A.f(0, "x");
        Future<Object> out = new Future<>();
        IOLoop.current().addCallback(() -> out.setResult(A.ret(f.result())));
        return out;
    }

    @Test
    void aBodyThatHopsThroughTheLoopAfterADoneAwaitIsSeenResumed() {
        List<String> woven = AsyncRun.woven(AsyncRunTest::hopsAfterADoneAwait, Plan.parse("dv:1"));
        assertEquals(List.of("await p0 \"x\" dv:1 [same]", "entry -> pending", "return 1 [resumed]",
                "outcome V 1"), woven);
    }

    @Test
    void theReferenceSaysWhereTheWovenBodyMustBeResumed() {
        AsyncRun ref = AsyncRun.reference(() -> {
            Object a = A.v(0, "x");
            Object b = A.v(1, a);
            return Future.completed(A.ret(A.<Object>v(0, b)));
        }, new AwaitChooser(1, List.of(Ast.SendKind.INT, Ast.SendKind.INT),
                List.of(0, 0), 0));
        // maxPlans 0: every await gets a done value, so all in the first turn.
        assertEquals("entry -> done", ref.lines.get(4));
        for (int k = 0; k < 4; k++) {
            assertEquals(true, ref.lines.get(k).endsWith("[same]"), ref.lines.get(k));
        }
    }

    @Test
    void aPendingAwaitIsResumedLaterWithItsPlannedValue() {
        List<String> woven = AsyncRun.woven(() -> {
            Future<Object> f = A.f(0, 1);
            Future<Object> out = new Future<>();
            IOLoop loop = IOLoop.current(); // the callback below runs on the completing thread
            f.addDoneCallback(done -> loop.addCallback(() -> out.setResult(A.ret(done.result()))));
            return out;
        }, Plan.parse("lv.th:7"));
        assertEquals(List.of("await p0 1 lv.th:7 [same]", "entry -> pending", "return 7 [resumed]",
                "outcome V 7"), woven);
    }
}
