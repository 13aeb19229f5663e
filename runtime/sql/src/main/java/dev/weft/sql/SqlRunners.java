package dev.weft.sql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that run the queued JDBC calls of a pool's connections (or of one connection's):
 * each {@link SqlWorker} is one connection's queue, and a thread here takes a queue with work,
 * runs its calls, and goes on to the next queue with work. A queue is run by one thread at a
 * time, so a connection's calls still run one at a time and in order.
 *
 * <p>Why not a thread per connection, as before: ten connections busy with in-memory queries were
 * ten threads on two cores, each given one statement per loop round and parked after it, so a
 * query cost a park and an unpark, several times the query (docs/BENCHMARKS.md). Here a thread
 * busy with short calls keeps going from queue to queue, and no other is woken for them.
 *
 * <p>How many run: a queue given work is taken by a thread spinning for work if there is one;
 * else by a parked (or new) thread only if fewer threads are busy than {@link #cores} (the
 * machine's cores less the one the caller's loop needs). A thread whose call has run longer than
 * {@link #BLOCKED_NANOS}, or whose last call did, is taken to be waiting for the database rather
 * than using a core, and does not count: calls to a server across a network each get a thread,
 * as before, while short ones share. Should a thread that counted block after all, a watchdog
 * that looks every {@link #WATCH_NANOS} while queues are left waiting wakes another for them.
 * There are never more threads than queues (connections), since each runs one queue at a time.
 *
 * <p>Idle for {@link #KEEP_ALIVE_NANOS}, a thread ends; after {@link #shutdown()} every thread ends
 * as soon as no queue has work, and so does the watchdog.
 *
 * <p>Thread rules: every method from any thread.
 */
final class SqlRunners {
    /** How long a thread waits for work before it ends. */
    static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** A call running longer than this is taken to wait for the database, not to use a core. */
    static final long BLOCKED_NANOS = 50_000;
    /** How often the watchdog looks, while queues are left waiting for busy threads. */
    static final long WATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** With no queue waiting, nor left waiting for this long, the watchdog sleeps until one is. */
    static final long WATCH_QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final System.Logger LOG = System.getLogger(SqlRunners.class.getName());

    // A thread's state; changed under the lock (a spinner reads it without).
    private static final int RUNNING = 0; // taking a queue, or running its calls
    private static final int SPINNING = 1; // nothing to do, spinning for work
    private static final int PARKED = 2; // nothing to do, parked
    private static final int WOKEN = 3; // claimed for a queue given work, not yet running it
    private static final int ENDED = 4;

    private final ThreadFactory threads;
    private final ThreadFactory watchdogs;
    private final long keepAliveNanos;
    private final int cores;
    private final long blockedNanos;

    // Guarded by this.
    private final ArrayDeque<SqlWorker> ready = new ArrayDeque<>(); // queues with work, not taken
    private final ArrayList<Runner> all = new ArrayList<>();
    private final ArrayDeque<Runner> spinning = new ArrayDeque<>();
    private final ArrayDeque<Runner> parked = new ArrayDeque<>(); // the last parked wakes first
    private int queues; // not shut down: no more threads than these are ever needed
    private boolean shutdown;
    private Thread watchdog;
    private boolean watchdogSleeping;
    private long lastLeftWaiting; // when a queue was last left for busy threads
    // How long the last call ran, on any thread: read without a lock by a caller deciding whether
    // to spin for an outcome; a stale value costs one spin more or one less, nothing else.
    volatile long lastCallNanos;
    // ready.size(), read without the lock by a thread deciding whether to let another queue go first
    private volatile int readyCount;

    /** Threads named for {@code kind}, for as many cores as the machine has, less one. */
    SqlRunners(String kind) {
        this(new SqlThreads(kind), new SqlThreads(kind + "-watchdog"), KEEP_ALIVE_NANOS,
                Math.max(1, Runtime.getRuntime().availableProcessors() - 1), BLOCKED_NANOS);
    }

    /**
     * With other threads, keep-alive ({@code Long.MAX_VALUE}: never end idle), cores, or time
     * after which a call counts as blocked.
     */
    SqlRunners(ThreadFactory threads, ThreadFactory watchdogs, long keepAliveNanos, int cores,
            long blockedNanos) {
        this.threads = threads;
        this.watchdogs = watchdogs;
        this.keepAliveNanos = keepAliveNanos;
        this.cores = cores;
        this.blockedNanos = blockedNanos;
    }

    /** A queue is made: one more that may need a thread. */
    synchronized void register() {
        queues++;
    }

    /** A queue is shut down. */
    synchronized void unregister() {
        queues--;
    }

    /**
     * Queues {@code queue}, which has just been given work, for a thread, and wakes or starts one
     * if that is worth it (see the class comment).
     *
     * @throws RejectedExecutionException if there is no thread and none can be started
     */
    void schedule(SqlWorker queue) {
        Runner claimed = null;
        boolean watch = false;
        long now = System.nanoTime(); // not under the lock: on a virtual machine it can be slow
        synchronized (this) {
            ready.addLast(queue);
            readyCount = ready.size();
            // A spinner is awake anyway: giving it the queue costs no core.
            if (!spinning.isEmpty() || all.isEmpty() || activeLocked(now) < cores) {
                claimed = claimIdleLocked(now);
            } else if (queues > 1) {
                watch = leftWaitingLocked(now);
            }
            // Else the one queue was left by the thread busy with it a moment ago, which is on
            // its way to take it again: a lone connection's calls never need the watchdog.
        }
        if (claimed != null) {
            setGoing(claimed, queue);
        } else if (watch) {
            startOrWakeWatchdog();
        }
    }

    /**
     * Under the lock: claims a thread for a queue given work, the last to spin or else the last
     * to park, or else makes one; null if there are already as many threads as queues, since one
     * of them is then between two queues, and takes it.
     */
    private Runner claimIdleLocked(long now) {
        Runner r = spinning.pollLast();
        if (r == null) {
            r = parked.pollLast();
            if (r != null) {
                r.mustUnpark = true;
                HandOffSpin.awoke();
            } else if (all.isEmpty() || all.size() < queues) {
                r = newRunnerLocked();
            } else {
                return null;
            }
        }
        r.claimLocked(now);
        return r;
    }

    /**
     * Outside the lock: wakes a claimed thread that was parked, at the end of the caller's loop
     * iteration if it has one ({@link LoopWakeups}), or starts a new one; a spinner sees its claim
     * by itself. A thread that cannot start refuses {@code queue} if no other thread is left to
     * run it (null: refuse nothing).
     */
    private void setGoing(Runner r, SqlWorker queue) {
        if (r.mustUnpark) {
            r.mustUnpark = false;
            LoopWakeups.unpark(r.thread);
        } else if (!r.started) {
            r.started = true;
            try {
                r.thread.start();
            } catch (Throwable t) { // no thread to be had (out of native threads, say)
                boolean refuse;
                synchronized (this) {
                    r.endLocked();
                    refuse = queue != null && all.isEmpty() && ready.remove(queue);
                    readyCount = ready.size();
                }
                if (refuse) {
                    throw new RejectedExecutionException("cannot start a SQL worker thread", t);
                }
                LOG.log(System.Logger.Level.WARNING, "cannot start another SQL worker thread", t);
            }
        }
    }

    /**
     * After this, every thread ends once no queue has work (a queue given work later still gets
     * one), and so does the watchdog.
     */
    void shutdown() {
        ArrayList<Thread> wake = new ArrayList<>();
        synchronized (this) {
            shutdown = true;
            for (Runner r : parked) {
                wake.add(r.thread); // it finds nothing to do, sees the shutdown and ends
            }
            if (watchdog != null) {
                wake.add(watchdog);
            }
        }
        wake.forEach(LockSupport::unpark);
    }

    /** The threads alive now, for tests. */
    synchronized int threadCount() {
        return all.size();
    }

    /** Whether the watchdog thread exists, for tests. */
    synchronized boolean hasWatchdog() {
        return watchdog != null;
    }

    /**
     * Under the lock: the threads that use a core now, or are about to. A thread running a call
     * counts unless the call, or its last one, ran longer than {@link #BLOCKED_NANOS}.
     */
    private int activeLocked(long now) {
        int n = 0;
        for (int i = 0; i < all.size(); i++) {
            Runner r = all.get(i);
            int s = r.state;
            if (s == WOKEN) {
                n++;
            } else if (s == RUNNING) {
                long start = r.callStart;
                if (start == 0 || (now - start < blockedNanos && r.lastCallNanos < blockedNanos)) {
                    n++;
                }
            }
        }
        return n;
    }

    private Runner newRunnerLocked() {
        Runner r = new Runner();
        r.thread = threads.newThread(r);
        all.add(r);
        HandOffSpin.awoke();
        return r;
    }

    /** Under the lock: a queue was left for busy threads; whether the watchdog must be woken. */
    private boolean leftWaitingLocked(long now) {
        lastLeftWaiting = now;
        if (watchdog != null && !watchdogSleeping) {
            return false;
        }
        watchdogSleeping = false;
        return true;
    }

    private void startOrWakeWatchdog() {
        Thread start = null;
        Thread wake = null;
        synchronized (this) {
            if (watchdog == null) {
                watchdog = watchdogs.newThread(this::watch);
                start = watchdog;
            } else {
                wake = watchdog;
            }
        }
        if (wake != null) {
            LockSupport.unpark(wake);
            return;
        }
        try {
            start.start();
        } catch (Throwable t) { // the next queue left waiting tries again
            synchronized (this) {
                watchdog = null;
            }
            LOG.log(System.Logger.Level.WARNING, "cannot start the SQL watchdog thread", t);
        }
    }

    /** The watchdog: wakes threads for queues left waiting behind threads that blocked. */
    private void watch() {
        while (true) {
            boolean sleep;
            synchronized (this) {
                if (shutdown) {
                    watchdog = null;
                    return;
                }
                long now = System.nanoTime();
                // Never while a queue waits: the call it waits behind may block only later.
                sleep = watchdogSleeping
                        || (ready.isEmpty() && now - lastLeftWaiting > WATCH_QUIET_NANOS);
                watchdogSleeping = sleep;
            }
            if (sleep) {
                LockSupport.park(this); // until a queue is left waiting, or the shutdown
                continue;
            }
            LockSupport.parkNanos(this, WATCH_NANOS);
            rescue();
        }
    }

    /** Wakes or starts a thread per queue waiting, while fewer than {@link #cores} are active. */
    private void rescue() {
        ArrayList<Runner> claimed = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            int waiting = ready.size();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).state == WOKEN) {
                    waiting--;
                }
            }
            for (int room = cores - activeLocked(now); waiting > 0 && room > 0; waiting--, room--) {
                Runner r = claimIdleLocked(now);
                if (r == null) {
                    break;
                }
                claimed.add(r);
            }
        }
        for (Runner r : claimed) {
            setGoing(r, null); // one that cannot start is tried again at the next look
        }
    }

    /** One thread: takes a queue with work, runs it, takes the next; spins, parks or ends idle. */
    private final class Runner implements Runnable {
        Thread thread;
        volatile int state = WOKEN; // a new thread is claimed for the queue that started it
        // Claimed while parked, and not yet unparked: set by the claim, under the lock, and cleared
        // by the claimer as it unparks. Should the thread park again and be claimed again before
        // that, the one unpark still wakes it: its permit outlasts an unpark before the park.
        volatile boolean mustUnpark;
        boolean started; // only its maker, the one claimer it can have before it runs, reads it
        volatile long callStart; // System.nanoTime() when the running call began, 0 between calls
        volatile long lastCallNanos; // how long the last call ran
        // From nothing to do to the next queue given, read by a thread deciding whether to spin.
        private long lastTurnAroundNanos = Long.MAX_VALUE;
        private long idleSince; // guarded by the lock: when it found nothing to do, 0 with work

        @Override
        public void run() {
            while (true) {
                SqlWorker queue = take();
                if (queue == null) {
                    return;
                }
                runCalls(queue);
            }
        }

        /** Runs the queue's calls until it has none, or another queue waits (it then goes last). */
        private void runCalls(SqlWorker queue) {
            // One clock reading per call: a call's end is the next one's start, which then counts
            // the few instructions between them too.
            long start = System.nanoTime();
            while (true) {
                Runnable call = queue.next();
                if (call == null) {
                    return;
                }
                callStart = start;
                try {
                    call.run();
                } catch (Throwable t) {
                    // The pool's calls handle their own failures, so this is a bug; it must not
                    // leave the queue without a thread, so the thread goes on.
                    LOG.log(System.Logger.Level.ERROR, "Exception in a SQL worker task", t);
                }
                long end = System.nanoTime();
                long took = end - start;
                start = end;
                callStart = 0;
                lastCallNanos = took;
                SqlRunners.this.lastCallNanos = took;
                if (readyCount > 0) { // another queue waits: this one goes after it
                    if (queue.holdsWork()) {
                        requeue(queue);
                    }
                    return;
                }
            }
        }

        private void requeue(SqlWorker queue) {
            synchronized (SqlRunners.this) {
                ready.addLast(queue);
                readyCount = ready.size();
            }
        }

        /** The next queue with work, waiting for one as long as needed; null once it must end. */
        private SqlWorker take() {
            boolean spun = false;
            while (true) {
                long wait;
                boolean spin;
                synchronized (SqlRunners.this) {
                    long now = System.nanoTime();
                    SqlWorker queue = ready.pollFirst();
                    if (queue != null) {
                        readyCount = ready.size();
                        if (idleSince != 0) {
                            lastTurnAroundNanos = now - idleSince;
                            idleSince = 0;
                        }
                        state = RUNNING;
                        return queue;
                    }
                    state = RUNNING; // if claimed, another thread took the queue first
                    if (idleSince == 0) {
                        idleSince = now;
                    }
                    wait = keepAliveNanos - (now - idleSince);
                    if (shutdown || wait <= 0) {
                        endLocked();
                        return null; // the next queue given work starts a new thread
                    }
                    spin = !spun && HandOffSpin.workerShouldSpin(lastTurnAroundNanos);
                    if (spin) {
                        state = SPINNING;
                        spinning.addLast(this);
                    } else {
                        state = PARKED;
                        parked.addLast(this);
                        HandOffSpin.asleep();
                    }
                }
                if (spin) {
                    spun = true;
                    long start = System.nanoTime();
                    while (state == SPINNING && System.nanoTime() - start < HandOffSpin.SPIN_NANOS) {
                        Thread.onSpinWait();
                    }
                    synchronized (SqlRunners.this) {
                        if (state == SPINNING) {
                            spinning.remove(this);
                            state = RUNNING;
                        }
                    }
                    continue;
                }
                spun = false;
                // Not holding the lock. An unpark that comes before the park makes it return at
                // once, so a claim made between the two is not missed.
                LockSupport.parkNanos(this, wait);
                synchronized (SqlRunners.this) {
                    if (state == PARKED) { // timed out, or woken spuriously: not claimed
                        parked.remove(this);
                        state = RUNNING;
                        HandOffSpin.awoke();
                    }
                }
            }
        }

        /** Under the lock: this idle thread is to take the queue just given work. */
        void claimLocked(long now) {
            state = WOKEN;
            if (idleSince != 0) {
                lastTurnAroundNanos = now - idleSince;
                idleSince = 0;
            }
        }

        /** Under the lock: the thread ends (or never started). */
        void endLocked() {
            state = ENDED;
            all.remove(this);
            HandOffSpin.asleep();
        }
    }
}
