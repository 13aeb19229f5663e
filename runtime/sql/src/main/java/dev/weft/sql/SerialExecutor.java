package dev.weft.sql;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in order, on a shared executor: a JDBC connection is not safe for
 * concurrent use, but a coroutine may start two statements on it without awaiting the first.
 */
final class SerialExecutor implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final Executor executor;
    private final Runnable drain = this::drain; // made once: a hand-off allocates nothing more
    private boolean active;

    SerialExecutor(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.addLast(task);
            if (active) {
                return;
            }
            active = true;
        }
        try {
            executor.execute(drain);
        } catch (RuntimeException e) {
            synchronized (this) {
                tasks.clear();
                active = false;
            }
            throw e;
        }
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (this) {
                task = tasks.pollFirst();
                if (task == null) {
                    active = false;
                    return;
                }
            }
            task.run();
        }
    }
}
