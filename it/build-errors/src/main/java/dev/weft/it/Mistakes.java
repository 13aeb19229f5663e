package dev.weft.it;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.Generator;
import java.util.List;
import java.util.function.Supplier;

public class Mistakes {
    private final Object lock = new Object();

    @Coroutine
    Generator<Integer, Void, Void> guarded() {
        synchronized (lock) {
            Co.yield(1);
        }
        return Generator.done();
    }

    @Coroutine
    static Generator<Integer, Void, Void> each(List<Integer> xs) {
        xs.forEach(x -> Co.yield(x));
        return Generator.done();
    }

    @Coroutine
    static List<Integer> wrongType() {
        return List.of();
    }

    // Lambdas: only one returning Generator or Future may suspend, and then it is a coroutine
    // with the rules of one.
    static Supplier<Object> notACoroutine() {
        return () -> Co.yield(1);
    }

    static Generator<Integer, Void, Void> awaitInAGeneratorLambda(Future<Integer> f) {
        return Generator.of(() -> {
            Co.yield(Co.await(f));
            return Generator.done();
        });
    }

    Supplier<Future<Void>> guardedLambda() {
        return () -> {
            synchronized (lock) {
                Co.await(Co.moment());
            }
            return Future.completed();
        };
    }
}
