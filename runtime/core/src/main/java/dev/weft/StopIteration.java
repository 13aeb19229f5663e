package dev.weft;

import java.util.NoSuchElementException;

/**
 * Thrown by {@link Generator#send}, {@link Generator#next} and {@link Generator#throwInto} when the
 * generator has finished; carries the body's return value (Python's {@code StopIteration.value}).
 *
 * <p>It is a {@link NoSuchElementException}, so a generator honours the {@link java.util.Iterator}
 * contract. No stack trace is filled in: it is a control-flow signal thrown once per generator.
 */
public class StopIteration extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /** The generator's return value; null when it returned {@link Generator#done()}. */
    private final transient Object value;

    /** A StopIteration without a value. */
    public StopIteration() {
        this(null);
    }

    /**
     * A StopIteration carrying a generator's return value.
     *
     * @param value the return value, may be null
     */
    public StopIteration(Object value) {
        super(value == null ? null : "generator returned " + value);
        this.value = value;
    }

    /**
     * The return value of the finished generator.
     *
     * @return the value given to {@link Generator#done(Object)}, or null
     */
    public Object value() {
        return value;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
