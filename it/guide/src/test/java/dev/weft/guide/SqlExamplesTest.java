package dev.weft.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.sql.AsyncConnection;
import dev.weft.sql.Cursor;
import dev.weft.sql.Pool;
import dev.weft.sql.Row;
import dev.weft.sql.Sql;
import dev.weft.sql.Transaction;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The database examples of the guide and of dev.weft.sql's Javadoc, on an embedded H2. */
class SqlExamplesTest {

    // tag::connection[]
    @Coroutine
    static Future<List<Row>> users() {
        AsyncConnection conn = Co.await(Sql.connect("jdbc:h2:mem:demo", new Properties()));
        Co.await(conn.execute("CREATE TABLE users (id INT, name VARCHAR(20))"));
        Co.await(conn.execute("INSERT INTO users VALUES (?, ?), (?, ?)", 11, "ada", 12, "alan"));
        Cursor cur = conn.cursor();
        Co.await(cur.execute("SELECT id, name FROM users WHERE id > ?", 10));
        List<Row> rows = new ArrayList<>();
        for (Row row : cur) {
            rows.add(row);
        }
        Co.await(conn.close());
        return Future.completed(rows);
    }
    // end::connection[]

    /** Compiled, not run: the Javadoc of AsyncConnection. */
    @Coroutine
    static Future<Void> printUsers() {
        // tag::async-connection[]
        AsyncConnection conn = Co.await(Sql.connect("jdbc:h2:mem:demo", new Properties()));
        Cursor cur = conn.cursor();
        Co.await(cur.execute("SELECT id, name FROM users WHERE id > ?", 10));
        for (Row row : cur) {
            System.out.println(row);
        }
        Co.await(conn.close());
        // end::async-connection[]
        return Future.completed();
    }

    /** Compiled, not run: the Javadoc of Cursor. */
    @Coroutine
    static Future<Void> printActive(AsyncConnection conn) {
        // tag::cursor[]
        Cursor cur = conn.cursor();
        Co.await(cur.execute("SELECT host, user FROM users WHERE active = ?", true));
        System.out.println(cur.description());
        for (Row row : cur) {
            System.out.println(row);
        }
        cur.close();
        // end::cursor[]
        return Future.completed();
    }

    /** Compiled, not run: it needs a MariaDB server (it/mariadb runs the same on one). */
    @Coroutine
    static Future<Void> poolOnMariaDb() {
        // tag::pool[]
        Pool pool = Pool.builder("jdbc:mariadb://127.0.0.1:3306/mysql")
                .property("user", "root")
                .maxOpenConnections(10)
                .maxIdleConnections(1)
                .maxRecycle(Duration.ofSeconds(3))
                .build();
        Cursor cur = Co.await(pool.execute("SELECT SLEEP(?)", 1));
        System.out.println(cur.fetchAll());
        // end::pool[]
        return Future.completed();
    }

    @Coroutine
    static Future<Void> transfer(Pool pool, int from, int to) {
        // tag::transaction[]
        Transaction tx = Co.await(pool.begin());
        try {
            Co.await(tx.execute("UPDATE account SET balance = balance - ? WHERE id = ?", 10, from));
            Co.await(tx.execute("UPDATE account SET balance = balance + ? WHERE id = ?", 10, to));
            Co.await(tx.commit());
        } catch (Exception e) {         // the driver's SQLException, or any other failure
            Co.await(tx.rollback());
            throw e;                    // rethrown unchanged; no throws clause needed
        }
        // end::transaction[]
        return Future.completed();
    }

    @Test
    void aConnectionRunsStatementsAndACursorIteratesRows() {
        List<Row> rows = IOLoop.current().runSync(SqlExamplesTest::users);
        assertEquals(2, rows.size());
        assertEquals("ada", rows.get(0).get("name"));
        assertEquals(12, rows.get(1).get(0));
    }

    @Test
    void aTransactionCommitsOrRollsBackAsAWhole() throws Exception {
        IOLoop loop = IOLoop.current();
        Pool pool = Pool.builder("jdbc:h2:mem:bank;DB_CLOSE_DELAY=-1").maxOpenConnections(2).build();
        try {
            loop.runSync(() -> pool.execute("CREATE TABLE account (id INT PRIMARY KEY,"
                    + " balance INT CHECK (balance >= 0))"));
            loop.runSync(() -> pool.execute("INSERT INTO account VALUES (1, 15), (2, 0)"));
            loop.runSync(() -> transfer(pool, 1, 2));
            // The second transfer would overdraw account 1: its first update fails, both roll back.
            assertThrows(SQLException.class, () -> loop.runSync(() -> transfer(pool, 1, 2)));
            Cursor cur = loop.runSync(() -> pool.execute("SELECT balance FROM account ORDER BY id"));
            assertEquals("[(5,), (10,)]", cur.fetchAll().toString());
        } finally {
            loop.runSync(pool::close);
        }
    }
}
