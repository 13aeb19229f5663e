package dev.weft.internal;

import dev.weft.Generator;
import dev.weft.GeneratorExit;
import dev.weft.StopIteration;

import static dev.weft.internal.GeneratorFrame.CLOSED;
import static dev.weft.internal.GeneratorFrame.DELEGATE;
import static dev.weft.internal.GeneratorFrame.DONE;
import static dev.weft.internal.GeneratorFrame.FINISHED;
import static dev.weft.internal.GeneratorFrame.RETURNED;
import static dev.weft.internal.GeneratorFrame.RUNNING;
import static dev.weft.internal.GeneratorFrame.SEND;
import static dev.weft.internal.GeneratorFrame.SUSPENDED;
import static dev.weft.internal.GeneratorFrame.THROW;

/**
 * The slow path of {@link GeneratorFrame}: one resumption of a generator that delegates
 * ({@code Co.yieldFrom}, PEP 380), driven up and down its chain of delegates until a value leaves
 * the chain or the generator itself finishes.
 *
 * <p>The chain is flattened: what is sent or thrown in goes straight to the innermost generator,
 * the <em>current</em> one, and only what that generator does moves the driver: it yields (the
 * value leaves the chain), it delegates (its delegate becomes current), it returns or dies (its
 * caller becomes current, resumed with the return value or the exception). A delegate that is not woven
 * (any other {@link Generator}, or an iterator) is driven through its public methods.
 *
 * <p>Closing is the one subtle part. {@code close()} throws a {@link GeneratorExit} into the
 * innermost generator; every delegate between it and the driven generator is then, as in
 * CPython, inside its own {@code close()} until it finishes: a delegate that returns raises
 * {@code GeneratorExit} in its caller, one that yields ignored it and fails that close.
 * {@link #closing} is the innermost delegate still being closed.
 *
 * <p>Thread rules: used by one thread at a time, like the generator that owns it. A chain object
 * belongs to the generator whose {@code send}/{@code throwInto}/{@code close} drives it and is
 * reused; its fields hold nothing between resumptions.
 */
final class DelegationChain {

    /** From {@link #resumeCurrent()}: the current generator changed; go round again. */
    private static final Object AGAIN = new Object();

    /** The generator whose {@code send}/{@code throwInto}/{@code close} is being carried out. */
    private final GeneratorFrame<?, ?, ?> driven;

    // One resumption's state.
    /** The generator that runs next: the innermost one the chain has reached. */
    private GeneratorFrame<?, ?, ?> current;
    /** How {@link #current} is resumed: SEND or THROW. */
    private byte mode;
    /** The value sent or the throwable thrown into {@link #current}. */
    private Object arg;
    /** The innermost delegate still inside its own close(), or null. */
    private GeneratorFrame<?, ?, ?> closing;
    /** The GeneratorExit thrown down the chain: raised again in a closed delegate's caller. */
    private Object exit;
    /** What leaves the chain: the yielded value, or {@link GeneratorFrame#FINISHED}. */
    private Object result;

    DelegationChain(GeneratorFrame<?, ?, ?> driven) {
        this.driven = driven;
    }

    /**
     * Resumes {@code g} (the innermost generator of the driven one's chain) with {@code (m, a)},
     * or, when {@code outcome} is not null, starts from that outcome of {@code g}'s body (the
     * fast path hands over here when a body asks to delegate).
     *
     * @return the value yielded out of the chain, or {@link GeneratorFrame#FINISHED}
     */
    Object run(GeneratorFrame<?, ?, ?> g, byte m, Object a, Object outcome) {
        current = g;
        mode = m;
        arg = a;
        exit = a;
        closing = isExit() && g != driven ? g : null;
        try {
            Object r = outcome != null ? outcome : AGAIN;
            for (;;) {
                if (r == AGAIN) {
                    r = resumeCurrent();
                    continue;
                }
                boolean leaves = r == DELEGATE ? delegated()
                        : current.label == DONE ? returned(r)
                        : yielded(r);
                if (leaves) {
                    return result;
                }
                r = AGAIN;
            }
        } finally {
            current = null;
            arg = null;
            exit = null;
            closing = null;
            result = null;
        }
    }

    private boolean isExit() {
        return mode == THROW && arg instanceof GeneratorExit;
    }

    /**
     * Resumes {@link #current}: through its delegate when it has one that is not woven, else its
     * own body.
     *
     * @return what it did (a yielded value, {@link GeneratorFrame#DELEGATE}, its returned
     *     generator), or {@link #AGAIN}
     */
    private Object resumeCurrent() {
        GeneratorFrame<?, ?, ?> g = current;
        if (mode == THROW && g.delegate instanceof IteratorGenerator<?> plain) {
            // An iterator has no throw(): PEP 380 raises the exception in the delegating
            // generator itself, where a StopIteration must not pass for the iterator's end.
            detach(g, plain);
        }
        if (g.delegate != null) {
            Object r = forwardToDelegate(g);
            if (r != AGAIN) {
                return r; // the delegate yielded: so does g
            }
        }
        g.mode = mode;
        g.value = arg;
        g.state = RUNNING;
        try {
            return g.resume();
        } catch (Throwable t) {
            return died(g, t);
        }
    }

    /**
     * Drives {@code g}'s delegate, a generator that is not woven (or one already finished),
     * through its public methods. What it yields, {@code g} yields; how it ends is the outcome of
     * {@code g}'s suspension point, with which {@code g} is resumed.
     *
     * @return the delegate's yielded value, or {@link #AGAIN} when it ended
     */
    private Object forwardToDelegate(GeneratorFrame<?, ?, ?> g) {
        Generator<?, ?, ?> d = g.delegate;
        boolean exiting = isExit();
        try {
            return forward(d, mode, arg);
        } catch (StopIteration stop) {
            detach(g, d);
            mode = exiting ? THROW : SEND;
            arg = exiting ? arg : stop.value();
        } catch (Throwable t) {
            detach(g, d);
            mode = THROW;
            arg = t;
        }
        return AGAIN;
    }

    /**
     * {@code g}'s body threw {@code t}: {@code g} is closed and the exception is raised in its
     * caller, or leaves the chain when {@code g} is the driven generator.
     */
    private Object died(GeneratorFrame<?, ?, ?> g, Throwable t) {
        g.finish(CLOSED, null);
        Throwable escaped = GeneratorFrame.escaping(t);
        if (g == driven) {
            driven.top = null;
            throw Sneaky.rethrow(escaped);
        }
        if (g == closing) {
            closing = g.caller != driven ? g.caller : null;
        }
        current = popTo(g);
        mode = THROW;
        arg = escaped;
        return AGAIN;
    }

    /**
     * {@link #current}'s body asked to delegate to the generator it left in its {@code value}: that
     * one becomes current, started with {@code send(null)}.
     *
     * @return true when a value leaves the chain at once (a delegate that {@code hasNext()} had
     *     already advanced)
     */
    private boolean delegated() {
        GeneratorFrame<?, ?, ?> g = current;
        Generator<?, ?, ?> sub = (Generator<?, ?, ?>) g.value;
        g.value = null;
        mode = SEND;
        arg = null;
        if (!(sub instanceof GeneratorFrame<?, ?, ?> frame)) {
            g.delegate = sub;
            return false;
        }
        if (frame.isClosed()) {
            return false; // yield from a finished generator evaluates to null
        }
        if (frame.state == RUNNING || frame.caller != null || frame == driven) {
            mode = THROW;
            arg = new IllegalStateException("generator already executing");
            return false;
        }
        g.delegate = frame;
        frame.caller = g;
        frame.top = null;
        if (g != driven) {
            g.state = SUSPENDED;
        }
        current = frame;
        if (frame.buffered) {
            // hasNext() already ran it to its next yield: that is the first value.
            driven.top = frame;
            driven.state = SUSPENDED;
            result = frame.takeBuffered();
            return true;
        }
        return false;
    }

    /**
     * {@link #current}'s body returned {@code r}: the chain finishes if it is the driven
     * generator, else its caller resumes with the return value.
     *
     * @return true when the driven generator finished
     */
    private boolean returned(Object r) {
        GeneratorFrame<?, ?, ?> g = current;
        Object value = GeneratorFrame.valueOf(r);
        g.finish(RETURNED, value);
        if (g == driven) {
            driven.top = null;
            result = FINISHED;
            return true;
        }
        boolean closed = g == closing;
        if (closed) {
            closing = g.caller != driven ? g.caller : null;
        }
        current = popTo(g);
        // A delegate being closed that returned: its close() succeeded, and GeneratorExit is
        // raised in its caller (whatever the delegate did before it returned).
        mode = closed ? THROW : SEND;
        arg = closed ? exit : value;
        return false;
    }

    /**
     * {@link #current} yielded {@code r}: the value leaves the chain, unless a delegate being
     * closed yielded it.
     *
     * @return true when the value leaves the chain
     */
    private boolean yielded(Object r) {
        GeneratorFrame<?, ?, ?> g = current;
        g.state = SUSPENDED;
        if (closing != null) {
            // A delegate being closed yielded (itself, or through a delegate it started since):
            // it ignored GeneratorExit. Abandon it, as CPython's close() of that delegate fails,
            // and raise that failure in its caller, itself still closing.
            current = popTo(closing);
            closing = current != driven ? current : null;
            mode = THROW;
            arg = new IllegalStateException("generator ignored GeneratorExit");
            return false;
        }
        driven.top = g == driven ? null : g;
        driven.state = SUSPENDED;
        result = g.boxed(r);
        return true;
    }

    /** Detaches the delegate {@code g} from its caller and returns that caller. */
    private static GeneratorFrame<?, ?, ?> popTo(GeneratorFrame<?, ?, ?> g) {
        GeneratorFrame<?, ?, ?> parent = g.caller;
        g.caller = null;
        parent.delegate = null;
        return parent;
    }

    /** Ends {@code g}'s delegation to {@code d}, a generator driven through its public API. */
    private static void detach(GeneratorFrame<?, ?, ?> g, Generator<?, ?, ?> d) {
        g.delegate = null;
        if (d instanceof GeneratorFrame<?, ?, ?> frame && frame.caller == g) {
            frame.caller = null;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object forward(Generator d, byte m, Object arg) {
        if (m == SEND) {
            return d.send(arg);
        }
        if (arg instanceof GeneratorExit exit) {
            d.close();
            throw exit;
        }
        return d.throwInto((Throwable) arg);
    }
}
