package dev.weft.internal;

import static dev.weft.internal.GeneratorFrame.CLOSED;
import static dev.weft.internal.GeneratorFrame.DELEGATE;
import static dev.weft.internal.GeneratorFrame.DONE;
import static dev.weft.internal.GeneratorFrame.FINISHED;
import static dev.weft.internal.GeneratorFrame.RETURNED;
import static dev.weft.internal.GeneratorFrame.RUNNING;
import static dev.weft.internal.GeneratorFrame.SEND;
import static dev.weft.internal.GeneratorFrame.SUSPENDED;
import static dev.weft.internal.GeneratorFrame.THROW;

import dev.weft.Generator;
import dev.weft.GeneratorExit;
import dev.weft.StopIteration;

/**
 * The slow path of {@link GeneratorFrame}: one resumption of a generator that delegates
 * ({@code Co.yieldFrom}, PEP 380), driven up and down its chain of delegates until a value leaves
 * the chain or the driven generator itself finishes.
 *
 * <p>The chain is flattened: what is sent or thrown in goes straight to the innermost generator,
 * the <em>current</em> one, and only what that generator does moves the driver, one named step
 * each: it {@linkplain #yielded yields} (the value leaves the chain), it
 * {@linkplain #delegated delegates} (its delegate becomes current), it
 * {@linkplain #returned returns} or {@linkplain #died dies} (its caller becomes current, resumed
 * with the return value or the exception). A delegate that is not woven (any other
 * {@link Generator}, or an iterator) is {@linkplain #forwardToDelegate driven through its public
 * methods}.
 *
 * <p>A step that moves the chain returns the generator that runs next and hands it its input the
 * way its body receives it, in its {@code mode} and {@code value} fields; {@link #run} reads the
 * input back into locals. The driver's state is kept in {@link #run}'s locals, never in fields of
 * an object of its own: the JIT keeps locals in registers across the body's virtual
 * {@code resume()} call, and a first version of this class that held them in fields was 40 %
 * slower per delegated element (see docs/BENCHMARKS.md, issue 11 part 3).
 *
 * <p>Closing is the one subtle part. {@code close()} throws a {@link GeneratorExit} into the
 * innermost generator; every delegate between it and the driven generator is then, as in
 * CPython, inside its own {@code close()} until it finishes: a delegate that returns raises
 * {@code GeneratorExit} in its caller, one that yields ignored it and fails that close.
 * {@code closing} in {@link #run} is the innermost delegate still being closed.
 *
 * <p>Thread rules: none of its own; it runs on the thread that resumes the driven generator,
 * which, like a Python generator, must not be resumed by two threads at once.
 */
final class DelegationChain {

    /** From {@link #forwardToDelegate}: the delegate ended, and the current body runs next. */
    private static final Object ENDED = new Object();

    private DelegationChain() {
    }

    /**
     * Resumes {@code g}, the innermost generator of {@code driven}'s chain, with {@code (m, arg)},
     * or, when {@code outcome} is not null, starts from that outcome of {@code g}'s body (the fast
     * path hands over here when a body asks to delegate). {@code driven} is RUNNING.
     *
     * @return the value yielded out of the chain, or {@link GeneratorFrame#FINISHED}
     */
    static Object run(GeneratorFrame<?, ?, ?> driven, GeneratorFrame<?, ?, ?> g, byte m, Object arg,
            Object outcome) {
        GeneratorFrame<?, ?, ?> closing = isExit(m, arg) && g != driven ? g : null;
        Object exit = arg;
        for (;;) {
            Object r = outcome;
            if (r != null) {
                outcome = null;
            } else {
                r = ENDED;
                if (g.delegate != null) {
                    r = forwardToDelegate(g, m, arg);
                    if (r == ENDED) {
                        m = g.mode;
                        arg = g.value;
                    }
                }
                if (r == ENDED) {
                    try {
                        r = resumeBody(g, m, arg);
                    } catch (Throwable t) {
                        if (g == closing) {
                            closing = closingAbove(driven, g);
                        }
                        g = died(driven, g, t);
                        m = THROW;
                        arg = g.value;
                        continue;
                    }
                }
            }
            if (r == DELEGATE) {
                g = delegated(driven, g);
                if (g.buffered) {
                    return leaveBuffered(driven, g);
                }
                m = g.mode;
                arg = g.value;
                continue;
            }
            if (g.label == DONE) {
                if (g == driven) {
                    return finished(driven, r);
                }
                boolean closed = g == closing;
                if (closed) {
                    closing = closingAbove(driven, g);
                }
                g = returned(g, r, closed, exit);
                m = g.mode;
                arg = g.value;
                continue;
            }
            if (closing != null) {
                g = ignoredExit(g, closing);
                closing = g != driven ? g : null;
                m = THROW;
                arg = g.value;
                continue;
            }
            return yielded(driven, g, r);
        }
    }

    private static boolean isExit(byte m, Object arg) {
        return m == THROW && arg instanceof GeneratorExit;
    }

    /** Runs {@code g}'s own body with {@code (m, arg)} from its suspension point to the next. */
    private static Object resumeBody(GeneratorFrame<?, ?, ?> g, byte m, Object arg) {
        g.mode = m;
        g.value = arg;
        g.state = RUNNING;
        return g.resume();
    }

    /**
     * Drives {@code g}'s delegate, a generator that is not woven (or one already finished),
     * through its public methods, with {@code (m, arg)}. What it yields, {@code g} yields; how it
     * ends is the outcome of {@code g}'s suspension point, handed to {@code g} as its input.
     *
     * @return the delegate's yielded value, or {@link #ENDED}
     */
    private static Object forwardToDelegate(GeneratorFrame<?, ?, ?> g, byte m, Object arg) {
        Generator<?, ?, ?> d = g.delegate;
        if (m == THROW && d instanceof IteratorGenerator<?>) {
            // An iterator has no throw(): PEP 380 raises the exception in the delegating
            // generator itself, where a StopIteration must not pass for the iterator's end.
            detach(g, d);
            return hand(g, m, arg);
        }
        try {
            return forward(d, m, arg);
        } catch (StopIteration stop) {
            detach(g, d);
            return isExit(m, arg) ? hand(g, m, arg) : hand(g, SEND, stop.value());
        } catch (Throwable t) {
            detach(g, d);
            return hand(g, THROW, t);
        }
    }

    /** Gives {@code g} its next input, the way its body receives it. */
    private static Object hand(GeneratorFrame<?, ?, ?> g, byte m, Object arg) {
        g.mode = m;
        g.value = arg;
        return ENDED;
    }

    /**
     * {@code g}'s body threw {@code t}: {@code g} is closed, and the exception propagates out of
     * the driven generator, or is raised in {@code g}'s caller, which is returned.
     */
    private static GeneratorFrame<?, ?, ?> died(
            GeneratorFrame<?, ?, ?> driven, GeneratorFrame<?, ?, ?> g, Throwable t) {
        g.finish(CLOSED, null);
        Throwable escaped = GeneratorFrame.escaping(t);
        if (g == driven) {
            driven.top = null;
            throw Sneaky.rethrow(escaped);
        }
        GeneratorFrame<?, ?, ?> caller = popTo(g);
        hand(caller, THROW, escaped);
        return caller;
    }

    /**
     * {@code g}'s body asked to delegate to the generator it left in its {@code value}.
     *
     * @return the generator that runs next: the delegate when it is woven (started with
     *     {@code send(null)}, or holding the value {@code hasNext()} looked ahead at), else
     *     {@code g}, to forward to its new delegate or to take the failure
     */
    private static GeneratorFrame<?, ?, ?> delegated(
            GeneratorFrame<?, ?, ?> driven, GeneratorFrame<?, ?, ?> g) {
        Generator<?, ?, ?> sub = (Generator<?, ?, ?>) g.value;
        if (sub instanceof Done<?, ?, ?> done) {
            // What a method or lambda that is not woven returns with 'return Generator.done(v)'
            // (a lambda whose suspension points javac dropped as dead code is one): a generator
            // that has already returned v, so the yieldFrom evaluates to v at once, as
            // Generator.done promises. Driven through send() it would end with a StopIteration
            // without a value, as a resumed finished generator does, and give null.
            hand(g, SEND, done.value());
            return g;
        }
        hand(g, SEND, null);
        if (!(sub instanceof GeneratorFrame<?, ?, ?> frame)) {
            g.delegate = sub;
            return g;
        }
        if (frame.isClosed()) {
            return g; // yield from a finished generator evaluates to null
        }
        if (frame.state == RUNNING || frame.caller != null || frame == driven) {
            hand(g, THROW, new IllegalStateException("generator already executing"));
            return g;
        }
        g.delegate = frame;
        frame.caller = g;
        frame.top = null;
        if (g != driven) {
            g.state = SUSPENDED;
        }
        if (!frame.buffered) {
            hand(frame, SEND, null);
        }
        return frame;
    }

    /** A delegate {@code hasNext()} had already run to its next yield: that is the first value. */
    private static Object leaveBuffered(GeneratorFrame<?, ?, ?> driven, GeneratorFrame<?, ?, ?> g) {
        driven.top = g;
        driven.state = SUSPENDED;
        return g.takeBuffered();
    }

    /** The driven generator's own body returned {@code r}. */
    private static Object finished(GeneratorFrame<?, ?, ?> driven, Object r) {
        driven.finish(RETURNED, GeneratorFrame.valueOf(r));
        driven.top = null;
        return FINISHED;
    }

    /**
     * The delegate {@code g}'s body returned {@code r}: its caller resumes with the return value,
     * or, when {@code g} was being closed, with the {@code exit} thrown down the chain (its close()
     * succeeded, whatever it did before it returned).
     *
     * @return the caller
     */
    private static GeneratorFrame<?, ?, ?> returned(
            GeneratorFrame<?, ?, ?> g, Object r, boolean closed, Object exit) {
        Object value = GeneratorFrame.valueOf(r);
        g.finish(RETURNED, value);
        GeneratorFrame<?, ?, ?> caller = popTo(g);
        if (closed) {
            hand(caller, THROW, exit);
        } else {
            hand(caller, SEND, value);
        }
        return caller;
    }

    /**
     * The delegate {@code closing} finished its close(): the innermost delegate still closing is
     * now its caller, unless that is the driven generator.
     */
    private static GeneratorFrame<?, ?, ?> closingAbove(
            GeneratorFrame<?, ?, ?> driven, GeneratorFrame<?, ?, ?> closing) {
        return closing.caller != driven ? closing.caller : null;
    }

    /**
     * A value was yielded while the delegate {@code closing} was being closed (by it, or by a
     * delegate it started since): it ignored GeneratorExit. It is abandoned, as CPython's close()
     * of that delegate fails, and that failure is raised in its caller, itself still closing.
     *
     * @param g the generator that yielded
     * @return the caller of {@code closing}
     */
    private static GeneratorFrame<?, ?, ?> ignoredExit(
            GeneratorFrame<?, ?, ?> g, GeneratorFrame<?, ?, ?> closing) {
        g.state = SUSPENDED;
        GeneratorFrame<?, ?, ?> caller = popTo(closing);
        hand(caller, THROW, new IllegalStateException("generator ignored GeneratorExit"));
        return caller;
    }

    /** {@code g} yielded {@code r}, which leaves the chain. */
    private static Object yielded(GeneratorFrame<?, ?, ?> driven, GeneratorFrame<?, ?, ?> g,
            Object r) {
        g.state = SUSPENDED;
        driven.top = g == driven ? null : g;
        driven.state = SUSPENDED;
        return g.boxed(r);
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
