package dev.weft.sql;

import java.sql.JDBCType;

/**
 * One column of a result: an entry of {@link Cursor#description()}, what Python's DB-API calls a
 * description tuple.
 *
 * @param name the column label (the {@code AS} name, else the column name), as the driver spells it
 * @param type the JDBC type; {@link JDBCType#OTHER} for vendor types JDBC does not name
 * @param typeName the database's own name for the type, for example {@code CHARACTER VARYING}
 * @param precision the precision or maximum length, 0 when not applicable
 * @param scale digits after the decimal point, 0 when not applicable
 * @param nullable whether the column may hold SQL NULL (true when the driver does not know)
 */
public record Column(String name, JDBCType type, String typeName, int precision, int scale,
        boolean nullable) {

    /**
     * The name and the database type, for example {@code HOST CHARACTER VARYING}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return name + " " + typeName;
    }
}
