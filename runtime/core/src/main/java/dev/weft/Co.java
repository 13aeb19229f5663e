package dev.weft;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The suspension points of coroutines, and a few helpers for async code.
 *
 * <p>{@code yield}, {@code yieldFrom} and {@code await} are markers: {@code weft-maven-plugin}
 * replaces every call to them inside a {@link Coroutine} method with the code that suspends and
 * resumes the state machine (or {@code weft-agent} does, as classes load). They may stand anywhere
 * an expression may. Called from a method that was not woven, they throw an
 * {@link IllegalStateException} naming that method and every way to get it woven.
 *
 * <p>{@link #sleep}, {@link #moment}, {@link #all(Collection)}, {@link #all(Map)} and {@link #withTimeout} are ordinary methods,
 * usable anywhere.
 */
public final class Co {
    private Co() {
    }

    /**
     * Yields {@code value} to whoever resumed the generator, and suspends.
     *
     * @param value the value to produce
     * @param <S> the send type
     * @return the value passed to {@link Generator#send} on resumption (null for {@code next()})
     */
    public static <S> S yield(Object value) {
        throw notWoven("yield");
    }

    /**
     * {@code yield(null)}: suspends, producing null.
     *
     * @param <S> the send type
     * @return the value passed to {@link Generator#send} on resumption
     */
    public static <S> S yield() {
        throw notWoven("yield");
    }

    /**
     * PEP 380 {@code yield from}: runs {@code sub} to its end, passing its yielded values out and
     * forwarding {@code send}, {@code throwInto} and {@code close} to it.
     *
     * @param sub the generator to delegate to
     * @param <R> its return type
     * @return the return value of {@code sub} (null if it had already finished)
     */
    public static <R> R yieldFrom(Generator<?, ?, R> sub) {
        throw notWoven("yieldFrom");
    }

    /**
     * Yields each element of {@code values} in turn; values sent in meanwhile are ignored.
     *
     * @param values the values to yield
     */
    public static void yieldFrom(Iterable<?> values) {
        throw notWoven("yieldFrom");
    }

    /**
     * Suspends the async coroutine until {@code f} is done. A future that is already done does not
     * suspend. The coroutine resumes on the {@link IOLoop} of the thread it suspended on (on the
     * completing thread where that thread has no loop), never inside the call that completed
     * {@code f}.
     *
     * <p>A failure is thrown as it is, checked exceptions included, so try/catch/finally around an
     * await behave as around blocking code. Since this method declares no checked exceptions,
     * javac only lets a checked failure be caught as {@code Exception} or {@code Throwable}:
     * {@code catch (Exception e) { if (e instanceof IOException io) ...; else throw e; }}.
     *
     * @param f the future to wait for
     * @param <T> its result type
     * @return its result; its failure is thrown unchanged
     */
    public static <T> T await(Future<T> f) {
        throw notWoven("await");
    }

    /**
     * Suspends the async coroutine until the JDK future {@code s} is done.
     *
     * @param s the stage to wait for
     * @param <T> its result type
     * @return its result; its failure is thrown unchanged, unwrapped from a
     *     {@link java.util.concurrent.CompletionException}
     */
    public static <T> T await(CompletionStage<T> s) {
        throw notWoven("await");
    }

    /**
     * A future that completes on the current thread's {@link IOLoop} after {@code delay}.
     *
     * @param delay how long to wait
     * @return a future completed with null after the delay
     */
    public static Future<Void> sleep(Duration delay) {
        return AsyncHelpers.sleep(delay);
    }

    /**
     * A future that completes on the next iteration of the current thread's {@link IOLoop}: awaiting
     * it lets other callbacks run (Tornado {@code gen.moment}).
     *
     * @return a future completed with null on the next loop iteration
     */
    public static Future<Void> moment() {
        return AsyncHelpers.moment();
    }

    /**
     * Waits for every future; the results in order, or the first failure in list order (Tornado
     * {@code multi}).
     *
     * @param futures the futures to wait for
     * @param <T> their result type
     * @return a future of all results
     */
    public static <T> Future<List<T>> all(Collection<? extends Future<? extends T>> futures) {
        return AsyncHelpers.all(futures);
    }

    /**
     * Waits for every future of a map; the results under the same keys, in the map's iteration
     * order (Tornado {@code multi} over a dict). Values may be null, as a {@code Future<Void>}'s
     * are. It fails as the list form does: once every future is done, with the first failure in
     * the map's iteration order.
     *
     * @param futures the futures to wait for, by key
     * @param <K> the key type
     * @param <V> their result type
     * @return a future of a new map of the results, in the same iteration order
     */
    public static <K, V> Future<Map<K, V>> all(Map<K, ? extends Future<? extends V>> futures) {
        return AsyncHelpers.all(futures);
    }

    /**
     * {@code f}'s outcome, or a {@link java.util.concurrent.TimeoutException} if it is not done
     * within {@code timeout}.
     *
     * @param timeout how long to wait
     * @param f the future
     * @param <T> its result type
     * @return a future with {@code f}'s outcome or the timeout
     */
    public static <T> Future<T> withTimeout(Duration timeout, Future<T> f) {
        return AsyncHelpers.withTimeout(timeout, f);
    }

    /**
     * The one message for a marker reached in code that was not woven. The method may well be
     * marked and the plugin configured: then the class was compiled by a build that stopped
     * before weaving, so the message names every way out rather than guessing one.
     */
    private static IllegalStateException notWoven(String marker) {
        String caller = StackWalker.getInstance()
                .walk(frames -> frames.skip(2).findFirst())
                .map(f -> f.getClassName() + "." + f.getMethodName())
                .orElse("<unknown>");
        return new IllegalStateException("Co." + marker + " was called from " + caller
                + ", which was not woven. Coroutines are rewritten by weft-maven-plugin in the"
                + " process-classes phase: a build that stops before it (mvn compile, an IDE's own"
                + " build) leaves them unwoven. Either run a build that reaches process-classes"
                + " (mvn test, mvn package, mvn process-classes exec:java), or run the JVM with"
                + " -javaagent:weft-agent.jar, which weaves as classes load. If the method is not"
                + " marked @Coroutine, mark it; if the pom lacks weft-maven-plugin (goals weave and"
                + " weave-tests), add it.");
    }
}
