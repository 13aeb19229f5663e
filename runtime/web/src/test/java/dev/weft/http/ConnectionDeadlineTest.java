package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A connection's deadline fires once, at the latest deadline set, never early, never when cleared. */
class ConnectionDeadlineTest {
    private IOLoop loop;
    private ConnectionDeadline deadline;
    private final List<String> fired = new ArrayList<>();

    @BeforeEach
    void setUp() {
        loop = IOLoop.current();
        deadline = new ConnectionDeadline(loop);
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    /** Runs the loop for {@code millis}. */
    private void runFor(long millis) {
        Future<Void> slept = new Future<>();
        loop.callLater(Duration.ofMillis(millis), () -> slept.setResult(null));
        loop.runSync(() -> slept, Duration.ofSeconds(10));
    }

    private Runnable record(String name) {
        long setAt = loop.time();
        return () -> fired.add(name + " after " + (loop.time() - setAt) / 1_000_000 + " ms");
    }

    @Test
    void firesOnceAfterItsTimeout() {
        long setAt = loop.time();
        deadline.set(Duration.ofMillis(30), record("idle"));
        runFor(10);
        assertNothingFiredIfBefore(setAt, 30, "");
        runFor(60);
        assertEquals(1, fired.size());
        assertTrue(elapsed(0) >= 30, fired.toString());
    }

    @Test
    void aDeadlineMovedLaterFiresLaterThoughTheFirstTimerWasDueEarlier() {
        // Moved before the loop runs, so that however late the loop gets to it, the first setting
        // can never have fired: the timer stays due at 20 ms, fires early and must wait again.
        deadline.set(Duration.ofMillis(20), record("first"));
        long movedAt = loop.time();
        deadline.set(Duration.ofMillis(60), record("moved")); // keeps the timer due at 20 ms
        runFor(30);
        assertNothingFiredIfBefore(movedAt, 60, "fired at the old deadline");
        runFor(80);
        assertEquals(1, fired.size());
        assertTrue(fired.get(0).startsWith("moved") && elapsed(0) >= 60, fired.toString());
    }

    @Test
    void aShorterTimeoutFiresBeforeTheTimerOfALongerOne() {
        deadline.set(Duration.ofHours(1), record("idle"));
        deadline.set(Duration.ofMillis(20), record("header"));
        runFor(100);
        assertEquals(1, fired.size());
        assertTrue(fired.get(0).startsWith("header"), fired.toString());
    }

    @Test
    void clearedOrCancelledItDoesNothing() {
        deadline.set(Duration.ofMillis(10), record("cleared"));
        deadline.clear();
        runFor(40);
        deadline.set(Duration.ofMillis(10), record("cancelled"));
        deadline.cancel();
        runFor(40);
        assertEquals(List.of(), fired);
    }

    @Test
    void setAndClearedPerRequestItFiresOnlyForTheLastSetting() {
        // As a keep-alive connection does: a deadline per phase of every request.
        for (int i = 0; i < 10_000; i++) {
            deadline.set(Duration.ofMillis(i % 2 == 0 ? 50 : 5_000), record("request " + i));
            deadline.clear();
        }
        deadline.set(Duration.ofMillis(30), record("last"));
        runFor(100);
        assertEquals(1, fired.size());
        assertTrue(fired.get(0).startsWith("last"), fired.toString());
    }

    @Test
    void hugeTimeoutsDoNotOverflow() {
        deadline.set(Duration.ofSeconds(Long.MAX_VALUE), record("never"));
        runFor(20);
        deadline.set(Duration.ofMillis(-5), record("negative"));
        runFor(20);
        assertEquals(1, fired.size());
        assertTrue(fired.get(0).startsWith("negative"), fired.toString());
    }

    /**
     * Nothing has fired, if the loop's clock says the deadline {@code ms} after {@code setAt} is
     * still ahead: on a loaded machine {@code runFor} may overrun it, and then firing is right.
     * Firing early is caught anyway, by the elapsed time each record carries.
     */
    private void assertNothingFiredIfBefore(long setAt, long ms, String message) {
        if (loop.time() - setAt < Duration.ofMillis(ms).toNanos()) {
            assertEquals(List.of(), fired, message);
        }
    }

    private long elapsed(int i) {
        String s = fired.get(i);
        return Long.parseLong(s.substring(s.indexOf("after ") + 6, s.indexOf(" ms")));
    }
}
