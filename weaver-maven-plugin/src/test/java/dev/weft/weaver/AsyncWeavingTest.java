package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Woven async coroutines behave as Tornado coroutines / asyncio tasks (API.md §1, §2, §4). */
class AsyncWeavingTest {

    @SuppressWarnings("unchecked")
    private static <T> Future<T> co(String method, Object... args) {
        return (Future<T>) Fixtures.call("Asyncs", method, args);
    }

    @SuppressWarnings("unchecked")
    private static List<String> log() {
        try {
            return (List<String>) Fixtures.load("Asyncs").getField("LOG").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private IOLoop loop;

    @BeforeEach
    void setUp() {
        log().clear();
        loop = IOLoop.current();
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    @Test
    void asyncSumResumesThroughTheLoop() {
        assertEquals(5, loop.<Integer>runSync(() -> co("asyncSum", 2, 3), Duration.ofSeconds(5)));
    }

    @Test
    void theBodyStartsAtOnceAndADoneFutureDoesNotSuspend() {
        Future<String> f = co("awaitsDone");
        // No loop iteration has run: the whole body ran inside the call.
        assertTrue(f.isDone());
        assertEquals("ready!", f.result());
        assertEquals(List.of("start " + Thread.currentThread().getName(), "got ready"), log());
    }

    @Test
    void aCoroutineWithoutSuspensionReturnsADoneFuture() {
        Future<Integer> f = co("noSuspension", 21);
        assertTrue(f.isDone());
        assertEquals(42, f.result());
    }

    @Test
    void pendingAwaitsResumeOnTheLoopNeverInsideSetResult() {
        Future<String> a = new Future<>();
        Future<String> b = new Future<>();
        Future<String> all = co("awaitsEach", List.of(a, b));
        assertFalse(all.isDone());
        a.setResult("x");
        assertFalse(all.isDone(), "resumed inside setResult");
        loop.addCallback(() -> b.setResult("y"));
        assertEquals("x y", loop.runSync(() -> all, Duration.ofSeconds(5)));
    }

    @Test
    void failuresAreRethrownUnchangedIntoTryCatchFinally() {
        Future<String> f = new Future<>();
        Future<String> handled = co("handles", f);
        f.setException(new IOException("disk"));
        assertEquals("recovered", loop.runSync(() -> handled, Duration.ofSeconds(5)));
        assertEquals(List.of("caught disk", "finally"), log());
    }

    @Test
    void anUncaughtFailureFailsTheCoroutinesFutureUnchanged() {
        Future<Void> f = co("failsChecked");
        IOException e = assertThrows(IOException.class,
                () -> loop.runSync(() -> f, Duration.ofSeconds(5)));
        assertEquals("async failure", e.getMessage());
        assertSame(e, f.exception());
    }

    @Test
    void cancellingRaisesCancellationAtTheAwaitAndRunsFinally() {
        Future<String> never = new Future<>();
        Future<Void> task = co("cancellable", never);
        assertEquals(List.of("waiting"), log());
        assertTrue(task.cancel());
        loop.runSync(() -> {
            Future<Void> tick = new Future<>();
            loop.addCallback(() -> tick.setResult(null));
            return tick;
        }, Duration.ofSeconds(5));
        assertTrue(task.isCancelled());
        assertEquals(List.of("waiting", "finally after cancel"), log());
        never.setResult("late");
        assertEquals(List.of("waiting", "finally after cancel"), log());
    }

    @Test
    void aCoroutineMayCatchItsCancellationAndGoOn() {
        Future<String> task = co("survivesCancel", new Future<String>());
        task.cancel();
        assertEquals("carried on", loop.runSync(() -> task, Duration.ofSeconds(5)));
        assertFalse(task.isCancelled());
        assertEquals(List.of("cancel caught"), log());
    }

    @Test
    void awaitOfAJdkCompletionStageUnwrapsItsFailure() {
        CompletableFuture<Object> ok = new CompletableFuture<>();
        Future<Object> f = co("awaitsStage", ok);
        new Thread(() -> ok.complete("from another thread")).start();
        assertEquals("from another thread", loop.runSync(() -> f, Duration.ofSeconds(5)));

        CompletableFuture<Object> failed = CompletableFuture.supplyAsync(() -> {
            throw new IllegalArgumentException("jdk failure");
        });
        Future<Object> g = co("awaitsStage", failed);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loop.runSync(() -> g, Duration.ofSeconds(5)));
        assertEquals("jdk failure", e.getMessage());
    }

    @Test
    void awaitOfTheJdkHttpClient() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "hello from the JDK server".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            java.net.URI uri = java.net.URI.create(
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/");
            assertEquals("200 hello from the JDK server",
                    loop.runSync(() -> co("fetch", client, uri), Duration.ofSeconds(20)));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void operandStackValuesSurviveAwaits() {
        Future<Integer> later = new Future<>();
        Future<Long> f = co("stackAcrossAwait", 7L, later);
        loop.addCallback(() -> later.setResult(3));
        assertEquals(70L + 3 + 7 + 2, loop.runSync(() -> f, Duration.ofSeconds(5)));
    }

    @Test
    void awaitsInsideConstructorArgumentsWhileObjectsAreUninitialized() {
        Future<String> f = new Future<>();
        Future<String> g = new Future<>();
        Future<Object> pair = co("awaitInConstructorArguments", f, g);
        loop.addCallback(() -> f.setResult("a"));
        loop.addCallback(() -> g.setResult("b"));
        assertEquals("Pair[left=Pair[left=a, right=x], right=b]",
                loop.runSync(() -> pair, Duration.ofSeconds(5)).toString());
    }

    @Test
    void resumesOnTheLoopThreadItSuspendedOn() throws Exception {
        Future<String> f = new Future<>();
        Future<String> result = co("threadOfResumption", f);
        Thread completer = new Thread(() -> f.setResult("done"), "completer");
        completer.start();
        completer.join();
        String me = Thread.currentThread().getName();
        assertEquals(me + " -> " + me, loop.runSync(() -> result, Duration.ofSeconds(5)));
    }

    @Test
    void withoutALoopItResumesOnTheCompletingThread() throws Exception {
        AtomicReference<Future<String>> result = new AtomicReference<>();
        Future<String> f = new Future<>();
        Thread noLoop = new Thread(() -> result.set(co("threadOfResumption", f)), "no-loop");
        noLoop.start();
        noLoop.join();
        Thread completer = new Thread(() -> f.setResult("done"), "completer");
        completer.start();
        completer.join();
        assertEquals("no-loop -> completer", result.get().result());
    }

    @Test
    void sleepAndMoment() {
        int elapsed = loop.runSync(() -> co("sleeps"), Duration.ofSeconds(5));
        assertTrue(elapsed >= 20, "slept " + elapsed + " ms");
    }

    @Test
    void returningAPendingFutureCompletesWithIt() {
        Future<Integer> later = new Future<>();
        Future<Integer> f = co("returnsPending", later);
        assertFalse(f.isDone());
        later.setResult(9);
        assertEquals(9, f.result());
    }

    @Test
    void cancellingAfterTheBodyReturnedAPendingFutureCancelsTheCoroutine() {
        Future<Integer> later = new Future<>();
        Future<Integer> f = co("returnsPending", later);
        assertTrue(f.cancel());
        assertTrue(f.isCancelled());
        assertFalse(later.isDone(), "the returned future is the caller's own: left alone");
        later.setResult(9); // arrives after the cancellation: ignored
        assertTrue(f.isCancelled());
        assertFalse(f.cancel());
    }

    @Test
    void instanceCoroutines() throws Exception {
        Object target = Fixtures.call("Asyncs", "create");
        Method m = target.getClass().getMethod("instanceAwait", Future.class);
        Future<String> f = new Future<>();
        @SuppressWarnings("unchecked")
        Future<String> r = (Future<String>) m.invoke(target, f);
        f.setResult("x");
        assertEquals("Asyncs:x", loop.runSync(() -> r, Duration.ofSeconds(5)));
    }

    @Test
    void aHundredThousandSuspendedCoroutinesAllComplete() throws Exception {
        int n = 100_000;
        Future<String> gate = new Future<>();
        List<Future<String>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(co("threadOfResumption", gate));
        }
        assertTrue(tasks.stream().noneMatch(Future::isDone));
        CountDownLatch started = new CountDownLatch(1);
        loop.addCallback(started::countDown);
        Thread completer = new Thread(() -> {
            try {
                started.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gate.setResult("go");
        });
        completer.start();
        List<String> results = loop.runSync(() -> dev.weft.Co.all(tasks), Duration.ofSeconds(30));
        assertEquals(n, results.size());
        completer.join();
    }
}
