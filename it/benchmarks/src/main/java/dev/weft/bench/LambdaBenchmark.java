package dev.weft.bench;

import dev.weft.IOLoop;
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
 * A lambda coroutine against the same body as a {@code @Coroutine} method, measured in the same
 * run: per element of a generator, per generator created and drained, and per await (of a done
 * future, and of one completed through the loop).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class LambdaBenchmark {
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
    public long generatorMethod() {
        long sum = 0;
        for (int x : Workloads.range(N)) {
            sum += x;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long generatorLambda() {
        long sum = 0;
        for (int x : LambdaWorkloads.range(N)) {
            sum += x;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long createMethod() {
        long sum = 0;
        for (int i = 0; i < N; i++) {
            for (int x : LambdaWorkloads.pairMethod(i, 1)) {
                sum += x;
            }
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long createLambda() {
        long sum = 0;
        for (int i = 0; i < N; i++) {
            for (int x : LambdaWorkloads.pairLambda(i, 1)) {
                sum += x;
            }
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long awaitDoneMethod() {
        return AsyncWorkloads.awaitDone(N).result();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long awaitDoneLambda() {
        return LambdaWorkloads.awaitDone(N).result();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long awaitThroughLoopMethod() {
        return loop.runSync(() -> AsyncWorkloads.awaitThroughLoop(N));
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long awaitThroughLoopLambda() {
        return LambdaWorkloads.awaitThroughLoop(loop, N);
    }
}
