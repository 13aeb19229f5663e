package dev.weft;

import dev.weft.internal.Done;
import java.util.Iterator;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A resumable computation that produces values of type {@code Y}, receives values of type
 * {@code S} and finally returns a value of type {@code R}: a Python generator.
 *
 * <p>Generators are made by calling a {@link Coroutine} method whose return type is
 * {@code Generator}; the body ends with {@code return Generator.done(value)}. The contract follows
 * CPython 3.11: {@link #send}, {@link #throwInto} and {@link #close} behave as {@code gen.send},
 * {@code gen.throw} and {@code gen.close}, and exceptions thrown by the body propagate out of them
 * unchanged, checked ones included.
 *
 * <p>Thread rules: a generator is not thread-safe, like a Python generator. It may be resumed from
 * different threads one after another, but resuming it while it runs throws
 * {@code IllegalStateException("generator already executing")}.
 *
 * @param <Y> the type of the values it yields
 * @param <S> the type of the values it receives through {@link #send}
 * @param <R> the type of the value it returns
 */
public interface Generator<Y, S, R> extends Iterator<Y>, Iterable<Y>, AutoCloseable {

    /** The life cycle of a generator ({@code inspect.getgeneratorstate}). */
    enum State {
        /** Made, body not started. */
        CREATED,
        /** The body is executing. */
        RUNNING,
        /** Stopped at a suspension point, waiting to be resumed. */
        SUSPENDED,
        /** Finished: returned, threw, or was closed. */
        CLOSED
    }

    /**
     * Resumes the body, making the pending suspension point evaluate to {@code value}, and runs it
     * to its next suspension point.
     *
     * @param value the value the suspension point evaluates to; must be null on a CREATED generator
     * @return the next yielded value
     * @throws StopIteration when the body returns (carrying its return value) or was already closed
     * @throws IllegalStateException for a non-null value to a CREATED generator, or while running
     */
    Y send(S value);

    /**
     * {@code send(null)}: the next yielded value.
     *
     * @return the next yielded value
     * @throws StopIteration when the body returns or the generator was already closed
     */
    @Override
    Y next();

    /**
     * Looks ahead: resumes the body with null if no value is buffered yet and keeps the yielded
     * value for the next {@link #next()} (or {@code send(null)}).
     *
     * @return whether another value is available
     */
    @Override
    boolean hasNext();

    /**
     * Raises {@code t} inside the body at its suspension point ({@code gen.throw}).
     *
     * @param t what to raise
     * @return the next value yielded after the body handled {@code t}
     * @throws StopIteration when the body then returns
     */
    Y throwInto(Throwable t);

    /**
     * Raises {@link GeneratorExit} at the suspension point so that {@code finally} blocks run, and
     * leaves the generator CLOSED. A no-op on a CREATED (which becomes CLOSED) or CLOSED generator.
     *
     * @throws IllegalStateException "generator ignored GeneratorExit" if the body yields again
     */
    @Override
    void close();

    /**
     * The generator's state.
     *
     * @return where in its life cycle the generator is
     */
    State state();

    /**
     * The value the body returned.
     *
     * @return the value given to {@link #done(Object)}
     * @throws IllegalStateException unless the generator is CLOSED by a return
     */
    R returnValue();

    /**
     * This generator, as the iterator of a for-each loop.
     *
     * @return this
     */
    @Override
    default Iterator<Y> iterator() {
        return this;
    }

    /**
     * A sequential, ordered stream over the values still to be yielded; closing the stream closes
     * the generator.
     *
     * @return a stream of the yielded values
     */
    default Stream<Y> stream() {
        Spliterator<Y> values = Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED);
        return StreamSupport.stream(values, false).onClose(this::close);
    }

    /**
     * A generator written inline as a lambda (Python's generator expression, with statements):
     * {@code Generator.of(() -> { for (int i = 0; ; i += 2) Co.yield(i); })}.
     *
     * <p>The weaver makes a lambda whose body suspends (calls {@code Co.yield} or
     * {@code Co.yieldFrom}) into a generator coroutine, exactly as a {@code @Coroutine} method:
     * calling it returns a generator in state {@code CREATED} whose body first runs on the first
     * {@code next()}. This method only calls it, so that the lambda has a target type returning
     * {@code Generator}. A lambda with no suspension point is an ordinary lambda: it runs here, at
     * once.
     *
     * <p>Thread rules: any thread; the generator it returns is not thread-safe.
     *
     * @param body the lambda; it may capture effectively final locals and {@code this}
     * @param <Y> the yield type
     * @param <S> the send type
     * @param <R> the return type
     * @return what {@code body.get()} returns
     */
    static <Y, S, R> Generator<Y, S, R> of(Supplier<Generator<Y, S, R>> body) {
        return Objects.requireNonNull(body, "body").get();
    }

    /**
     * What a generator body returns when it has no return value: {@code return Generator.done();}.
     *
     * @param <Y> the yield type
     * @param <S> the send type
     * @param <R> the return type
     * @return a finished generator with a null return value
     */
    static <Y, S, R> Generator<Y, S, R> done() {
        return Done.empty();
    }

    /**
     * What a generator body returns: {@code return Generator.done(value);}. The value becomes
     * {@link StopIteration#value()} and {@link #returnValue()}, and the value of a
     * {@link Co#yieldFrom(Generator)} of this generator.
     *
     * @param value the return value
     * @param <Y> the yield type
     * @param <S> the send type
     * @param <R> the return type
     * @return a finished generator carrying {@code value}
     */
    static <Y, S, R> Generator<Y, S, R> done(R value) {
        return value == null ? Done.empty() : new Done<>(value);
    }
}
