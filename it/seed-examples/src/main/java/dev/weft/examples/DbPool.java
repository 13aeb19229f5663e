package dev.weft.examples;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.sql.Cursor;
import dev.weft.sql.Pool;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed example 4, a connection pool: ten workers each run {@code SELECT SLEEP(1)} ten times, all
 * at once, through a pool that keeps at most one idle connection and recycles connections older
 * than three seconds; then the number of connections still open is printed. The workers overlap,
 * so it takes about ten seconds, not a hundred.
 *
 * <p>The Python pool has no limit on open connections; a weft pool must have one (its threads are
 * bounded), and ten lets every worker run at once. On H2, which has no {@code SLEEP}, the example
 * first defines one as a Java function.
 *
 * <p>As the seed sets {@code pools.DEBUG = True}, the example prints what the pool does to its
 * connections ({@link DbPoolDebug}): lines such as
 * {@code created a connection (open 3, idle 0, waiting 0)} or
 * {@code recycled a returned connection older than 3 s (open 9, idle 0, waiting 0)} appear
 * between the workers' own lines.
 *
 * <p>Its test runs it and checks what it prints:
 * {@code mvn -f it/seed-examples verify -Dtest=DbPoolTest}; {@link #main} runs it on the database
 * that {@code -Dweft.jdbc.url} names (see {@link DbSettings}).
 */
public final class DbPool {
    private DbPool() {
    }

    /**
     * MySQL's {@code SLEEP(seconds)} for H2: waits, then returns 0 as MySQL does.
     *
     * @param seconds how long to wait
     * @return 0
     * @throws InterruptedException if the database aborts the statement
     */
    public static int sleep(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
        return 0;
    }

    /**
     * The pool of the seed: {@code max_idle_connections=1, max_recycle_sec=3}.
     *
     * @param jdbcUrl the database
     * @return a new pool
     */
    public static Pool newPool(String jdbcUrl) {
        return Pool.builder(jdbcUrl)
                .properties(DbSettings.properties())
                .maxOpenConnections(10)
                .maxIdleConnections(1)
                .maxRecycle(Duration.ofSeconds(3))
                .build();
    }

    @Coroutine
    static Future<Void> worker(Pool pool, int n, PrintStream out) {
        for (int i = 0; i < 10; i++) {
            int t = 1;
            out.println(n + " sleeping " + t + " seconds");
            Cursor cur = Co.await(pool.execute("SELECT SLEEP(?)", t));
            out.println(n + " " + cur.fetchAll());
        }
        return Future.completed();
    }

    @Coroutine
    static Future<Void> main(Pool pool, PrintStream out) {
        List<Future<Void>> workers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            workers.add(worker(pool, i, out));
        }
        Co.await(Co.all(workers));
        return Future.completed();
    }

    @Coroutine
    private static Future<Void> defineSleepOnH2(Pool pool, String jdbcUrl) {
        if (DbSettings.isH2(jdbcUrl)) {
            Co.await(pool.execute(
                    "CREATE ALIAS IF NOT EXISTS SLEEP FOR 'dev.weft.examples.DbPool.sleep'"));
        }
        return Future.completed();
    }

    /**
     * Runs the example on {@code pool}, which it leaves open so that callers can inspect it.
     *
     * @param out where to print
     * @param jdbcUrl the database the pool connects to
     * @param pool the pool, from {@link #newPool}
     */
    public static void run(PrintStream out, String jdbcUrl, Pool pool) {
        IOLoop loop = IOLoop.current();
        try (DbPoolDebug debug = DbPoolDebug.printTo(out)) { // the seed's pools.DEBUG = True
            loop.runSync(() -> defineSleepOnH2(pool, jdbcUrl));
            loop.runSync(() -> main(pool, out));
        }
        out.println(pool.openConnections());
    }

    /**
     * Runs the example on a new pool, and closes it.
     *
     * @param out where to print
     * @param jdbcUrl the database
     */
    public static void run(PrintStream out, String jdbcUrl) {
        Pool pool = newPool(jdbcUrl);
        try {
            run(out, jdbcUrl, pool);
        } finally {
            IOLoop.current().runSync(pool::close);
        }
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
