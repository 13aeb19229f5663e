package dev.weft.examples;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.sql.AsyncConnection;
import dev.weft.sql.Cursor;
import dev.weft.sql.Row;
import dev.weft.sql.Sql;
import java.io.PrintStream;
import java.util.Properties;

/**
 * Seed example 3, one connection to a database: connect, run a query, print the description and
 * the rows, close. The Python program reads MySQL's {@code user} table; this one first creates a
 * small table of its own, so that it runs on any database, the embedded H2 one by default.
 *
 * <p>Its test runs it and checks what it prints:
 * {@code mvn -f it/seed-examples verify -Dtest=DbSingleConnectionTest}; {@link #main} runs it on the database
 * that {@code -Dweft.jdbc.url} names (see {@link DbSettings}).
 */
public final class DbSingleConnection {
    private DbSingleConnection() {
    }

    @Coroutine
    static Future<Void> main(PrintStream out, String jdbcUrl, Properties properties) {
        AsyncConnection conn = Co.await(Sql.connect(jdbcUrl, properties));
        Co.await(createUsers(conn));
        Cursor cur = conn.cursor();
        Co.await(cur.execute("SELECT Host, Login FROM seed_user ORDER BY Host"));
        out.println(cur.description());
        for (Row row : cur) {
            out.println(row);
        }
        cur.close();
        Co.await(conn.close());
        return Future.completed();
    }

    // Stands in for MySQL's mysql.user; dropped first so that the example can run again.
    @Coroutine
    private static Future<Void> createUsers(AsyncConnection conn) {
        Co.await(conn.execute("DROP TABLE IF EXISTS seed_user"));
        Co.await(conn.execute("CREATE TABLE seed_user (Host VARCHAR(60), Login VARCHAR(32))"));
        Co.await(conn.execute("INSERT INTO seed_user (Host, Login) VALUES (?, ?), (?, ?)",
                "localhost", "root", "127.0.0.1", "root"));
        return Future.completed();
    }

    /**
     * Runs the example on a loop of its own thread ({@code IOLoop.run_sync}).
     *
     * @param out where to print
     * @param jdbcUrl the database
     */
    public static void run(PrintStream out, String jdbcUrl) {
        IOLoop.current().runSync(() -> main(out, jdbcUrl, DbSettings.properties()));
    }

    /**
     * The same program with {@code main} written inline: {@code run_sync(main)} with the body of
     * {@code main} as the lambda (API.md §7), which is an async coroutine because it awaits.
     *
     * @param out where to print
     * @param jdbcUrl the database
     */
    public static void runInline(PrintStream out, String jdbcUrl) {
        IOLoop.current().runSync(() -> {
            AsyncConnection conn = Co.await(Sql.connect(jdbcUrl, DbSettings.properties()));
            Co.await(createUsers(conn));
            Cursor cur = conn.cursor();
            Co.await(cur.execute("SELECT Host, Login FROM seed_user ORDER BY Host"));
            out.println(cur.description());
            for (Row row : cur) {
                out.println(row);
            }
            cur.close();
            Co.await(conn.close());
            return Future.completed();
        });
    }

    /**
     * Runs the example on {@code -Dweft.jdbc.url}, or the embedded H2 database.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out, DbSettings.url());
    }
}
