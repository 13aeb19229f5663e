package dev.weft.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The JDBC side of {@code begin}/{@code commit}/{@code rollback}: a transaction is auto-commit
 * switched off, and ending it switches auto-commit back on, so a connection always returns to the
 * state every other statement expects (one statement, one transaction).
 */
final class Transactions {
    private Transactions() {
    }

    static Void begin(Connection c) throws SQLException {
        c.setAutoCommit(false);
        return null;
    }

    static Void commit(Connection c) throws SQLException {
        try {
            c.commit();
        } catch (SQLException e) {
            // Leave no half-finished transaction on a connection that someone will use again.
            undo(c, e);
            throw e;
        }
        c.setAutoCommit(true);
        return null;
    }

    static Void rollback(Connection c) throws SQLException {
        try {
            c.rollback();
        } finally {
            c.setAutoCommit(true);
        }
        return null;
    }

    private static void undo(Connection c, SQLException cause) {
        try {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
