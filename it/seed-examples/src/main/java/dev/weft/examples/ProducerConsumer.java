package dev.weft.examples;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Generator;
import java.io.PrintStream;

/** Seed example 2: a producer driving a consumer coroutine with send(). */
public final class ProducerConsumer {
    private ProducerConsumer() {
    }

    /** Receives events through send() and answers each with a response. */
    @Coroutine
    static Generator<String, Integer, Void> consumer(PrintStream out) {
        String r = "";
        while (true) {
            Integer n = Co.yield(r);
            if (n == null) {
                return Generator.done();
            }
            out.println("consuming the event " + n);
            r = "200 OK";
        }
    }

    static void produce(Generator<String, Integer, Void> c, PrintStream out) {
        c.send(null);
        for (int n = 1; n < 6; n++) {
            out.println("producing event " + n);
            String r = c.send(n);
            out.println("the consumer response " + r);
        }
        c.close();
    }

    public static void run(PrintStream out) {
        produce(consumer(out), out);
    }
}
