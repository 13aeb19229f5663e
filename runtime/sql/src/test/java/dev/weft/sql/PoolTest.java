package dev.weft.sql;

import static dev.weft.sql.TestDb.await;
import static dev.weft.sql.TestDb.eventually;
import static dev.weft.sql.TestDb.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Co;
import dev.weft.Future;
import dev.weft.IOLoop;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PoolTest {
    private TestDb db;
    private Pool pool;

    @BeforeEach
    void open() throws Exception {
        TestDb.noLoopOnThisThread();
        db = new TestDb();
    }

    @AfterEach
    void close() throws Exception {
        TestDb.gate.countDown(); // never leave a statement blocked
        if (pool != null) {
            await(pool.close());
            assertEquals(0, pool.openConnections(), "close leaves nothing open");
        }
        db.close();
    }

    private Pool pool(int maxOpen, int maxIdle, Duration maxRecycle) {
        pool = Pool.builder(db.url).maxOpenConnections(maxOpen).maxIdleConnections(maxIdle)
                .maxRecycle(maxRecycle).build();
        return pool;
    }

    private static long sessionId(Cursor cur) {
        return ((Number) cur.fetchOne().get(0)).longValue();
    }

    private long sessions() throws SQLException {
        return db.queryLong("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS");
    }

    @Test
    void aThousandConcurrentRequestsThroughEightConnectionsAllComplete() throws Exception {
        pool(8, 8, Duration.ofHours(1));
        IOLoop loop = IOLoop.current();
        AtomicInteger offLoop = new AtomicInteger();
        List<Cursor> cursors;
        try {
            cursors = loop.runSync(() -> {
                List<Future<Cursor>> all = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    Future<Cursor> f = pool.execute("SELECT TRACK(?)", i);
                    f.addDoneCallback(done -> {
                        if (!loop.isRunning() || IOLoop.currentOrNull() != loop) {
                            offLoop.incrementAndGet();
                        }
                    });
                    all.add(f);
                }
                assertTrue(pool.waitingRequests() > 0, "most requests had to queue");
                return Co.all(all);
            });
        } finally {
            loop.close();
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, cursors.get(i).fetchOne().get(0));
        }
        assertEquals(0, offLoop.get(), "every result was delivered on the caller's loop");
        assertTrue(pool.peakOpenConnections() <= 8, "pool opened " + pool.peakOpenConnections());
        assertTrue(TestDb.MAX_RUNNING.get() <= 8, "ran at once: " + TestDb.MAX_RUNNING.get());
        // What the database saw: the 8 pooled sessions and the test's monitor connection.
        assertTrue(TestDb.MAX_SESSIONS.get() <= 8 + 1, "sessions: " + TestDb.MAX_SESSIONS.get());
        assertTrue(pool.openConnections() <= 8);
        assertEquals(0, pool.waitingRequests());
    }

    @Test
    void noMoreThreadsThanConnectionsAndEveryThreadStopsWithThePool() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        pool(3, 3, Duration.ofHours(1));
        IOLoop loop = IOLoop.current();
        try {
            loop.runSync(() -> {
                List<Future<Cursor>> all = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    all.add(pool.execute("SELECT TRACK(?)", i));
                }
                return Co.all(all);
            });
        } finally {
            loop.close();
        }
        Set<Thread> started = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && t.getName().startsWith("weft-sql-pool-")) {
                started.add(t);
            }
        }
        long workers = started.stream()
                .filter(t -> !t.getName().contains("reaper") && !t.getName().contains("watchdog"))
                .count();
        assertTrue(workers >= 1 && workers <= 3, "at most a thread per connection: " + started);
        assertTrue(started.stream().allMatch(Thread::isDaemon), "never keeps the JVM alive");
        await(pool.close());
        for (Thread t : started) {
            t.join(10_000);
            assertFalse(t.isAlive(), t + " still runs after the pool closed");
        }
    }

    @Test
    void waitersAreServedInTheOrderTheyAsked() throws Exception {
        pool(1, 1, Duration.ofHours(1));
        Transaction tx = await(pool.begin()); // holds the only connection
        List<Future<Cursor>> queued = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            queued.add(pool.execute("SELECT RECORD(?)", i));
        }
        assertEquals(20, pool.waitingRequests());
        assertEquals(List.of(), TestDb.RECORDED);
        await(tx.commit());
        for (Future<Cursor> f : queued) {
            await(f);
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add(i);
        }
        assertEquals(expected, TestDb.RECORDED);
        assertEquals(1, pool.peakOpenConnections());
    }

    @Test
    void aCancelledWaiterGivesUpItsPlace() throws Exception {
        pool(1, 1, Duration.ofHours(1));
        Transaction tx = await(pool.begin());
        Future<Cursor> cancelled = pool.execute("SELECT RECORD(1)");
        Future<Cursor> kept = pool.execute("SELECT RECORD(2)");
        assertTrue(cancelled.cancel());
        await(tx.rollback());
        assertEquals(2, await(kept).fetchOne().get(0));
        assertEquals(List.of(2), TestDb.RECORDED);
    }

    @Test
    void onlyMaxIdleConnectionsStayOpenAfterABurst() throws Exception {
        pool(5, 1, Duration.ofHours(1));
        TestDb.gate = new CountDownLatch(1);
        List<Future<Cursor>> burst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            burst.add(pool.execute("SELECT WAIT_GATE(?)", i));
        }
        eventually("five statements running at once", () -> TestDb.RUNNING.get() == 5);
        assertEquals(5, pool.openConnections());
        TestDb.gate.countDown();
        for (Future<Cursor> f : burst) {
            await(f);
        }
        // Closed before the results were delivered, so the count is exact already.
        assertEquals(1, pool.openConnections());
        assertEquals(1, pool.idleConnections());
        assertEquals(1 + 1, sessions(), "the idle connection and the test's monitor");
    }

    @Test
    void anIdleConnectionIsClosedAtMaxRecycleAndReplaced() throws Exception {
        pool(2, 2, Duration.ofMillis(300));
        long first = sessionId(await(pool.execute("SELECT SESSION_ID()")));
        assertEquals(1, pool.idleConnections());
        // Nobody asks: the idle connection is closed when it reaches the age, not on next use.
        eventually("the old idle connection closed", () -> pool.openConnections() == 0);
        assertEquals(0, db.queryLong("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
                + " WHERE SESSION_ID = " + first));
        long second = sessionId(await(pool.execute("SELECT SESSION_ID()")));
        assertNotEquals(first, second);
    }

    @Test
    void aConnectionOlderThanMaxRecycleIsNotReused() throws Exception {
        pool(1, 1, Duration.ofMillis(200));
        TestDb.gate = new CountDownLatch(1);
        Future<Cursor> slow = pool.execute("SELECT SESSION_ID(), WAIT_GATE(0)");
        eventually("statement running", () -> TestDb.RUNNING.get() == 1);
        Thread.sleep(300); // the busy connection ages past maxRecycle while in use
        Future<Cursor> next = pool.execute("SELECT SESSION_ID()");
        TestDb.gate.countDown();
        long old = sessionId(await(slow));
        assertNotEquals(old, sessionId(await(next)), "the old connection was closed on return");
        assertEquals(1, pool.peakOpenConnections(), "and replaced without exceeding the limit");
    }

    @Test
    void aConnectionKilledUnderARunningQueryIsReplaced() throws Exception {
        pool(2, 2, Duration.ofHours(1));
        Future<Cursor> doomed = pool.execute(
                "SELECT SUM(RAND()) FROM SYSTEM_RANGE(1, 100000000000)");
        eventually("the long query is running", () -> {
            try {
                return db.queryLong("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
                        + " WHERE EXECUTING_STATEMENT LIKE '%SYSTEM_RANGE(1, 1000%'"
                        + " AND SESSION_ID <> SESSION_ID()") == 1;
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        });
        long killed = db.queryLong("SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS"
                + " WHERE EXECUTING_STATEMENT LIKE '%SYSTEM_RANGE(1, 1000%'"
                + " AND SESSION_ID <> SESSION_ID()");
        db.update("CALL ABORT_SESSION(" + killed + ")");

        Throwable t = failure(doomed);
        assertInstanceOf(SQLException.class, t, "the driver's own exception");
        assertTrue(t.getMessage().contains("closed"), t.getMessage());
        eventually("the dead connection discarded", () -> pool.openConnections() == 0);

        Set<Long> used = new HashSet<>();
        List<Future<Cursor>> later = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            later.add(pool.execute("SELECT SESSION_ID()"));
        }
        for (Future<Cursor> f : later) {
            used.add(sessionId(await(f)));
        }
        assertFalse(used.contains(killed), "the killed connection was never handed out again");
        assertTrue(pool.peakOpenConnections() <= 2);
    }

    @Test
    void anIdleConnectionTheServerDroppedIsReplacedBeforeItIsHandedOut() throws Exception {
        pool(1, 1, Duration.ofHours(1));
        long dropped = sessionId(await(pool.execute("SELECT SESSION_ID()")));
        db.update("CALL ABORT_SESSION(" + dropped + ")");
        // Past the idle time after which the pool checks a connection before handing it out.
        Thread.sleep(1100);
        long replacement = sessionId(await(pool.execute("SELECT SESSION_ID()")));
        assertNotEquals(dropped, replacement, "the request got a working connection");
        assertEquals(1, pool.peakOpenConnections());
    }

    @Test
    void aFailedStatementReturnsAHealthyConnectionToThePool() throws Exception {
        pool(1, 1, Duration.ofHours(1));
        long before = sessionId(await(pool.execute("SELECT SESSION_ID()")));
        Throwable t = failure(pool.execute("SELECT * FROM no_such_table"));
        assertTrue(((SQLException) t).getSQLState().startsWith("42S0"), "table not found");
        assertEquals(before, sessionId(await(pool.execute("SELECT SESSION_ID()"))),
                "a syntax error does not cost the connection");
    }

    @Test
    void connectFailureFailsTheRequestAndFreesTheSlot() throws Exception {
        pool = Pool.builder("jdbc:no-such-driver:x").maxOpenConnections(1).build();
        for (int i = 0; i < 3; i++) {
            Throwable t = failure(pool.execute("SELECT 1"));
            assertEquals("08001", ((SQLException) t).getSQLState());
        }
        assertEquals(0, pool.openConnections());
    }

    @Test
    void transactionsCommitOrRollBackOnOneConnection() throws Exception {
        pool(2, 2, Duration.ofHours(1));
        db.update("CREATE TABLE t (v INT)");
        Transaction tx = await(pool.begin());
        await(tx.execute("INSERT INTO t VALUES (?)", 1));
        assertEquals(1, await(tx.execute("SELECT COUNT(*) FROM t")).fetchOne().get(0) instanceof Number n
                ? n.intValue() : -1, "visible inside the transaction");
        assertEquals(0, db.queryLong("SELECT COUNT(*) FROM t"), "not outside");
        await(tx.rollback());
        assertTrue(tx.isEnded());
        assertThrows(IllegalStateException.class, () -> tx.execute("SELECT 1"));
        assertEquals(0, db.queryLong("SELECT COUNT(*) FROM t"));

        Transaction tx2 = await(pool.begin());
        await(tx2.execute("INSERT INTO t VALUES (?)", 2));
        await(tx2.commit());
        assertEquals(1, db.queryLong("SELECT COUNT(*) FROM t"));
        // The connection came back in auto-commit mode.
        await(pool.execute("INSERT INTO t VALUES (3)"));
        assertEquals(2, db.queryLong("SELECT COUNT(*) FROM t"));
    }

    @Test
    void closeRefusesWaitersAndClosesEveryConnection() throws Exception {
        pool(1, 1, Duration.ofHours(1));
        Transaction tx = await(pool.begin());
        Future<Cursor> waiting = pool.execute("SELECT 1");
        Future<Void> closed = pool.close();
        assertTrue(pool.isClosed());
        assertInstanceOf(IllegalStateException.class, failure(waiting));
        assertInstanceOf(IllegalStateException.class, failure(pool.execute("SELECT 1")));
        assertFalse(closed.isDone(), "waits for the connection in use");
        await(tx.commit()); // the transaction still ends normally
        await(closed);
        assertEquals(0, pool.openConnections());
        assertEquals(1, sessions(), "only the test's monitor is left");
    }

    @Test
    void cursorsFromThePoolHoldResultsButNoConnection() throws Exception {
        pool(1, 1, Duration.ofHours(1));
        Cursor cur = await(pool.execute("SELECT X FROM SYSTEM_RANGE(1, 3)"));
        assertEquals("[(1,), (2,), (3,)]", cur.fetchAll().toString());
        assertEquals("X", cur.description().get(0).name());
        assertThrows(IllegalStateException.class, () -> cur.execute("SELECT 1"));
    }

    @Test
    void theBuilderRejectsLimitsThatCannotWork() {
        Pool.Builder b = Pool.builder("jdbc:h2:mem:x");
        assertThrows(IllegalArgumentException.class, () -> b.maxOpenConnections(0));
        assertThrows(IllegalArgumentException.class, () -> b.maxIdleConnections(-1));
        assertThrows(IllegalArgumentException.class, () -> b.maxRecycle(Duration.ZERO));
        assertSame(b, b.property("user", "sa"));
    }
}
