"""Tornado's side of the HTTP client benchmark (dev.weft.bench.HttpClientBench runs it).

    python3 tornado_fetch.py PORT CONCURRENCY SECONDS [simple|curl]

Keeps CONCURRENCY fetches in flight with Tornado 6's AsyncHTTPClient (max_clients=CONCURRENCY)
against http://127.0.0.1:PORT/ for SECONDS after a one-second warm-up, and prints on one line the
requests per second and the CPU time per request in microseconds (user + system of this process).

Which AsyncHTTPClient: "simple" (the default) is tornado.simple_httpclient, Tornado's default and
what its docs call suitable for most users' needs; it opens a new connection for every request
(it has no keep-alive). "curl" is tornado.curl_httpclient (python3-pycurl), which Tornado's docs
say is faster, and which keeps connections alive as weft's and the JDK's clients do.
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
    impl = sys.argv[4] if len(sys.argv) > 4 else "simple"
    url = "http://127.0.0.1:%d/" % port
    if impl == "curl":
        httpclient.AsyncHTTPClient.configure("tornado.curl_httpclient.CurlAsyncHTTPClient",
                                             max_clients=concurrency)
    elif impl == "simple":
        httpclient.AsyncHTTPClient.configure(None, max_clients=concurrency)
    else:
        raise SystemExit("unknown client %r: simple or curl" % impl)
    client = httpclient.AsyncHTTPClient()
    await measure(client, url, concurrency, 1.0)
    rate, cpu_us = await measure(client, url, concurrency, seconds)
    print("%.1f %.1f" % (rate, cpu_us), flush=True)


if __name__ == "__main__":
    ioloop.IOLoop.current().run_sync(main)
