package dev.weft.bench;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost per operation of weft's futures, awaits and loop, against a plain method call and
 * {@code CompletableFuture.thenCompose} doing the same work, measured in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AsyncBenchmark {
    static final int N = 1000;

    private IOLoop loop;

    @Setup(Level.Trial)
    public void setUp() {
        loop = IOLoop.current();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long plainCall() {
        return AsyncWorkloads.plainCalls(N);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long awaitDoneFuture() {
        return AsyncWorkloads.awaitDone(N).result();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long completableFutureThenComposeDone() {
        CompletableFuture<Long> chain = CompletableFuture.completedFuture(0L);
        for (int i = 0; i < N; i++) {
            int v = i & 63;
            chain = chain.thenCompose(sum -> CompletableFuture.completedFuture(sum + v));
        }
        return chain.join();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long awaitPendingThroughLoop() {
        return loop.runSync(() -> AsyncWorkloads.awaitThroughLoop(N));
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long completableFutureThenComposePending() {
        CompletableFuture<Long> start = new CompletableFuture<>();
        CompletableFuture<Long> chain = start;
        for (int i = 0; i < N; i++) {
            int v = i & 63;
            chain = chain.thenCompose(sum -> CompletableFuture.completedFuture(sum + v));
        }
        start.complete(0L);
        return chain.join();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long addCallback() {
        long[] count = {0};
        Future<Long> done = new Future<>();
        loop.addCallback(() -> {
            for (int i = 0; i < N - 1; i++) {
                loop.addCallback(() -> count[0]++);
            }
            loop.addCallback(() -> done.setResult(++count[0]));
        });
        return loop.runSync(() -> done);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long timersScheduledAndFired() {
        long[] count = {0};
        Future<Long> done = new Future<>();
        loop.addCallback(() -> {
            for (int i = 0; i < N; i++) {
                loop.callLater(Duration.ZERO, () -> {
                    if (++count[0] == N) {
                        done.setResult(count[0]);
                    }
                });
            }
        });
        return loop.runSync(() -> done);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long awaitMoment() {
        return loop.runSync(() -> AsyncWorkloads.moments(N));
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long seedAsynSum() {
        return loop.runSync(() -> AsyncWorkloads.asynSums(N));
    }
}
