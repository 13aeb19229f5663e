package dev.weft.sql;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs one statement with bound parameters and reads its whole outcome, on a worker thread.
 * Parameters go through {@link PreparedStatement#setObject} and never into the SQL text, so values
 * cannot change what the statement does.
 */
final class Statements {
    private static final JDBCType[] JDBC_TYPES = JDBCType.values();

    private Statements() {
    }

    static Result run(Connection connection, String sql, Object[] args) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            if (!ps.execute()) {
                return Result.updateCount(ps.getLargeUpdateCount());
            }
            try (ResultSet rs = ps.getResultSet()) {
                return read(rs);
            }
        }
    }

    private static Result read(ResultSet rs) throws SQLException {
        List<Column> columns = describe(rs.getMetaData());
        List<Row> rows = new ArrayList<>();
        int n = columns.size();
        while (rs.next()) {
            Object[] values = new Object[n];
            for (int i = 0; i < n; i++) {
                values[i] = detach(rs.getObject(i + 1));
            }
            rows.add(new Row(columns, values));
        }
        return new Result(columns, Collections.unmodifiableList(rows), rows.size());
    }

    private static List<Column> describe(ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        List<Column> columns = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            columns.add(new Column(md.getColumnLabel(i), jdbcType(md.getColumnType(i)),
                    md.getColumnTypeName(i), md.getPrecision(i), md.getScale(i),
                    md.isNullable(i) != ResultSetMetaData.columnNoNulls));
        }
        return List.copyOf(columns);
    }

    private static JDBCType jdbcType(int code) {
        // Not JDBCType.valueOf(int): it copies the enum's values() on every call, an array of
        // 40 references for every column of every result.
        for (JDBCType t : JDBC_TYPES) {
            if (t.getVendorTypeNumber() == code) {
                return t;
            }
        }
        return JDBCType.OTHER; // a vendor type code that java.sql does not name
    }

    // LOBs and arrays may be views on the open result set; the row outlives it, so copy them now.
    private static Object detach(Object v) throws SQLException {
        if (v instanceof Clob) {
            Clob c = (Clob) v;
            return c.getSubString(1, (int) c.length());
        }
        if (v instanceof Blob) {
            Blob b = (Blob) v;
            return b.getBytes(1, (int) b.length());
        }
        if (v instanceof SQLXML) {
            return ((SQLXML) v).getString();
        }
        if (v instanceof Array) {
            Object[] elements = (Object[]) ((Array) v).getArray();
            for (int i = 0; i < elements.length; i++) {
                elements[i] = detach(elements[i]);
            }
            return elements;
        }
        return v;
    }
}
