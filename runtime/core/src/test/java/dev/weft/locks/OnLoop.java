package dev.weft.locks;

import dev.weft.Co;
import dev.weft.Future;
import dev.weft.IOLoop;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Drives the test thread's IOLoop for tests of loop-bound objects written with futures and
 * callbacks (the core module is not woven), and closes that loop after each test so that no test
 * sees another's timers. Waits are for events, never for wall-clock time: {@link #until} runs the
 * loop until a future is done, {@link #spin} until the callbacks queued so far have run.
 */
public final class OnLoop implements AfterEachCallback {
    /** Only a guard against a hang: tests wait for events, not for this. */
    public static final Duration LIMIT = Duration.ofSeconds(20);

    /** A timeout short enough to pass quickly, long enough to be preempted by work done at once. */
    public static final Duration SHORT = Duration.ofMillis(10);

    @Override
    public void afterEach(ExtensionContext context) {
        IOLoop loop = IOLoop.currentOrNull();
        if (loop != null) {
            loop.close();
        }
    }

    /**
     * Runs the loop until {@code f} is done, whatever its outcome.
     *
     * @param f the future
     * @param <T> its type
     * @return {@code f}
     */
    public static <T> Future<T> until(Future<T> f) {
        Future<Void> settled = new Future<>();
        f.addDoneCallback(done -> settled.setResult(null));
        IOLoop.current().runSync(() -> settled, LIMIT);
        return f;
    }

    /** Runs the loop for two iterations: what was queued so far, and what that queued. */
    public static void spin() {
        IOLoop.current().runSync(Co::moment, LIMIT);
        IOLoop.current().runSync(Co::moment, LIMIT);
    }

    /**
     * Whether {@code f} failed with a {@link TimeoutException}.
     *
     * @param f a done future
     * @return true if it did
     */
    public static boolean timedOut(Future<?> f) {
        return f.isDone() && !f.isCancelled() && f.exception() instanceof TimeoutException;
    }
}
