package dev.weft.sql;

import static dev.weft.sql.TestDb.await;
import static dev.weft.sql.TestDb.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.sql.JDBCType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AsyncConnectionTest {
    private TestDb db;
    private AsyncConnection conn;

    @BeforeEach
    void open() throws Exception {
        TestDb.noLoopOnThisThread();
        db = new TestDb();
        db.update("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(40), note CLOB)");
        conn = await(Sql.connect(db.url));
    }

    @AfterEach
    void close() throws Exception {
        await(conn.close());
        db.close();
    }

    @Test
    void queryGivesDescriptionRowsAndRowCount() throws Exception {
        await(conn.execute("INSERT INTO users VALUES (?, ?, ?), (?, ?, ?)",
                1, "ann", "first", 2, "bob", null));
        Cursor cur = conn.cursor();
        assertSame(cur, await(cur.execute("SELECT id, name AS who, note FROM users ORDER BY id")));

        List<Column> description = cur.description();
        assertEquals(List.of("ID", "WHO", "NOTE"), description.stream().map(Column::name).toList());
        assertEquals(JDBCType.INTEGER, description.get(0).type());
        assertEquals(JDBCType.VARCHAR, description.get(1).type());
        assertEquals(40, description.get(1).precision());
        assertFalse(description.get(0).nullable());
        assertEquals(2, cur.rowCount());

        List<String> printed = new ArrayList<>();
        for (Row row : cur) {
            printed.add(row.toString());
        }
        // The CLOB was read into a String while the statement was open.
        assertEquals(List.of("(1, 'ann', 'first')", "(2, 'bob', None)"), printed);
        assertEquals(List.of(), cur.fetchAll(), "iteration consumed the rows");
        cur.close();
        assertTrue(cur.isClosed());
        assertThrows(IllegalStateException.class, () -> cur.execute("SELECT 1"));
    }

    @Test
    void fetchOneManyAndAllConsumeRowsInOrder() throws Exception {
        for (int i = 1; i <= 5; i++) {
            await(conn.execute("INSERT INTO users (id, name) VALUES (?, ?)", i, "u" + i));
        }
        Cursor cur = await(conn.execute("SELECT id, name FROM users ORDER BY id"));
        Row first = cur.fetchOne();
        assertEquals(1, first.get(0));
        assertEquals("u1", first.get("name"), "labels match ignoring case");
        assertEquals(List.of(2, "u2"), cur.fetchMany(1).get(0).values());
        assertEquals(List.of(3, 4, 5), cur.fetchAll().stream().map(r -> r.get("ID")).toList());
        assertNull(cur.fetchOne());
        assertEquals(5, cur.rowCount(), "rowCount is the size of the result, not what is left");
    }

    @Test
    void statementWithoutRowsGivesUpdateCountAndEmptyDescription() throws Exception {
        await(conn.execute("INSERT INTO users (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')"));
        Cursor cur = await(conn.execute("UPDATE users SET name = ? WHERE id >= ?", "z", 2));
        assertEquals(2, cur.rowCount());
        assertEquals(List.of(), cur.description());
        assertEquals(List.of(), cur.fetchAll());
    }

    @Test
    void parametersAreBoundNotSplicedIntoTheSql() throws Exception {
        String hostile = "x'); DROP TABLE users; --";
        await(conn.execute("INSERT INTO users (id, name) VALUES (?, ?)", 1, hostile));
        Cursor cur = await(conn.execute("SELECT name FROM users WHERE name = ?", hostile));
        assertEquals(hostile, cur.fetchOne().get(0));
        // A value that would widen the WHERE clause if it were text of the SQL matches nothing.
        Cursor none = await(conn.execute("SELECT COUNT(*) FROM users WHERE name = ?", "' OR '1'='1"));
        assertEquals(0L, none.fetchOne().get(0));
        assertEquals(1, db.queryLong("SELECT COUNT(*) FROM users"), "the table is still there");
    }

    @Test
    void nullArgumentBindsSqlNull() throws Exception {
        await(conn.execute("INSERT INTO users (id, name) VALUES (?, ?)", 7, null));
        Cursor cur = await(conn.execute("SELECT name IS NULL FROM users WHERE id = ?", 7));
        assertEquals(true, cur.fetchOne().get(0));
    }

    @Test
    void failingStatementFailsWithTheDriversExceptionUnwrapped() throws Exception {
        Throwable t = failure(conn.execute("SELECT * FROM no_such_table"));
        assertInstanceOf(SQLException.class, t);
        assertEquals("org.h2.jdbc.JdbcSQLSyntaxErrorException", t.getClass().getName());
        assertEquals("42S02", ((SQLException) t).getSQLState());
        assertFalse(conn.isBroken(), "a syntax error leaves the connection usable");
        assertEquals(1, await(conn.execute("SELECT 1")).fetchOne().get(0));
    }

    @Test
    void connectFailureFailsWithTheDriversException() throws Exception {
        Throwable t = failure(Sql.connect("jdbc:no-such-driver:x"));
        assertInstanceOf(SQLException.class, t);
        assertEquals("08001", ((SQLException) t).getSQLState());
    }

    @Test
    void rollbackDiscardsAndCommitPublishes() throws Exception {
        await(conn.begin());
        await(conn.execute("INSERT INTO users (id, name) VALUES (1, 'gone')"));
        assertEquals(0, db.queryLong("SELECT COUNT(*) FROM users"), "not visible before commit");
        await(conn.rollback());
        assertEquals(0, db.queryLong("SELECT COUNT(*) FROM users"));

        await(conn.begin());
        await(conn.execute("INSERT INTO users (id, name) VALUES (2, 'kept')"));
        await(conn.commit());
        assertEquals(1, db.queryLong("SELECT COUNT(*) FROM users WHERE name = 'kept'"));
        // Back in auto-commit: a single statement is visible at once.
        await(conn.execute("INSERT INTO users (id, name) VALUES (3, 'auto')"));
        assertEquals(2, db.queryLong("SELECT COUNT(*) FROM users"));
    }

    @Test
    void statementsRunInTheOrderMadeEvenWithoutAwaiting() throws Exception {
        List<Future<Cursor>> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(conn.execute("SELECT RECORD(?)", i));
        }
        for (Future<Cursor> f : all) {
            await(f);
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add(i);
        }
        assertEquals(expected, TestDb.RECORDED);
    }

    @Test
    void aCursorRunsOneStatementAtATime() throws Exception {
        TestDb.gate = new CountDownLatch(1);
        Cursor cur = conn.cursor();
        Future<Cursor> first = cur.execute("SELECT WAIT_GATE(1)");
        assertThrows(IllegalStateException.class, () -> cur.execute("SELECT 2"));
        TestDb.gate.countDown();
        assertEquals(1, await(first).fetchOne().get(0));
        assertEquals(2L, await(cur.execute("SELECT CAST(2 AS BIGINT)")).fetchOne().get(0));
    }

    @Test
    void resultsArriveOnTheCallersLoop() throws Exception {
        IOLoop loop = IOLoop.current();
        try {
            AtomicReference<Thread> deliveredOn = new AtomicReference<>();
            Cursor cur = loop.runSync(() -> {
                Future<Cursor> f = conn.execute("SELECT 42");
                f.addDoneCallback(done -> deliveredOn.set(Thread.currentThread()));
                return f;
            });
            assertSame(Thread.currentThread(), deliveredOn.get(), "completed on the loop thread");
            assertEquals(42, cur.fetchOne().get(0));
        } finally {
            loop.close();
        }
    }

    @Test
    void withoutALoopResultsArriveOnTheWorkerThread() throws Exception {
        AtomicReference<String> deliveredOn = new AtomicReference<>();
        CountDownLatch delivered = new CountDownLatch(1);
        TestDb.gate = new CountDownLatch(1); // holds the statement until the callback is in place
        conn.execute("SELECT WAIT_GATE(1)").addDoneCallback(done -> {
            deliveredOn.set(Thread.currentThread().getName());
            delivered.countDown();
        });
        TestDb.gate.countDown();
        delivered.await();
        assertTrue(deliveredOn.get().startsWith("weft-sql-connection-"), deliveredOn.get());
    }

    @Test
    void callRunsJdbcCodeOnTheConnection() throws Exception {
        String product = await(conn.call(c -> c.getMetaData().getDatabaseProductName()));
        assertEquals("H2", product);
        Exception boom = new Exception("boom");
        assertSame(boom, failure(conn.call(c -> {
            throw boom;
        })), "failures pass through unchanged");
    }

    @Test
    void closeClosesTheConnectionAndRefusesLaterCalls() throws Exception {
        long sessionsBefore = db.queryLong("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS");
        Future<Void> closing = conn.close();
        assertSame(closing, conn.close(), "close is idempotent");
        await(closing);
        assertTrue(conn.isClosed());
        assertEquals(sessionsBefore - 1,
                db.queryLong("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"));
        assertInstanceOf(RejectedExecutionException.class, failure(conn.execute("SELECT 1")));
    }

    @Test
    void aConnectionKilledByTheServerIsReportedBroken() throws Exception {
        long id = await(conn.execute("SELECT SESSION_ID()")).fetchOne().get(0) instanceof Number n
                ? n.longValue() : -1;
        db.update("CALL ABORT_SESSION(" + id + ")");
        Throwable t = failure(conn.execute("SELECT 1"));
        assertInstanceOf(SQLException.class, t);
        assertTrue(conn.isBroken());
        // Refused without touching the dead connection again.
        assertEquals("08003", ((SQLException) failure(conn.execute("SELECT 1"))).getSQLState());
    }
}
