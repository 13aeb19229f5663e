package dev.weft.examples;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The seed's {@code IOLoop.spawn_callback} paragraph: "fire and forget" coroutines. Nobody waits
 * for them; the one that fails is logged with its stack trace (System.Logger {@code dev.weft})
 * and the loop goes on.
 */
public final class SpawnCallback {
    private SpawnCallback() {
    }

    @Coroutine
    static Future<Void> fireAndForget(String name, boolean fail, PrintStream out) {
        out.println(name + ": started");
        Co.await(Co.sleep(Duration.ofMillis(10)));
        if (fail) {
            throw new IllegalStateException(name + " failed after its sleep");
        }
        out.println(name + ": finished");
        return Future.completed();
    }

    public static void run(PrintStream out) {
        IOLoop loop = IOLoop.current();
        loop.spawnCallback(() -> fireAndForget("worker", false, out));
        loop.spawnCallback(() -> fireAndForget("doomed", true, out));
        loop.callLater(Duration.ofMillis(100), () -> {
            out.println("the loop is still running");
            loop.stop();
        });
        out.println("spawned two coroutines; not waiting for them");
        loop.start();
    }
}
