package dev.weft.examples;

import java.io.PrintStream;

/**
 * Runs every seed example in order, each under a heading. The database examples use an embedded
 * H2 database unless {@code -Dweft.jdbc.url} names another (see {@link DbSettings}).
 */
public final class SeedExamples {
    private SeedExamples() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        out.println("== 1. fibonacci generator");
        Fibonacci.run(out);
        out.println("== 2. producer / consumer with send");
        ProducerConsumer.run(out);
        out.println("== priming decorator: @Coroutine(primed = true)");
        Averager.run(out);
        out.println("== 3. database access on one connection (" + DbSettings.url() + ")");
        DbSingleConnection.run(out, DbSettings.url());
        out.println("== 3. the same, with main inline: runSync(() -> { ... })");
        DbSingleConnection.runInline(out, DbSettings.url());
        out.println("== 4. database access through a pool: ten workers, ten SELECT SLEEP(1) each");
        DbPool.run(out, DbSettings.url());
        out.println("== 5. simple coroutine");
        SimpleCoroutine.run(out);
        out.println("== 6. tornado coroutine: Future + IOLoop.add_callback");
        AsyncSum.run(out);
        out.println("== IOLoop.spawn_callback: fire and forget");
        SpawnCallback.run(out);
        out.println("== IOLoop.spawn_callback, the coroutine inline: spawnCallback(() -> { ... })");
        SpawnCallback.runInline(out);
        out.println("== IOLoop.run_sync");
        RunSync.run(out);
        out.println("== IOLoop.run_sync, the coroutines inline: runSync(() -> { ... })");
        RunSync.runInline(out);
        out.println("== 7. tornado web: Application and a RequestHandler");
        WebHello.demo(out);
        out.println("== tornado.locks: Condition and Event");
        LocksGuide.run(out);
        out.println("== tornado.queues: producer / consumer");
        QueueGuide.run(out);
        out.println("== the coroutine guide's fetch_coroutine: AsyncHttpClient");
        FetchCoroutine.run(out);
        out.println("== the coroutine guide's parallel fetches: Co.all over a list and a map");
        ParallelFetch.run(out);
        out.println("== the queues guide's concurrent web spider");
        WebSpider.run(out);
    }
}
