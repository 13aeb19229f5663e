package dev.weft.fuzz;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The futures a woven async program awaits (and returns), made as their {@link Plan}s say: done at
 * once, or completed after the body has suspended, through a loop callback, a timer or another
 * thread; off the loop (no {@link IOLoop}), completed at once by one of two other threads, racing
 * with the body. It also knows when a run is over: the outermost coroutine's future is done and
 * no completion is outstanding, so that nothing leaks into the next program.
 */
final class PlannedFutures {
    /** Completes futures "from another thread". */
    private static final ExecutorService OTHER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "weft-fuzz-other");
        t.setDaemon(true);
        return t;
    });

    /** Complete futures for bodies run on a thread with no loop; two, so that they race. */
    private static final ExecutorService RACERS = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "weft-fuzz-racer");
        t.setDaemon(true);
        return t;
    });

    /** The loop the body runs on, or null off the loop. */
    private final IOLoop loop;
    /** The run's transcript, where a failure of the driver itself goes. */
    private final List<String> lines;
    private volatile Future<Object> outer;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final Future<Void> drained = new Future<>();
    private final AtomicBoolean drainedSet = new AtomicBoolean();

    PlannedFutures(IOLoop loop, List<String> lines) {
        this.loop = loop;
        this.lines = lines;
    }

    /**
     * Watches the outermost coroutine's future {@code f}.
     *
     * @return {@link #drained()}
     */
    Future<Void> untilDone(Future<Object> f) {
        outer = f;
        f.addDoneCallback(done -> checkDrained());
        return drained;
    }

    /** Done once the outermost future is done and no completion is outstanding. */
    Future<Void> drained() {
        return drained;
    }

    /** The outermost coroutine's future, once the entry call has returned it. */
    Future<Object> outer() {
        return outer;
    }

    /** The future a body returns: done, or completed later with {@code value}, as planned. */
    Future<Object> returned(Plan plan, Object value) {
        switch (plan.kind()) {
            case DONE_VALUE:
                return Future.completed(value);
            case DONE_FAIL:
                return Future.failed(plan.exception());
            default:
                break;
        }
        Future<Object> f = new Future<>();
        complete(plan, new Sink() {
            @Override
            public void value(Object v) {
                f.setResult(value);
            }

            @Override
            public void fail(Throwable t) {
                f.setException(t);
            }

            @Override
            public void cancel() {
                f.cancel();
            }
        });
        return f;
    }

    /** What completing a Future and a CompletableFuture have in common. */
    private interface Sink {
        void value(Object v);

        void fail(Throwable t);

        void cancel();
    }

    /** The future an await gets: done, or completed later, as {@code plan} says. */
    @SuppressWarnings("unchecked")
    <T> Future<T> future(Plan plan) {
        switch (plan.kind()) {
            case DONE_VALUE:
                return Future.completed((T) plan.value());
            case DONE_FAIL:
                return Future.failed(plan.exception());
            default:
                break;
        }
        Future<T> f = new Future<>();
        complete(plan, new Sink() {
            @Override
            public void value(Object v) {
                f.setResult((T) v);
            }

            @Override
            public void fail(Throwable t) {
                f.setException(t);
            }

            @Override
            public void cancel() {
                f.cancel();
            }
        });
        return f;
    }

    /** The same as a JDK CompletableFuture. */
    @SuppressWarnings("unchecked")
    <T> CompletionStage<T> stage(Plan plan) {
        switch (plan.kind()) {
            case DONE_VALUE:
                return CompletableFuture.completedFuture((T) plan.value());
            case DONE_FAIL:
                return CompletableFuture.failedFuture(plan.exception());
            default:
                break;
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        complete(plan, new Sink() {
            @Override
            public void value(Object v) {
                f.complete((T) v);
            }

            @Override
            public void fail(Throwable t) {
                f.completeExceptionally(t);
            }

            @Override
            public void cancel() {
                f.cancel(true);
            }
        });
        return f;
    }

    /** Completes a future now or later, as its plan says. */
    private void complete(Plan plan, Sink sink) {
        switch (plan.kind()) {
            case DONE_CANCELLED:
                sink.cancel();
                return;
            case LATER_VALUE:
                later(plan, () -> sink.value(plan.arg() == null ? null : plan.value()));
                return;
            case LATER_FAIL:
                later(plan, () -> sink.fail(plan.exception()));
                return;
            case LATER_CANCELLED:
                later(plan, sink::cancel);
                return;
            case CANCEL:
                // Cancel the outermost coroutine while it waits, then complete what it waited
                // for: the cancellation wins, and the completion must be dropped.
                later(plan, () -> {
                    outer.cancel();
                    sink.value(plan.value());
                });
                return;
            default:
                throw new AssertionError(plan);
        }
    }

    /**
     * Runs {@code action} after the body has suspended: in a loop callback, a timer, or (handed
     * over from a loop callback) on another thread.
     */
    private void later(Plan plan, Runnable action) {
        outstanding.incrementAndGet();
        if (loop == null) {
            // Off the loop: at once, on another thread, racing with the body still running.
            RACERS.execute(() -> counted(action));
            return;
        }
        Runnable counted = () -> counted(action);
        switch (plan.via()) {
            case CALLBACK:
                loop.addCallback(counted);
                break;
            case TIMER:
                loop.callLater(Duration.ZERO, counted);
                break;
            default:
                loop.addCallback(() -> OTHER.execute(counted));
                break;
        }
    }

    private void counted(Runnable action) {
        try {
            action.run();
        } catch (Throwable t) {
            lines.add("the driver failed: " + H.describe(t));
        } finally {
            if (outstanding.decrementAndGet() == 0) {
                checkDrained();
            }
        }
    }

    /** The run is over once the outermost future is done and the driver has nothing left. */
    private void checkDrained() {
        Future<Object> f = outer;
        if (f != null && f.isDone() && outstanding.get() == 0 && drainedSet.compareAndSet(false,
                true)) {
            drained.setResult(null);
        }
    }
}
