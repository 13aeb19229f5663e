package dev.weft.sql;

import dev.weft.Future;

/**
 * One database connection used asynchronously: {@code tornado_mysql}'s connection. Every JDBC call
 * runs on the connection's own worker thread, one at a time and in the order made; each returns a
 * {@link Future} completed on the caller's {@link dev.weft.IOLoop} (on the worker thread if the
 * caller had none). Open one with {@link Sql#connect}.
 *
 * <pre>{@code
 * AsyncConnection conn = Co.await(Sql.connect("jdbc:h2:mem:demo", new Properties()));
 * Cursor cur = conn.cursor();
 * Co.await(cur.execute("SELECT id, name FROM users WHERE id > ?", 10));
 * for (Row row : cur) {
 *     System.out.println(row);
 * }
 * Co.await(conn.close());
 * }</pre>
 *
 * <p>Transactions: {@link #begin()} switches auto-commit off until {@link #commit()} or
 * {@link #rollback()}; outside one, each statement commits on its own.
 *
 * <p>Thread rules: every method may be called from any thread.
 */
public final class AsyncConnection {
    private final Link link;
    private final SqlWorker worker;
    private final SqlRunners runners; // its own: they end with it
    private volatile Future<Void> closing;

    AsyncConnection(Link link, SqlWorker worker, SqlRunners runners) {
        this.link = link;
        this.worker = worker;
        this.runners = runners;
    }

    /**
     * A new cursor on this connection. Cursors hold no JDBC resources, so they are cheap.
     *
     * @return a cursor
     */
    public Cursor cursor() {
        return new Cursor((sql, args) -> link.run(c -> Statements.run(c, sql, args)));
    }

    /**
     * Shorthand for {@code cursor().execute(sql, args)}.
     *
     * @param sql the statement, with {@code ?} placeholders
     * @param args the values bound to them
     * @return a future of a cursor holding the result
     * @see Cursor#execute
     */
    public Future<Cursor> execute(String sql, Object... args) {
        return cursor().execute(sql, args);
    }

    /**
     * Starts a transaction: statements run after it commit only with {@link #commit()}.
     *
     * @return a future completed once auto-commit is off
     */
    public Future<Void> begin() {
        return call(Transactions::begin);
    }

    /**
     * Commits the transaction and goes back to auto-commit. If the commit fails, the transaction is
     * rolled back and the future fails with the driver's exception.
     *
     * @return a future completed once committed
     */
    public Future<Void> commit() {
        return call(Transactions::commit);
    }

    /**
     * Rolls the transaction back and goes back to auto-commit.
     *
     * @return a future completed once rolled back
     */
    public Future<Void> rollback() {
        return call(Transactions::rollback);
    }

    /**
     * Runs blocking JDBC code on this connection's worker thread, after the calls made before it:
     * the way to use what the cursor API does not cover (batches, metadata, driver extensions).
     *
     * @param work the work
     * @param <T> its result type
     * @return a future of its result, completed on the caller's loop; its failure, unchanged
     */
    public <T> Future<T> call(SqlCall<T> work) {
        CallerLoop caller = CallerLoop.capture();
        Future<T> result = new Future<>();
        link.run(work).addDoneCallback(f -> caller.run(() -> {
            if (f.exception() != null) {
                result.setException(f.exception());
            } else {
                result.setResult(f.result());
            }
        }));
        return result;
    }

    /**
     * Whether a failure showed that the connection no longer works (the server closed it, the
     * network failed). A broken connection refuses further statements; close it and connect again.
     *
     * @return true if broken
     */
    public boolean isBroken() {
        return link.isBroken();
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true if closing or closed
     */
    public boolean isClosed() {
        return closing != null;
    }

    /**
     * Closes the connection after the calls already made, then stops its worker thread. Calls made
     * afterwards fail with {@link java.util.concurrent.RejectedExecutionException}. Calling it again
     * returns the same future.
     *
     * @return a future completed (on the caller's loop) once the connection is closed
     */
    public Future<Void> close() {
        synchronized (this) {
            if (closing != null) {
                return closing;
            }
            closing = new Future<>();
        }
        Future<Void> result = closing;
        CallerLoop caller = CallerLoop.capture();
        link.close().addDoneCallback(f -> {
            worker.shutdown();
            runners.shutdown();
            caller.run(() -> result.setResult(null));
        });
        return result;
    }

    @Override
    public String toString() {
        return "AsyncConnection[" + (isClosed() ? "closed" : isBroken() ? "broken" : "open") + "]";
    }
}
