/**
 * Asynchronous SQL over JDBC, in the style of {@code tornado_mysql}: every blocking JDBC call runs
 * on a worker thread, and its outcome comes back as a {@link dev.weft.Future} completed on the
 * caller's {@link dev.weft.IOLoop}, so an async coroutine can {@code Co.await} it.
 *
 * <ul>
 *   <li>{@link dev.weft.sql.Sql#connect} opens one {@link dev.weft.sql.AsyncConnection};
 *       {@link dev.weft.sql.AsyncConnection#cursor()} gives a {@link dev.weft.sql.Cursor} with
 *       {@code execute}, {@code description}, row iteration and {@code fetchAll}.</li>
 *   <li>{@link dev.weft.sql.Pool} shares a bounded number of connections between many coroutines,
 *       with Tornado-mysql's {@code max_idle_connections} and {@code max_recycle_sec}.</li>
 * </ul>
 *
 * <p>Parameters are always bound with a {@link java.sql.PreparedStatement}, never spliced into the
 * SQL text. A failing statement fails its future with the driver's {@link java.sql.SQLException},
 * unchanged. Results are read completely before the future completes (a buffered cursor, like
 * {@code tornado_mysql}'s default), so a cursor never touches the connection again.
 *
 * <p>The package needs only {@code java.sql}; the application supplies the JDBC driver.
 */
package dev.weft.sql;
