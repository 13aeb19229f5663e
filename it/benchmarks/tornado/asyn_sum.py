"""Tornado's side of the async benchmarks: the seed's asyn_sum and `yield gen.moment`, timed.

Run with Debian's python3-tornado:  python3 it/benchmarks/tornado/asyn_sum.py
Prints nanoseconds per operation, like the JMH benchmarks it is compared with.
"""
import time

from tornado import gen, ioloop
from tornado.concurrent import Future

N = 20000


@gen.coroutine
def asyn_sum(a, b):
    future = Future()

    def callback(a, b):
        future.set_result(a + b)

    ioloop.IOLoop.current().add_callback(callback, a, b)
    result = yield future
    return result


@gen.coroutine
def asyn_sums(n):
    total = 0
    for i in range(n):
        total += yield asyn_sum(i, 1)
    return total


@gen.coroutine
def moments(n):
    for _ in range(n):
        yield gen.moment


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
    print("tornado asyn_sum: %.0f ns/op" % per_op(asyn_sums, N))
    print("tornado gen.moment: %.0f ns/op" % per_op(moments, N))
