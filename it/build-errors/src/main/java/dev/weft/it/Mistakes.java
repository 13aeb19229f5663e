package dev.weft.it;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Generator;
import java.util.List;

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
}
