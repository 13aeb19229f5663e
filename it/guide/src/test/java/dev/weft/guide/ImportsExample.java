package dev.weft.guide;

// tag::imports[]
import dev.weft.*;
import java.util.concurrent.*;          // has a Future too: "reference to Future is ambiguous"
import dev.weft.Future;                 // a single-type import wins over both wildcards
// end::imports[]

/** The import pitfall's fix, compiled: {@code Future} below is weft's. */
final class ImportsExample {
    private ImportsExample() {
    }

    @Coroutine
    static Future<Integer> answer(ExecutorService threads) {
        int n = Co.await(IOLoop.current().runInExecutor(threads, () -> 42));
        return Future.completed(n);
    }
}
