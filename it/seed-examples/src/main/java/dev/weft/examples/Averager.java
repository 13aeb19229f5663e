package dev.weft.examples;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Generator;
import java.io.PrintStream;

/**
 * The seed's point 2: a coroutine must be started with next() before send(); Python programs use
 * a "priming" decorator for it, weft has {@code @Coroutine(primed = true)}.
 */
public final class Averager {
    private Averager() {
    }

    /** A running average: send a number, receive the average so far. */
    @Coroutine(primed = true)
    static Generator<Double, Double, Void> averager() {
        double total = 0;
        int count = 0;
        Double average = null;
        while (true) {
            double term = Co.yield(average);
            total += term;
            count++;
            average = total / count;
        }
    }

    public static void run(PrintStream out) {
        Generator<Double, Double, Void> avg = averager();
        out.println("primed: " + avg.state());
        out.println("send(10) -> " + avg.send(10.0));
        out.println("send(30) -> " + avg.send(30.0));
        out.println("send(5) -> " + avg.send(5.0));
        avg.close();
    }
}
