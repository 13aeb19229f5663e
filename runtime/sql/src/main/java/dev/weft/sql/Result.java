package dev.weft.sql;

import java.util.List;

/**
 * What one statement produced, read completely on the worker thread: the columns and rows of a
 * query, or the update count of anything else.
 */
record Result(List<Column> description, List<Row> rows, long rowCount) {
    static Result updateCount(long count) {
        return new Result(List.of(), List.of(), count);
    }
}
