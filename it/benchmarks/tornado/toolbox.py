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


def per_op(fn, n):
    loop = ioloop.IOLoop.current()
    loop.run_sync(lambda: fn(n // 10))  # warm up
    best = None
    for _ in range(5):
        start = time.perf_counter_ns()
        loop.run_sync(lambda: fn(n))
        elapsed = (time.perf_counter_ns() - start) / n
        best = elapsed if best is None else min(best, elapsed)
    return best


if __name__ == "__main__":
    expected = sum(i & 63 for i in range(N))
    assert ioloop.IOLoop.current().run_sync(lambda: lock_uncontended(N)) == expected
    assert ioloop.IOLoop.current().run_sync(lambda: hand_off(N)) == expected
    print("tornado Lock acquire/release (async with): %.0f ns/op" % per_op(lock_uncontended, N))
    print("tornado Queue(maxsize=1) hand-off: %.0f ns/op" % per_op(hand_off, N))
