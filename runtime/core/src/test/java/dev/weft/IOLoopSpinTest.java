package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link IOLoop#spinBeforeNextWait}: a spin that a callback from another thread ends without a
 * wake-up, that a stop ends, and that lapses with its iteration. Spins here are a minute long, so
 * that only the event under test can end them within the test's timeout.
 */
@ExtendWith(CloseCurrentLoop.class)
@org.junit.jupiter.api.Timeout(30)
class IOLoopSpinTest {
    private static final long A_MINUTE = TimeUnit.MINUTES.toNanos(1);

    private static void awaitSpinning(IOLoop loop) {
        while (!loop.isSpinning()) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aCallbackFromAnotherThreadEndsTheSpinWithoutWakingTheSelector() throws Exception {
        IOLoop loop = IOLoop.current();
        List<String> order = new ArrayList<>();
        int[] wakeups = new int[2];
        loop.addCallback(() -> {
            wakeups[0] = loop.wakeupCount();
            loop.spinBeforeNextWait(A_MINUTE);
        });
        Thread other = new Thread(() -> {
            awaitSpinning(loop);
            loop.addCallback(() -> {
                order.add("from the other thread");
                wakeups[1] = loop.wakeupCount();
                loop.stop();
            });
        });
        other.start();
        loop.start();
        other.join();
        assertEquals(List.of("from the other thread"), order);
        assertEquals(wakeups[0], wakeups[1], "the spinning loop needed no wake-up");
    }

    @Test
    void stopFromAnotherThreadEndsTheSpin() throws Exception {
        IOLoop loop = IOLoop.current();
        loop.addCallback(() -> loop.spinBeforeNextWait(A_MINUTE));
        Thread other = new Thread(() -> {
            awaitSpinning(loop);
            loop.stop();
        });
        other.start();
        loop.start(); // a spin that ignored the stop would outlast the test's timeout
        other.join();
        assertFalse(loop.isSpinning());
    }

    @Test
    void theRequestLapsesWithItsIteration() throws Exception {
        IOLoop loop = IOLoop.current();
        AtomicBoolean spunLater = new AtomicBoolean();
        loop.addCallback(() -> {
            loop.spinBeforeNextWait(A_MINUTE);
            // A callback is queued, so this iteration does not wait, and does not spin.
            loop.addCallback(() -> { });
        });
        // The next iterations wait for this timer: a request that outlived its iteration would
        // spin there for a minute and run the timer late.
        Thread watcher = new Thread(() -> {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            while (System.nanoTime() < end) {
                if (loop.isSpinning()) {
                    spunLater.set(true);
                }
                Thread.onSpinWait();
            }
        });
        watcher.start();
        loop.callLater(Duration.ofMillis(200), loop::stop);
        loop.start();
        watcher.join();
        assertFalse(spunLater.get(), "no spin without a request in that iteration");
    }

    @Test
    void onlyTheLoopThreadMayAsk() throws Exception {
        IOLoop loop = IOLoop.current();
        assertInstanceOf(IllegalStateException.class,
                IOLoopIterationEndTest.thrownOnAnotherThread(() -> loop.spinBeforeNextWait(1_000)));
    }
}
