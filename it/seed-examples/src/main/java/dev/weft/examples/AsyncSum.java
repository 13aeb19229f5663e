package dev.weft.examples;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import java.io.PrintStream;

/**
 * Seed example 6: a Tornado coroutine suspended on a {@code Future} that a callback added with
 * {@code IOLoop.add_callback} completes. The Python program then runs the loop forever; this one
 * stops it when the coroutine is done.
 */
public final class AsyncSum {
    private AsyncSum() {
    }

    @Coroutine
    static Future<Integer> asynSum(int a, int b, PrintStream out) {
        out.println("begin calculate:sum " + a + "+" + b);
        Future<Integer> future = new Future<>();
        IOLoop.current().addCallback(() -> {
            out.println("calculating the sum of " + a + "+" + b + ":");
            future.setResult(a + b);
        });
        int result = Co.await(future);
        out.println("after yielded");
        out.println("the " + a + "+" + b + "=" + result);
        return Future.completed(result);
    }

    public static void run(PrintStream out) {
        IOLoop loop = IOLoop.current();
        Future<Integer> sum = asynSum(2, 3, out);
        sum.addDoneCallback(done -> loop.stop());
        loop.start();
    }
}
