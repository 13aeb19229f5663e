package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The seed's generator examples print what the Python programs print. */
class GeneratorExamplesTest {

    @Test
    void fibonacci() {
        assertEquals("0 1 1 2 3 5 8 13 21 34 55 \n", Transcript.of(Fibonacci::run));
    }

    @Test
    void producerConsumer() {
        StringBuilder expected = new StringBuilder();
        for (int n = 1; n < 6; n++) {
            expected.append("producing event ").append(n).append('\n')
                    .append("consuming the event ").append(n).append('\n')
                    .append("the consumer response 200 OK\n");
        }
        assertEquals(expected.toString(), Transcript.of(ProducerConsumer::run));
    }

    @Test
    void simpleCoroutine() {
        assertEquals("-> start\n-> recived zhexiao\n-> finished: CLOSED\n",
                Transcript.of(SimpleCoroutine::run));
    }

    @Test
    void primedAverager() {
        assertEquals("primed: SUSPENDED\nsend(10) -> 10.0\nsend(30) -> 20.0\nsend(5) -> 15.0\n",
                Transcript.of(Averager::run));
    }

    @Test
    void mainRunsThemAllInOrder() {
        String all = Transcript.of(out -> {
            java.io.PrintStream saved = System.out;
            System.setOut(out);
            try {
                SeedExamples.main(new String[0]);
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                System.setOut(saved);
            }
        });
        assertEquals(true, all.contains("== 7. tornado web: Application and a RequestHandler\n"
                + "GET / -> 200 Hello Python Tornado!\n"), all);
        assertEquals(true, all.startsWith("== 1. fibonacci generator\n0 1 1 2 3 5 8 13 21 34 55 \n"),
                all);
        assertEquals(true, all.contains("== 5. simple coroutine\n-> start\n"), all);
        assertEquals(true, all.contains("== tornado.locks: Condition and Event\nI'll wait right here\n"),
                all);
        assertEquals(true, all.contains("== tornado.queues: producer / consumer\nPut 0\nPut 1\n"), all);
    }
}
