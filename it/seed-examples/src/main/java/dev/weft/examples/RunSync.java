package dev.weft.examples;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import java.io.PrintStream;
import java.time.Duration;

/**
 * {@code IOLoop.run_sync}, as the seed's database examples use it: start the loop, run a
 * coroutine to its end, stop, and hand back its result (or throw its failure, unchanged).
 */
public final class RunSync {
    private RunSync() {
    }

    @Coroutine
    static Future<Integer> slowDouble(int x) {
        Co.await(Co.sleep(Duration.ofMillis(5)));
        return Future.completed(2 * x);
    }

    @Coroutine
    static Future<Integer> failing() {
        Co.await(Co.moment());
        throw new IllegalArgumentException("no answer");
    }

    /**
     * The same program with each coroutine written inline, as a lambda passed to
     * {@code runSync} (API.md §7): a lambda whose body awaits is an async coroutine.
     *
     * @param out where to print
     */
    public static void runInline(PrintStream out) {
        IOLoop loop = IOLoop.current();
        int x = 21;
        int doubled = loop.runSync(() -> {
            Co.await(Co.sleep(Duration.ofMillis(5)));
            return Future.completed(2 * x);
        });
        out.println("run_sync returned " + doubled);
        try {
            loop.<Integer>runSync(() -> {
                Co.await(Co.moment());
                throw new IllegalArgumentException("no answer");
            });
        } catch (IllegalArgumentException e) {
            out.println("run_sync raised " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        out.println("loop running after run_sync: " + loop.isRunning());
    }

    /**
     * Runs the example with {@code @Coroutine} methods.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        IOLoop loop = IOLoop.current();
        int doubled = loop.runSync(() -> slowDouble(21));
        out.println("run_sync returned " + doubled);
        try {
            loop.runSync(RunSync::failing);
        } catch (IllegalArgumentException e) {
            out.println("run_sync raised " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        out.println("loop running after run_sync: " + loop.isRunning());
    }
}
