package dev.weft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weft.Future;
import org.junit.jupiter.api.Test;

/** The benchmarks measure correct work: every variant produces the same sum. */
class WorkloadsTest {
    private static final long SUM = (long) GeneratorBenchmark.N * (GeneratorBenchmark.N - 1) / 2;

    @Test
    void everyGeneratorVariantSumsTheSameSequence() {
        GeneratorBenchmark b = new GeneratorBenchmark();
        assertEquals(SUM, b.wovenForEach());
        assertEquals(SUM, b.wovenSend());
        assertEquals(SUM, b.wovenNext());
        assertEquals(SUM, b.handWrittenIterator());
        assertEquals(SUM, b.handWrittenIteratorNotInlined());
        assertEquals(SUM, b.threadBasedGenerator());
    }

    @Test
    void everyAsyncVariantComputesTheSameSum() {
        AsyncBenchmark b = new AsyncBenchmark();
        b.setUp();
        try {
            long sum = b.plainCall();
            assertEquals(sum, b.awaitDoneFuture());
            assertEquals(sum, b.awaitPendingThroughLoop());
            assertEquals(sum, b.completableFutureThenComposeDone());
            assertEquals(sum, b.completableFutureThenComposePending());
            assertEquals(AsyncBenchmark.N, b.addCallback());
            assertEquals(AsyncBenchmark.N, b.timersScheduledAndFired());
            assertEquals(AsyncBenchmark.N, b.awaitMoment());
            long n = AsyncBenchmark.N;
            assertEquals(n * (n - 1) / 2 + n, b.seedAsynSum());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void delegationChainsYieldEveryElement() {
        DelegationBenchmark b = new DelegationBenchmark();
        long sum = (long) DelegationBenchmark.N * (DelegationBenchmark.N - 1) / 2;
        assertEquals(sum, b.chain100());
        assertEquals(sum, b.chain0());
    }

    @Test
    void theFootprintWorkloadSuspendsWithItsLocalsAndFinishes() {
        Future<Integer> awaited = new Future<>();
        Future<Integer> coroutine = AsyncFootprint.twoIntsAwaiting(5, awaited);
        assertFalse(coroutine.isDone());
        awaited.setResult(7);
        assertEquals(5 + 15 + 7, coroutine.result());
    }

    @Test
    void lambdaCoroutinesComputeWhatTheSameMethodsCompute() {
        LambdaBenchmark b = new LambdaBenchmark();
        b.setUp();
        try {
            assertEquals(SUM, b.generatorMethod());
            assertEquals(SUM, b.generatorLambda());
            long created = SUM + LambdaBenchmark.N;
            assertEquals(created, b.createMethod());
            assertEquals(created, b.createLambda());
            long awaited = new AsyncBenchmark().plainCall();
            assertEquals(awaited, b.awaitDoneMethod());
            assertEquals(awaited, b.awaitDoneLambda());
            assertEquals(awaited, b.awaitThroughLoopMethod());
            assertEquals(awaited, b.awaitThroughLoopLambda());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void everyDatabaseVariantReadsTheSameRows() throws Exception {
        long expected = 0;
        for (int i = 0; i < DatabaseBenchmark.QUERIES; i++) {
            expected += 2L * (i % DatabaseBenchmark.ROWS);
        }
        for (int c : new int[] {1, 10, 100}) {
            DatabaseBenchmark b = new DatabaseBenchmark();
            b.concurrency = c;
            b.setUp();
            try {
                assertEquals(expected, b.direct());
                assertEquals(expected, b.weftPool(), "weft, concurrency " + c);
                assertEquals(expected, b.blockingThreadPool(), "threads, concurrency " + c);
            } finally {
                b.tearDown();
            }
        }
    }
}
