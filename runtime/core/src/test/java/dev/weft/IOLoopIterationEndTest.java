package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link IOLoop#addIterationEndCallback}: when it runs, and that nothing makes it miss its turn. */
@ExtendWith(CloseCurrentLoop.class)
@org.junit.jupiter.api.Timeout(30)
class IOLoopIterationEndTest {

    @Test
    void runsAfterTheIterationsCallbacksAndBeforeTheNextOnes() {
        IOLoop loop = IOLoop.current();
        List<String> order = new ArrayList<>();
        loop.addCallback(() -> {
            order.add("a");
            loop.addIterationEndCallback(() -> {
                order.add("end1");
                // Queued while the iteration's end runs: waits for the next iteration's end.
                loop.addIterationEndCallback(() -> order.add("end3"));
            });
            loop.addCallback(() -> order.add("c"));
        });
        loop.addCallback(() -> {
            order.add("b");
            loop.addIterationEndCallback(() -> order.add("end2"));
        });
        loop.callLater(Duration.ofMillis(50), loop::stop);
        loop.start();
        assertEquals(List.of("a", "b", "end1", "end2", "c", "end3"), order);
    }

    @Test
    void oneQueuedByAnotherRunsWithoutWaitingForAnyEvent() {
        IOLoop loop = IOLoop.current();
        List<String> order = new ArrayList<>();
        loop.addCallback(() -> loop.addIterationEndCallback(() -> {
            order.add("first");
            loop.addIterationEndCallback(() -> {
                order.add("second");
                loop.stop();
            });
        }));
        loop.start(); // nothing else would wake a loop that waited: the test's timeout would fail it
        assertEquals(List.of("first", "second"), order);
    }

    @Test
    void runsBeforeTheLoopWaitsEvenWhenQueuedByAnIoHandler() throws Exception {
        IOLoop loop = IOLoop.current();
        List<String> order = new ArrayList<>();
        Pipe pipe = Pipe.open();
        try {
            loop.addHandler(pipe.source(), SelectionKey.OP_READ, (ch, ops) -> {
                order.add("handler");
                loop.removeHandler(pipe.source());
                loop.addIterationEndCallback(() -> order.add("end"));
            });
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            // Nothing else is due for 300 ms: a loop that ran the end callback only after its next
            // wait would run the timer first.
            loop.callLater(Duration.ofMillis(300), () -> {
                order.add("timer");
                loop.stop();
            });
            loop.start();
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
        assertEquals(List.of("handler", "end", "timer"), order);
    }

    @Test
    void stopDoesNotSkipIt() {
        IOLoop loop = IOLoop.current();
        List<String> order = new ArrayList<>();
        loop.addCallback(() -> {
            loop.stop();
            loop.addIterationEndCallback(() -> order.add("end"));
        });
        loop.start();
        assertEquals(List.of("end"), order, "ran before start() returned");
    }

    @Test
    void queuedWhileNotRunningItWaitsForTheNextStartAndIsDroppedByClose() {
        IOLoop loop = IOLoop.current();
        List<String> order = new ArrayList<>();
        loop.addIterationEndCallback(() -> order.add("end"));
        loop.addCallback(() -> {
            order.add("callback");
            loop.stop();
        });
        assertEquals(List.of(), order);
        loop.start();
        assertEquals(List.of("callback", "end"), order);

        loop.addIterationEndCallback(() -> order.add("dropped"));
        loop.close();
        assertEquals(List.of("callback", "end"), order);
        IOLoop next = IOLoop.current();
        next.addCallback(next::stop);
        next.start();
        assertEquals(List.of("callback", "end"), order, "a closed loop's callbacks go nowhere");
    }

    @Test
    void aFailureIsLoggedAndTheOthersStillRun() {
        IOLoop loop = IOLoop.current();
        List<String> order = new ArrayList<>();
        RuntimeException boom = new RuntimeException("boom");
        try (IOLoopTest.LogCapture log = new IOLoopTest.LogCapture()) {
            loop.addCallback(() -> {
                loop.addIterationEndCallback(() -> {
                    throw boom;
                });
                loop.addIterationEndCallback(() -> order.add("second"));
                loop.stop();
            });
            loop.start();
            assertEquals(List.of("second"), order);
            assertTrue(log.failures().contains(boom), "logged: " + log.messages());
        }
    }

    @Test
    void onlyTheLoopThreadMayQueueOne() throws Exception {
        IOLoop loop = IOLoop.current();
        assertInstanceOf(IllegalStateException.class,
                thrownOnAnotherThread(() -> loop.addIterationEndCallback(() -> { })));
        assertThrows(NullPointerException.class, () -> loop.addIterationEndCallback(null));
    }

    /** What {@code action} throws when run on a thread of its own; null if nothing. */
    static Throwable thrownOnAnotherThread(Runnable action) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                action.run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        other.start();
        other.join();
        return thrown.get();
    }
}
