package dev.weft.sql;

import dev.weft.Future;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * One JDBC connection and the worker that owns it: every call on the connection runs through
 * {@link #run}, one at a time. After a failure it asks the driver whether the connection still
 * works, and remembers if it does not, so that a pool never hands a dead connection out again.
 *
 * <p>The futures it returns complete on the worker thread; callers deliver them to the user's loop.
 */
final class Link {
    // How long to wait for the server to answer the health check after a failure.
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final Connection jdbc;
    private final SqlWorker worker;
    private volatile boolean broken;
    /** Set by {@link #close()}: later calls are refused at once, not queued behind the close. */
    private volatile boolean closed;

    Link(Connection jdbc, SqlWorker worker) {
        this.jdbc = jdbc;
        this.worker = worker;
    }

    /** Runs {@code call} on the worker; the future completes there with its outcome, unchanged. */
    <T> Future<T> run(SqlCall<T> call) {
        Call<T> f = new Call<>(call);
        try {
            submit(f);
        } catch (RejectedExecutionException e) {
            f.setException(e);
        }
        return f;
    }

    /**
     * Queues {@code task} on the worker, after the calls queued before; the task calls
     * {@link #perform} there. For callers that carry their own outcome and need no future.
     *
     * @throws RejectedExecutionException if the connection is closed (or its worker shut down)
     */
    void submit(Runnable task) {
        if (closed) {
            // The worker may still be draining the close: a call queued now would run on a
            // closed connection, so it is refused as the shut-down worker would refuse it.
            throw new RejectedExecutionException("the connection is closed");
        }
        worker.execute(task);
    }

    /**
     * Runs {@code call} on the connection, here: on the worker only. Refuses a broken connection;
     * after a failure asks the driver whether the connection still works, and remembers if not,
     * before the failure is thrown on (unchanged), so that whoever reacts to it sees the verdict.
     */
    <T> T perform(SqlCall<T> call) throws Exception {
        if (broken) {
            throw new SQLNonTransientConnectionException(
                    "connection is broken by an earlier failure and was not used", "08003");
        }
        try {
            return call.apply(jdbc);
        } catch (Throwable t) {
            if (!isHealthy()) {
                broken = true;
            }
            throw t;
        }
    }

    /** One call and its outcome in one object. */
    private final class Call<T> extends Future<T> implements Runnable {
        private final SqlCall<T> call;

        Call(SqlCall<T> call) {
            this.call = call;
        }

        @Override
        public void run() {
            T value;
            try {
                value = perform(call);
            } catch (Throwable t) {
                setException(t);
                return;
            }
            setResult(value);
        }
    }

    /** Whether a failure showed that the connection no longer works. */
    boolean isBroken() {
        return broken;
    }

    /** Asks the driver whether the connection works; on the worker thread only. */
    boolean isHealthy() {
        try {
            return !jdbc.isClosed() && jdbc.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Closes the JDBC connection now, on the calling thread; a failure to close is ignored. */
    void closeNow() {
        try {
            jdbc.close();
        } catch (SQLException | RuntimeException e) {
            // Nothing to do: the connection is being thrown away, usually because it is broken.
        }
    }

    /** Closes the JDBC connection on the worker, after the calls queued before. */
    Future<Void> close() {
        closed = true;
        Future<Void> f = new Future<>();
        try {
            // Not through run(): a broken connection must still be closed.
            worker.execute(() -> {
                closeNow();
                f.setResult(null);
            });
        } catch (RejectedExecutionException e) {
            closeNow();
            f.setResult(null);
        }
        return f;
    }
}
