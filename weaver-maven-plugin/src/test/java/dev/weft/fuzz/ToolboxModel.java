package dev.weft.fuzz;

import static dev.weft.fuzz.ToolboxScript.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The reference of the toolbox fuzzer: a plain, single-threaded model of a scenario, written from
 * Tornado 6's {@code locks.py} and {@code queues.py} (their structure kept: deques of waiters where
 * a done waiter is skipped when reached, {@code _consume_expired}, {@code __put_internal}, the
 * {@code Event} behind {@code join}) on a model of weft's IOLoop turn and of woven coroutines:
 *
 * <ul>
 *   <li>a turn runs the callbacks queued before it, then the timers due at its start, in the order
 *       they were added (so a zero timeout set in one turn fires after the callbacks of the
 *       next);</li>
 *   <li>completing a future runs its done callbacks at once, in order; a coroutine awaiting a
 *       pending future resumes in a callback queued when the future completes; awaiting a done
 *       future goes straight on; {@code Co.moment()} is a future completed by a callback;</li>
 *   <li>the entry starts every coroutine in order, each running until its first suspension.</li>
 * </ul>
 *
 * Independent of {@code dev.weft.locks}/{@code dev.weft.queues}: nothing here calls them.
 */
final class ToolboxModel {
    private static final Object TIMEOUT = new Object();

    // ------------------------------------------------------------ the loop

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final List<Timer> timers = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    private boolean finished;

    private static final class Timer {
        final Runnable cb;
        boolean active = true;

        Timer(Runnable cb) {
            this.cb = cb;
        }
    }

    /** A timeout: ZERO fires next turn; LONG never during a run; NONE is none. */
    private void setTimeout(F f, int timeout, Runnable onTimeout) {
        if (timeout != ZERO) {
            return;
        }
        Timer t = new Timer(() -> {
            if (!f.done) {
                onTimeout.run();
            }
        });
        timers.add(t);
        f.onDone(x -> t.active = false);
    }

    static List<String> run(ToolboxScript s) {
        ToolboxModel m = new ToolboxModel(s.config);
        m.ready.add(() -> {
            for (int c = 0; c < s.scripts.length; c++) {
                m.new Coro(c, s.scripts[c]).step();
            }
            m.new Finisher(s.config[3]).step();
        });
        for (int turn = 0; !m.finished; turn++) {
            if (turn > 100_000) {
                throw new AssertionError("the model did not finish");
            }
            int n = m.ready.size();
            List<Timer> due = new ArrayList<>(m.timers);
            m.timers.clear();
            for (int i = 0; i < n; i++) {
                m.ready.poll().run();
            }
            for (Timer t : due) {
                if (t.active) {
                    t.active = false;
                    t.cb.run();
                }
            }
        }
        return m.log;
    }

    // ------------------------------------------------------------ futures (weft's rules)

    static final class F {
        boolean done;
        boolean cancelled;
        Object value;
        private List<Consumer<F>> callbacks = new ArrayList<>();

        static F completed(Object v) {
            F f = new F();
            f.setResult(v);
            return f;
        }

        void onDone(Consumer<F> cb) {
            if (done) {
                cb.accept(this);
            } else {
                callbacks.add(cb);
            }
        }

        void setResult(Object v) {
            if (done) {
                throw new AssertionError("model future completed twice");
            }
            done = true;
            value = v;
            List<Consumer<F>> cbs = callbacks;
            callbacks = null;
            cbs.forEach(cb -> cb.accept(this));
        }

        void cancel() {
            if (!done) {
                cancelled = true;
                setResult(null);
            }
        }

        boolean timedOut() {
            return value == TIMEOUT;
        }
    }

    private F moment() {
        F f = new F();
        ready.add(() -> f.setResult(null));
        return f;
    }

    // ------------------------------------------------------------ tornado.locks

    /** _ReleasingContextManager, closed once. */
    private static final class Rel {
        private Runnable release;

        Rel(Runnable release) {
            this.release = release;
        }

        void close() {
            Runnable r = release;
            if (r != null) {
                release = null;
                r.run();
            }
        }
    }

    /** Semaphore / BoundedSemaphore, as locks.py. */
    private final class Sem {
        final ArrayDeque<F> waiters = new ArrayDeque<>();
        final int initial;
        final Runnable owner;
        int value;

        Sem(int value, Runnable owner) {
            this.value = value;
            this.initial = value;
            this.owner = owner;
        }

        F acquire(int timeout) {
            F waiter = new F();
            if (value > 0) {
                value--;
                waiter.setResult(new Rel(owner));
            } else {
                waiters.add(waiter);
                setTimeout(waiter, timeout, () -> waiter.setResult(TIMEOUT));
            }
            return waiter;
        }

        void release() {
            if (value >= initial) {
                throw new IllegalStateException("Semaphore released too many times");
            }
            value++;
            while (!waiters.isEmpty()) {
                F waiter = waiters.poll();
                if (!waiter.done) {
                    value--;
                    waiter.setResult(new Rel(owner));
                    break;
                }
            }
        }

        int live() {
            return (int) waiters.stream().filter(w -> !w.done).count();
        }
    }

    private final Sem lockBlock = new Sem(1, this::lockRelease);
    private final Sem sem;

    private void semRelease() {
        sem.release();
    }

    private void lockRelease() {
        try {
            lockBlock.release();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("release unlocked lock");
        }
    }

    // Condition
    private final ArrayDeque<F> condWaiters = new ArrayDeque<>();

    private F condWait(int timeout) {
        F waiter = new F();
        condWaiters.add(waiter);
        setTimeout(waiter, timeout, () -> waiter.setResult(false));
        return waiter;
    }

    private void condNotify(int n) {
        List<F> waiters = new ArrayList<>();
        while (n > 0 && !condWaiters.isEmpty()) {
            F waiter = condWaiters.poll();
            if (!waiter.done) {
                n--;
                waiters.add(waiter);
            }
        }
        for (F waiter : waiters) {
            waiter.setResult(true);
        }
    }

    /** Event, as locks.py (an insertion-ordered set: Tornado's set has no order to copy). */
    private final class Ev {
        boolean value;
        final LinkedHashSet<F> waiters = new LinkedHashSet<>();

        void set() {
            if (!value) {
                value = true;
                for (F fut : new ArrayList<>(waiters)) {
                    if (!fut.done) {
                        fut.setResult(null);
                    }
                }
            }
        }

        F waitFor(int timeout) {
            if (value) {
                return F.completed(null);
            }
            F fut = new F();
            waiters.add(fut);
            fut.onDone(x -> waiters.remove(fut));
            setTimeout(fut, timeout, () -> fut.setResult(TIMEOUT));
            return fut;
        }
    }

    private final Ev event = new Ev();

    // ------------------------------------------------------------ tornado.queues

    private final int queueKind;
    private final int maxSize;
    private final LinkedList<Integer> items = new LinkedList<>();
    private final ArrayDeque<F> getters = new ArrayDeque<>();
    private final ArrayDeque<Object[]> putters = new ArrayDeque<>(); // {item, future}
    private int unfinishedTasks;
    private final Ev finished_ = new Ev();

    private final class QueueFull extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private final class QueueEmpty extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private boolean full() {
        return maxSize != 0 && items.size() >= maxSize;
    }

    private void storePut(Integer item) {
        if (queueKind == 2) {
            // Stable: after every item that is not greater (nulls first).
            int i = 0;
            while (i < items.size() && compare(items.get(i), item) <= 0) {
                i++;
            }
            items.add(i, item);
        } else {
            items.add(item);
        }
    }

    private static int compare(Integer a, Integer b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return a.compareTo(b);
    }

    private Integer storeGet() {
        return queueKind == 1 ? items.removeLast() : items.removeFirst();
    }

    private void putInternal(Integer item) {
        unfinishedTasks++;
        finished_.value = false;
        storePut(item);
    }

    private void consumeExpired() {
        while (!putters.isEmpty() && ((F) putters.peek()[1]).done) {
            putters.poll();
        }
        while (!getters.isEmpty() && getters.peek().done) {
            getters.poll();
        }
    }

    private F put(Integer item, int timeout) {
        F future = new F();
        try {
            putNowait(item);
        } catch (QueueFull e) {
            putters.add(new Object[] {item, future});
            setTimeout(future, timeout, () -> future.setResult(TIMEOUT));
            return future;
        }
        future.setResult(null);
        return future;
    }

    private void putNowait(Integer item) {
        consumeExpired();
        if (!getters.isEmpty()) {
            F getter = getters.poll();
            putInternal(item);
            getter.setResult(storeGet());
        } else if (full()) {
            throw new QueueFull();
        } else {
            putInternal(item);
        }
    }

    private F get(int timeout) {
        F future = new F();
        try {
            future.setResult(getNowait());
        } catch (QueueEmpty e) {
            getters.add(future);
            setTimeout(future, timeout, () -> future.setResult(TIMEOUT));
        }
        return future;
    }

    private Integer getNowait() {
        consumeExpired();
        if (!putters.isEmpty()) {
            Object[] p = putters.poll();
            putInternal((Integer) p[0]);
            ((F) p[1]).setResult(null);
            return storeGet();
        } else if (!items.isEmpty()) {
            return storeGet();
        }
        throw new QueueEmpty();
    }

    private void taskDone() {
        if (unfinishedTasks <= 0) {
            throw new IllegalStateException("task_done() called too many times");
        }
        unfinishedTasks--;
        if (unfinishedTasks == 0) {
            finished_.set();
        }
    }

    private ToolboxModel(int[] config) {
        queueKind = config[0];
        maxSize = config[1];
        sem = new Sem(config[2], this::semRelease);
        finished_.value = true;
    }

    // ------------------------------------------------------------ coroutines

    private static String failure(Object outcome) {
        return outcome == TIMEOUT ? "timeout" : String.valueOf(outcome);
    }

    private static Integer item(int v) {
        return v < 0 ? null : v;
    }

    /** One participant, as the woven interpreter runs it; {@link #step} runs until it suspends. */
    private final class Coro {
        final String p;
        final int[][] script;
        int pc;
        int phase;
        int hops;
        F f;

        Coro(int c, int[][] script) {
            this.p = "c" + c + " ";
            this.script = script;
        }

        /** Whether {@code fut} is done; if not, arranges to step again once it is. */
        boolean ready(F fut) {
            if (fut.done) {
                return true;
            }
            fut.onDone(x -> ToolboxModel.this.ready.add(this::step));
            return false;
        }

        /** Hops until {@code n} moments were awaited; false if suspended. */
        boolean hop(int n) {
            while (hops < n) {
                hops++;
                if (!ready(moment())) {
                    return false;
                }
            }
            return true;
        }

        void step() {
            while (pc < script.length) {
                if (!stepOp(script[pc])) {
                    return;
                }
                pc++;
                phase = 0;
                hops = 0;
            }
        }

        private void log(String s) {
            ToolboxModel.this.log.add(p + s);
        }

        /** One operation from where it stopped; false if it suspended. */
        private boolean stepOp(int[] op) {
            switch (op[0]) {
                case LOCK:
                case SEM: {
                    String what = op[0] == LOCK ? "lock" : "sem";
                    if (phase == 0) {
                        f = (op[0] == LOCK ? lockBlock : sem).acquire(op[1]);
                        phase = 1;
                        if (!ready(f)) {
                            return false;
                        }
                    }
                    if (phase == 1) {
                        if (f.timedOut()) {
                            log(what + " timeout");
                            return true;
                        }
                        log(what + " acquired");
                        phase = 2;
                    }
                    if (!hop(op[2])) {
                        return false;
                    }
                    log(what + " releasing");
                    try {
                        ((Rel) f.value).close();
                    } catch (IllegalStateException e) {
                        log(what + " IllegalStateException: " + e.getMessage());
                    }
                    return true;
                }
                case LOCK_CANCEL: {
                    if (phase == 0) {
                        f = lockBlock.acquire(NONE);
                        phase = 1;
                    }
                    if (!hop(op[2])) {
                        return false;
                    }
                    if (!f.done) {
                        f.cancel();
                        log("lockCancel cancelled");
                        return true;
                    }
                    log("lockCancel acquired");
                    try {
                        ((Rel) f.value).close();
                    } catch (IllegalStateException e) {
                        log("lockCancel IllegalStateException: " + e.getMessage());
                    }
                    return true;
                }
                case CWAIT:
                    if (phase == 0) {
                        f = condWait(op[1]);
                        phase = 1;
                        if (!ready(f)) {
                            return false;
                        }
                    }
                    log("cwait " + f.value);
                    return true;
                case SIGNAL:
                    condNotify(op[1] == -1 ? condWaiters.size() : op[1]);
                    log("signal " + op[1]);
                    return true;
                case EWAIT:
                    if (phase == 0) {
                        f = event.waitFor(op[1]);
                        phase = 1;
                        if (!ready(f)) {
                            return false;
                        }
                    }
                    log(f.timedOut() ? "ewait timeout" : "ewait set");
                    return true;
                case ESET:
                    event.set();
                    log("eset");
                    return true;
                case ECLEAR:
                    event.value = false;
                    log("eclear");
                    return true;
                case PUT:
                    if (phase == 0) {
                        f = put(item(op[2]), op[1]);
                        phase = 1;
                        if (!ready(f)) {
                            return false;
                        }
                    }
                    log("put " + item(op[2]) + (f.timedOut() ? " timeout" : ""));
                    return true;
                case PUTNOW:
                    try {
                        putNowait(item(op[2]));
                        log("putNowait " + item(op[2]));
                    } catch (QueueFull e) {
                        log("putNowait " + item(op[2]) + " full");
                    }
                    return true;
                case GET:
                    if (phase == 0) {
                        f = get(op[1]);
                        phase = 1;
                        if (!ready(f)) {
                            return false;
                        }
                    }
                    if (f.timedOut()) {
                        log("get timeout");
                        return true;
                    }
                    log("get " + f.value);
                    if (op[2] == 1) {
                        doTaskDone();
                    }
                    return true;
                case GETNOW:
                    try {
                        log("getNowait " + getNowait());
                    } catch (QueueEmpty e) {
                        log("getNowait empty");
                    }
                    return true;
                case GET_CANCEL:
                    if (phase == 0) {
                        f = get(NONE);
                        phase = 1;
                    }
                    if (!hop(op[2])) {
                        return false;
                    }
                    if (!f.done) {
                        f.cancel();
                        log("getCancel cancelled");
                    } else {
                        log("getCancel " + f.value);
                    }
                    return true;
                case TASKDONE:
                    doTaskDone();
                    return true;
                case JOIN:
                    if (phase == 0) {
                        f = finished_.waitFor(op[1]);
                        phase = 1;
                        if (!ready(f)) {
                            return false;
                        }
                    }
                    log(f.timedOut() ? "join timeout" : "join done");
                    return true;
                case HOP:
                    if (!hop(op[1])) {
                        return false;
                    }
                    log("hop");
                    return true;
                case UNLOCK:
                    try {
                        lockRelease();
                        log("unlock");
                    } catch (IllegalStateException e) {
                        log("unlock IllegalStateException: " + e.getMessage());
                    }
                    return true;
                default:
                    throw new AssertionError("op " + op[0]);
            }
        }

        private void doTaskDone() {
            try {
                taskDone();
                log("taskDone");
            } catch (IllegalStateException e) {
                log("taskDone IllegalStateException: " + e.getMessage());
            }
        }
    }

    /** Hops, then logs the state of everything and ends the run. */
    private final class Finisher {
        final int n;
        int hops;

        Finisher(int n) {
            this.n = n;
        }

        void step() {
            while (hops < n) {
                hops++;
                F m = moment();
                if (!m.done) {
                    m.onDone(x -> ready.add(this::step));
                    return;
                }
            }
            log.add("end " + state());
            finished = true;
        }
    }

    private String state() {
        List<String> out = new ArrayList<>();
        for (Integer i : items) {
            out.add(String.valueOf(i));
        }
        if (queueKind == 1) {
            Collections.reverse(out);
        }
        String queueName = new String[] {"Queue", "LifoQueue", "PriorityQueue"}[queueKind];
        long liveGetters = getters.stream().filter(g -> !g.done).count();
        long livePutters = putters.stream().filter(pt -> !((F) pt[1]).done).count();
        return "Lock[" + (lockBlock.value == 0 ? "locked" : "unlocked") + ", waiters="
                + lockBlock.live() + "] BoundedSemaphore[value=" + sem.value + ", waiters="
                + sem.live() + "] Condition[waiters="
                + condWaiters.stream().filter(w -> !w.done).count() + "] Event["
                + (event.value ? "set" : "clear") + ", waiters=" + event.waiters.size() + "] "
                + queueName + "[maxSize=" + maxSize + ", items=" + out
                + ", getters=" + liveGetters + ", putters=" + livePutters + ", tasks="
                + unfinishedTasks + "]";
    }
}
