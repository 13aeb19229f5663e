package dev.weft.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where the JDK client's tasks run under {@link JdkTasks}: the selector's and the pool's own
 * inline, others pooled; and what a fetch costs in threads.
 */
@Timeout(60)
class JdkTasksTest {

    @Test
    void aTaskFromAnyOtherThreadRunsOnThePool() throws Exception {
        AtomicReference<Thread> ran = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        JdkTasks.INSTANCE.execute(() -> {
            ran.set(Thread.currentThread());
            done.countDown();
        });
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertNotSame(Thread.currentThread(), ran.get());
        assertTrue(ran.get().getName().startsWith("weft-httpclient-"), ran.get().getName());
        assertTrue(ran.get().isDaemon());
    }

    @Test
    void theSelectorThreadRunsItsTasksItselfAndStartsNone() throws Exception {
        Backend server = new Backend.Weft();
        List<String> threads = new CopyOnWriteArrayList<>();
        HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(task -> {
                    threads.add(Thread.currentThread().getClass().getName() + " "
                            + (JdkTasks.onSelectorThread() ? "inline" : "pooled"));
                    JdkTasks.INSTANCE.execute(task);
                }).build();
        try {
            HttpResponse<String> r = jdk.sendAsync(
                    HttpRequest.newBuilder(URI.create(server.url("/hello"))).build(),
                    HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
            assertEquals("Hello, world", r.body());
        } finally {
            server.stop();
        }
        // The start of the exchange came from this thread and went to the pool; the JDK's
        // selector thread, whose class name JdkTasks recognises, handled the response itself.
        assertEquals(Thread.class.getName() + " pooled", threads.get(0), threads::toString);
        assertTrue(threads.contains(JdkTasks.SELECTOR_THREAD + " inline"), threads::toString);
    }

    @Test
    void aTaskSubmittedFromAPoolThreadRunsOnIt() throws Exception {
        AtomicReference<Thread> outer = new AtomicReference<>();
        AtomicReference<Thread> inner = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        JdkTasks.INSTANCE.elsewhere(() -> {
            outer.set(Thread.currentThread());
            JdkTasks.INSTANCE.execute(() -> inner.set(Thread.currentThread()));
            done.countDown();
        });
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertSame(outer.get(), inner.get()); // ran before execute returned, on the same thread
    }

    /**
     * The JDK's {@code sendAsync} completes through {@code CompletableFuture}'s default executor,
     * which starts a thread per response while the common pool has fewer than two threads (any
     * machine of one or two cores); fetches run as {@code send} on the pool and start none.
     */
    @Test
    void fetchesOneAfterAnotherStartNoThreadPerResponse() throws Exception {
        Backend server = new Backend.Weft();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (AsyncHttpClient client = new AsyncHttpClient();
                Fetching fetching = new Fetching()) {
            String url = server.url("/hello");
            assertEquals("Hello, world", fetching.result(fetching.onLoop(() -> client.fetch(url)))
                    .text()); // the client, its selector thread and a pool thread started
            long before = threads.getTotalStartedThreadCount();
            for (int i = 0; i < 100; i++) {
                assertEquals(200, fetching.result(fetching.onLoop(() -> client.fetch(url))).code());
            }
            long started = threads.getTotalStartedThreadCount() - before;
            assertTrue(started < 10, started + " threads started for 100 fetches");
        } finally {
            server.stop();
        }
    }
}
