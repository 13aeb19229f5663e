package dev.weft.sql;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the worker threads that run blocking JDBC calls, and makes them daemons so that a
 * connection or pool the application forgot to close never keeps the JVM alive.
 */
final class SqlThreads implements ThreadFactory {
    private static final AtomicInteger OWNERS = new AtomicInteger();

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    SqlThreads(String kind) {
        this.prefix = "weft-sql-" + kind + "-" + OWNERS.incrementAndGet() + "-";
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, prefix + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
