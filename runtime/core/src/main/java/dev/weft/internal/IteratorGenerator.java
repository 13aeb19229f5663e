package dev.weft.internal;

import dev.weft.Generator;
import dev.weft.StopIteration;
import java.util.Iterator;

/**
 * A plain iterator seen as a generator, for {@code Co.yieldFrom(Iterable)}: values sent in are
 * ignored, and an exception thrown in is raised in the delegating generator, as Python does for
 * iterators without a {@code throw} method.
 *
 * @param <Y> the element type
 */
final class IteratorGenerator<Y> implements Generator<Y, Object, Void> {
    private Iterator<? extends Y> values;

    IteratorGenerator(Iterator<? extends Y> values) {
        this.values = values;
    }

    @Override
    public Y send(Object ignored) {
        if (values != null && values.hasNext()) {
            return values.next();
        }
        values = null;
        throw new StopIteration();
    }

    @Override
    public Y next() {
        return send(null);
    }

    @Override
    public boolean hasNext() {
        return values != null && values.hasNext();
    }

    @Override
    public Y throwInto(Throwable t) {
        values = null;
        throw Sneaky.rethrow(t);
    }

    @Override
    public void close() {
        values = null;
    }

    @Override
    public State state() {
        return values == null ? State.CLOSED : State.SUSPENDED;
    }

    @Override
    public Void returnValue() {
        return null;
    }
}
