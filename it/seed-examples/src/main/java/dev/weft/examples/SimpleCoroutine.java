package dev.weft.examples;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Generator;
import dev.weft.StopIteration;
import java.io.PrintStream;

/** Seed example 5: the simplest coroutine, started with next() and fed with send(). */
public final class SimpleCoroutine {
    private SimpleCoroutine() {
    }

    @Coroutine
    static Generator<Void, String, Void> simpleCoroutine(PrintStream out) {
        out.println("-> start");
        String x = Co.yield();
        out.println("-> recived " + x);
        return Generator.done();
    }

    public static void run(PrintStream out) {
        Generator<Void, String, Void> sc = simpleCoroutine(out);
        sc.next();
        try {
            sc.send("zhexiao");
        } catch (StopIteration end) {
            // As in Python, the body returns after printing, so send() raises StopIteration; the
            // Python script ends there with a traceback, this one says so and goes on.
            out.println("-> finished: " + sc.state());
        }
    }
}
