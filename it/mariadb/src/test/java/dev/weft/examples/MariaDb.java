package dev.weft.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The MariaDB server of the tests (started by start-mariadb.sh), a database of their own on it,
 * and a monitor connection that watches the server from outside the pool.
 */
final class MariaDb implements AutoCloseable {
    static final String DATABASE = "weft_it";
    static final String SERVER = "jdbc:mariadb://127.0.0.1:"
            + System.getProperty("weft.mariadb.port", "3307") + "/";
    /** What the examples connect to. */
    static final String URL = SERVER + DATABASE + "?user=root";

    // Connected to no database, so that counting the sessions of DATABASE never counts itself.
    final Connection monitor;

    MariaDb() throws SQLException {
        try {
            monitor = DriverManager.getConnection(SERVER + "?user=root");
        } catch (SQLException e) {
            throw new SQLException("No MariaDB server on " + SERVER + ": run 'bash .ci/run' once,"
                    + " or it/mariadb/start-mariadb.sh --install (as root)", e);
        }
        update("CREATE DATABASE IF NOT EXISTS " + DATABASE);
    }

    void update(String sql) throws SQLException {
        try (Statement s = monitor.createStatement()) {
            s.execute(sql);
        }
    }

    long queryLong(String sql) throws SQLException {
        try (Statement s = monitor.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    /** The connections the server has open to the test database, as the server sees them. */
    int sessions() {
        try {
            return (int) queryLong("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                    + " WHERE DB = '" + DATABASE + "'");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Samples {@code count} on a thread of its own until closed: the highest value seen. Sampling
     * can miss a short peak, so tests use it beside the pool's exact count, never instead.
     */
    static final class Sampler implements AutoCloseable {
        private final AtomicInteger max = new AtomicInteger();
        private final Thread thread;
        private volatile boolean stop;

        Sampler(IntSupplier count) {
            thread = new Thread(() -> {
                while (!stop) {
                    max.accumulateAndGet(count.getAsInt(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "sampler");
            thread.setDaemon(true);
            thread.start();
        }

        int max() {
            return max.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join();
        }
    }

    static void eventually(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("never became true: " + what);
            }
            Thread.sleep(10);
        }
    }

    /** What {@code example} prints. */
    static String transcript(Consumer<PrintStream> example) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.accept(out);
        }
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Override
    public void close() throws SQLException {
        monitor.close();
    }
}
