package dev.weft.bench;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;

/** What the async benchmarks run. */
public final class AsyncWorkloads {
    private AsyncWorkloads() {
    }

    /** Awaits {@code n} futures that are already done: no suspension at all. */
    @Coroutine
    public static Future<Long> awaitDone(int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Co.await(Future.completed(i & 63));
        }
        return Future.completed(sum);
    }

    /** The baseline for {@link #awaitDone}: the same values through a plain method call. */
    public static long plainCalls(int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += identity(i & 63);
        }
        return sum;
    }

    private static Integer identity(Integer x) {
        return x;
    }

    /** Awaits {@code n} futures, each completed by a callback on the loop: n round trips. */
    @Coroutine
    public static Future<Long> awaitThroughLoop(int n) {
        IOLoop loop = IOLoop.current();
        long sum = 0;
        for (int i = 0; i < n; i++) {
            Future<Integer> f = new Future<>();
            int v = i & 63;
            loop.addCallback(() -> f.setResult(v));
            sum += Co.await(f);
        }
        return Future.completed(sum);
    }

    /** Awaits {@code Co.moment()} {@code n} times: Tornado's {@code yield gen.moment}. */
    @Coroutine
    public static Future<Integer> moments(int n) {
        for (int i = 0; i < n; i++) {
            Co.await(Co.moment());
        }
        return Future.completed(n);
    }

    /** The seed's asyn_sum, without the printing. */
    @Coroutine
    public static Future<Integer> asynSum(int a, int b) {
        Future<Integer> future = new Future<>();
        IOLoop.current().addCallback(() -> future.setResult(a + b));
        int result = Co.await(future);
        return Future.completed(result);
    }

    /** Runs the seed's asyn_sum {@code n} times, one after another. */
    @Coroutine
    public static Future<Long> asynSums(int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Co.await(asynSum(i, 1));
        }
        return Future.completed(sum);
    }
}
