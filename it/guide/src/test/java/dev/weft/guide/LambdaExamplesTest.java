package dev.weft.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.Generator;
import dev.weft.IOLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The guide's lambda coroutines, and what they do. */
class LambdaExamplesTest {

    // tag::lambdas[]
    static Generator<Integer, Void, Void> countdown(int from) {
        return Generator.of(() -> {                  // a lambda that yields: a generator
            for (int i = from; i > 0; i--) {
                Co.yield(i);
            }
            return Generator.done();
        });
    }

    @Coroutine
    static Future<List<Integer>> doubledLater(List<Integer> numbers) {
        List<Future<Integer>> doubled = new ArrayList<>();
        for (int n : numbers) {
            Supplier<Future<Integer>> later = () -> {  // a lambda that awaits: async
                Co.await(Co.sleep(Duration.ofMillis(1)));
                return Future.completed(2 * n);
            };
            doubled.add(later.get());                  // its body starts at once, as a method's
        }
        List<Integer> results = Co.await(Co.all(doubled));
        return Future.completed(results);
    }
    // end::lambdas[]

    @Test
    void theGeneratorLambdaCountsDownAndStops() {
        List<Integer> seen = new ArrayList<>();
        for (int i : countdown(3)) {
            seen.add(i);
        }
        assertEquals(List.of(3, 2, 1), seen);
        assertEquals(Generator.State.CREATED, countdown(1).state());
    }

    @Test
    void eachAsyncLambdaKeepsTheValueItCaptured() {
        assertEquals(List.of(2, 4, 6), IOLoop.current().runSync(() -> doubledLater(List.of(1, 2, 3))));
    }
}
