package dev.weft.sql;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One row of a result, immutable: values by position (0-based, like a Python tuple) or by column
 * label. Values are what the driver's {@code ResultSet.getObject} returned, except that LOBs and
 * arrays are read into {@code String}, {@code byte[]} and {@code Object[]} while the statement was
 * still open.
 */
public final class Row {
    private final List<Column> columns;
    private final Object[] values;

    Row(List<Column> columns, Object[] values) {
        this.columns = columns;
        this.values = values;
    }

    /**
     * The value at {@code index}.
     *
     * @param index 0-based
     * @return the value, null for SQL NULL
     * @throws IndexOutOfBoundsException if there is no such column
     */
    public Object get(int index) {
        return values[index];
    }

    /**
     * The value of the column labelled {@code label}, compared ignoring case as SQL does for
     * unquoted names; the first such column if several share the label.
     *
     * @param label the column label
     * @return the value, null for SQL NULL
     * @throws IllegalArgumentException if no column has that label
     */
    public Object get(String label) {
        for (int i = 0; i < values.length; i++) {
            if (columns.get(i).name().equalsIgnoreCase(label)) {
                return values[i];
            }
        }
        throw new IllegalArgumentException("no column " + label + " in " + columns);
    }

    /**
     * The number of values.
     *
     * @return the column count
     */
    public int size() {
        return values.length;
    }

    /**
     * The values in column order.
     *
     * @return an unmodifiable list (it may contain nulls)
     */
    public List<Object> values() {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    /**
     * The row as Python prints a tuple, so output reads like the {@code tornado_mysql} examples:
     * {@code ('localhost', 'root')}, {@code (0,)}; strings quoted, SQL NULL as {@code None}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Object v = values[i];
            if (v == null) {
                sb.append("None");
            } else if (v instanceof CharSequence) {
                sb.append('\'').append(v).append('\'');
            } else if (v instanceof Object[]) {
                sb.append(Arrays.deepToString((Object[]) v));
            } else if (v instanceof byte[]) {
                sb.append(Arrays.toString((byte[]) v));
            } else {
                sb.append(v);
            }
        }
        return sb.append(values.length == 1 ? ",)" : ")").toString();
    }

    /**
     * Rows are equal when their values are (arrays compared by content); column labels are not
     * compared.
     *
     * @param o the other object
     * @return whether equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Row && Arrays.deepEquals(values, ((Row) o).values);
    }

    /**
     * A hash of the values, consistent with {@link #equals}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }
}
