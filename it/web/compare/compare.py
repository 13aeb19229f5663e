#!/usr/bin/env python3
"""Sends the same raw requests to tornado_app.py (Tornado 6.2) and WeftCompareApp.java (weft) and
prints every response that differs, byte for byte after normalising what must differ: the Date
and Server values, cookie expiry dates, and the Connection field (the HTTP layer's business).

Usage: it/web/compare/compare.py   (needs python3-tornado and the built runtime jars; loopback only)
Exit status 1 if any response differs.
"""
import glob
import os
import re
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
PYTHON = os.environ.get("PYTHON", "/usr/bin/python3")

REQUESTS = [
    "GET /json", ("GET /args?a=%00x%00", "X: y"), ("HEAD /etag", "If-None-Match: *"),
    "GET /status/200?reason=OK%C2%80", "GET /error/405", "GET /error/599?reason=Odd",
    "GET /etag", "HEAD /etag",
    ("GET /etag", 'If-None-Match: "28055371a5101cabbc33db300e974a3b8976bc5f"'),
    ("GET /etag", "If-None-Match: *"),
    ("GET /etag", 'If-None-Match: "nope", W/"x"'),
    ("GET /etag", 'If-None-Match: garbage"'),
    "GET /args?a=%20hi%20&m=1&m=2&q=x", "GET /args?a=%01x%7f%0b&a=last",
    "GET /args?a=\xc3\xa9", "GET /args?a=%C3%A9", "GET /args?a=%FF", "GET /args?a=%zz&b=%",
    "GET /args?%C3%A9=1&a", "GET /args?a=1;b=2", "GET /args?a=+x+&&=v",
    "GET /args?a=%E2%80%83x%C2%A0", "GET /required", "GET /required?a=", "GET /required?a=%80",
    ("POST /args?b=q", "Content-Type: application/x-www-form-urlencoded", "b=+body+&b=2"),
    ("POST /args", "Content-Type: application/x-www-form-urlencoded", "b=%FF"),
    ("POST /args", "Content-Type: multipart/form-data; boundary=B",
     '--B\r\nContent-Disposition: form-data; name="b"\r\n\r\n v \r\n--B--\r\n'),
    "GET /status/418", "GET /status/299", "GET /status/599", "GET /status/204",
    "GET /status/304", "GET /status/204?body=x", "GET /status/200?reason=Fine",
    "GET /status/200?reason=a%3Cb", "GET /status/200?reason=caf%C3%A9",
    "GET /status/200?reason=tab%09ok", "GET /status/200?reason=", "GET /status/200?reason=%E2%82%AC",
    "GET /status/201?reason=%0d%0aX:1",
    "GET /error/418", "GET /error/404?log=hidden", "GET /error/503?reason=Busy",
    "GET /error/200", "GET /error/299", "GET /error/304", "GET /crash",
    "GET /cookie/set", "GET /cookie/set?v=a%2Cb", "GET /cookie/set?v=%22q%22", "GET /cookie/set?v=a%5Cb",
    "GET /cookie/set?v=%C3%A9", "GET /cookie/set?v=a%20b", "GET /cookie/set?v=", "GET /cookie/set?v=%7E%40",
    "GET /cookie/set?domain=example.com",
    ("GET /cookie/get", "Cookie: a=1; a=2; b=3"), ("GET /cookie/get", 'Cookie: a="x\\073y"'),
    ("GET /cookie/get", "Cookie: junk; a=; =v; path=/; b@=1; c=2"),
    ("GET /cookie/get", "Cookie: a=1", "Cookie: b=2"), ("GET /cookie/get", 'Cookie: a="unterminated'),
    ("GET /cookie/get", "Cookie: ;;;"), "GET /cookie/clear",
    ("GET /cookie/clearall", "Cookie: x=1; y=2; x=3"),
    "GET /finish", "GET /redirect", "GET /redirect?status=301&to=/a%20b",
    "GET /redirect?to=/caf%C3%A9", "GET /redirect?status=200",
    "GET /r/a/b", "GET /r/a/b?x=1&y=2&x=3", "GET /r/a%20b/c?k=%C3%A9", "POST /r/a/b",
    "GET /slash", "GET /slash?x=1", "GET /slash/", "POST /slash", "HEAD /slash",
    "GET /noslash//", "GET /noslash/?q=1", "GET /noslash", "POST /noslash/",
    "GET /path/a%20b", "GET /path/a+b", "GET /path/%FF", "GET /path/\xc3\xa9", "GET /path/%C3%A9",
    "GET /defaults", "GET /defaults?fail=1", "POST /defaults",
    "GET /writeerror", "GET /writeerror?http=1",
    "GET /clearheader", "GET /reverse", "GET /methods", "PROPFIND /methods", "POST /methods",
    "DELETE /etag", "PATCH /etag", "OPTIONS /etag", "BREW /etag", "GET /nowhere",
    ("GET /etag", 'If-None-Match: W/"28055371a5101cabbc33db300e974a3b8976bc5f"'),
    ("HEAD /etag", 'If-None-Match: "x", "28055371a5101cabbc33db300e974a3b8976bc5f"'),
    ("GET /etag", 'If-None-Match: "x", *'), ("GET /status/201", "If-None-Match: *"),
    ("GET /etag", 'If-None-Match: "x"', 'If-None-Match: "28055371a5101cabbc33db300e974a3b8976bc5f"'),
    ("GET /etag", 'If-None-Match: "x"', "If-None-Match: *"),
    "GET /args?a+b=1&a%2Bb=2", "GET /args?=&=", "GET /args?a==x",
    ("POST /args", "Content-Type: application/x-www-form-urlencoded", "b=%C3"),
    ("GET /cookie/get", "Cookie: a=1; Path=/; a=2"), ("GET /cookie/get", 'Cookie: a="1"2"'),
    ("GET /cookie/get", "Cookie: a=b=c"), "GET /status/100", "GET /error/400?log=%25d%25s",
    ("POST /etag", "If-None-Match: *"),
    "GET /args?a=%0a%20x%0a%09", "GET /args?a=%E9", "GET /args?m=%20a%20&m=", "GET /args?a=1&a=%20",
    ("POST /args", "Content-Type: application/x-www-form-urlencoded; charset=utf-8", "b=1&b=%20two"),
    ("POST /args", "Content-Type: text/plain", "b=1"),
    ("POST /args?b=fromquery", "Content-Type: multipart/form-data; boundary=B", "garbage"),
    ("GET /cookie/get", 'Cookie: a="a\\"b"'), ("GET /cookie/get", "Cookie: a=1,b=2"),
    ("GET /cookie/get", "Cookie: a = spaced value ; b=2"), ("GET /cookie/get", "Cookie: A=1; a=2"),
    ("GET /cookie/get", "Cookie: a=\xc3\xa9"),
    "GET /status/101", "GET /status/205", "GET /status/499?reason=Custom%20Thing",
    "GET /error/401?log=a%25sb", "GET /error/400?reason=%3Cscript%3E",
    "GET /r/%FF/b", "GET /r/a/b?", "GET /r/a/b?%C3%A9=%C3%A9&s=a%20b+c",
    "GET /slash?", "GET /noslash///?", "GET /path/", "GET /path/%2F", "GET /path/%",
    ("POST /args", "Content-Type: multipart/form-data; boundary=B", "pre\r\n--B\r\nContent-Disposition:"
     ' form-data; name="b"\r\n\r\nv\r\n--B--\r\n'),
    ("POST /args", "Content-Type: multipart/form-data; boundary=B", '--B\r\nContent-Disposition:'
     ' form-data; name="b"\r\n\r\nv\r\n--B\r\nContent-Disposition: form-data; name="b"\r\n\r\n'
     'w\r\n--B--'),
    ("POST /args", "Content-Type: multipart/form-data; boundary=B", "--B\r\nX: y\r\n\r\nv\r\n--B--"),
    ("POST /args", "Content-Type: multipart/form-data", "--B--"),
    ("POST /args", "Content-Type: multipart/form-data; boundary=B", "--B--"),
    ("POST /args", "Content-Type: application/x-www-form-urlencoded", "Content-Encoding: gzip", "b=1"),
    ("GET /args?b=1", "Content-Type: multipart/form-data; boundary=B", "x"),
    ("POST /etag", "Content-Type: multipart/form-data; boundary=B", "x"),
    ("POST /args", "Content-Type: Application/x-www-form-urlencoded", "b=1"),
]


# Requests where weft differs from Tornado on purpose, and why.
KNOWN = {
    "GET /clearheader": "Tornado 6.2's clear_header raises KeyError (a 500) for a header given"
                        " by add_header; weft removes it",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server on %d did not start" % port)


def raw(req):
    if isinstance(req, str):
        req = (req,)
    line, *rest = req
    headers = [h for h in rest if re.fullmatch(r"[A-Za-z-]+: [^\r\n]*", h)]
    body = [b for b in rest if b not in headers]
    body = body[0] if body else ""
    text = line + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
    for h in headers:
        text += h + "\r\n"
    if body:
        text += "Content-Length: %d\r\n" % len(body.encode("latin1"))
    return (text + "\r\n" + body).encode("latin1")


def fetch(port, data):
    s = socket.create_connection(("127.0.0.1", port), 5)
    s.sendall(data)
    out = b""
    while True:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        out += chunk
    s.close()
    return out


def normalise(resp):
    """The response as lines, fields sorted; the Allow field is dropped (RFC 9110 §15.5.6 makes it
    a MUST in a 405; Tornado 6.2 omits it, weft sends it)."""
    head, _, body = resp.partition(b"\r\n\r\n")
    lines = head.decode("latin1").split("\r\n")
    fields = []
    for l in lines[1:]:
        name, _, value = l.partition(": ")
        n = name.lower()
        if n in ("date", "connection", "allow"):
            continue
        if n == "server" and value != "Compare":
            value = "<server>"
        if n == "set-cookie":
            value = re.sub(r"expires=[^;]*", "expires=<date>", value)
        fields.append("%s: %s" % (n, value))
    return [lines[0]] + sorted(fields) + ["", body.decode("latin1")]


def main():
    jars = [j for pat in ("runtime/core/target/weft-runtime-*.jar", "runtime/web/target/weft-web-*.jar")
            for j in glob.glob(os.path.join(ROOT, pat)) if "sources" not in j and "javadoc" not in j]
    if len(jars) != 2:
        raise SystemExit("build first: mvn -B -q -o -pl runtime/web -am package -DskipTests")
    tport, wport = free_port(), free_port()
    procs = [
        subprocess.Popen([PYTHON, os.path.join(HERE, "tornado_app.py"), str(tport)],
                         stdout=subprocess.DEVNULL, stderr=open("/tmp/compare-tornado.log", "w")),
        subprocess.Popen(["java", "-cp", ":".join(jars), os.path.join(HERE, "WeftCompareApp.java"), str(wport)],
                         stdout=subprocess.DEVNULL, stderr=open("/tmp/compare-weft.log", "w")),
    ]
    try:
        wait_port(tport)
        wait_port(wport)
        differ = 0
        for req in REQUESTS:
            data = raw(req)
            t, w = normalise(fetch(tport, data)), normalise(fetch(wport, data))
            if t != w:
                if req in KNOWN:
                    print("=== %r differs as intended: %s" % (req, KNOWN[req]))
                    continue
                differ += 1
                print("=== %r" % (req,))
                print("  tornado: %r" % t)
                print("  weft:    %r" % w)
        print("%d of %d responses differ" % (differ, len(REQUESTS)))
        return 1 if differ else 0
    finally:
        for p in procs:
            p.terminate()
            p.wait()


if __name__ == "__main__":
    sys.exit(main())
