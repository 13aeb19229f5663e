package dev.weft.sql;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * (Public so that H2 can call its functions.) A fresh in-memory H2 database per test, with Java functions the tests call from SQL to observe
 * what the pool does from the database's side (how many run at once, in which order).
 */
public final class TestDb implements AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    // Read by the SQL functions below; each test that uses them resets them first.
    static final List<Integer> RECORDED = Collections.synchronizedList(new ArrayList<>());
    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger MAX_RUNNING = new AtomicInteger();
    static final AtomicInteger MAX_SESSIONS = new AtomicInteger();
    static volatile CountDownLatch gate = new CountDownLatch(0);

    final String url;
    // Keeps the in-memory database alive between the pool's connections, and watches it.
    final Connection monitor;

    TestDb() throws SQLException {
        url = "jdbc:h2:mem:weft-sql-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
        monitor = DriverManager.getConnection(url);
        RECORDED.clear();
        RUNNING.set(0);
        MAX_RUNNING.set(0);
        MAX_SESSIONS.set(0);
        gate = new CountDownLatch(0);
        update("CREATE ALIAS RECORD FOR 'dev.weft.sql.TestDb.record'");
        update("CREATE ALIAS TRACK FOR 'dev.weft.sql.TestDb.track'");
        update("CREATE ALIAS WAIT_GATE FOR 'dev.weft.sql.TestDb.waitGate'");
    }

    /** SQL {@code RECORD(n)}: notes the order in which statements ran. */
    public static int record(int n) {
        RECORDED.add(n);
        return n;
    }

    /**
     * SQL {@code TRACK(n)}: counts the statements running at once, and the sessions the database
     * has open, as seen from inside the database; sleeps briefly so that statements overlap.
     */
    public static int track(Connection conn, int n) throws Exception {
        int now = RUNNING.incrementAndGet();
        MAX_RUNNING.accumulateAndGet(now, Math::max);
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
            rs.next();
            MAX_SESSIONS.accumulateAndGet(rs.getInt(1), Math::max);
        }
        Thread.sleep(1);
        RUNNING.decrementAndGet();
        return n;
    }

    /** SQL {@code WAIT_GATE(n)}: blocks until the test opens {@link #gate}. */
    public static int waitGate(int n) throws InterruptedException {
        RUNNING.incrementAndGet();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
            return n;
        } finally {
            RUNNING.decrementAndGet();
        }
    }

    void update(String sql) throws SQLException {
        try (Statement s = monitor.createStatement()) {
            s.execute(sql);
        }
    }

    long queryLong(String sql) throws SQLException {
        try (Statement s = monitor.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        update("SHUTDOWN");
        monitor.close();
    }

    /**
     * Waits for {@code f} from a thread with no running loop (results are then delivered on the
     * worker thread), and returns its result or throws its failure unchanged.
     */
    static <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw (Error) cause;
        }
    }

    /** The failure of {@code f}, once done. */
    static Throwable failure(Future<?> f) throws Exception {
        try {
            await(f);
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("expected a failure, got a result: " + f);
    }

    /** Waits for a condition that another thread makes true (within a generous limit). */
    static void eventually(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("never became true: " + what);
            }
            Thread.sleep(5);
        }
    }

    /**
     * Test threads are shared by test classes: a loop that another test left on this thread would
     * be captured by every call and never run, so the results would never arrive.
     */
    static void noLoopOnThisThread() {
        IOLoop leftover = IOLoop.currentOrNull();
        if (leftover != null) {
            leftover.close();
        }
    }
}
