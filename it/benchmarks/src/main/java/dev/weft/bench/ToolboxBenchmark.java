package dev.weft.bench;

import dev.weft.IOLoop;
import dev.weft.locks.Lock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
 * Cost per operation of {@code dev.weft.locks.Lock} and {@code dev.weft.queues.Queue} used from
 * woven coroutines (issue 14), with the JDK's {@link ReentrantLock} as the same-run Java baseline;
 * {@code it/benchmarks/tornado/toolbox.py} times the same workloads in Tornado.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ToolboxBenchmark {
    static final int N = 1000;

    private IOLoop loop;
    private final Lock lock = new Lock();
    private final ReentrantLock jdkLock = new ReentrantLock();

    @Setup(Level.Trial)
    public void setUp() {
        loop = IOLoop.current();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    /** Uncontended {@code try (Releaser r = Co.await(lock.acquire()))}, per acquire/release. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long lockAcquireRelease() {
        return ToolboxWorkloads.lockUncontended(lock, N).result();
    }

    /** The JDK baseline: uncontended {@code ReentrantLock.lock()}/{@code unlock()}. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long reentrantLockBaseline() {
        long sum = 0;
        for (int i = 0; i < N; i++) {
            jdkLock.lock();
            try {
                sum += i & 63;
            } finally {
                jdkLock.unlock();
            }
        }
        return sum;
    }

    /** Two coroutines handing items over through {@code Queue(1)}, per item. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long queueHandOff() {
        return loop.runSync(() -> ToolboxWorkloads.handOff(N));
    }
}
