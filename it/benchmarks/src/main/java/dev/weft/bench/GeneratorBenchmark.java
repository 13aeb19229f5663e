package dev.weft.bench;

import dev.weft.Generator;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost per element of a sequence of 0..N-1: a woven generator (for-each and send-driven) against
 * a hand-written iterator (inlined, and kept from inlining) and a thread-based generator. Each
 * benchmark returns the sum, so nothing is dead code.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class GeneratorBenchmark {
    static final int N = 1000;
    static final int THREAD_N = 1000;

    @Benchmark
    @OperationsPerInvocation(N)
    public long wovenForEach() {
        long sum = 0;
        for (int x : Workloads.range(N)) {
            sum += x;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long wovenSmallValues() {
        long sum = 0;
        for (int x : Workloads.smallValues(N)) {
            sum += x;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long wovenNext() {
        Generator<Integer, Void, Void> range = Workloads.range(N);
        long sum = 0;
        for (int i = 0; i < N; i++) {
            sum += range.next();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long wovenSend() {
        Generator<Integer, Integer, Void> acc = Workloads.accumulator();
        acc.next();
        long last = 0;
        for (int i = 0; i < N; i++) {
            last = acc.send(i);
        }
        return last;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long handWrittenIterator() {
        long sum = 0;
        for (Iterator<Integer> it = Workloads.iterator(N); it.hasNext();) {
            sum += it.next();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long handWrittenIteratorNotInlined() {
        long sum = 0;
        Iterator<Integer> it = Workloads.iterator(N);
        while (hasNext(it)) {
            sum += next(it);
        }
        return sum;
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static boolean hasNext(Iterator<Integer> it) {
        return it.hasNext();
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static int next(Iterator<Integer> it) {
        return it.next();
    }

    @Benchmark
    @OperationsPerInvocation(THREAD_N)
    public long threadBasedGenerator() {
        long sum = 0;
        for (Iterator<Integer> it = Workloads.threadGenerator(THREAD_N); it.hasNext();) {
            sum += it.next();
        }
        return sum;
    }
}
