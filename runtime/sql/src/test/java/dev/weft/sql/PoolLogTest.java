package dev.weft.sql;

import static dev.weft.sql.TestDb.await;
import static dev.weft.sql.TestDb.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weft.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pool's DEBUG log ({@code tornado_mysql}'s {@code pools.DEBUG}), read through the JDK's
 * default System.Logger back end, java.util.logging, as an application sees it.
 */
class PoolLogTest {
    // Held strongly: java.util.logging forgets the level of a logger nobody references.
    private static final Logger JUL = Logger.getLogger("dev.weft.sql.Pool");

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getLevel() + " " + r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private TestDb db;
    private Pool pool;

    @BeforeEach
    void open() throws Exception {
        TestDb.noLoopOnThisThread();
        db = new TestDb();
        JUL.setLevel(Level.FINE);
        JUL.addHandler(capture);
    }

    @AfterEach
    void close() throws Exception {
        TestDb.gate.countDown();
        if (pool != null) {
            await(pool.close());
        }
        JUL.removeHandler(capture);
        JUL.setLevel(null);
        db.close();
    }

    private List<String> snapshot() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    @Test
    void createdKeptReusedAndClosedAreLoggedWithTheCountsTheyLeft() throws Exception {
        pool = Pool.builder(db.url).maxOpenConnections(2).maxIdleConnections(1)
                .maxRecycle(Duration.ofHours(1)).build();
        await(pool.execute("SELECT 1"));
        await(pool.execute("SELECT 2"));
        await(pool.close());
        // System.Logger's DEBUG is java.util.logging's FINE.
        assertEquals(List.of(
                "FINE created a connection (open 1, idle 0, waiting 0)",
                "FINE kept a returned connection idle (open 1, idle 1, waiting 0)",
                "FINE reused an idle connection (open 1, idle 0, waiting 0)",
                "FINE kept a returned connection idle (open 1, idle 1, waiting 0)",
                "FINE closed an idle connection: the pool is closing (open 0, idle 0, waiting 0)"),
                snapshot());
    }

    @Test
    void aBurstOpensToTheLimitPassesConnectionsOnAndClosesWhatIdleCannotKeep() throws Exception {
        pool = Pool.builder(db.url).maxOpenConnections(2).maxIdleConnections(1)
                .maxRecycle(Duration.ofHours(1)).build();
        TestDb.gate = new CountDownLatch(1);
        List<Future<Cursor>> burst = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            burst.add(pool.execute("SELECT WAIT_GATE(?)", i));
        }
        eventually("two statements running and one waiting",
                () -> TestDb.RUNNING.get() == 2 && pool.waitingRequests() == 1);
        TestDb.gate.countDown();
        for (Future<Cursor> f : burst) {
            await(f);
        }
        Map<String, Integer> events = new TreeMap<>();
        for (String line : snapshot()) {
            events.merge(line.substring(0, line.indexOf(" (")), 1, Integer::sum);
        }
        assertEquals(Map.of(
                "FINE created a connection", 2,
                "FINE reused a returned connection for a waiting request", 1,
                "FINE kept a returned connection idle", 1,
                "FINE closed a returned connection: maxIdleConnections are idle", 1), events);
        assertFalse(snapshot().stream().anyMatch(l -> l.contains("open 3")), "never over the limit");
    }

    @Test
    void anIdleConnectionReachingMaxRecycleIsLoggedAsRecycled() throws Exception {
        pool = Pool.builder(db.url).maxOpenConnections(1).maxIdleConnections(1)
                .maxRecycle(Duration.ofMillis(300)).build();
        await(pool.execute("SELECT 1"));
        eventually("the idle connection recycled", () -> pool.openConnections() == 0);
        assertEquals(List.of(
                "FINE created a connection (open 1, idle 0, waiting 0)",
                "FINE kept a returned connection idle (open 1, idle 1, waiting 0)",
                "FINE recycled an idle connection older than 300 ms (open 0, idle 0, waiting 0)"),
                snapshot());
    }

    @Test
    void nothingIsLoggedAboveDebug() throws Exception {
        JUL.setLevel(Level.INFO);
        pool = Pool.builder(db.url).build();
        await(pool.execute("SELECT 1"));
        await(pool.close());
        assertEquals(List.of(), snapshot());
    }
}
