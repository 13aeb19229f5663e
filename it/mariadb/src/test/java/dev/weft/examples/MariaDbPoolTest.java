package dev.weft.examples;

import static dev.weft.examples.MariaDb.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.sql.Cursor;
import dev.weft.sql.Pool;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool's promises, checked from the MariaDB server's side. */
class MariaDbPoolTest {
    private MariaDb db;
    private Pool pool;

    @BeforeEach
    void connect() throws Exception {
        db = new MariaDb();
    }

    @AfterEach
    void disconnect() throws Exception {
        if (pool != null) {
            IOLoop.current().runSync(pool::close);
        }
        db.close();
    }

    @Coroutine
    static Future<Long> connectionId(Pool pool) {
        Cursor cur = Co.await(pool.execute("SELECT CONNECTION_ID()"));
        return Future.completed(((Number) cur.fetchOne().get(0)).longValue());
    }

    @Coroutine
    static Future<List<Long>> connectionIds(Pool pool, int n) {
        List<Future<Long>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(connectionId(pool));
        }
        return Future.completed(Co.await(Co.all(all)));
    }

    @Coroutine
    static Future<Integer> echo(Pool pool, int i) {
        Cursor cur = Co.await(pool.execute("SELECT ?", i));
        return Future.completed(((Number) cur.fetchOne().get(0)).intValue());
    }

    @Coroutine
    static Future<List<Integer>> thousandEchoes(Pool pool) {
        List<Future<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            all.add(echo(pool, i));
        }
        return Future.completed(Co.await(Co.all(all)));
    }

    @Coroutine
    static Future<Throwable> failureOf(Future<?> f) {
        try {
            Co.await(f);
        } catch (Throwable t) {
            return Future.completed(t);
        }
        return Future.completed(null);
    }

    private boolean serverHas(long connectionId) {
        try {
            return db.queryLong("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = "
                    + connectionId) > 0;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aThousandCoroutinesThroughAPoolOfEightAllCompleteAndNeverOpenMoreThanEight()
            throws Exception {
        pool = Pool.builder(MariaDb.URL).maxOpenConnections(8).maxIdleConnections(8).build();
        List<Integer> results;
        int serverMax;
        try (MariaDb.Sampler server = new MariaDb.Sampler(db::sessions)) {
            results = IOLoop.current().runSync(() -> thousandEchoes(pool));
            server.close();
            serverMax = server.max();
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, results.get(i));
        }
        assertTrue(pool.peakOpenConnections() <= 8, "pool opened " + pool.peakOpenConnections());
        assertTrue(serverMax <= 8, "the server saw " + serverMax);
        assertEquals(8, db.sessions(), "all eight kept idle (maxIdle 8)");
    }

    @Test
    void idleConnectionsAreRecycledAfterMaxRecycle() throws Exception {
        pool = Pool.builder(MariaDb.URL).maxOpenConnections(4).maxIdleConnections(1)
                .maxRecycle(Duration.ofSeconds(2)).build();
        IOLoop loop = IOLoop.current();
        long first = loop.runSync(() -> connectionId(pool));
        assertEquals(1, pool.openConnections());
        assertTrue(serverHas(first));
        // Nobody uses the pool: the idle connection is closed at two seconds of age.
        eventually("the idle connection recycled", () -> pool.openConnections() == 0);
        eventually("the server dropped it", () -> !serverHas(first));
        long second = loop.runSync(() -> connectionId(pool));
        assertNotEquals(first, second, "a new connection replaced it");
    }

    @Test
    void aConnectionKilledUnderARunningQueryFailsItAndIsReplaced() throws Exception {
        pool = Pool.builder(MariaDb.URL).maxOpenConnections(2).maxIdleConnections(2).build();
        IOLoop loop = IOLoop.current();
        // Started on the loop, so that the failure is delivered there once the loop runs again.
        Future<Cursor> doomed = loop.runSync(() -> Future.completed(
                pool.execute("SELECT SLEEP(30)")));
        eventually("the sleep is running", () -> {
            try {
                return db.queryLong("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                        + " WHERE INFO = 'SELECT SLEEP(30)'") == 1;
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        });
        long killed = db.queryLong("SELECT ID FROM information_schema.PROCESSLIST"
                + " WHERE INFO = 'SELECT SLEEP(30)'");
        db.update("KILL CONNECTION " + killed);

        Throwable failure = loop.runSync(() -> failureOf(doomed), Duration.ofSeconds(20));
        assertInstanceOf(SQLException.class, failure, "the driver's own exception: " + failure);
        // SQLSTATE class 08: "connection exception", the standard word for what happened.
        assertTrue(String.valueOf(((SQLException) failure).getSQLState()).startsWith("08"),
                failure + " SQLSTATE " + ((SQLException) failure).getSQLState());
        eventually("the killed connection discarded", () -> pool.openConnections() == 0);

        List<Long> later = IOLoop.current().runSync(() -> connectionIds(pool, 20));
        Set<Long> used = new HashSet<>(later);
        assertFalse(used.contains(killed), "the killed connection was never handed out again");
        assertTrue(pool.peakOpenConnections() <= 2);
        System.out.println("weft: killed query failed with " + failure);
    }
}
