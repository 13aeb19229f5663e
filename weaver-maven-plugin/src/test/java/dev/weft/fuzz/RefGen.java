package dev.weft.fuzz;

import dev.weft.Generator;
import dev.weft.GeneratorExit;
import dev.weft.StopIteration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The referee's model of a generator: the plain (unwoven) body runs on a thread of its own and
 * each suspension point is a hand-off to the caller, so the body needs no rewriting at all. The
 * protocol methods follow CPython 3.11's {@code gen_send_ex}, {@code gen_throw} and
 * {@code gen_close} (and API.md where weft defines what Python does not: the non-null first send,
 * throwing into a CREATED generator, {@code hasNext()} buffering, the return value kept by a
 * close that ended in a return). {@link R#yieldFrom} is the PEP 380 expansion over this class.
 */
public final class RefGen implements Generator<Object, Object, Object> {

    /** A reference body: the plain method. */
    public interface Body {
        Generator<?, ?, ?> run() throws Exception;
    }

    /** Unwinds a body that the referee abandons at the end of a run. */
    static final class Kill extends Error {
        private static final long serialVersionUID = 1L;

        Kill() {
            super("kill", null, false, false);
        }
    }

    /** Misuse of the protocol: its message is not part of the contract, only its type. */
    static final class ProtocolError extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ProtocolError(String message) {
            super(message);
        }
    }

    private static final long HANDOFF_TIMEOUT_MS = 30_000;
    private static final ThreadLocal<RefGen> CURRENT = new ThreadLocal<>();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "weft-fuzz-reference");
        t.setDaemon(true);
        return t;
    });
    /** Every generator made in the current run, to be unwound at its end. */
    private static final List<RefGen> LIVE = new ArrayList<>();

    private static final int YIELD = 0;
    private static final int RETURN = 1;
    private static final int THROW = 2;

    private enum St { CREATED, RUNNING, SUSPENDED, CLOSED, RETURNED }

    private final Body body;
    private St st = St.CREATED;
    private boolean buffered;
    private Object value;
    /** The suspension point the body stands at (for the schedule's choice of a sent value). */
    volatile int point;
    /** The generator this one delegates to, while in {@link R#yieldFrom}. */
    volatile RefGen delegate;
    private volatile boolean killed;

    // The hand-off, guarded by this.
    private boolean started;
    private boolean finished;
    private boolean genTurn;
    private boolean inThrow;
    private Object in;
    private int outKind;
    private Object out;

    public RefGen(Body body) {
        this.body = body;
        synchronized (LIVE) {
            LIVE.add(this);
        }
    }

    static RefGen current() {
        RefGen g = CURRENT.get();
        if (g == null) {
            throw new IllegalStateException("a reference marker outside a reference generator");
        }
        return g;
    }

    /** The innermost generator of this one's delegation chain. */
    RefGen innermost() {
        RefGen g = this;
        while (g.delegate != null) {
            g = g.delegate;
        }
        return g;
    }

    boolean buffered() {
        return buffered;
    }

    boolean killed() {
        return killed;
    }

    /** Starts a run: forgets the generators of the previous one. */
    static void beginRun() {
        synchronized (LIVE) {
            LIVE.clear();
        }
    }

    /** Ends a run: unwinds every body still suspended, so its thread goes back to the pool. */
    static void endRun() {
        for (;;) {
            List<RefGen> live;
            synchronized (LIVE) {
                live = new ArrayList<>(LIVE);
                LIVE.clear();
            }
            if (live.isEmpty()) {
                return;
            }
            for (int k = live.size() - 1; k >= 0; k--) {
                live.get(k).kill();
            }
        }
    }

    private void kill() {
        killed = true;
        synchronized (this) {
            if (!started || finished) {
                return;
            }
        }
        handOff(true, new Kill());
    }

    // ---- the body's side ----

    /** A suspension point: hands {@code v} to the caller and waits to be resumed. */
    Object suspend(int pointId, Object v) {
        if (killed) {
            throw new Kill();
        }
        boolean t;
        Object arg;
        synchronized (this) {
            point = pointId;
            outKind = YIELD;
            out = v;
            genTurn = false;
            notifyAll();
            awaitTurn(true);
            t = inThrow;
            arg = in;
            in = null;
        }
        if (killed) {
            throw new Kill();
        }
        if (t) {
            throw sneaky((Throwable) arg);
        }
        return arg;
    }

    private void threadMain() {
        CURRENT.set(this);
        int kind;
        Object result;
        try {
            synchronized (this) {
                awaitTurn(true);
            }
            Generator<?, ?, ?> r = body.run();
            kind = RETURN;
            result = r == null ? null : r.returnValue();
        } catch (Throwable t) {
            kind = THROW;
            result = t;
        } finally {
            CURRENT.remove();
        }
        synchronized (this) {
            outKind = kind;
            out = result;
            finished = true;
            genTurn = false;
            notifyAll();
        }
    }

    private void awaitTurn(boolean generator) {
        long deadline = System.currentTimeMillis() + HANDOFF_TIMEOUT_MS;
        while (genTurn != generator) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("reference generator hand-off timed out");
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    // ---- the caller's side ----

    /** Resumes the body; returns {kind, value}. */
    private Object[] handOff(boolean isThrow, Object arg) {
        synchronized (this) {
            inThrow = isThrow;
            in = arg;
            genTurn = true;
            if (!started) {
                started = true;
                POOL.execute(this::threadMain);
            } else {
                notifyAll();
            }
            awaitTurn(false);
            Object[] r = {outKind, out};
            out = null;
            return r;
        }
    }

    private Object resume(boolean isThrow, Object arg) {
        st = St.RUNNING;
        Object[] r = handOff(isThrow, arg);
        switch ((int) r[0]) {
            case YIELD:
                st = St.SUSPENDED;
                return r[1];
            case RETURN:
                st = St.RETURNED;
                value = r[1];
                throw new StopIteration(r[1]);
            default:
                st = St.CLOSED;
                Throwable t = (Throwable) r[1];
                if (t instanceof StopIteration) {
                    throw new IllegalStateException("generator raised StopIteration", t);
                }
                throw sneaky(t);
        }
    }

    private boolean closed() {
        return st == St.CLOSED || st == St.RETURNED;
    }

    private void checkNotRunning() {
        if (st == St.RUNNING) {
            throw new IllegalStateException("generator already executing");
        }
    }

    @Override
    public Object send(Object v) {
        if (buffered) {
            if (v != null) {
                throw new ProtocolError("a value is buffered");
            }
            buffered = false;
            Object b = value;
            value = null;
            return b;
        }
        checkNotRunning();
        if (closed()) {
            throw new StopIteration();
        }
        if (st == St.CREATED && v != null) {
            throw new ProtocolError("non-null send to a just-started generator");
        }
        return resume(false, v);
    }

    @Override
    public Object next() {
        return send(null);
    }

    @Override
    public boolean hasNext() {
        if (buffered) {
            return true;
        }
        checkNotRunning();
        if (closed()) {
            return false;
        }
        Object v;
        try {
            v = resume(false, null);
        } catch (StopIteration end) {
            return false;
        }
        value = v;
        buffered = true;
        return true;
    }

    private void dropBuffered() {
        buffered = false;
        value = null;
    }

    @Override
    public Object throwInto(Throwable t) {
        if (st == St.CREATED) {
            st = St.CLOSED;
            throw sneaky(t);
        }
        if (closed()) {
            throw sneaky(t);
        }
        checkNotRunning();
        dropBuffered();
        return resume(true, t);
    }

    @Override
    public void close() {
        if (st == St.CREATED) {
            st = St.CLOSED;
            return;
        }
        if (closed()) {
            return;
        }
        checkNotRunning();
        dropBuffered();
        try {
            resume(true, new GeneratorExit());
        } catch (GeneratorExit | StopIteration expected) {
            return;
        }
        throw new IllegalStateException("generator ignored GeneratorExit");
    }

    @Override
    public State state() {
        switch (st) {
            case CREATED:
                return State.CREATED;
            case RUNNING:
                return State.RUNNING;
            case SUSPENDED:
                return State.SUSPENDED;
            default:
                return State.CLOSED;
        }
    }

    @Override
    public Object returnValue() {
        if (st != St.RETURNED) {
            throw new ProtocolError("not returned");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
