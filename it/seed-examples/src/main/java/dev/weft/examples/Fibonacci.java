package dev.weft.examples;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Generator;
import dev.weft.StopIteration;
import java.io.PrintStream;

/** Seed example 1: the fibonacci generator, driven with next() until StopIteration. */
public final class Fibonacci {
    private Fibonacci() {
    }

    /** A generator of the fibonacci numbers up to the n-th. */
    @Coroutine
    static Generator<Integer, Void, Void> fibonacci(int n) {
        int a = 0, b = 1, counter = 0;
        while (true) {
            if (counter > n) {
                return Generator.done();
            }
            Co.yield(a);
            int next = a + b;
            a = b;
            b = next;
            counter++;
        }
    }

    /** Prints the numbers as the Python program does: {@code print(next(f), end=" ")}. */
    public static void run(PrintStream out) {
        Generator<Integer, Void, Void> f = fibonacci(10);
        while (true) {
            try {
                out.print(f.next() + " ");
            } catch (StopIteration e) {
                break;
            }
        }
        out.println();
    }
}
