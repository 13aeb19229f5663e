package dev.weft.bench;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.sql.Cursor;
import dev.weft.sql.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The database path: a point {@code SELECT} by primary key on H2 in memory, {@value #QUERIES} per
 * invocation, reported per query. Three ways to run it, in the same run:
 * <ul>
 *   <li>{@link #direct}: the JDBC call made on the calling thread (prepare, bind, execute, read),
 *       what {@code Pool.execute} does on its worker, with no hand-off at all;</li>
 *   <li>{@link #weftPool}: {@code concurrency} coroutines on one {@link IOLoop}, each awaiting
 *       {@code pool.execute(...)} in a loop, on a {@link Pool} of {@value #POOL_SIZE}
 *       connections;</li>
 *   <li>{@link #blockingThreadPool}: the same number of tasks doing blocking JDBC on a fixed
 *       thread pool of the same size, each thread on a connection of its own (the classic
 *       servlet shape).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DatabaseBenchmark {
    static final int QUERIES = 1000;
    static final int ROWS = 1000;
    static final int POOL_SIZE = 10;
    static final String SELECT = "SELECT v FROM t WHERE id = ?";

    @Param({"1", "10", "100"})
    public int concurrency;

    private String url;
    private Connection keepAlive;
    private Connection direct;
    private Pool pool;
    private IOLoop loop;
    private ExecutorService threads;
    private ThreadLocal<Connection> threadConnection;
    private final List<Connection> threadConnections = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        url = "jdbc:h2:mem:bench" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        keepAlive = DriverManager.getConnection(url);
        try (Statement s = keepAlive.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v BIGINT)");
            s.execute("INSERT INTO t SELECT x, x * 2 FROM SYSTEM_RANGE(0, " + (ROWS - 1) + ")");
        }
        direct = DriverManager.getConnection(url);
        pool = Pool.builder(url).maxOpenConnections(POOL_SIZE).maxIdleConnections(POOL_SIZE)
                .maxRecycle(Duration.ofHours(1)).build();
        loop = IOLoop.current();
        threads = Executors.newFixedThreadPool(POOL_SIZE);
        threadConnection = ThreadLocal.withInitial(() -> {
            try {
                Connection c = DriverManager.getConnection(url);
                synchronized (threadConnections) {
                    threadConnections.add(c);
                }
                return c;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        loop.runSync(pool::close);
        loop.close();
        threads.shutdown();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        for (Connection c : threadConnections) {
            c.close();
        }
        direct.close();
        keepAlive.close();
    }

    @Benchmark
    @OperationsPerInvocation(QUERIES)
    public long direct() throws SQLException {
        return queriesOn(direct, QUERIES, 0);
    }

    @Benchmark
    @OperationsPerInvocation(QUERIES)
    public long weftPool() {
        return loop.runSync(() -> concurrently(pool, concurrency, QUERIES));
    }

    @Benchmark
    @OperationsPerInvocation(QUERIES)
    public long blockingThreadPool() throws Exception {
        List<java.util.concurrent.Future<Long>> tasks = new ArrayList<>(concurrency);
        int each = QUERIES / concurrency;
        for (int k = 0; k < concurrency; k++) {
            int offset = k * each;
            tasks.add(threads.submit(() -> queriesOn(threadConnection.get(), each, offset)));
        }
        long sum = 0;
        for (java.util.concurrent.Future<Long> t : tasks) {
            sum += t.get();
        }
        return sum;
    }

    /** {@code c} coroutines sharing {@code total} queries, awaited together. */
    @Coroutine
    static Future<Long> concurrently(Pool pool, int c, int total) {
        List<Future<Long>> running = new ArrayList<>(c);
        int each = total / c;
        for (int k = 0; k < c; k++) {
            running.add(queries(pool, each, k * each));
        }
        long sum = 0;
        for (long part : Co.await(Co.all(running))) {
            sum += part;
        }
        return Future.completed(sum);
    }

    /** {@code n} point selects, one after the other, through the pool. */
    @Coroutine
    static Future<Long> queries(Pool pool, int n, int offset) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            Cursor cur = Co.await(pool.execute(SELECT, (offset + i) % ROWS));
            sum += ((Number) cur.fetchOne().get(0)).longValue();
        }
        return Future.completed(sum);
    }

    /** The same {@code n} selects as blocking JDBC calls on {@code c}. */
    static long queriesOn(Connection c, int n, int offset) throws SQLException {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            try (PreparedStatement ps = c.prepareStatement(SELECT)) {
                ps.setObject(1, (offset + i) % ROWS);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.getMetaData().getColumnLabel(1); // Pool.execute describes the columns too
                    rs.next();
                    sum += rs.getLong(1);
                }
            }
        }
        return sum;
    }
}
