package dev.weft.bench;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Generator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.SynchronousQueue;

/** What the generator benchmarks run: the same sequence 0..n-1 produced four ways. */
public final class Workloads {
    private Workloads() {
    }

    /** A woven generator of 0..n-1. */
    @Coroutine
    public static Generator<Integer, Void, Void> range(int n) {
        for (int i = 0; i < n; i++) {
            Co.yield(i);
        }
        return Generator.done();
    }

    /** A woven generator of n small values (boxes from Integer's cache: no allocation). */
    @Coroutine
    public static Generator<Integer, Void, Void> smallValues(int n) {
        for (int i = 0; i < n; i++) {
            Co.yield(i & 63);
        }
        return Generator.done();
    }

    /** A woven generator that adds up what is sent to it and yields the running total. */
    @Coroutine
    public static Generator<Integer, Integer, Void> accumulator() {
        int total = 0;
        while (true) {
            Integer x = Co.yield(total);
            total += x;
        }
    }

    /** A woven chain: {@code depth} generators each delegating to the next, the last a range. */
    @Coroutine
    public static Generator<Integer, Void, Void> chain(int depth, int n) {
        if (depth == 0) {
            Co.yieldFrom(range(n));
        } else {
            Co.yieldFrom(chain(depth - 1, n));
        }
        return Generator.done();
    }

    /** A generator suspended with two int locals, for the memory footprint. */
    @Coroutine
    public static Generator<Integer, Void, Void> twoInts(int a, int b) {
        while (true) {
            Co.yield(null);
            a += b;
        }
    }

    /** The baseline: a hand-written iterator of 0..n-1. */
    public static Iterator<Integer> iterator(int n) {
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public Integer next() {
                if (i >= n) {
                    throw new NoSuchElementException();
                }
                return i++;
            }
        };
    }

    /** A generator the old way: a platform thread handing values over a SynchronousQueue. */
    public static Iterator<Integer> threadGenerator(int n) {
        SynchronousQueue<Integer> queue = new SynchronousQueue<>();
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    queue.put(i);
                }
                queue.put(-1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "thread-generator");
        producer.setDaemon(true);
        producer.start();
        return new Iterator<>() {
            private Integer next = take();

            private Integer take() {
                try {
                    Integer v = queue.take();
                    return v < 0 ? null : v;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Integer next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Integer v = next;
                next = take();
                return v;
            }
        };
    }
}
