package dev.weft.internal;

import dev.weft.Generator;
import dev.weft.StopIteration;

/**
 * A generator that has already finished with a return value: what {@link Generator#done(Object)}
 * returns, and so what a woven generator body hands back to its driver when it returns.
 *
 * @param <Y> the yield type
 * @param <S> the send type
 * @param <R> the return type
 */
public final class Done<Y, S, R> implements Generator<Y, S, R> {
    private static final Done<?, ?, ?> EMPTY = new Done<>(null);

    private final R value;

    /**
     * A finished generator returning {@code value}.
     *
     * @param value the return value
     */
    public Done(R value) {
        this.value = value;
    }

    /**
     * The shared finished generator with a null return value.
     *
     * @param <Y> the yield type
     * @param <S> the send type
     * @param <R> the return type
     * @return the shared instance
     */
    @SuppressWarnings("unchecked")
    public static <Y, S, R> Done<Y, S, R> empty() {
        return (Done<Y, S, R>) EMPTY;
    }

    /**
     * The return value (what {@link #returnValue()} gives, without the state check).
     *
     * @return the value
     */
    public R value() {
        return value;
    }

    @Override
    public Y send(S v) {
        // A finished generator resumed again: CPython raises a StopIteration without a value.
        throw new StopIteration();
    }

    @Override
    public Y next() {
        throw new StopIteration();
    }

    @Override
    public boolean hasNext() {
        return false;
    }

    @Override
    public Y throwInto(Throwable t) {
        throw Sneaky.rethrow(t);
    }

    @Override
    public void close() {
        // already finished
    }

    @Override
    public State state() {
        return State.CLOSED;
    }

    @Override
    public R returnValue() {
        return value;
    }
}
