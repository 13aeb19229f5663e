package dev.weft;

import dev.weft.internal.LoopTaskQueue;
import dev.weft.internal.LoopTimer;
import dev.weft.internal.LoopTimerHeap;
import dev.weft.internal.Sneaky;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An event loop: callbacks, timers and channel readiness on one thread, over a
 * {@link java.nio.channels.Selector}. Tornado's {@code IOLoop}, and like it one per thread:
 * {@link #current()} gives (and on first use creates) the calling thread's loop.
 *
 * <p>Each iteration runs the callbacks that were queued when it began (callbacks they add wait for
 * the next iteration, so a callback that re-adds itself cannot starve I/O), then the timers that
 * were due when it began, then those {@link #addIterationEndCallback queued for its end}, then
 * waits in the selector until the next timer is due, a callback is added or a channel is ready,
 * and dispatches ready channels to their {@link IOHandler}s. An
 * exception escaping any callback, timer or handler is logged (System.Logger {@code dev.weft}) with
 * its stack trace and the loop goes on; a {@link CancellationException} is ignored, as Tornado
 * ignores {@code CancelledError}. A {@link VirtualMachineError} (out of memory and the like) is not
 * swallowed: it propagates out of {@link #start}, leaving the loop stopped but intact.
 *
 * <p>Thread rules: a loop belongs to the thread that created it (its <em>loop thread</em>); only
 * that thread may {@link #start} it or {@link #runSync} on it, and {@link #close} it while that
 * thread may still use it. {@link #stop},
 * {@link #addCallback}, {@link #spawnCallback}, {@link #addFuture}, the timer methods,
 * {@link #runInExecutor} and {@link #time} are thread-safe. The handler methods are meant for the
 * loop thread; called from another thread they hand the change to the loop. Everything the loop
 * runs, it runs on the loop thread.
 */
public final class IOLoop {
    private static final ThreadLocal<IOLoop> CURRENT = new ThreadLocal<>();
    private static final VarHandle SLEEPING;
    // Farther than this is "never" in practice, and keeps deadline differences free of overflow.
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(IOLoop.class, "sleeping", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread thread;
    private final Selector selector;
    // Other threads wake the loop by writing a byte here, not with Selector.wakeup(): the JDK's
    // wakeup() holds a lock across its write that the woken loop then takes to clear the wake-up,
    // so a loop woken from another thread often found that lock held and blocked on it (a third
    // of the database path's queries, docs/BENCHMARKS.md); a pipe's two ends share no lock.
    private final Pipe wakePipe;
    private final ByteBuffer wakeByte = ByteBuffer.allocateDirect(1);
    private final ByteBuffer wakeDrain = ByteBuffer.allocateDirect(64);
    // The loop thread's callbacks go straight here, without atomics; other threads' go through
    // `incoming` and are moved here at the start of each iteration.
    private final ArrayDeque<Runnable> callbacks = new ArrayDeque<>();
    private final LoopTaskQueue incoming = new LoopTaskQueue();
    private final LoopTimerHeap timers = new LoopTimerHeap();
    private final ArrayList<LoopTimer> due = new ArrayList<>();
    // Loop thread only: addIterationEndCallback's, run once the iteration's own work is done.
    private final ArrayDeque<Runnable> iterationEnd = new ArrayDeque<>();
    // Loop thread only: how long this iteration's wait may first spin (spinBeforeNextWait).
    private long spinNanos;
    private volatile boolean spinning; // for tests: a spin is under way
    // Set while the loop is (about to be) blocked in select: only then must a producer wake it.
    private volatile boolean sleeping;
    private volatile boolean stopRequested;
    private volatile boolean running;
    private volatile boolean closed;
    // How often a producer had to wake the selector; lets tests check that it is not every time.
    private final AtomicInteger wakeups = new AtomicInteger();

    // Readiness reported by the selector, dispatched after the selection operation has returned so
    // that handlers may add and remove handlers freely.
    private SelectionKey[] readyKeys = new SelectionKey[16];
    private int[] readyOps = new int[16];
    private int readyCount;
    private final Consumer<SelectionKey> collectReady = this::collectReady;

    private IOLoop() {
        thread = Thread.currentThread();
        try {
            selector = Selector.open();
            wakePipe = Pipe.open();
            wakePipe.sink().configureBlocking(false);
            wakePipe.source().configureBlocking(false);
            wakePipe.source().register(selector, SelectionKey.OP_READ,
                    (IOHandler) (ch, ops) -> drainWakeups());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the IOLoop", e);
        }
    }

    /**
     * Wakes the loop from its selection. Only one thread at a time gets here for a given sleep
     * (the one whose compare-and-set cleared {@code sleeping}) but stop() may come at any time,
     * hence the lock; a full pipe means a wake-up is pending already.
     */
    private void wake() {
        synchronized (wakeByte) {
            wakeByte.clear();
            try {
                wakePipe.sink().write(wakeByte);
            } catch (IOException e) {
                if (!closed) {
                    LoopLog.error("Exception waking " + this, e);
                }
            }
        }
    }

    /** On the loop: reads the pending wake-ups, so that the pipe reads as empty again. */
    private void drainWakeups() {
        try {
            do {
                wakeDrain.clear();
            } while (wakePipe.source().read(wakeDrain) > 0);
        } catch (IOException e) {
            LoopLog.error("Exception reading the wake-ups of " + this, e);
        }
    }

    /**
     * The calling thread's loop, created on first use (and again after the previous one was
     * closed).
     *
     * @return this thread's loop
     */
    public static IOLoop current() {
        IOLoop loop = CURRENT.get();
        if (loop == null || loop.closed) {
            loop = new IOLoop();
            CURRENT.set(loop);
        }
        return loop;
    }

    /**
     * The calling thread's loop if it has one that is not closed; never creates one. Woven async
     * coroutines use it to decide where to resume.
     *
     * @return this thread's loop, or null
     */
    public static IOLoop currentOrNull() {
        IOLoop loop = CURRENT.get();
        return loop == null || loop.closed ? null : loop;
    }

    /**
     * The current time of the loop's clock.
     *
     * <p>Thread rules: any thread.
     *
     * @return {@link System#nanoTime()}, the clock of {@link #callAt} deadlines
     */
    public long time() {
        return System.nanoTime();
    }

    /**
     * Runs the loop until {@link #stop()} is called. If {@code stop()} was called while the loop was
     * not running, returns at once (and forgets that stop).
     *
     * <p>Thread rules: loop thread only.
     *
     * @throws IllegalStateException if called on another thread, if the loop is already running or
     *     closed
     */
    public void start() {
        checkLoopThread("start");
        if (closed) {
            throw new IllegalStateException("IOLoop is closed");
        }
        if (running) {
            throw new IllegalStateException("IOLoop is already running");
        }
        if (stopRequested) {
            stopRequested = false;
            return;
        }
        running = true;
        int nextDue = 0;
        try {
            while (true) {
                nextDue = 0;
                moveIncoming();
                int ncallbacks = callbacks.size();
                if (!timers.isEmpty()) {
                    long now = time();
                    while (!timers.isEmpty() && timers.peek().deadline() - now <= 0) {
                        due.add(timers.poll());
                    }
                }
                for (int i = 0; i < ncallbacks; i++) {
                    runCallback(callbacks.pollFirst());
                }
                while (nextDue < due.size()) {
                    Runnable cb = due.get(nextDue++).take();
                    if (cb != null) {
                        runCallback(cb);
                    }
                }
                due.clear();
                runIterationEnd();
                if (stopRequested) {
                    break;
                }
                select();
                dispatchReady();
            }
        } finally {
            // Only a fatal error gets here with timers popped but not run: keep them for next time.
            for (int i = nextDue; i < due.size(); i++) {
                if (due.get(i).isActive()) {
                    timers.add(due.get(i));
                }
            }
            due.clear();
            Arrays.fill(readyKeys, null);
            readyCount = 0;
            spinNanos = 0; // asked in an iteration that stopped instead of waiting: lapsed
            running = false;
            stopRequested = false;
        }
    }

    /**
     * Makes the loop return from {@link #start} after the current iteration; callbacks still queued
     * stay queued for the next start. Called while the loop is not running, it makes the next
     * {@code start()} return at once.
     *
     * <p>Thread rules: any thread.
     */
    public void stop() {
        stopRequested = true;
        if (Thread.currentThread() != thread) {
            wake();
        }
    }

    /**
     * Whether {@link #start} is executing.
     *
     * <p>Thread rules: any thread.
     *
     * @return true while running
     */
    public boolean isRunning() {
        return running;
    }

    /**
     * Closes the loop: cancels its timers, drops queued callbacks and closes its selector, which
     * deregisters every channel (the channels themselves stay open). Afterwards callbacks and timers
     * added to it are silently dropped, as Tornado drops them, and {@link #current()} on its thread
     * makes a new loop. Closing a closed loop does nothing.
     *
     * <p>Thread rules: loop thread, or any thread once the loop thread has stopped using it.
     *
     * @throws IllegalStateException if the loop is running
     */
    public void close() {
        if (closed) {
            return;
        }
        if (running) {
            throw new IllegalStateException("cannot close a running IOLoop; stop it first");
        }
        closed = true;
        timers.clear();
        callbacks.clear();
        iterationEnd.clear();
        while (incoming.poll() != null) {
            // drop
        }
        try {
            selector.close();
            wakePipe.sink().close();
            wakePipe.source().close();
        } catch (IOException e) {
            LoopLog.error("Exception closing the selector of " + this, e);
        }
        if (Thread.currentThread() == thread && CURRENT.get() == this) {
            CURRENT.remove();
        }
    }

    /**
     * Starts the loop, calls {@code fn} from inside it, and stops the loop when the future it
     * returns is done (Tornado {@code run_sync}).
     *
     * <p>{@code fn} may be the coroutine itself, written inline: a lambda whose body calls
     * {@code Co.await} is an async coroutine (API.md §7), as
     * {@code loop.runSync(() -> { int r = Co.await(asyncSum(2, 3)); return Future.completed(r); })}.
     *
     * <p>Thread rules: loop thread only, with the loop not running.
     *
     * @param fn makes the future; an exception it throws counts as the future's failure
     * @param <T> the result type
     * @return the future's result; its failure is thrown unchanged (the same object, with its stack
     *     trace), checked ones too
     */
    public <T> T runSync(Supplier<? extends Future<T>> fn) {
        return runSync(fn, null);
    }

    /**
     * {@link #runSync(Supplier)} with a time limit: when it is reached the future is cancelled and
     * a {@link TimeoutException} is thrown (undeclared, as a checked exception).
     *
     * <p>Thread rules: loop thread only, with the loop not running.
     *
     * @param fn makes the future; an exception it throws counts as the future's failure
     * @param timeout the limit, or null for none
     * @param <T> the result type
     * @return the future's result; its failure is thrown unchanged
     */
    public <T> T runSync(Supplier<? extends Future<T>> fn, Duration timeout) {
        Objects.requireNonNull(fn, "fn");
        checkLoopThread("runSync");
        if (running) {
            throw new IllegalStateException("IOLoop is already running");
        }
        final class Run implements Runnable {
            Future<T> future;
            Timeout timer;
            boolean timedOut;
            // Set once start() has returned: a future that completes later, or a stop() that came
            // early, must not stop some later run of the loop.
            boolean finished;

            @Override
            public void run() {
                if (finished) {
                    return;
                }
                try {
                    future = fn.get();
                    if (future == null) {
                        future = Future.completed(null);
                    }
                } catch (Throwable t) {
                    future = Future.failed(t);
                }
                if (timeout != null) {
                    Future<T> f = future;
                    timer = callLater(timeout, () -> {
                        timedOut = true;
                        // Like Tornado: cancel and let the cancellation stop the loop, unless the
                        // future refuses to be cancelled.
                        if (!f.cancel()) {
                            stop();
                        }
                    });
                }
                addFuture(future, done -> {
                    if (!finished) {
                        stop();
                    }
                });
            }
        }
        Run run = new Run();
        addCallback(run);
        try {
            start();
        } finally {
            run.finished = true;
            if (run.timer != null) {
                removeTimeout(run.timer);
            }
        }
        if (run.future == null) {
            throw new IllegalStateException("IOLoop was stopped before runSync could call fn");
        }
        if (run.timedOut && (run.future.isCancelled() || !run.future.isDone())) {
            throw Sneaky.rethrow(new TimeoutException("Operation timed out after " + timeout));
        }
        if (!run.future.isDone()) {
            throw new IllegalStateException(
                    "IOLoop was stopped before the future of runSync was done");
        }
        return run.future.result();
    }

    /**
     * Queues {@code cb} to run on the loop thread on a later iteration. Callbacks run in the order
     * added by each thread. Wakes the loop only if it is blocked waiting. Dropped if the loop is
     * closed.
     *
     * <p>Thread rules: any thread.
     *
     * @param cb the callback
     */
    public void addCallback(Runnable cb) {
        Objects.requireNonNull(cb, "cb");
        if (closed) {
            return;
        }
        if (Thread.currentThread() == thread) {
            // Keep cross-thread causality: anything another thread queued before this call (and
            // that this thread could have observed) runs first.
            if (!incoming.isEmpty()) {
                moveIncoming();
            }
            callbacks.addLast(cb);
        } else {
            incoming.offer(cb);
            // Pairs with select(): it sets `sleeping` and then re-checks the queue.
            if (sleeping && SLEEPING.compareAndSet(this, true, false)) {
                wakeups.incrementAndGet();
                wake();
            }
        }
    }

    /**
     * Queues {@code cb} to run on the loop thread at the end of the current iteration: after the
     * callbacks, timers and I/O handlers running now, just before the loop next waits for I/O or
     * returns from {@link #start} (so a {@link #stop} does not skip it). Those queued during one
     * iteration run together, in the order added; one queued while they run waits for the end of
     * the next iteration, which then does not wait for I/O. Called while the loop is not running, {@code cb} runs at the end of the
     * first iteration of the next {@code start()}; dropped if the loop is closed first. Failures
     * are logged as a callback's are.
     *
     * <p>For work cheaper done once per iteration than once per event. The database pool uses it to
     * wake the worker threads given statements during an iteration all at once at its end: woken
     * one by one, each worker preempted the loop in the middle of its callbacks (docs/BENCHMARKS.md).
     * Tornado has no equivalent; Netty's {@code executeAfterEventLoopIteration} is one.
     *
     * <p>Thread rules: loop thread only.
     *
     * @param cb the callback
     * @throws IllegalStateException if called on another thread
     */
    public void addIterationEndCallback(Runnable cb) {
        Objects.requireNonNull(cb, "cb");
        checkLoopThread("addIterationEndCallback");
        if (closed) {
            return;
        }
        iterationEnd.addLast(cb);
    }

    private void runIterationEnd() {
        for (int n = iterationEnd.size(); n > 0; n--) {
            runCallback(iterationEnd.pollFirst());
        }
    }

    /**
     * Asks the loop, if it is about to wait for I/O at the end of this iteration, to spin first
     * for up to {@code maxNanos} watching for a callback from another thread, and to sleep only if
     * none comes. For a caller that has just handed work to another thread and expects the
     * outcome within microseconds: waking a thread blocked in the selector costs a pipe write on
     * one side and a return from {@code epoll_wait} on the other, tens of microseconds on a
     * virtual machine whose idle CPU halts. Several requests in one iteration take the longest;
     * the request lapses when the iteration ends, so an idle loop never spins. While it spins the
     * loop does not watch its channels and timers: keep {@code maxNanos} to microseconds. A
     * {@link #stop} ends the spin.
     *
     * <p>Thread rules: loop thread only.
     *
     * @param maxNanos the longest spin, in nanoseconds; 0 or less asks nothing
     * @throws IllegalStateException if called on another thread
     */
    public void spinBeforeNextWait(long maxNanos) {
        checkLoopThread("spinBeforeNextWait");
        if (maxNanos > spinNanos) {
            spinNanos = maxNanos;
        }
    }

    /**
     * Calls {@code fn} on a later iteration (never inside this call) and forgets about it: a failure
     * (thrown by {@code fn}, or of the future it returns) is logged with its stack trace, never
     * thrown. Cancellation is not logged.
     *
     * <p>{@code fn} may be the coroutine itself, written inline:
     * {@code loop.spawnCallback(() -> { Co.await(Co.sleep(d)); ...; return Future.completed(); })}
     * is an async lambda (API.md §7), whose failure is logged with the lambda's lines.
     *
     * <p>Thread rules: any thread.
     *
     * @param fn starts the work, typically an async coroutine
     */
    public void spawnCallback(Supplier<? extends Future<?>> fn) {
        Objects.requireNonNull(fn, "fn");
        addCallback(() -> {
            Future<?> f = fn.get();
            if (f != null) {
                f.addDoneCallback(IOLoop::logSpawnedFailure);
            }
        });
    }

    private static void logSpawnedFailure(Future<?> f) {
        if (!f.isCancelled() && f.exception() != null) {
            LoopLog.error("Exception in coroutine spawned with spawnCallback: "
                    + LoopLog.describe(f), f.exception());
        }
    }

    /**
     * Calls {@code cb} with {@code f} on the loop thread once {@code f} is done (on a later
     * iteration even if it is done already).
     *
     * <p>{@code cb} returns nothing, so it is never itself a coroutine (a lambda that suspends
     * must return {@code Future} or {@code Generator}, API.md §7). Tornado's {@code add_future}
     * also accepts a callback that returns an awaitable; here, start the coroutine from the
     * callback, {@code loop.addFuture(f, done -> loop.spawnCallback(() -> { ... Co.await(done)
     * ... }))}, whose failure is then logged, or await {@code f} in a coroutine. (An overload
     * taking a future-returning function would make every existing {@code addFuture(f, x -> ...)}
     * ambiguous to javac.)
     *
     * <p>Thread rules: any thread.
     *
     * @param f the future
     * @param cb the callback
     * @param <T> the result type
     */
    public <T> void addFuture(Future<T> f, Consumer<? super Future<T>> cb) {
        Objects.requireNonNull(cb, "cb");
        f.addDoneCallback(done -> addCallback(() -> cb.accept(done)));
    }

    /**
     * Runs {@code cb} on the loop thread once {@code delay} has passed (never earlier).
     *
     * <p>Thread rules: any thread; from another thread the timer is handed to the loop.
     *
     * @param delay the delay; zero or negative means the next iteration
     * @param cb the callback
     * @return a handle for {@link #removeTimeout}
     */
    public Timeout callLater(Duration delay, Runnable cb) {
        return callAt(deadlineAfter(delay), cb);
    }

    /**
     * The {@link #time()} at which {@code delay} from now will have passed: the deadline
     * {@link #callLater} gives {@link #callAt}. A delay too long to count in nanoseconds is cut to
     * about 73 years, so that deadlines can still be compared by subtraction.
     *
     * <p>Thread rules: any thread.
     *
     * @param delay the delay; zero or negative means a deadline already passed
     * @return the deadline, on the {@link System#nanoTime} clock
     */
    public long deadlineAfter(Duration delay) {
        long nanos;
        try {
            nanos = Math.min(delay.toNanos(), MAX_DELAY_NANOS);
        } catch (ArithmeticException e) {
            nanos = delay.isNegative() ? 0 : MAX_DELAY_NANOS;
        }
        return time() + nanos;
    }

    /**
     * Runs {@code cb} on the loop thread once {@link #time()} has reached {@code deadline}. Timers
     * run in deadline order, and in the order they were added for equal deadlines.
     *
     * <p>Thread rules: any thread; from another thread the timer is handed to the loop.
     *
     * @param deadline when, in nanoseconds on the {@link System#nanoTime} clock
     * @param cb the callback
     * @return a handle for {@link #removeTimeout}
     */
    public Timeout callAt(long deadline, Runnable cb) {
        LoopTimer t = new LoopTimer(this, deadline, Objects.requireNonNull(cb, "cb"));
        if (closed) {
            t.take();
        } else if (Thread.currentThread() == thread) {
            timers.add(t);
        } else {
            addCallback(() -> {
                if (t.isActive() && !t.inHeap()) {
                    timers.add(t);
                }
            });
        }
        return t;
    }

    /**
     * Cancels a timer of this loop. Does nothing if it has already run or been removed.
     *
     * <p>Thread rules: any thread.
     *
     * @param timeout the handle from {@link #callLater} or {@link #callAt}
     * @throws IllegalArgumentException if the handle is not one of this loop's
     */
    public void removeTimeout(Timeout timeout) {
        if (!(timeout instanceof LoopTimer) || ((LoopTimer) timeout).loop() != this) {
            throw new IllegalArgumentException("not a timeout of this IOLoop: " + timeout);
        }
        LoopTimer t = (LoopTimer) timeout;
        if (t.take() == null) {
            return;
        }
        if (Thread.currentThread() == thread) {
            timers.remove(t);
        } else {
            addCallback(() -> timers.remove(t));
        }
    }

    /**
     * Runs {@code fn} on {@code executor} and completes the returned future with its outcome on this
     * loop's thread (Tornado {@code run_in_executor}). Cancelling the future does not interrupt
     * {@code fn}.
     *
     * <p>Thread rules: any thread.
     *
     * @param executor where to run {@code fn}
     * @param fn the blocking work
     * @param <T> its result type
     * @return a future of its result
     * @throws java.util.concurrent.RejectedExecutionException if the executor refuses the task
     */
    public <T> Future<T> runInExecutor(Executor executor, Callable<T> fn) {
        Objects.requireNonNull(fn, "fn");
        Future<T> f = new Future<>();
        executor.execute(() -> {
            try {
                T value = fn.call();
                addCallback(() -> f.trySetResult(value));
            } catch (Throwable t) {
                addCallback(() -> f.trySetException(t));
            }
        });
        return f;
    }

    /**
     * Calls {@code handler} on the loop thread whenever {@code ch} is ready for one of {@code ops}
     * ({@link SelectionKey#OP_READ} etc.). Puts the channel in non-blocking mode.
     *
     * <p>Thread rules: meant for the loop thread. From another thread the registration is handed to
     * the loop, and a failure to register is logged instead of thrown.
     *
     * @param ch the channel
     * @param ops the interest set
     * @param handler the handler
     * @throws IllegalStateException if the channel already has a handler on this loop
     */
    public void addHandler(SelectableChannel ch, int ops, IOHandler handler) {
        Objects.requireNonNull(handler, "handler");
        try {
            ch.configureBlocking(false);
        } catch (IOException e) {
            throw Sneaky.rethrow(e);
        }
        if (Thread.currentThread() != thread) {
            addCallback(() -> addHandler(ch, ops, handler));
            return;
        }
        SelectionKey key = ch.keyFor(selector);
        if (key != null) {
            if (key.isValid()) {
                throw new IllegalStateException(
                        "channel already has a handler on this IOLoop: " + ch);
            }
            // Removed earlier in this iteration: the cancelled key is deregistered only by a
            // selection operation, and register() would fail until then.
            flushCancelledKeys();
        }
        try {
            ch.register(selector, ops, handler);
        } catch (IOException e) {
            throw Sneaky.rethrow(e);
        }
    }

    /**
     * Changes the operations {@code ch}'s handler is called for.
     *
     * <p>Thread rules: meant for the loop thread; from another thread the change is handed to the
     * loop.
     *
     * @param ch a channel with a handler on this loop
     * @param ops the new interest set
     * @throws IllegalStateException if the channel has no handler on this loop
     */
    public void updateHandler(SelectableChannel ch, int ops) {
        if (Thread.currentThread() != thread) {
            addCallback(() -> updateHandler(ch, ops));
            return;
        }
        SelectionKey key = ch.keyFor(selector);
        if (key == null || !key.isValid()) {
            throw new IllegalStateException("channel has no handler on this IOLoop: " + ch);
        }
        key.interestOps(ops);
    }

    /**
     * Removes {@code ch}'s handler; it is not called again, even for readiness already reported in
     * this iteration. Does nothing if it has none. The channel stays open.
     *
     * <p>Thread rules: meant for the loop thread; from another thread the change is handed to the
     * loop.
     *
     * @param ch the channel
     */
    public void removeHandler(SelectableChannel ch) {
        if (Thread.currentThread() != thread) {
            addCallback(() -> removeHandler(ch));
            return;
        }
        SelectionKey key = ch.keyFor(selector);
        if (key != null) {
            key.cancel();
        }
    }

    /**
     * The number of timers in the heap, for tests. Loop thread only.
     *
     * @return the heap size
     */
    int timerCount() {
        return timers.size();
    }

    /**
     * How many times {@link #addCallback} woke the selector, for tests.
     *
     * @return the count
     */
    int wakeupCount() {
        return wakeups.get();
    }

    /** Whether the loop is (about to be) blocked in its selector, for tests. */
    boolean isSleeping() {
        return sleeping;
    }

    /** Whether the loop is spinning (as asked by {@link #spinBeforeNextWait}), for tests. */
    boolean isSpinning() {
        return spinning;
    }

    @Override
    public String toString() {
        return "IOLoop[thread=" + thread.getName()
                + (closed ? ", closed" : running ? ", running" : "") + "]";
    }

    private void checkLoopThread(String what) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(what + "() must be called on the IOLoop's own thread ("
                    + thread.getName() + "), not " + Thread.currentThread().getName());
        }
    }

    private void moveIncoming() {
        for (Runnable cb = incoming.poll(); cb != null; cb = incoming.poll()) {
            callbacks.addLast(cb);
        }
    }

    private static void runCallback(Runnable cb) {
        try {
            cb.run();
        } catch (CancellationException e) {
            LoopLog.debug("Callback " + LoopLog.describe(cb) + " ended with a cancellation", e);
        } catch (Throwable t) {
            LoopLog.error("Exception in callback " + LoopLog.describe(cb), t);
        }
    }

    /** While callbacks keep the loop busy, how often it still polls for I/O readiness. */
    private static final long POLL_INTERVAL_NANOS = 50_000;

    /** When the selector was last polled (System.nanoTime). */
    private long lastPoll;

    private void select() {
        long spin = spinNanos; // asked for this iteration only
        spinNanos = 0;
        long timeoutMillis; // -1: do not wait; 0: wait with no limit
        if (!callbacks.isEmpty() || !iterationEnd.isEmpty()) {
            // Iteration-end callbacks queued by the last ones must not wait for some later event.
            timeoutMillis = -1;
        } else if (!timers.isEmpty()) {
            long wait = timers.peek().deadline() - time();
            // Round up: waking a little late is fine, waking early would only spin.
            timeoutMillis = wait <= 0 ? -1 : (wait + 999_999) / 1_000_000;
        } else {
            timeoutMillis = 0;
        }
        if (timeoutMillis < 0) {
            // Callbacks are waiting: poll for I/O without blocking, but not on every iteration.
            // A system call per iteration would cost more than most callbacks; with nothing
            // registered there is nothing to poll, and otherwise I/O readiness is looked at
            // least every POLL_INTERVAL_NANOS however busy the loop is. `sleeping` is neither
            // set nor cleared on this path: a volatile store is a full fence, and a busy loop
            // would pay it on every iteration.
            if (selector.keys().size() > 1) { // more than the wake-up pipe
                long now = System.nanoTime();
                if (now - lastPoll >= POLL_INTERVAL_NANOS) {
                    lastPoll = now;
                    try {
                        selector.selectNow(collectReady);
                    } catch (IOException e) {
                        LoopLog.error("Exception in select of " + this, e);
                    }
                }
            }
            return;
        }
        if (spin > 0) {
            spinForCallback(spin);
        }
        try {
            lastPoll = System.nanoTime();
            sleeping = true;
            // Dekker handshake with addCallback: it publishes its task and then reads `sleeping`;
            // we publish `sleeping` and then read the queue. One of us sees the other.
            if (!incoming.isEmpty() || stopRequested) {
                selector.selectNow(collectReady);
            } else {
                selector.select(collectReady, timeoutMillis);
            }
        } catch (IOException e) {
            LoopLog.error("Exception in select of " + this, e);
        } finally {
            sleeping = false;
        }
    }

    /**
     * Spins until another thread adds a callback, a stop is asked, or {@code maxNanos} pass.
     * `sleeping` stays false meanwhile, so a producer does not write to the wake-up pipe; the
     * select after the spin then returns at once (the queue is not empty) and still polls I/O.
     */
    private void spinForCallback(long maxNanos) {
        spinning = true;
        long start = System.nanoTime();
        while (incoming.isEmpty() && !stopRequested && System.nanoTime() - start < maxNanos) {
            Thread.onSpinWait();
        }
        spinning = false;
    }

    private void collectReady(SelectionKey key) {
        if (readyCount == readyKeys.length) {
            readyKeys = Arrays.copyOf(readyKeys, readyCount * 2);
            readyOps = Arrays.copyOf(readyOps, readyCount * 2);
        }
        readyKeys[readyCount] = key;
        readyOps[readyCount] = key.readyOps();
        readyCount++;
    }

    private void dispatchReady() {
        int n = readyCount;
        readyCount = 0;
        for (int i = 0; i < n; i++) {
            SelectionKey key = readyKeys[i];
            readyKeys[i] = null;
            int ops;
            try {
                // Handlers that ran before may have removed or narrowed this one.
                ops = readyOps[i] & key.interestOps();
            } catch (java.nio.channels.CancelledKeyException e) {
                continue;
            }
            IOHandler handler = (IOHandler) key.attachment();
            if (ops == 0 || handler == null) {
                continue;
            }
            try {
                handler.ready(key.channel(), ops);
            } catch (CancellationException e) {
                LoopLog.debug("I/O handler for " + LoopLog.describe(key.channel())
                        + " ended with a cancellation", e);
            } catch (Throwable t) {
                LoopLog.error("Exception in I/O handler for " + LoopLog.describe(key.channel()), t);
            }
        }
    }

    private void flushCancelledKeys() {
        try {
            // Readiness seen here is dropped: selection is level-triggered, so it is reported again.
            selector.selectNow(key -> { });
        } catch (IOException e) {
            throw Sneaky.rethrow(e);
        }
    }
}
