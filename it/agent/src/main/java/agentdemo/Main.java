package agentdemo;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.Generator;
import dev.weft.IOLoop;
import java.time.Duration;

/** A generator and an async coroutine, compiled by javac only: woven by the agent as it loads. */
public class Main {
    @Coroutine
    static Generator<Integer, Void, Void> fibonacci(int n) {
        int a = 0, b = 1;
        for (int counter = 0; counter <= n; counter++) {
            Co.yield(a);
            int t = a + b; a = b; b = t;
        }
        return Generator.done();
    }

    @Coroutine
    static Future<Integer> slowSum(int a, int b) {
        Co.await(Co.sleep(Duration.ofMillis(5)));
        int sum = a + b;
        Co.await(Co.moment());
        return Future.completed(sum);
    }

    public static void main(String[] args) {
        StringBuilder out = new StringBuilder("fibonacci:");
        for (int x : fibonacci(10)) {
            out.append(' ').append(x);
        }
        System.out.println(out);
        System.out.println("slowSum: " + IOLoop.current().runSync(() -> slowSum(2, 3)));
    }
}
