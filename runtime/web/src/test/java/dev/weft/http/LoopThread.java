package dev.weft.http;

import dev.weft.IOLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** An IOLoop running on its own thread, so that a test can talk to a server with blocking sockets. */
public final class LoopThread implements AutoCloseable {
    private final Thread thread;
    private volatile IOLoop loop;

    public LoopThread(String name) {
        CountDownLatch ready = new CountDownLatch(1);
        thread = new Thread(() -> {
            loop = IOLoop.current();
            ready.countDown();
            try {
                loop.start();
            } finally {
                loop.close();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        try {
            ready.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public IOLoop loop() {
        return loop;
    }

    /** Runs {@code fn} on the loop thread and waits for its value. */
    public <T> T call(Supplier<T> fn) {
        CompletableFuture<T> cf = new CompletableFuture<>();
        loop.addCallback(() -> {
            try {
                cf.complete(fn.get());
            } catch (Throwable t) {
                cf.completeExceptionally(t);
            }
        });
        try {
            return cf.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void run(Runnable r) {
        call(() -> {
            r.run();
            return null;
        });
    }

    @Override
    public void close() throws InterruptedException {
        loop.stop();
        thread.join(10_000);
    }
}
