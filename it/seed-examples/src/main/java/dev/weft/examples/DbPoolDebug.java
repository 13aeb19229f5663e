package dev.weft.examples;

import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The seed's {@code pools.DEBUG = True}: prints what a {@link dev.weft.sql.Pool} does to its
 * connections (its System.Logger messages at DEBUG) on the example's output, between the lines
 * the example prints itself.
 *
 * <p>It configures {@code java.util.logging}, the JDK's default back end for System.Logger. An
 * application with another logging library turns on DEBUG for the logger
 * {@code dev.weft.sql.Pool} in that library's configuration instead; with the JDK's, a
 * {@code logging.properties} line {@code dev.weft.sql.Pool.level = FINE} does it too.
 */
final class DbPoolDebug implements AutoCloseable {
    // Held strongly: java.util.logging forgets the level of a logger nobody references.
    private static final Logger POOL_LOG = Logger.getLogger("dev.weft.sql.Pool");

    private final Handler printer;
    private final Level levelBefore;
    private final boolean parentsBefore;

    private DbPoolDebug(PrintStream out) {
        printer = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    out.println(record.getMessage());
                }
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
            }
        };
        printer.setLevel(Level.FINE);
        levelBefore = POOL_LOG.getLevel();
        parentsBefore = POOL_LOG.getUseParentHandlers();
    }

    /**
     * Prints the pool's DEBUG messages on {@code out} until the result is closed.
     *
     * @param out where the example prints
     * @return closing it turns the messages off again
     */
    static DbPoolDebug printTo(PrintStream out) {
        DbPoolDebug on = new DbPoolDebug(out);
        POOL_LOG.setLevel(Level.FINE);
        POOL_LOG.setUseParentHandlers(false); // on out only, as the seed prints them
        POOL_LOG.addHandler(on.printer);
        return on;
    }

    @Override
    public void close() {
        POOL_LOG.removeHandler(printer);
        POOL_LOG.setLevel(levelBefore);
        POOL_LOG.setUseParentHandlers(parentsBefore);
    }
}
