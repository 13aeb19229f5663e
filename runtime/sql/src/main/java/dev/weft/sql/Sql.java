package dev.weft.sql;

import dev.weft.Future;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Objects;
import java.util.Properties;

/**
 * Opens connections: {@code tornado_mysql.connect}. For many coroutines sharing a bounded number
 * of connections, use a {@link Pool} instead.
 */
public final class Sql {
    private Sql() {
    }

    /**
     * Opens a connection through {@link DriverManager} on a worker thread of the connection's own,
     * which then runs every call on it until it is closed (idle for a minute, the thread ends, and
     * the next call starts another).
     *
     * @param jdbcUrl the JDBC URL, for example {@code jdbc:h2:mem:demo} or
     *     {@code jdbc:mariadb://127.0.0.1:3306/mysql}; its driver must be on the class path
     * @param properties driver properties such as {@code user} and {@code password} (copied; null
     *     means none)
     * @return a future of the connection, completed on the caller's {@link dev.weft.IOLoop} (on the
     *     worker thread if the caller had none); it fails with the driver's
     *     {@link java.sql.SQLException}, unchanged, if the connection cannot be opened
     */
    public static Future<AsyncConnection> connect(String jdbcUrl, Properties properties) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Properties props = copy(properties);
        CallerLoop caller = CallerLoop.capture();
        // Runners of its own, which end with it: one queue keeps at most one thread busy.
        SqlRunners runners = new SqlRunners("connection");
        SqlWorker worker = new SqlWorker(runners);
        Future<AsyncConnection> result = new Future<>();
        worker.execute(() -> {
            Connection jdbc;
            try {
                jdbc = DriverManager.getConnection(jdbcUrl, props);
            } catch (Throwable t) {
                worker.shutdown();
                runners.shutdown();
                caller.run(() -> result.setException(t));
                return;
            }
            AsyncConnection conn = new AsyncConnection(new Link(jdbc, worker), worker, runners);
            caller.run(() -> {
                if (!result.setResult(conn)) {
                    conn.close(); // the caller cancelled: nobody will ever close it otherwise
                }
            });
        });
        return result;
    }

    /**
     * Opens a connection with no driver properties (credentials in the URL, or none needed).
     *
     * @param jdbcUrl the JDBC URL
     * @return a future of the connection
     * @see #connect(String, Properties)
     */
    public static Future<AsyncConnection> connect(String jdbcUrl) {
        return connect(jdbcUrl, null);
    }

    static Properties copy(Properties properties) {
        Properties props = new Properties();
        if (properties != null) {
            for (String name : properties.stringPropertyNames()) {
                props.setProperty(name, properties.getProperty(name));
            }
        }
        return props;
    }
}
