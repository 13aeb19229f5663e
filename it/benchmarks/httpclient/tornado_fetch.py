"""Tornado's side of the HTTP client benchmark (dev.weft.bench.HttpClientBench runs it).

    python3 tornado_fetch.py PORT CONCURRENCY SECONDS

Keeps CONCURRENCY fetches in flight with Tornado 6's AsyncHTTPClient (simple_httpclient,
max_clients=CONCURRENCY) against http://127.0.0.1:PORT/ for SECONDS after a one-second warm-up,
and prints on one line the requests per second and the CPU time per request in microseconds
(user + system of this process).
"""
import sys
import time

from tornado import gen, httpclient, ioloop


async def lane(client, url, deadline, counter):
    while time.monotonic() < deadline:
        response = await client.fetch(url)
        assert response.body == b"Hello Python Tornado!", response.body
        counter[0] += 1


async def measure(client, url, concurrency, seconds):
    counter = [0]
    cpu = time.process_time()
    start = time.monotonic()
    await gen.multi([lane(client, url, start + seconds, counter) for _ in range(concurrency)])
    elapsed = time.monotonic() - start
    return counter[0] / elapsed, (time.process_time() - cpu) * 1e6 / max(1, counter[0])


async def main():
    port, concurrency, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    url = "http://127.0.0.1:%d/" % port
    httpclient.AsyncHTTPClient.configure(None, max_clients=concurrency)
    client = httpclient.AsyncHTTPClient()
    await measure(client, url, concurrency, 1.0)
    rate, cpu_us = await measure(client, url, concurrency, seconds)
    print("%.1f %.1f" % (rate, cpu_us), flush=True)


if __name__ == "__main__":
    ioloop.IOLoop.current().run_sync(main)
