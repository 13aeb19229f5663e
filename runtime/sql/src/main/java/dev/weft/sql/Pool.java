package dev.weft.sql;

import dev.weft.Future;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A pool of database connections shared by many coroutines: {@code tornado_mysql.pools.Pool}.
 *
 * <pre>{@code
 * Pool pool = Pool.builder("jdbc:mariadb://127.0.0.1:3306/mysql")
 *         .property("user", "root")
 *         .maxOpenConnections(10)
 *         .maxIdleConnections(1)
 *         .maxRecycle(Duration.ofSeconds(3))
 *         .build();
 * Cursor cur = Co.await(pool.execute("SELECT SLEEP(?)", 1));
 * System.out.println(cur.fetchAll());
 * }</pre>
 *
 * <p>How connections are managed:
 * <ul>
 *   <li>At most {@code maxOpenConnections} are open at once, counting those being opened and
 *       closed, so the server never sees more. Requests beyond that wait in a FIFO queue: a
 *       returned connection goes straight to the oldest waiter, so no request can overtake
 *       one that waited longer.</li>
 *   <li>When no request waits, at most {@code maxIdleConnections} returned connections are kept
 *       open for reuse; the rest are closed.</li>
 *   <li>A connection older than {@code maxRecycle} is not reused: it is closed when it is returned,
 *       or, if it is idle, as soon as it reaches that age. Later requests open a new one.</li>
 *   <li>After a statement fails, the driver is asked whether the connection still works; a broken
 *       one is closed and never handed out again. A connection idle for more than a second is
 *       checked the same way before it is handed out, and replaced if the server dropped it.</li>
 * </ul>
 *
 * <p>What the pool does to its connections is logged at DEBUG level to the {@link System.Logger}
 * named {@code dev.weft.sql.Pool}, one line per event with the counts after it, as
 * {@code tornado_mysql}'s {@code pools.DEBUG = True} prints them: a connection
 * {@code created}, {@code reused} (idle, or passed from the request that returned it to one that
 * waited), {@code kept idle}, {@code recycled} (older than {@code maxRecycle}) and
 * {@code closed} (with why). Every {@code created} line is matched by one {@code recycled} or
 * {@code closed} line once the connection is gone.
 *
 * <p>Blocking JDBC calls run on the pool's own daemon threads, each connection's calls one at a
 * time and in order: short calls (an in-memory database) share as many threads as the machine has
 * cores less one, moving from connection to connection without a hand-off between threads, while
 * a call that waits for a server gets a thread of its own, so that no connection's calls wait
 * behind another's. There are never more threads than {@code maxOpenConnections}; idle, they
 * end after a minute, and all of them when the pool is closed.
 * Every future the pool returns completes on the {@link dev.weft.IOLoop} that was current on the
 * calling thread at the call (on a pool thread if there was none).
 *
 * <p>Thread rules: every method may be called from any thread.
 */
public final class Pool {
    // Idle longer than this, a connection may have been dropped by the server or the network.
    private static final long VALIDATE_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final System.Logger LOG = System.getLogger(Pool.class.getName());

    private final String jdbcUrl;
    private final Properties properties;
    private final int maxOpen;
    private final int maxIdle;
    private final long maxRecycleNanos;
    private final String tooOld; // "older than 3 s": the reason a connection is recycled
    private final SqlRunners runners = new SqlRunners("pool"); // the slots' queues share them
    private final ScheduledThreadPoolExecutor reapers; // one timer per connection, for maxRecycle
    private final Future<Void> terminated = new Future<>();

    // Guarded by this.
    private final ArrayDeque<PooledConnection> idle = new ArrayDeque<>();
    private final ArrayDeque<Future<PooledConnection>> waiters = new ArrayDeque<>();
    private int open; // open, opening or closing: each holds a slot until its close completes
    private int peakOpen;
    private boolean closed;

    private Pool(Builder b) {
        this.jdbcUrl = b.jdbcUrl;
        this.properties = Sql.copy(b.properties);
        this.maxOpen = b.maxOpen;
        this.maxIdle = b.maxIdle;
        this.maxRecycleNanos = saturatedNanos(b.maxRecycle);
        this.tooOld = "older than " + describe(b.maxRecycle);
        // Timers apart, on a thread that sleeps until the next connection is due: a connection's
        // deadline is fixed when it opens, so its timer is set once, never per query.
        this.reapers = new ScheduledThreadPoolExecutor(1, new SqlThreads("pool-reaper"));
        reapers.setKeepAliveTime(60, TimeUnit.SECONDS);
        reapers.allowCoreThreadTimeOut(true);
        reapers.setRemoveOnCancelPolicy(true);
        reapers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Starts configuring a pool for {@code jdbcUrl}.
     *
     * @param jdbcUrl the JDBC URL; its driver must be on the class path
     * @return a builder with the defaults: 10 open, 1 idle, recycle after an hour
     */
    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /**
     * Runs one statement on a pooled connection and returns the connection at once: the cursor
     * holds the whole result and no connection.
     *
     * @param sql the statement, with {@code ?} placeholders
     * @param args the values bound to them, in order ({@code null} binds SQL NULL)
     * @return a future of a cursor holding the result; it fails with the driver's
     *     {@link java.sql.SQLException}, unchanged, if the statement fails (or a connection cannot
     *     be opened), and with {@link IllegalStateException} if the pool is closed. Cancelling it
     *     while it waits for a connection gives up its place in the queue.
     */
    public Future<Cursor> execute(String sql, Object... args) {
        Objects.requireNonNull(sql, "sql");
        Object[] params = args == null ? new Object[] {null} : args.clone();
        Statement statement = new Statement(sql, params, CallerLoop.capture());
        Future<PooledConnection> connection = acquire();
        // A connection to hand the statement to now: SqlWorker.execute asks the loop to spin.
        boolean waits = !connection.isDone();
        statement.start(connection);
        if (waits) {
            // Its connection comes later, from another statement's worker: no hand-off here.
            HandOffSpin.spinCallerLoop(runners.lastCallNanos);
        }
        return statement;
    }

    /**
     * One {@link #execute}: the caller's future, and each step on its way in the same object, so
     * that a query costs a few objects, not a chain of lambdas and futures: the connection
     * arrives ({@link #accept}, on whichever thread provided it); {@link #run} runs the statement
     * on the connection's worker, gives the connection back and hands the outcome to the caller's
     * loop, where {@link #run} is called again and completes the future.
     */
    private final class Statement extends Future<Cursor>
            implements Consumer<Future<PooledConnection>>, SqlCall<Result>, Runnable {
        private final String sql;
        private final Object[] params;
        private final CallerLoop caller;
        private Future<PooledConnection> acquiring;
        private PooledConnection connection;
        // Set on the worker before the hand-off to the loop, read there: its queue orders them.
        private boolean ran;
        private Result outcome;
        private Throwable failure;

        Statement(String sql, Object[] params, CallerLoop caller) {
            this.sql = sql;
            this.params = params;
            this.caller = caller;
        }

        void start(Future<PooledConnection> a) {
            acquiring = a;
            a.addDoneCallback(this);
        }

        /** Cancelled while it waits for a connection: gives up its place in the queue. */
        @Override
        public boolean cancel() {
            if (!super.cancel()) {
                return false;
            }
            acquiring.cancel();
            return true;
        }

        /** The connection is acquired (or could not be): on whichever thread provided it. */
        @Override
        public void accept(Future<PooledConnection> a) {
            if (a.isCancelled()) {
                return;
            }
            if (a.exception() != null) {
                deliver(null, a.exception());
                return;
            }
            connection = a.result();
            try {
                connection.link.submit(this);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                finish(null, e);
            }
        }

        /** The statement, on the connection's worker. */
        @Override
        public Result apply(java.sql.Connection c) throws SQLException {
            return Statements.run(c, sql, params);
        }

        /** First on the connection's worker, then on the caller's loop. */
        @Override
        public void run() {
            if (ran) {
                if (failure != null) {
                    setException(failure);
                } else {
                    setResult(Cursor.detached(outcome));
                }
                return;
            }
            Result r = null;
            Throwable t = null;
            try {
                r = connection.link.perform(this);
            } catch (Throwable e) {
                t = e;
            }
            finish(r, t);
        }

        private void finish(Result r, Throwable t) {
            // First: by the time the caller sees the result, the connection is back.
            release(connection, true);
            deliver(r, t);
        }

        private void deliver(Result r, Throwable t) {
            outcome = r;
            failure = t;
            ran = true;
            caller.run(this);
        }
    }

    /**
     * Borrows a connection and starts a transaction on it; the connection comes back when the
     * transaction commits or rolls back.
     *
     * @return a future of the transaction, on the caller's loop
     */
    public Future<Transaction> begin() {
        CallerLoop caller = CallerLoop.capture();
        Future<Transaction> result = new Future<>();
        acquire().addDoneCallback(a -> {
            if (a.exception() != null) {
                caller.run(() -> result.setException(a.exception()));
                return;
            }
            PooledConnection pc = a.result();
            pc.link.run(Transactions::begin).addDoneCallback(done -> {
                Throwable failure = done.exception();
                if (failure != null) {
                    release(pc, true);
                    caller.run(() -> result.setException(failure));
                    return;
                }
                Transaction tx = new Transaction(this, pc);
                caller.run(() -> {
                    if (!result.setResult(tx)) {
                        tx.rollback(); // cancelled: give the connection back
                    }
                });
            });
        });
        return result;
    }

    /**
     * The number of connections open now, counting those being opened or closed: never more than
     * {@link #maxOpenConnections()}. ({@code tornado_mysql}'s {@code _opened_conns}.)
     *
     * @return the count
     */
    public synchronized int openConnections() {
        return open;
    }

    /**
     * The most connections that were open at once since the pool was built.
     *
     * @return the high-water mark of {@link #openConnections()}
     */
    public synchronized int peakOpenConnections() {
        return peakOpen;
    }

    /**
     * The number of open connections waiting, unused, for a request.
     *
     * @return the count, at most {@code maxIdleConnections}
     */
    public synchronized int idleConnections() {
        return idle.size();
    }

    /**
     * The number of requests waiting for a connection because all are in use.
     *
     * @return the queue length
     */
    public synchronized int waitingRequests() {
        int n = 0;
        for (Future<PooledConnection> w : waiters) {
            if (!w.isDone()) {
                n++;
            }
        }
        return n;
    }

    /**
     * The limit on open connections.
     *
     * @return {@code maxOpenConnections}
     */
    public int maxOpenConnections() {
        return maxOpen;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closing
     */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Shuts the pool down: new requests fail with {@link IllegalStateException}, and so do the
     * requests waiting for a connection; idle connections are closed now, those in use as soon as
     * their statement or transaction ends. Then the pool's threads stop.
     *
     * @return a future completed, on the caller's loop, once every connection is closed
     */
    public Future<Void> close() {
        List<Future<PooledConnection>> refused;
        List<PooledConnection> idleNow;
        boolean finished;
        synchronized (this) {
            finished = !closed && open == 0;
            closed = true;
            refused = new ArrayList<>(waiters);
            waiters.clear();
            idleNow = new ArrayList<>(idle);
            idle.clear();
        }
        for (Future<PooledConnection> w : refused) {
            w.setException(new IllegalStateException("pool was closed while waiting for a connection"));
        }
        idleNow.forEach(pc -> retire(pc, "closed an idle connection: the pool is closing"));
        if (finished) {
            terminate();
        }
        CallerLoop caller = CallerLoop.capture();
        Future<Void> result = new Future<>();
        terminated.addDoneCallback(t -> caller.run(() -> result.setResult(null)));
        return result;
    }

    @Override
    public String toString() {
        synchronized (this) {
            return "Pool[" + jdbcUrl + ", open=" + open + "/" + maxOpen + ", idle=" + idle.size()
                    + ", waiting=" + waiters.size() + (closed ? ", closed" : "") + "]";
        }
    }

    /** A connection for one request; the future completes on whichever thread provides it. */
    private Future<PooledConnection> acquire() {
        Future<PooledConnection> f = new Future<>();
        List<PooledConnection> expired = null; // rare: no list unless one is found
        PooledConnection reuse = null;
        long idleFor = 0;
        boolean openNew = false;
        boolean refused = false;
        synchronized (this) {
            if (closed) {
                refused = true;
            } else {
                dropCancelledWaiters();
                if (waiters.isEmpty()) { // otherwise this request would overtake them
                    long now = System.nanoTime();
                    for (Iterator<PooledConnection> it = idle.iterator(); it.hasNext(); ) {
                        PooledConnection pc = it.next();
                        if (pc.olderThan(maxRecycleNanos, now)) {
                            it.remove();
                            if (expired == null) {
                                expired = new ArrayList<>(1);
                            }
                            expired.add(pc);
                        }
                    }
                    reuse = idle.pollLast(); // the most recently used: the others may age out
                    if (reuse != null) {
                        idleFor = now - reuse.idleSince;
                        debug("reused an idle connection");
                    } else if (open < maxOpen) {
                        openNew = true;
                        takeSlot();
                    }
                }
                if (reuse == null && !openNew) {
                    waiters.addLast(f);
                }
            }
        }
        if (refused) {
            f.setException(new IllegalStateException("pool is closed"));
            return f;
        }
        if (expired != null) {
            expired.forEach(pc -> retire(pc, "recycled an idle connection " + tooOld));
        }
        if (reuse != null) {
            handOutIdle(reuse, idleFor, f);
        } else if (openNew) {
            startOpening(f);
        }
        return f;
    }

    private void handOutIdle(PooledConnection pc, long idleFor, Future<PooledConnection> f) {
        if (idleFor < VALIDATE_AFTER_IDLE_NANOS) {
            give(pc, f);
            return;
        }
        pc.worker.execute(() -> {
            if (pc.link.isHealthy()) {
                give(pc, f);
            } else {
                pc.cancelReaper();
                pc.link.closeNow();
                synchronized (this) {
                    debug("closed an idle connection the server dropped");
                }
                openOn(pc.worker, f); // a replacement in the same slot, on the same queue
            }
        });
    }

    /**
     * The queue of one connection slot: it opens the connection, runs every call on it, closes
     * it, and is shut down (or opens the next one in the same slot).
     */
    private SqlWorker newWorker() {
        return new SqlWorker(runners);
    }

    /** Opens a connection in a slot already taken, on a new queue for the slot. */
    private void startOpening(Future<PooledConnection> f) {
        SqlWorker worker = newWorker();
        worker.execute(() -> openOn(worker, f));
    }

    /** Opens a connection in a slot already taken; on the slot's queue, {@code worker}. */
    private void openOn(SqlWorker worker, Future<PooledConnection> f) {
        Connection jdbc;
        try {
            jdbc = DriverManager.getConnection(jdbcUrl, properties);
        } catch (Throwable t) {
            slotFreed(null, worker);
            f.setException(t);
            return;
        }
        synchronized (this) {
            debug("created a connection");
        }
        PooledConnection pc = new PooledConnection(new Link(jdbc, worker), worker,
                System.nanoTime());
        try {
            pc.setReaper(reapers.schedule(() -> reap(pc), maxRecycleNanos, TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            // The pool closed meanwhile: the connection is closed on release, needing no timer.
        }
        give(pc, f);
    }

    private void give(PooledConnection pc, Future<PooledConnection> f) {
        if (!f.setResult(pc)) {
            release(pc, false); // the request was cancelled meanwhile
        }
    }

    /**
     * Takes back a connection after its request: to the oldest waiter, the idle set, or closed.
     * A pool thread ({@code onWorker}) closes it itself, so that by the time the request's result
     * is delivered the connection no longer counts as open: {@link #openConnections()} read after
     * the last result is then exact, as the seed's final {@code print(POOL._opened_conns)} needs.
     */
    void release(PooledConnection pc, boolean onWorker) {
        Future<PooledConnection> next = null;
        boolean keep = false;
        String closing; // why it is closed, when it is
        synchronized (this) {
            long now = System.nanoTime();
            if (closed) {
                closing = "closed a returned connection: the pool is closing";
            } else if (pc.link.isBroken()) {
                closing = "closed a broken connection";
            } else if (pc.olderThan(maxRecycleNanos, now)) {
                closing = "recycled a returned connection " + tooOld;
            } else {
                closing = "closed a returned connection: maxIdleConnections are idle";
                next = pollWaiter();
                if (next != null) {
                    debug("reused a returned connection for a waiting request");
                } else if (idle.size() < maxIdle) {
                    pc.idleSince = now;
                    idle.addLast(pc);
                    keep = true;
                    debug("kept a returned connection idle");
                }
            }
        }
        if (next != null) {
            give(pc, next);
        } else if (keep) {
            return;
        } else if (onWorker) {
            retireHere(pc, closing);
        } else {
            retire(pc, closing);
        }
    }

    /** A connection's timer: it is too old now. In use, it is recycled when it comes back. */
    private void reap(PooledConnection pc) {
        synchronized (this) {
            if (!idle.remove(pc)) {
                return;
            }
        }
        retire(pc, "recycled an idle connection " + tooOld); // not here: closing may block
    }

    /** Closes a connection nobody holds on its queue, then frees its slot. */
    private void retire(PooledConnection pc, String why) {
        pc.cancelReaper();
        pc.worker.execute(() -> retireHere(pc, why));
    }

    /** Closes a connection nobody holds, here (on its queue), then frees its slot. */
    private void retireHere(PooledConnection pc, String why) {
        pc.cancelReaper();
        pc.link.closeNow();
        slotFreed(why, pc.worker);
    }

    /**
     * Gives back the slot of a connection closed for {@code why} (null: it never opened), and
     * with it the slot's queue {@code worker}: to the next waiter, who opens a connection on it,
     * or stopped.
     */
    private void slotFreed(String why, SqlWorker worker) {
        Future<PooledConnection> next = null;
        boolean finished;
        synchronized (this) {
            open--;
            if (why != null) {
                debug(why);
            }
            if (!closed) {
                next = pollWaiter();
                if (next != null) {
                    takeSlot();
                }
            }
            finished = closed && open == 0;
        }
        if (next != null) {
            Future<PooledConnection> f = next;
            // Queued, not a direct call: failing opens must not nest on the stack.
            worker.execute(() -> openOn(worker, f));
        } else {
            worker.shutdown(); // after this task: it is the slot's last
        }
        if (finished) {
            terminate();
        }
    }

    private void terminate() {
        reapers.shutdown();
        runners.shutdown(); // every slot's queue is shut down and drained: their threads end
        if (!terminated.isDone()) {
            terminated.setResult(null);
        }
    }

    /**
     * Logs one event with the counts it left, holding the lock so that the lines come in the
     * order of the events and each one's counts are exact. ({@code tornado_mysql}'s
     * {@code _debug(msg, self.stat())}.)
     */
    private void debug(String event) { // holding the lock
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, event + " (open " + open + ", idle " + idle.size()
                    + ", waiting " + waitingRequests() + ")");
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private void takeSlot() { // holding the lock
        open++;
        peakOpen = Math.max(peakOpen, open);
    }

    private Future<PooledConnection> pollWaiter() { // holding the lock
        dropCancelledWaiters();
        return waiters.pollFirst();
    }

    private void dropCancelledWaiters() { // holding the lock
        while (!waiters.isEmpty() && waiters.peekFirst().isDone()) {
            waiters.pollFirst();
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2; // far enough never to be reached, and safe to subtract from
        }
    }

    /**
     * Configures a {@link Pool}. The defaults follow {@code tornado_mysql}: one idle connection
     * kept, connections recycled after an hour; at most 10 open, since a pool's threads must be
     * bounded.
     */
    public static final class Builder {
        private final String jdbcUrl;
        private final Properties properties = new Properties();
        private int maxOpen = 10;
        private int maxIdle = 1;
        private Duration maxRecycle = Duration.ofHours(1);

        private Builder(String jdbcUrl) {
            this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        }

        /**
         * Sets one driver property, such as {@code user} or {@code password}.
         *
         * @param name the property name
         * @param value its value
         * @return this builder
         */
        public Builder property(String name, String value) {
            properties.setProperty(name, value);
            return this;
        }

        /**
         * Adds every property of {@code props} (copied now).
         *
         * @param props driver properties
         * @return this builder
         */
        public Builder properties(Properties props) {
            properties.putAll(Sql.copy(props));
            return this;
        }

        /**
         * The most connections open at once, and so the most statements running at once.
         *
         * @param n at least 1 (default 10)
         * @return this builder
         */
        public Builder maxOpenConnections(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxOpenConnections must be at least 1: " + n);
            }
            maxOpen = n;
            return this;
        }

        /**
         * The most unused connections kept open when no request waits
         * ({@code max_idle_connections}).
         *
         * @param n at least 0 (default 1)
         * @return this builder
         */
        public Builder maxIdleConnections(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxIdleConnections must not be negative: " + n);
            }
            maxIdle = n;
            return this;
        }

        /**
         * The age (since it was opened) after which a connection is no longer reused, but closed
         * and replaced by a new one when needed ({@code max_recycle_sec}).
         *
         * @param age positive (default one hour)
         * @return this builder
         */
        public Builder maxRecycle(Duration age) {
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("maxRecycle must be positive: " + age);
            }
            maxRecycle = age;
            return this;
        }

        /**
         * Builds the pool. No connection is opened until the first request.
         *
         * @return a new pool
         */
        public Pool build() {
            return new Pool(this);
        }
    }
}
