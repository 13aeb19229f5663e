package dev.weft.sql;

import dev.weft.Future;
import java.util.Objects;

/**
 * A transaction on a connection borrowed from a {@link Pool} ({@code tornado_mysql}'s
 * {@code Pool.begin()}): its statements run on that one connection, which goes back to the pool
 * when {@link #commit()} or {@link #rollback()} completes. Always end it, or the connection is
 * never returned.
 *
 * <pre>{@code
 * Transaction tx = Co.await(pool.begin());
 * try {
 *     Co.await(tx.execute("UPDATE account SET balance = balance - ? WHERE id = ?", 10, from));
 *     Co.await(tx.execute("UPDATE account SET balance = balance + ? WHERE id = ?", 10, to));
 *     Co.await(tx.commit());
 * } catch (Exception e) {         // the driver's SQLException, or any other failure
 *     Co.await(tx.rollback());
 *     throw e;                    // rethrown unchanged; no throws clause needed
 * }
 * }</pre>
 *
 * <p>Thread rules: every method may be called from any thread; statements run in the order made.
 */
public final class Transaction {
    private final Pool pool;
    private final PooledConnection connection;
    private volatile boolean ended;

    Transaction(Pool pool, PooledConnection connection) {
        this.pool = pool;
        this.connection = connection;
    }

    /**
     * A cursor whose statements run inside this transaction.
     *
     * @return a cursor
     * @throws IllegalStateException if the transaction has ended
     */
    public Cursor cursor() {
        checkActive();
        return new Cursor((sql, args) -> {
            checkActive();
            return connection.link.run(c -> Statements.run(c, sql, args));
        });
    }

    /**
     * Shorthand for {@code cursor().execute(sql, args)}.
     *
     * @param sql the statement, with {@code ?} placeholders
     * @param args the values bound to them
     * @return a future of a cursor holding the result
     * @throws IllegalStateException if the transaction has ended
     * @see Cursor#execute
     */
    public Future<Cursor> execute(String sql, Object... args) {
        return cursor().execute(sql, args);
    }

    /**
     * Commits and returns the connection to the pool. If the commit fails, the transaction is
     * rolled back and the future fails with the driver's exception; the connection still returns
     * (or is discarded if it is broken).
     *
     * @return a future completed on the caller's loop once committed
     * @throws IllegalStateException if the transaction has already ended
     */
    public Future<Void> commit() {
        return end(Transactions::commit);
    }

    /**
     * Rolls back and returns the connection to the pool.
     *
     * @return a future completed on the caller's loop once rolled back
     * @throws IllegalStateException if the transaction has already ended
     */
    public Future<Void> rollback() {
        return end(Transactions::rollback);
    }

    /**
     * Whether {@link #commit()} or {@link #rollback()} was called.
     *
     * @return true once ended
     */
    public boolean isEnded() {
        return ended;
    }

    private Future<Void> end(SqlCall<Void> how) {
        synchronized (this) {
            checkActive();
            ended = true;
        }
        CallerLoop caller = CallerLoop.capture();
        Future<Void> result = new Future<>();
        connection.link.run(how).addDoneCallback(f -> {
            pool.release(connection, true);
            Throwable failure = f.exception();
            caller.run(() -> {
                if (failure != null) {
                    result.setException(failure);
                } else {
                    result.setResult(null);
                }
            });
        });
        return result;
    }

    private void checkActive() {
        if (ended) {
            throw new IllegalStateException("transaction has already been committed or rolled back");
        }
    }

    @Override
    public String toString() {
        return "Transaction[" + (ended ? "ended" : "active") + ", " + Objects.toString(pool) + "]";
    }
}
