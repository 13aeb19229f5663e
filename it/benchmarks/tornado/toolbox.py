"""Tornado's side of the locks and queues benchmarks (ToolboxBenchmark), timed.

Run with Debian's python3-tornado:  /usr/bin/python3 it/benchmarks/tornado/toolbox.py
Prints nanoseconds per operation, like the JMH benchmarks it is compared with.
"""
import time

from tornado import ioloop
from tornado.locks import Lock
from tornado.queues import Queue

N = 20000


async def lock_uncontended(n):
    lock = Lock()
    total = 0
    for i in range(n):
        async with lock:
            total += i & 63
    return total


async def produce(q, n):
    for i in range(n):
        await q.put(i & 63)


async def consume(q, n):
    total = 0
    for _ in range(n):
        total += await q.get()
    return total


async def hand_off(n):
    q = Queue(maxsize=1)
    consumer = ioloop.IOLoop.current().asyncio_loop.create_task(consume(q, n))
    ioloop.IOLoop.current().spawn_callback(produce, q, n)
    return await consumer


def per_op(fn, n, runs=10):
    """Nanoseconds per operation: the best and the mean of `runs` runs of `n` operations, of wall
    time and of the CPU time of this thread (the loop's only thread).

    Wall time, so that a loaded machine can be compared like for like with JMH's iterations; CPU
    time, to compare with dev.weft.bench.ToolboxCpu, which counts the same way and is much less
    disturbed by the other tenants of a shared machine.
    """
    loop = ioloop.IOLoop.current()
    loop.run_sync(lambda: fn(n // 10))  # warm up
    times = []
    cpu = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        start_cpu = time.thread_time_ns()
        loop.run_sync(lambda: fn(n))
        cpu.append((time.thread_time_ns() - start_cpu) / n)
        times.append((time.perf_counter_ns() - start) / n)
    cpu.sort()
    return min(times), sum(times) / len(times), cpu[len(cpu) // 2], cpu[0]


if __name__ == "__main__":
    expected = sum(i & 63 for i in range(N))
    assert ioloop.IOLoop.current().run_sync(lambda: lock_uncontended(N)) == expected
    assert ioloop.IOLoop.current().run_sync(lambda: hand_off(N)) == expected
    print("tornado Lock acquire/release (async with): best %.0f, mean %.0f ns/op;"
          " CPU median %.0f, min %.0f ns/op" % per_op(lock_uncontended, N))
    print("tornado Queue(maxsize=1) hand-off: best %.0f, mean %.0f ns/op;"
          " CPU median %.0f, min %.0f ns/op" % per_op(hand_off, N))
