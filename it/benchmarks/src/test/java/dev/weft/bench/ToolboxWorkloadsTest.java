package dev.weft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The locks and queues benchmarks do the work they claim: every item and every turn counted. */
class ToolboxWorkloadsTest {

    @Test
    void everyToolboxVariantComputesTheSameSum() {
        ToolboxBenchmark b = new ToolboxBenchmark();
        b.setUp();
        try {
            long sum = b.reentrantLockBaseline();
            assertEquals(sum, b.lockAcquireRelease());
            assertEquals(sum, b.queueHandOff());
            assertEquals(sum, b.lockAcquireRelease(), "the lock was released every time");
        } finally {
            b.tearDown();
        }
    }
}
