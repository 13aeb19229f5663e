package dev.weft.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A random contention scenario for the toolbox fuzzer ({@link ToolboxFuzzTest}): one
 * {@code Lock}, one {@code BoundedSemaphore}, one {@code Condition}, one {@code Event} and one
 * queue (FIFO, LIFO or priority, bounded or not) shared by a few coroutines, each running a short
 * script of operations on them, with no timeout, a timeout that expires on the next loop
 * iteration ({@link #ZERO}) or one that never expires during the run ({@link #LONG}). Only loop
 * iterations order the run, never the wall clock, so a scenario has exactly one right transcript.
 *
 * <p>An operation is {@code int[] {op, a, b}}; a script is an {@code int[][]}; the scenario is
 * {@code int[][][]} (one script per coroutine) plus its {@link #config}.
 */
final class ToolboxScript {
    // Timeouts.
    static final int NONE = 0;
    static final int ZERO = 1;
    static final int LONG = 2;

    // Operations: a = timeout or argument, b = hops or flag.
    /** Acquire the lock with timeout a, hold it for b hops, release it. */
    static final int LOCK = 0;
    /** Acquire a permit with timeout a, hold it for b hops, release it. */
    static final int SEM = 1;
    /** Acquire the lock without timeout, cancel the waiter after b hops if it is still waiting. */
    static final int LOCK_CANCEL = 2;
    /** Wait for the condition with timeout a. */
    static final int CWAIT = 3;
    /** Signal the condition: a waiters, or all if a is -1. */
    static final int SIGNAL = 4;
    /** Wait for the event with timeout a. */
    static final int EWAIT = 5;
    static final int ESET = 6;
    static final int ECLEAR = 7;
    /** Put item b (-1: null) with timeout a. */
    static final int PUT = 8;
    /** putNowait item b (-1: null). */
    static final int PUTNOW = 9;
    /** Get with timeout a; taskDone after it if b is 1. */
    static final int GET = 10;
    static final int GETNOW = 11;
    /** Get without timeout, cancel the getter after b hops if it is still waiting. */
    static final int GET_CANCEL = 12;
    static final int TASKDONE = 13;
    /** Join the queue with timeout a. */
    static final int JOIN = 14;
    /** Co.moment() a times. */
    static final int HOP = 15;
    /** Release the lock directly, without a Releaser (an error unless held by someone). */
    static final int UNLOCK = 16;

    static final String[] NAMES = {"lock", "sem", "lockCancel", "cwait", "signal", "ewait", "eset",
        "eclear", "put", "putNowait", "get", "getNowait", "getCancel", "taskDone", "join", "hop",
        "unlock"};

    // config: {queue kind (0 FIFO, 1 LIFO, 2 priority), queue maxSize, semaphore value, finisher hops}
    final int[] config;
    final int[][][] scripts;

    private ToolboxScript(int[] config, int[][][] scripts) {
        this.config = config;
        this.scripts = scripts;
    }

    static ToolboxScript generate(long seed) {
        Random r = new Random(seed);
        int coroutines = 2 + r.nextInt(4);
        int[][][] scripts = new int[coroutines][][];
        for (int c = 0; c < coroutines; c++) {
            int n = 1 + r.nextInt(6);
            scripts[c] = new int[n][];
            for (int k = 0; k < n; k++) {
                scripts[c][k] = op(r);
            }
        }
        int[] config = {r.nextInt(3), r.nextInt(4), 1 + r.nextInt(2), 150};
        return new ToolboxScript(config, scripts);
    }

    private static int[] op(Random r) {
        int op = r.nextInt(NAMES.length);
        int timeout = r.nextInt(3);
        switch (op) {
            case LOCK:
            case SEM:
                return new int[] {op, timeout, r.nextInt(4)};
            case LOCK_CANCEL:
            case GET_CANCEL:
                return new int[] {op, NONE, r.nextInt(4)};
            case SIGNAL:
                return new int[] {op, r.nextInt(4) - 1, 0};
            case PUT:
            case PUTNOW:
                return new int[] {op, timeout, r.nextInt(11) - 1};
            case GET:
                return new int[] {op, timeout, r.nextInt(2)};
            case HOP:
                return new int[] {op, 1 + r.nextInt(3), 0};
            default:
                return new int[] {op, timeout, 0};
        }
    }

    static String describe(int[] op) {
        return NAMES[op[0]] + "(" + op[1] + "," + op[2] + ")";
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("queue kind " + config[0] + " maxSize " + config[1]
                + ", semaphore " + config[2] + "\n");
        for (int c = 0; c < scripts.length; c++) {
            List<String> ops = new ArrayList<>();
            for (int[] op : scripts[c]) {
                ops.add(describe(op));
            }
            b.append("  c").append(c).append(": ").append(String.join(" ", ops)).append('\n');
        }
        return b.toString();
    }
}
