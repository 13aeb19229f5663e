package dev.weft.sql;

import dev.weft.Future;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Runs statements and holds the result of the last one (Python DB-API's cursor, buffered like
 * {@code tornado_mysql}'s default cursor). {@link #execute} reads every row before its future
 * completes; then {@link #description()}, {@link #fetchOne()}, {@link #fetchAll()} and iteration
 * read from memory and never block. Iterating and fetching consume rows: each row is returned
 * once.
 *
 * <pre>{@code
 * Cursor cur = conn.cursor();
 * Co.await(cur.execute("SELECT host, user FROM users WHERE active = ?", true));
 * System.out.println(cur.description());
 * for (Row row : cur) {
 *     System.out.println(row);
 * }
 * cur.close();
 * }</pre>
 *
 * <p>Thread rules: like a Python cursor, not for concurrent use; it may be handed between threads
 * with the usual happens-before. One statement at a time: {@link #execute} while the previous one
 * runs throws. The cursors returned by {@link Pool#execute} hold a result but no connection (it went
 * back to the pool), so they cannot execute again.
 */
public final class Cursor implements Iterable<Row>, AutoCloseable {
    private static final Result NOTHING = new Result(List.of(), List.of(), -1);

    private final BiFunction<String, Object[], Future<Result>> runner; // null: detached
    private volatile Result result = NOTHING;
    private volatile int position;
    private volatile boolean busy;
    private volatile boolean closed;

    Cursor(BiFunction<String, Object[], Future<Result>> runner) {
        this.runner = runner;
    }

    /** A cursor holding {@code result}, with no connection to run more statements on. */
    static Cursor detached(Result result) {
        Cursor c = new Cursor(null);
        c.result = result;
        return c;
    }

    /**
     * Runs {@code sql} with {@code args} bound to its {@code ?} placeholders, in order, through
     * {@link java.sql.PreparedStatement#setObject}: values are never put into the SQL text. The
     * future completes on the caller's {@link dev.weft.IOLoop} (the worker thread if the caller had
     * none) once every row has been read; it fails with the driver's {@link java.sql.SQLException},
     * unchanged, if the statement fails.
     *
     * @param sql the statement, with {@code ?} placeholders
     * @param args the parameter values ({@code null} binds SQL NULL)
     * @return a future of this cursor, holding the new result
     * @throws IllegalStateException if the cursor is closed, detached or already executing
     */
    public Future<Cursor> execute(String sql, Object... args) {
        Objects.requireNonNull(sql, "sql");
        Object[] params = args == null ? new Object[] {null} : args.clone();
        if (closed) {
            throw new IllegalStateException("cursor is closed");
        }
        if (runner == null) {
            throw new IllegalStateException("this cursor came from Pool.execute and holds no"
                    + " connection; run the next statement with Pool.execute");
        }
        if (busy) {
            throw new IllegalStateException("cursor is already executing a statement; await it"
                    + " first or use another cursor");
        }
        busy = true;
        CallerLoop caller = CallerLoop.capture();
        Future<Cursor> done = new Future<>();
        runner.apply(sql, params).addDoneCallback(f -> caller.run(() -> {
            busy = false;
            Throwable failure = f.exception();
            if (failure != null) {
                result = NOTHING;
                position = 0;
                done.setException(failure);
            } else {
                result = f.result();
                position = 0;
                done.setResult(this);
            }
        }));
        return done;
    }

    /**
     * The columns of the last query's result; empty before the first statement and after a
     * statement that returns no rows (where Python gives {@code None}).
     *
     * @return an unmodifiable list
     */
    public List<Column> description() {
        return result.description();
    }

    /**
     * The number of rows the last query returned, or the update count of the last other statement
     * (DB-API {@code rowcount}).
     *
     * @return the count, -1 before the first statement
     */
    public long rowCount() {
        return result.rowCount();
    }

    /**
     * The next row.
     *
     * @return the row, or null when none is left
     */
    public Row fetchOne() {
        Result r = result;
        int p = position;
        if (p >= r.rows().size()) {
            return null;
        }
        position = p + 1;
        return r.rows().get(p);
    }

    /**
     * Up to {@code n} next rows.
     *
     * @param n how many at most
     * @return the rows, fewer than {@code n} (maybe none) at the end
     */
    public List<Row> fetchMany(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n < 0: " + n);
        }
        Result r = result;
        int p = position;
        int end = (int) Math.min((long) p + n, r.rows().size());
        position = Math.max(p, end);
        return p >= end ? List.of() : List.copyOf(r.rows().subList(p, end));
    }

    /**
     * Every row not yet fetched.
     *
     * @return the rows, in order
     */
    public List<Row> fetchAll() {
        return fetchMany(Integer.MAX_VALUE);
    }

    /**
     * Iterates over the rows not yet fetched, consuming them like {@link #fetchOne()}.
     *
     * @return an iterator
     */
    @Override
    public Iterator<Row> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return position < result.rows().size();
            }

            @Override
            public Row next() {
                Row row = fetchOne();
                if (row == null) {
                    throw new NoSuchElementException();
                }
                return row;
            }
        };
    }

    /**
     * Drops the result; later {@link #execute} calls throw. The connection stays open. The cursor
     * holds no JDBC resources (the statement was closed when its result was read), so this never
     * blocks.
     */
    @Override
    public void close() {
        closed = true;
        result = NOTHING;
        position = 0;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true if closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * A summary: the row count and columns of the last result.
     *
     * @return a description
     */
    @Override
    public String toString() {
        Result r = result;
        return "Cursor[rowCount=" + r.rowCount() + ", columns=" + r.description()
                + (closed ? ", closed" : "") + "]";
    }
}
