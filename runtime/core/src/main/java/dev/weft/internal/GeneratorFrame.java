package dev.weft.internal;

import dev.weft.Generator;
import dev.weft.GeneratorExit;
import dev.weft.StopIteration;
import java.util.Objects;

/**
 * The base class of every woven generator: the driver of its state machine. Internal API, public
 * only because woven classes in the user's packages extend it.
 *
 * <p>The weaver turns a {@code @Coroutine} generator method into a factory that creates a subclass
 * of this class (the <em>frame</em>, holding the saved locals and operand-stack values in typed
 * fields) and a body method that runs from one suspension point to the next. {@link #resume()}
 * calls that body. The body reports back through {@link #label} and its return value:
 * <ul>
 *   <li>a yield sets {@code label} to the suspension point's number and returns the value;</li>
 *   <li>a {@code Co.yieldFrom} sets {@code label} and returns {@link #delegateTo} (a sentinel);</li>
 *   <li>a return sets {@code label} to {@link #DONE} and returns the body's {@code Generator}
 *       (normally a {@link Done} carrying the return value).</li>
 * </ul>
 * When resumed at a suspension point, the body calls {@link #resumeValue()}, which evaluates to the
 * value sent in or throws the exception thrown in.
 *
 * <p>Delegation ({@code yield from}) between woven generators is flattened (the slow path, in
 * {@link DelegationChain}): the outermost
 * generator remembers the innermost one that is running ({@link #top}), so that resuming a chain
 * of any depth costs one call, not one per level. Each delegate knows its {@link #caller} to
 * return to.
 *
 * <p>Thread rules: not thread-safe, like a Python generator. The RUNNING check is made on plain
 * fields, so it catches re-entry from the body itself but only as a best effort across threads.
 *
 * @param <Y> the yield type
 * @param <S> the send type
 * @param <R> the return type
 */
public abstract class GeneratorFrame<Y, S, R> implements Generator<Y, S, R> {

    /** The value of {@link #label} once the body has returned. */
    public static final int DONE = -1;

    // Ordered so that "may be resumed" is one comparison (state <= SUSPENDED) on the hot path:
    // a rarely taken branch there would keep a slow-path call that lets the frame escape.
    static final byte CREATED = 0;
    static final byte SUSPENDED = 1;
    static final byte RUNNING = 2;
    static final byte CLOSED = 3;
    /** CLOSED by a return, so that {@link #returnValue()} has a value. */
    static final byte RETURNED = 4;

    static final byte SEND = 0;
    static final byte THROW = 1;

    /** Returned by the body to ask the driver to delegate to the generator in {@link #value}. */
    static final Object DELEGATE = new Object();
    /** Returned by the driver when this generator's body returned. */
    static final Object FINISHED = new Object();

    /**
     * What the body returns for a yielded primitive whose box is left to be made as the value
     * leaves the generator ({@link #deferInt}).
     */
    private static final class Deferred {
        static final Deferred INT = new Deferred();
        static final Deferred LONG = new Deferred();
        static final Deferred DOUBLE = new Deferred();
        static final Deferred FLOAT = new Deferred();
        static final Deferred SHORT = new Deferred();
        static final Deferred CHAR = new Deferred();

        Object box(long bits) {
            if (this == INT) {
                return (int) bits;
            } else if (this == LONG) {
                return bits;
            } else if (this == DOUBLE) {
                return Double.longBitsToDouble(bits);
            } else if (this == FLOAT) {
                return Float.intBitsToFloat((int) bits);
            } else if (this == SHORT) {
                return (short) bits;
            }
            return (char) bits;
        }
    }

    /** The suspension point the body resumes at: 0 at the start, {@link #DONE} at the end. */
    public int label;

    byte state;
    /** How the body resumes: SEND ({@link #value} is the value sent) or THROW (the throwable). */
    byte mode;
    /** Whether {@link #value} holds a value that {@link #hasNext()} looked ahead at. */
    boolean buffered;
    /**
     * The one value in transit: the value or throwable being passed in while RUNNING, the
     * buffered value while SUSPENDED, the return value once RETURNED.
     */
    Object value;
    /** The bits of a yielded primitive not boxed yet, while the body's result is a Deferred. */
    private long primitive;
    /** The generator this one is delegating to at its current suspension point, or null. */
    Generator<?, ?, ?> delegate;
    /** The woven generator delegating to this one, while this one is its delegate. */
    GeneratorFrame<?, ?, ?> caller;
    /** On a generator with no caller: the innermost woven generator of its delegation chain. */
    GeneratorFrame<?, ?, ?> top;

    /** Creates a frame in state CREATED. */
    protected GeneratorFrame() {
    }

    /**
     * Runs the woven body from the suspension point {@link #label} to the next one.
     *
     * @return the yielded value, the delegation sentinel, or the body's returned generator
     */
    protected abstract Object resume();

    /**
     * Called by the woven body at {@code Co.yield(i)} of an {@code int}, in place of the
     * {@code Integer.valueOf(i)} that javac put before the call: the box is made when the value
     * leaves the generator ({@code next()}), where the caller usually unboxes it at once and the
     * JIT can drop it, as it does for an {@code Iterator}. A box made in the body would be kept
     * in the frame across the body's return, and the JIT would have to allocate it.
     *
     * @param v the yielded value
     * @return what the body returns to the driver
     */
    public final Object deferInt(int v) {
        primitive = v;
        return Deferred.INT;
    }

    /**
     * As {@link #deferInt}, for a {@code long}.
     *
     * @param v the yielded value
     * @return what the body returns to the driver
     */
    public final Object deferLong(long v) {
        primitive = v;
        return Deferred.LONG;
    }

    /**
     * As {@link #deferInt}, for a {@code double}.
     *
     * @param v the yielded value
     * @return what the body returns to the driver
     */
    public final Object deferDouble(double v) {
        primitive = Double.doubleToRawLongBits(v);
        return Deferred.DOUBLE;
    }

    /**
     * As {@link #deferInt}, for a {@code float}.
     *
     * @param v the yielded value
     * @return what the body returns to the driver
     */
    public final Object deferFloat(float v) {
        primitive = Float.floatToRawIntBits(v);
        return Deferred.FLOAT;
    }

    /**
     * As {@link #deferInt}, for a {@code short}.
     *
     * @param v the yielded value
     * @return what the body returns to the driver
     */
    public final Object deferShort(short v) {
        primitive = v;
        return Deferred.SHORT;
    }

    /**
     * As {@link #deferInt}, for a {@code char}.
     *
     * @param v the yielded value
     * @return what the body returns to the driver
     */
    public final Object deferChar(char v) {
        primitive = v;
        return Deferred.CHAR;
    }

    /**
     * Called by the woven body right after it restored its frame at a suspension point.
     *
     * @return the value sent in
     */
    public final Object resumeValue() {
        Object v = value;
        value = null;
        if (mode == THROW) {
            mode = SEND;
            throw Sneaky.rethrow((Throwable) v);
        }
        return v;
    }

    /**
     * Called by the woven body at a {@code Co.yieldFrom(Generator)}, after saving its frame.
     *
     * @param sub the generator to delegate to
     * @return the sentinel the body returns to its driver
     */
    public final Object delegateTo(Generator<?, ?, ?> sub) {
        value = Objects.requireNonNull(sub, "Co.yieldFrom(null): nothing to delegate to");
        return DELEGATE;
    }

    /**
     * Called by the woven body at a {@code Co.yieldFrom(Iterable)}, after saving its frame.
     *
     * @param values the values to yield
     * @return the sentinel the body returns to its driver
     */
    public final Object delegateTo(Iterable<?> values) {
        Objects.requireNonNull(values, "Co.yieldFrom(null): nothing to iterate");
        return delegateTo(new IteratorGenerator<>(values.iterator()));
    }

    /**
     * Called by the factory of a {@code @Coroutine(primed = true)} generator: advances it to its
     * first yield and drops that value.
     *
     * @return this generator
     */
    public final GeneratorFrame<Y, S, R> prime() {
        next();
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final Y send(S v) {
        if (buffered) {
            if (v != null) {
                throw new IllegalStateException(
                        "cannot send a value while hasNext() holds one: call next() first");
            }
            return (Y) takeBuffered();
        }
        Object r = state <= SUSPENDED && (v == null || state == SUSPENDED) && isPlain()
                ? step(SEND, v)
                : advanceChecked(SEND, v);
        if (r == FINISHED) {
            throw new StopIteration(value);
        }
        return (Y) boxed(r);
    }

    @Override
    public final Y next() {
        return send(null);
    }

    @Override
    public final boolean hasNext() {
        if (buffered) {
            return true;
        }
        Object r;
        if (state <= SUSPENDED && isPlain()) {
            r = step(SEND, null);
        } else if (isClosed()) {
            return false;
        } else {
            r = advanceChecked(SEND, null);
        }
        if (r == FINISHED) {
            return false;
        }
        value = r;
        buffered = true;
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final Y throwInto(Throwable t) {
        Objects.requireNonNull(t, "throwInto(null)");
        if (state == CREATED) {
            state = CLOSED;
            throw Sneaky.rethrow(t);
        }
        if (isClosed()) {
            throw Sneaky.rethrow(t);
        }
        dropBuffered(); // a buffered value means the body is not running: nothing to check first
        Object r = advanceChecked(THROW, t);
        if (r == FINISHED) {
            throw new StopIteration(value);
        }
        return (Y) boxed(r);
    }

    @Override
    public final void close() {
        if (state == CREATED) {
            state = CLOSED;
            return;
        }
        if (isClosed()) {
            return;
        }
        dropBuffered(); // a buffered value means the body is not running: nothing to check first
        Object r;
        try {
            r = advanceChecked(THROW, new GeneratorExit());
        } catch (GeneratorExit expected) {
            return;
        }
        if (r != FINISHED) {
            throw new IllegalStateException("generator ignored GeneratorExit");
        }
    }

    @Override
    public final State state() {
        switch (state) {
            case CREATED:
                return State.CREATED;
            case RUNNING:
                return State.RUNNING;
            case SUSPENDED:
                // A delegate runs whenever the generator delegating to it runs (as in CPython).
                return rootOf(this).state == RUNNING ? State.RUNNING : State.SUSPENDED;
            default:
                return State.CLOSED;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public final R returnValue() {
        if (state != RETURNED) {
            throw new IllegalStateException("the generator has not returned: it is " + state());
        }
        return (R) value;
    }

    @Override
    public String toString() {
        return "generator " + CoroutineNames.of(getClass()) + "[" + state() + "]";
    }

    boolean isClosed() {
        return state >= CLOSED;
    }

    private void checkResumable(Object v) {
        if (state == RUNNING) {
            throw new IllegalStateException("generator already executing");
        }
        if (isClosed()) {
            // Resuming a finished generator: a StopIteration without a value, as in CPython.
            throw new StopIteration();
        }
        if (caller != null && rootOf(this).state == RUNNING) {
            throw new IllegalStateException("generator already executing");
        }
        if (state == CREATED && v != null) {
            throw new IllegalStateException(
                    "can't send non-null value to a just-started generator: call next() first");
        }
    }

    Object takeBuffered() {
        Object v = value;
        value = null;
        buffered = false;
        return boxed(v);
    }

    private void dropBuffered() {
        if (buffered) {
            value = null;
            buffered = false;
        }
    }

    /** The value the body yielded, boxed now if the body deferred that. */
    Object boxed(Object yielded) {
        return yielded instanceof Deferred d ? d.box(primitive) : yielded;
    }

    private static GeneratorFrame<?, ?, ?> rootOf(GeneratorFrame<?, ?, ?> g) {
        while (g.caller != null) {
            g = g.caller;
        }
        return g;
    }

    /** The innermost woven generator below {@code g} in its delegation chain. */
    private static GeneratorFrame<?, ?, ?> leafOf(GeneratorFrame<?, ?, ?> g) {
        while (g.delegate instanceof GeneratorFrame<?, ?, ?> sub && !sub.isClosed()) {
            g = sub;
        }
        return g;
    }

    /** Whether this generator is neither delegating nor a delegate: the common, fast case. */
    private boolean isPlain() {
        return top == null && delegate == null && caller == null;
    }

    /**
     * Resumes this generator's delegation chain at its innermost generator and runs until a value
     * is yielded out of the chain ({@code this} becomes SUSPENDED and the value is returned) or
     * this generator's body returns ({@code this} becomes RETURNED and {@link #FINISHED} is
     * returned). An exception escaping this generator's body closes it and propagates.
     */
    private Object advanceChecked(byte m, Object arg) {
        if (state != SUSPENDED) {
            checkResumable(m == SEND ? arg : null);
        }
        return isPlain() ? step(m, arg) : drive(m, arg);
    }

    /**
     * One resumption of a plain generator. Kept small and free of calls that take {@code this}
     * on its usual paths, so that the JIT inlines it with the woven body into the caller's loop
     * and can keep the frame in registers; delegation goes to {@link DelegationChain}.
     */
    private Object step(byte m, Object arg) {
        state = RUNNING;
        mode = m;
        value = arg;
        Object r;
        try {
            r = resume();
        } catch (Throwable t) {
            // Inline, not a call taking this frame: the frame must not escape the caller's loop.
            finish(CLOSED, null);
            throw Sneaky.rethrow(escaping(t));
        }
        if (r == DELEGATE) {
            return DelegationChain.run(this, this, m, arg, r);
        }
        if (label == DONE) {
            // finish(RETURNED, ...) written out: the JIT may find a call here too rare to inline
            // (JDK 25 does), and a call taking this frame would make it escape the caller's loop.
            value = valueOf(r);
            state = RETURNED;
            mode = SEND;
            delegate = null;
            return FINISHED;
        }
        state = SUSPENDED;
        return r;
    }

    private Object drive(byte m, Object arg) {
        GeneratorFrame<?, ?, ?> g;
        if (caller != null) {
            // Driven directly while another generator delegates to it: that one's cached
            // innermost generator may move, so forget it.
            GeneratorFrame<?, ?, ?> root = rootOf(this);
            if (root.state == RUNNING) {
                throw new IllegalStateException("generator already executing");
            }
            root.top = null;
            g = leafOf(this);
        } else {
            g = top != null ? top : leafOf(this);
        }
        state = RUNNING;
        return DelegationChain.run(this, g, m, arg, null);
    }

    /** PEP 479: a StopIteration escaping a generator body must not look like its end. */
    static Throwable escaping(Throwable t) {
        return t instanceof StopIteration
                ? new IllegalStateException("generator raised StopIteration", t)
                : t;
    }

    void finish(byte how, Object returned) {
        state = how;
        label = DONE;
        value = returned;
        mode = SEND;
        delegate = null;
    }

    static Object valueOf(Object returned) {
        if (returned instanceof Done<?, ?, ?> done) {
            return done.value();
        }
        if (returned == null) {
            return null;
        }
        throw new IllegalStateException("a @Coroutine generator must end with "
                + "'return Generator.done(...)', not return another generator (" + returned
                + "); to run it to its end, write 'return Generator.done(Co.yieldFrom(g))'");
    }
}
