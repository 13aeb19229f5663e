package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The examples of tornado.locks' and tornado.queues' documentation print what Tornado 6.2 prints. */
class ToolboxExamplesTest {

    @Test
    void conditionAndEvent() {
        assertEquals("I'll wait right here\n"
                + "About to notify\n"
                + "Done notifying\n"
                + "I'm done waiting\n"
                + "Waiting for event\n"
                + "About to set the event\n"
                + "Not waiting this time\n"
                + "Done\n", Transcript.of(LocksGuide::run));
    }

    @Test
    void producerAndConsumerWithAQueue() {
        assertEquals("Put 0\n"
                + "Put 1\n"
                + "Doing work on 0\n"
                + "Put 2\n"
                + "Doing work on 1\n"
                + "Put 3\n"
                + "Doing work on 2\n"
                + "Put 4\n"
                + "Doing work on 3\n"
                + "Doing work on 4\n"
                + "Done\n", Transcript.of(QueueGuide::run));
    }
}
