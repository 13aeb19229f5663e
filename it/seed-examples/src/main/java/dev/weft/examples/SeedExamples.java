package dev.weft.examples;

import java.io.PrintStream;

/** Runs every seed example in order, each under a heading. */
public final class SeedExamples {
    private SeedExamples() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        out.println("== 1. fibonacci generator");
        Fibonacci.run(out);
        out.println("== 2. producer / consumer with send");
        ProducerConsumer.run(out);
        out.println("== priming decorator: @Coroutine(primed = true)");
        Averager.run(out);
        out.println("== 5. simple coroutine");
        SimpleCoroutine.run(out);
        out.println("== 6. tornado coroutine: Future + IOLoop.add_callback");
        AsyncSum.run(out);
        out.println("== IOLoop.spawn_callback: fire and forget");
        SpawnCallback.run(out);
        out.println("== IOLoop.run_sync");
        RunSync.run(out);
    }
}
