package dev.weft.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Elements per second through a 100-deep chain of {@code Co.yieldFrom}, against depth 0. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DelegationBenchmark {
    static final int N = 10_000;

    @Benchmark
    @OperationsPerInvocation(N)
    public long chain100() {
        long sum = 0;
        for (int x : Workloads.chain(100, N)) {
            sum += x;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long chain0() {
        long sum = 0;
        for (int x : Workloads.chain(0, N)) {
            sum += x;
        }
        return sum;
    }
}
