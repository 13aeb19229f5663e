package dev.weft;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that {@code weft-maven-plugin} rewrites into a resumable state machine.
 *
 * <p>The declared return type chooses the kind of coroutine:
 * <ul>
 *   <li>{@link Generator} — a lazy generator with Python semantics: calling the method only
 *       evaluates the arguments; the body runs on the first {@code next()}/{@code send(null)} and
 *       suspends at each {@link Co#yield(Object)};</li>
 *   <li>{@link Future} — an async coroutine with Tornado {@code gen.coroutine} semantics: the body
 *       starts at once in the caller and suspends at each {@link Co#await(Future)} of a future that
 *       is not done yet.</li>
 * </ul>
 * Any other return type, and the annotation on an abstract or native method or a constructor, is
 * a build error.
 *
 * <p>A lambda needs no annotation (and cannot carry one): a lambda whose body suspends is a
 * coroutine of the kind its functional interface's return type names, as in
 * {@code IOLoop.current().runSync(() -> { ... Co.await(f) ... })} or
 * {@link Generator#of Generator.of(() -> { ... Co.yield(x) ... })} (API.md §7).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Coroutine {

    /**
     * For generators: return the generator already advanced to its first yield, discarding the
     * value of that yield (the "priming decorator" of Python coroutines). Ignored for futures.
     *
     * @return whether the generator is primed
     */
    boolean primed() default false;
}
