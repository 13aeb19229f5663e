package dev.weft.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Generator;
import dev.weft.StopIteration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guide's generator examples, and what they do. */
class GeneratorExamplesTest {

    // tag::consumer[]
    @Coroutine
    static Generator<String, Integer, Void> consumer(List<String> out) {
        String r = "";
        while (true) {
            Integer n = Co.yield(r);                 // n = yield r
            if (n == null) {
                return Generator.done();             // return (StopIteration for the caller)
            }
            out.add("consuming the event " + n);
            r = "200 OK";
        }
    }

    static void produce(Generator<String, Integer, Void> c, List<String> out) {
        c.send(null);                                // c.send(None): run to the first yield
        for (int n = 1; n < 6; n++) {
            out.add("producing event " + n);
            String r = c.send(n);
            out.add("the consumer response " + r);
        }
        c.close();
    }
    // end::consumer[]

    // tag::yield-from[]
    @Coroutine
    static Generator<Integer, Void, String> inner() {
        Co.yield(1);
        Co.yield(2);
        return Generator.done("inner finished");   // return "inner finished"
    }

    @Coroutine
    static Generator<Integer, Void, Void> outer(List<String> out) {
        String result = Co.yieldFrom(inner());     // result = yield from inner()
        out.add(result);
        Co.yieldFrom(List.of(3, 4));                // yield from [3, 4]
        return Generator.done();
    }
    // end::yield-from[]

    // tag::throw-close[]
    @Coroutine
    static Generator<String, Void, Void> worker(List<String> out) {
        try {
            while (true) {
                try {
                    Co.yield("ready");
                } catch (IllegalArgumentException e) { // gen.throw(ValueError(...)) lands here
                    out.add("handled " + e.getMessage());
                }
            }
        } finally {
            out.add("cleaned up");                     // close() raises GeneratorExit here
        }
    }
    // end::throw-close[]

    @Test
    void theConsumerAnswersEachEventAndCloses() {
        List<String> out = new ArrayList<>();
        produce(consumer(out), out);
        List<String> expected = new ArrayList<>();
        for (int n = 1; n < 6; n++) {
            expected.add("producing event " + n);
            expected.add("consuming the event " + n);
            expected.add("the consumer response 200 OK");
        }
        assertEquals(expected, out);
    }

    @Test
    void yieldFromDelegatesAndEvaluatesToTheReturnValue() {
        List<String> out = new ArrayList<>();
        Generator<Integer, Void, Void> g = outer(out);
        List<Integer> values = new ArrayList<>();
        g.forEach(values::add);
        assertEquals(List.of(1, 2, 3, 4), values);
        assertEquals(List.of("inner finished"), out);
        assertEquals(Generator.State.CLOSED, g.state());
        assertThrows(StopIteration.class, g::next);
    }

    @Test
    void throwIntoIsHandledAtTheYieldAndCloseRunsFinally() {
        List<String> out = new ArrayList<>();
        // tag::throw-close-use[]
        Generator<String, Void, Void> w = worker(out);
        w.next();                                        // "ready"
        w.throwInto(new IllegalArgumentException("bad")); // "ready" again, after "handled bad"
        w.close();                                       // "cleaned up"
        // end::throw-close-use[]
        assertEquals(List.of("handled bad", "cleaned up"), out);
        assertEquals(Generator.State.CLOSED, w.state());
    }
}
