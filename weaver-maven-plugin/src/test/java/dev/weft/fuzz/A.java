package dev.weft.fuzz;

import dev.weft.Future;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * The awaits of fuzzed async programs, as they call them: the woven version awaits the futures
 * {@link #f} and {@link #cs} make ({@code Co.await(A.f(id, arg))}); the reference version takes the
 * outcome at once ({@code A.v(id, arg)}). Both log each await with its argument in the current
 * {@link AsyncRun}, which decides (reference) or replays (woven) what the future does.
 */
public final class A {
    private A() {
    }

    /** Woven: the future to await at point {@code id}. */
    public static <T> Future<T> f(int id, Object arg) {
        return AsyncRun.current().future(id, arg);
    }

    /** Woven: the same as a JDK {@code CompletionStage}. */
    public static <T> CompletionStage<T> cs(int id, Object arg) {
        return AsyncRun.current().stage(id, arg);
    }

    /** Reference: the outcome of the await at point {@code id}: its value, or throws. */
    @SuppressWarnings("unchecked")
    public static <T> T v(int id, Object arg) {
        return (T) AsyncRun.current().value(id, arg);
    }

    /** Reference: one element of {@code Co.all}; its outcome is kept for {@link #all}. */
    public static Object o(int id, Object arg) {
        return AsyncRun.current().outcome(id, arg);
    }

    /** Reference: {@code Co.all} of the outcomes {@link #o} made. */
    public static List<Object> all(Object... outcomes) {
        return AsyncRun.current().all(outcomes);
    }

    /** Reference: the plain body of a coroutine, called as the woven one would be. */
    public static Future<Object> call(Callable<Future<Object>> body) throws Exception {
        return AsyncRun.current().call(body);
    }

    /**
     * Reference: {@link #call} for the body of an async lambda written as a {@code Supplier}. Such
     * a body declares no checked exception, yet one can come out of it as out of any other: an
     * await rethrows the awaited failure unchanged, checked or not, so it is rethrown unchanged.
     */
    public static Future<Object> callS(Callable<Future<Object>> body) {
        try {
            return AsyncRun.current().call(body);
        } catch (Exception e) {
            throw A.<RuntimeException>sneaky(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E sneaky(Exception e) throws E {
        throw (E) e;
    }

    /** Reference: awaiting the (done) future a reference coroutine returned. */
    public static Object co(Future<?> f) {
        return f.result();
    }

    /**
     * Both: the future a coroutine returns instead of {@code Future.completed(value)}: made by
     * the driver as planned at point {@code id} (a planned value is replaced by {@code value}).
     */
    public static Future<Object> rf(int id, Object value) {
        return AsyncRun.current().returned(id, value);
    }

    /** Both: a coroutine returns {@code value} (logged, so that its moment is compared too). */
    public static Object ret(Object value) {
        AsyncRun.current().event("return " + H.render(value));
        return value;
    }
}
