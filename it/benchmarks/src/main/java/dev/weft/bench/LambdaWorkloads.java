package dev.weft.bench;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.Generator;
import dev.weft.IOLoop;
import java.util.function.Supplier;

/**
 * The workloads of {@link Workloads} and {@link AsyncWorkloads} written as lambda coroutines
 * (API.md §7), body for body, so that {@link LambdaBenchmark} compares the two forms alone.
 */
public final class LambdaWorkloads {
    private LambdaWorkloads() {
    }

    /** {@link Workloads#range} as a generator lambda capturing {@code n}. */
    public static Generator<Integer, Void, Void> range(int n) {
        return Generator.of(() -> {
            for (int i = 0; i < n; i++) {
                Co.yield(i);
            }
            return Generator.done();
        });
    }

    /** A generator of two values, for what creating one costs: the method form. */
    @Coroutine
    public static Generator<Integer, Void, Void> pairMethod(int a, int b) {
        Co.yield(a);
        Co.yield(b);
        return Generator.done();
    }

    /** {@link #pairMethod} as a generator lambda. */
    public static Generator<Integer, Void, Void> pairLambda(int a, int b) {
        return Generator.of(() -> {
            Co.yield(a);
            Co.yield(b);
            return Generator.done();
        });
    }

    /** {@link AsyncWorkloads#awaitDone} as an async lambda. */
    public static Future<Long> awaitDone(int n) {
        Supplier<Future<Long>> body = () -> {
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Co.await(Future.completed(i & 63));
            }
            return Future.completed(sum);
        };
        return body.get();
    }

    /** {@link AsyncWorkloads#awaitThroughLoop} as the async lambda given to runSync. */
    public static long awaitThroughLoop(IOLoop loop, int n) {
        return loop.runSync(() -> {
            long sum = 0;
            for (int i = 0; i < n; i++) {
                Future<Integer> f = new Future<>();
                int v = i & 63;
                loop.addCallback(() -> f.setResult(v));
                sum += Co.await(f);
            }
            return Future.completed(sum);
        });
    }
}
