package dev.weft.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** Where the JDK client's tasks run under {@link JdkTasks}: the selector's inline, others pooled. */
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
}
