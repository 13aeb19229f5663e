package dev.weft.fuzz;

import dev.weft.Future;
import dev.weft.Generator;

/**
 * The functional interfaces of fuzzed coroutine lambdas. Their methods return {@code Generator}
 * or {@code Future}, so a lambda with a suspension point in its body is a coroutine (API.md §7);
 * they declare {@code throws Exception} so that a lambda body may throw what a method body may.
 * Lambdas whose bodies throw no checked exception are also written as {@code Supplier}s.
 */
public final class L {
    private L() {
    }

    /** A generator lambda without parameters. */
    public interface Gen {
        Generator<Object, Object, Object> get() throws Exception;
    }

    /** A generator lambda with parameters, one of them wide. */
    public interface Gen2 {
        Generator<Object, Object, Object> apply(long a, String b) throws Exception;
    }

    /** An async lambda without parameters. */
    public interface Async {
        Future<Object> get() throws Exception;
    }

    /** An async lambda with parameters, one of them wide. */
    public interface Async2 {
        Future<Object> apply(long a, String b) throws Exception;
    }
}
