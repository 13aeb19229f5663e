package dev.weft.examples;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The seed's {@code IOLoop.spawn_callback} paragraph: "fire and forget" coroutines. Nobody waits
 * for them; the one that fails is logged with its stack trace (System.Logger {@code dev.weft})
 * and the loop goes on.
 */
public final class SpawnCallback {
    private SpawnCallback() {
    }

    /**
     * How many spawned coroutines have ended, either way. Nobody awaits them; the closing step
     * only checks that both are over before it stops the loop, so that a loaded machine that runs
     * the 10 ms sleeps late cannot print the last line before theirs. Loop thread only.
     */
    private static int ended;

    @Coroutine
    static Future<Void> fireAndForget(String name, boolean fail, PrintStream out) {
        out.println(name + ": started");
        try {
            Co.await(Co.sleep(Duration.ofMillis(10)));
            if (fail) {
                throw new IllegalStateException(name + " failed after its sleep");
            }
            out.println(name + ": finished");
            return Future.completed();
        } finally {
            ended++;
        }
    }

    /**
     * The same program with the coroutine written inline, as the lambda given to
     * {@code spawnCallback} (API.md §7); each lambda captures its name and whether it fails.
     *
     * @param out where to print
     */
    public static void runInline(PrintStream out) {
        IOLoop loop = IOLoop.current();
        for (String name : List.of("worker", "doomed")) {
            boolean fail = name.equals("doomed");
            loop.spawnCallback(() -> {
                out.println(name + ": started");
                try {
                    Co.await(Co.sleep(Duration.ofMillis(10)));
                    if (fail) {
                        throw new IllegalStateException(name + " failed after its sleep"); // INLINE-FAILS
                    }
                    out.println(name + ": finished");
                    return Future.completed();
                } finally {
                    ended++;
                }
            });
        }
        startAndStopWhenBothEnded(loop, out);
    }

    /**
     * Runs the example with a {@code @Coroutine} method.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        IOLoop loop = IOLoop.current();
        loop.spawnCallback(() -> fireAndForget("worker", false, out));
        loop.spawnCallback(() -> fireAndForget("doomed", true, out));
        startAndStopWhenBothEnded(loop, out);
    }

    private static void startAndStopWhenBothEnded(IOLoop loop, PrintStream out) {
        ended = 0;
        loop.callLater(Duration.ofMillis(100), new Runnable() {
            @Override
            public void run() {
                if (ended < 2) {
                    loop.callLater(Duration.ofMillis(10), this); // a loaded machine: look again
                    return;
                }
                out.println("the loop is still running");
                loop.stop();
            }
        });
        out.println("spawned two coroutines; not waiting for them");
        loop.start();
    }
}
