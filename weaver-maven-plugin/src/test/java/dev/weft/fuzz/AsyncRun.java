package dev.weft.fuzz;

import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.fuzz.Plan.Kind;
import dev.weft.LoopLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One run of an async program, reference or woven, and its transcript: each await (point, its
 * argument, its plan, and whether the body got there in the same loop turn as the previous event
 * or was resumed), each return, when the entry call returned (and whether its future was done
 * then), and the outcome of the outermost coroutine's future.
 *
 * <p>The reference runs plainly and synchronously: an await is a call that returns the planned
 * value or throws the planned exception at once, and the reference works out where the woven body
 * must have been suspended (after an await of a future that was not done; after a call of a
 * coroutine that suspended). The woven body runs on a real {@link IOLoop}; it cannot be watched
 * suspending, so each event queues a probe callback: the body resumed in a later loop turn exactly
 * when a probe ran since the previous event (callbacks run in the order added, and a suspended
 * body is resumed by a callback queued after its suspension). An await of a done future that
 * suspended shows up as "resumed" where the reference says "same".
 */
final class AsyncRun {
    private static volatile AsyncRun current;

    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    /** The plans: chosen (reference) or replayed (woven). */
    final List<Plan> plans;
    private final AwaitChooser chooser;
    private final IOLoop loop;
    private final Thread loopThread;
    private int awaits;
    private boolean entryLogged;

    // The reference's model of suspension.
    private boolean lastSuspended;
    private int suspensions;
    /** The futures returned bodies made that the woven run completes later. */
    private final Set<Future<Object>> pendingReturns = Collections.newSetFromMap(
            new IdentityHashMap<>());

    // The woven run's probes, and the futures it awaits.
    private int probesRun;
    private int probesAtLast;
    private final PlannedFutures futures;

    private AsyncRun(List<Plan> plans, AwaitChooser chooser, IOLoop loop) {
        this.plans = plans;
        this.chooser = chooser;
        this.loop = loop;
        this.loopThread = loop == null ? null : Thread.currentThread();
        this.futures = chooser != null ? null : new PlannedFutures(loop, lines);
    }

    static AsyncRun current() {
        AsyncRun r = current;
        if (r == null) {
            throw new IllegalStateException("no async fuzz run");
        }
        return r;
    }

    // ------------------------------------------------------------ the two drivers

    /** Runs the reference: plans chosen by {@code chooser} as the body reaches its awaits. */
    static AsyncRun reference(Callable<Object> entry, AwaitChooser chooser) {
        AsyncRun run = new AsyncRun(new ArrayList<>(), chooser, null);
        current = run;
        try {
            @SuppressWarnings("unchecked")
            Future<Object> f = (Future<Object>) entry.call();
            run.entryLine(true);
            run.lines.add(outcome(f));
        } catch (Throwable t) {
            run.entryLine(true);
            run.lines.add(t instanceof CancellationException ? "outcome CANCELLED"
                    : "outcome EXC " + H.describe(t));
        } finally {
            current = null;
        }
        return run;
    }

    /** Runs the woven program on this thread's loop, replaying {@code plans}. */
    static List<String> woven(Callable<Object> entry, List<Plan> plans) {
        IOLoop loop = IOLoop.current();
        AsyncRun run = new AsyncRun(plans, null, loop);
        current = run;
        BiConsumer<String, Throwable> saved = run.hookLog();
        try {
            loop.runSync(() -> {
                Future<Object> f;
                try {
                    @SuppressWarnings("unchecked")
                    Future<Object> made = (Future<Object>) entry.call();
                    f = made;
                } catch (Throwable t) {
                    // The entry's arguments failed before the coroutine was called, as in the
                    // reference (a woven coroutine itself never throws: its future fails).
                    f = t instanceof CancellationException ? cancelled() : Future.failed(t);
                }
                run.entryLine(f.isDone());
                return run.futures.untilDone(f);
            }, Duration.ofSeconds(20));
        } catch (Throwable t) {
            run.lines.add("the run did not end: " + H.describe(t));
        } finally {
            current = null;
            LoopLog.setHook(saved);
        }
        Future<Object> f = run.futures.outer();
        run.lines.add(f == null ? "outcome none" : outcome(f));
        synchronized (run.lines) {
            return new ArrayList<>(run.lines);
        }
    }

    static Future<Object> cancelled() {
        Future<Object> f = new Future<>();
        f.cancel();
        return f;
    }

    /**
     * Runs the woven program on a new thread that has no IOLoop: every future planned for later
     * is completed at once on another thread, racing with the body, which resumes on whichever
     * thread completes what it awaits (API.md section 4). Where it suspends is up to the threads,
     * so events carry no turn and the entry line is left out ({@link #withoutTurns}).
     */
    static List<String> wovenOffLoop(Callable<Object> entry, List<Plan> plans) {
        AsyncRun run = new AsyncRun(plans, null, null);
        current = run;
        BiConsumer<String, Throwable> saved = run.hookLog();
        Thread caller = new Thread(() -> {
            Future<Object> f;
            try {
                @SuppressWarnings("unchecked")
                Future<Object> made = (Future<Object>) entry.call();
                f = made;
            } catch (Throwable t) {
                f = t instanceof CancellationException ? cancelled() : Future.failed(t);
            }
            run.futures.untilDone(f);
        }, "weft-fuzz-caller");
        try {
            caller.start();
            caller.join(20_000);
            run.futures.drained().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Throwable t) {
            run.lines.add("the run did not end: " + H.describe(t));
        } finally {
            current = null;
            LoopLog.setHook(saved);
        }
        Future<Object> f = run.futures.outer();
        run.lines.add(f == null ? "outcome none" : outcome(f));
        synchronized (run.lines) {
            return new ArrayList<>(run.lines);
        }
    }

    /**
     * Sends what the runtime logs into the transcript (a callback of the driver or the runtime
     * failed), except Co.all's report of the failures after its first, which is expected.
     *
     * @return the hook to restore
     */
    private BiConsumer<String, Throwable> hookLog() {
        return LoopLog.setHook((message, failure) -> {
            if (!message.startsWith("Multiple exceptions in Co.all")) {
                lines.add("the runtime logged: " + message + " " + H.describe(failure));
            }
        });
    }

    /** A transcript without what depends on threads off the loop: turns and the entry line. */
    static List<String> withoutTurns(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("entry -> ")) {
                out.add(line.replace(" [same]", "").replace(" [resumed]", ""));
            }
        }
        return out;
    }

    static String outcome(Future<?> f) {
        if (!f.isDone()) {
            return "outcome PENDING";
        }
        if (f.isCancelled()) {
            return "outcome CANCELLED";
        }
        Throwable t = f.exception();
        return t != null ? "outcome EXC " + H.describe(t) : "outcome V " + H.render(f.result());
    }

    private void entryLine(boolean done) {
        if (!entryLogged) {
            entryLogged = true;
            lines.add("entry -> " + (done ? "done" : "pending"));
        }
    }

    // ------------------------------------------------------------ events

    /** Logs an event with whether the body got here in the same loop turn as to the last one. */
    void event(String text) {
        boolean resumed;
        if (chooser != null) {
            resumed = lastSuspended;
            lastSuspended = false;
        } else if (loop != null) {
            resumed = probesRun != probesAtLast;
            probesAtLast = probesRun;
            loop.addCallback(() -> probesRun++);
        } else {
            lines.add(text); // off the loop: where the body suspends depends on the threads
            return;
        }
        String where = loop == null || Thread.currentThread() == loopThread ? ""
                : " [on " + Thread.currentThread().getName() + ", not the loop's thread]";
        lines.add(text + (resumed ? " [resumed]" : " [same]") + where);
    }

    private Plan await(int id, Object arg, boolean single) {
        int n = awaits++;
        Plan plan;
        if (chooser != null) {
            plan = chooser.choose(id, n, single);
            plans.add(plan);
        } else {
            plan = n < plans.size() ? plans.get(n) : Plan.DONE_NULL;
        }
        event("await p" + id + " " + H.render(arg) + " " + plan);
        return plan;
    }

    // ------------------------------------------------------------ the reference's awaits

    private void suspend() {
        suspensions++;
        lastSuspended = true;
        entryLine(false);
    }

    Object value(int id, Object arg) {
        Plan plan = await(id, arg, true);
        if (plan.kind().pending()) {
            suspend();
        }
        return take(plan);
    }

    private static Object take(Plan plan) {
        if (plan.fails()) {
            throw RefGen.sneaky(plan.exception());
        }
        if (plan.cancelled() || plan.kind() == Kind.CANCEL) {
            throw new CancellationException();
        }
        return plan.value();
    }

    Object outcome(int id, Object arg) {
        return await(id, arg, false);
    }

    List<Object> all(Object... outcomes) {
        boolean pending = false;
        for (Object o : outcomes) {
            pending |= ((Plan) o).kind().pending();
        }
        if (pending) {
            suspend();
        }
        List<Object> values = new ArrayList<>();
        for (Object o : outcomes) {
            values.add(take((Plan) o));
        }
        return values;
    }

    /** A coroutine that suspended resumes its caller in a later turn, returning or throwing. */
    Future<Object> call(Callable<Future<Object>> body) throws Exception {
        int before = suspensions;
        try {
            Future<Object> f = body.call();
            if (pendingReturns.contains(f)) {
                suspend();
            }
            return f;
        } finally {
            if (suspensions != before) {
                lastSuspended = true;
            }
        }
    }

    /**
     * The future a body returns: in the reference done (a pending plan makes the coroutine's own
     * future complete later, so its caller resumes in a later turn), in the woven run as planned.
     */
    Future<Object> returned(int id, Object value) {
        Plan planned = await(id, "returned", false);
        Plan plan = planned.fails() || planned.cancelled() ? planned
                : new Plan(planned.kind(), planned.via(), null);
        if (chooser != null) {
            Future<Object> f = plan.fails() ? Future.failed(plan.exception())
                    : plan.cancelled() ? cancelled() : Future.completed(value);
            if (plan.kind().pending()) {
                // It suspends the coroutine only if the body does return it (a finally may
                // discard the return): call() looks.
                pendingReturns.add(f);
            }
            return f;
        }
        return futures.returned(plan, value);
    }

    /** Woven: the future to await at point {@code id}, as planned. */
    <T> Future<T> future(int id, Object arg) {
        return futures.future(await(id, arg, true));
    }

    /** Woven: the same as a CompletionStage. */
    <T> CompletionStage<T> stage(int id, Object arg) {
        return futures.stage(await(id, arg, true));
    }
}
