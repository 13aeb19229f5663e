package dev.weft.sql;

import java.sql.Connection;

/**
 * Blocking JDBC work to run on a connection's worker thread, for what the cursor API does not
 * cover ({@link AsyncConnection#call}).
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface SqlCall<T> {
    /**
     * Does the work. Runs on a worker thread, never on an {@link dev.weft.IOLoop}, so it may block.
     *
     * @param connection the JDBC connection; do not keep it after returning, and do not close it
     * @return the result
     * @throws Exception any failure, delivered unchanged through the returned future
     */
    T apply(Connection connection) throws Exception;
}
