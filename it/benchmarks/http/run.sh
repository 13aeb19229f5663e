#!/usr/bin/env bash
# HTTP hello-world throughput and tail latency: weft (seed example 7 on one IOLoop) against the
# JDK's com.sun.net.httpserver (one dispatcher thread), Netty (one event loop) and Tornado (one
# process), on loopback only. Netty is resolved from Maven (netty/pom.xml); NETTY=0 skips it.
#
#   it/benchmarks/http/run.sh            # 5 s per point, 10/100/1000 connections
#   DURATION=10s CONNECTIONS="100" it/benchmarks/http/run.sh
#   SERVERS="weft netty" it/benchmarks/http/run.sh     # a subset of: weft jdk netty tornado
#                                                        # weft-nolog weft-base
#   WEFT_BASE_CP=old-runtime.jar:old-web.jar SERVERS="weft-base weft-nolog weft" ROUNDS=2 run.sh
#   TESTS="plaintext json hello" SERVERS="weft-nolog netty-hw" ROUNDS=2 run.sh   # TechEmpower
#   LOOPS=2 PIN=0 SERVERS="weft-nolog netty-hw" run.sh    # 2 worker loops / event loops
#   TLS=1 SERVERS="weft-nolog netty" ROUNDS=3 it/benchmarks/http/run.sh   # HTTPS, keep-alive
#
# TESTS picks what is measured (default: hello): hello is GET / at each of CONNECTIONS;
# plaintext is TechEmpower's plaintext test, GET /plaintext pipelined 16 deep (pipeline.lua) at
# each of PIPELINE_CONNECTIONS (default 256); json is TechEmpower's JSON test, GET /json, not
# pipelined, at each of CONNECTIONS. netty-hw is Netty written as its HttpHelloWorldServer
# example writes it (flush once per read batch, NettyHelloWorld.java); netty is the older
# NettyHello (an aggregator and a writeAndFlush per request). LOOPS (default 1) is the number of
# loops serving connections, for weft (HttpServer.start(LOOPS): with 2 or more the main loop only
# accepts) and for netty-hw (a boss loop and LOOPS worker loops when above 1); use PIN=0 with it.
#
# TLS=1 serves HTTPS from a P-256 key pair keytool makes for the run (TLS 1.3, which wrk's
# OpenSSL and the JDK agree on): weft with HttpServerOptions.sslContext, Netty (the netty server,
# NettyHello) with its HttpHelloWorldServer's SSL option on the JDK provider (SslProvider.JDK).
# Only weft and Netty take part; wrk's connections are kept alive, so each handshakes once,
# before the measurement.
#
# WRK_TIMEOUT (wrk's --timeout, 2s by default) lets a loaded machine finish 1,000 TLS handshakes.
#
# weft-nolog is weft with its access log (the dev.weft.access logger) off; weft-base is the
# WeftHello of another weft build, given as WEFT_BASE_CP, to compare two builds in one run.
# ROUNDS repeats the whole list of servers, so that a shared machine's drift hits all of them.
#
# Needs wrk and python3-tornado (Debian packages; installed with apt-get when missing and root).
# Prints one markdown table row per server and connection count: requests/s, p99 latency, and
# the server's CPU time per request (user + system time of the whole server process, JIT and GC
# threads included, from /proc, over the measured interval, divided by the requests wrk counted).
# Every server gets the same warm-up first, so the JVMs are measured after JIT compilation.
# With PIN=1 (the default on 2 or more cores) the server runs on core 0 and wrk, one thread, on
# core 1, so that neither steals the other's CPU; PIN=0 leaves both to the scheduler.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
DURATION="${DURATION:-5s}"
WARMUP="${WARMUP:-3s}"
CONNECTIONS="${CONNECTIONS:-10 100 1000}"
PIPELINE_CONNECTIONS="${PIPELINE_CONNECTIONS:-256}"
PIPELINE_DEPTH="${PIPELINE_DEPTH:-16}"
TESTS="${TESTS:-hello}"
LOOPS="${LOOPS:-1}"
PIN="${PIN:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}"
if [ "$PIN" = 1 ]; then
    THREADS="${THREADS:-1}"
    SERVER_CPU=(taskset -c 0)
    CLIENT_CPU=(taskset -c 1)
else
    THREADS="${THREADS:-2}"
    SERVER_CPU=()
    CLIENT_CPU=()
fi
TICKS="$(getconf CLK_TCK)"
PORT="${PORT:-18080}"
PYTHON="${PYTHON:-/usr/bin/python3}"
NETTY="${NETTY:-1}"
TLS="${TLS:-0}"
if [ "$TLS" = 1 ]; then
    SERVERS=" ${SERVERS:-weft weft-nolog netty} "
    SCHEME=https
    TLS_DIR="$(mktemp -d)"
    keytool -genkeypair -alias server -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA \
        -dname CN=localhost -ext SAN=ip:127.0.0.1,dns:localhost -validity 2 \
        -keystore "$TLS_DIR/server.p12" -storetype PKCS12 -storepass changeit -keypass changeit \
        >/dev/null 2>&1
    TLS_OPTS=(-Dweft.tls.keystore="$TLS_DIR/server.p12")
else
    SERVERS=" ${SERVERS:-weft jdk netty tornado} "
    SCHEME=http
    TLS_DIR=
    TLS_OPTS=()
fi
URL="$SCHEME://127.0.0.1:$PORT/"
[ "$NETTY" = 1 ] || SERVERS="${SERVERS/ netty / }"
wanted() { [[ "$SERVERS" == *" $1 "* ]]; }

need() {
    if ! command -v "$1" >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        apt-get install -y -q "$2" >/dev/null
    fi
    command -v "$1" >/dev/null 2>&1 || { echo "missing $1 (apt-get install $2)" >&2; exit 1; }
}
need wrk wrk
if ! "$PYTHON" -c 'import tornado' 2>/dev/null; then
    [ "$(id -u)" = 0 ] && apt-get install -y -q python3-tornado >/dev/null || true
fi

# WeftHello needs the core and weft-web.
jar_of() { ls "$ROOT"/runtime/$1/target/$2-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true; }
if [ -z "$(jar_of core weft-runtime)" ] || [ -z "$(jar_of web weft-web)" ]; then
    (cd "$ROOT" && mvn -B -q -pl runtime/core,runtime/web -am package -DskipTests)
fi
JAR="$(jar_of core weft-runtime):$(jar_of web weft-web)"
ulimit -n 20000 2>/dev/null || true

SERVER_PID=
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=
    fi
}
cleanup() {
    stop_server
    if [ -n "$TLS_DIR" ]; then rm -rf "$TLS_DIR"; fi
}
trap cleanup EXIT

wait_ready() {
    for _ in $(seq 1 600); do # a minute: the source launcher compiles slowly on a loaded machine
        if curl -s -k -o /dev/null "$URL" 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "server on port $PORT did not start" >&2
    exit 1
}

# CPU time (user + system, clock ticks) the server process has used so far
cpu_ticks() {
    awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"
}

# wrk's arguments after the connection count and duration for test $1
test_args() {
    case "$1" in
        plaintext) echo "-s $HERE/pipeline.lua ${URL}plaintext -- $PIPELINE_DEPTH" ;;
        json) echo "${URL}json" ;;
        *) echo "$URL" ;;
    esac
}

# wrk's summary to "req/s|p99|CPU µs per request|errors"; $2 is the test
measure() {
    local c="$1" test="$2" out rps p99 requests before after cpu
    before="$(cpu_ticks)"
    # shellcheck disable=SC2046 # test_args is split on purpose (no spaces in its paths)
    out="$("${CLIENT_CPU[@]}" wrk -t"$THREADS" -c"$c" -d"$DURATION" --timeout "${WRK_TIMEOUT:-2s}" --latency $(test_args "$test"))"
    after="$(cpu_ticks)"
    rps="$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')"
    p99="$(echo "$out" | awk '$1 == "99%" {print $2}')"
    requests="$(echo "$out" | awk '/requests in/ {print $1}')"
    cpu="$(awk -v t="$((after - before))" -v hz="$TICKS" -v n="$requests" \
        'BEGIN { printf "%.1f", (n > 0 ? t / hz * 1e6 / n : 0) }')"
    errors="$(echo "$out" | awk '/Non-2xx|Socket errors/ {printf "%s ", $0}')"
    echo "$rps|$p99|$cpu|${errors:-none}"
}

run_server() {
    local name="$1"; shift
    "${SERVER_CPU[@]}" "$@" >/dev/null 2>&1 &
    SERVER_PID=$!
    wait_ready
    for test in $TESTS; do
        # shellcheck disable=SC2046
        "${CLIENT_CPU[@]}" wrk -t"$THREADS" -c100 -d"$WARMUP" $(test_args "$test") >/dev/null
    done
    for test in $TESTS; do
        local conns="$CONNECTIONS"
        [ "$test" = plaintext ] && conns="$PIPELINE_CONNECTIONS"
        for c in $conns; do
            IFS='|' read -r rps p99 cpu errors <<<"$(measure "$c" "$test")"
            printf '| %-9s | %-34s | %5s | %12s | %9s | %8s | %s |\n' "$test" "$name" "$c" "$rps" "$p99" "$cpu" "$errors"
        done
    done
    stop_server
}

echo "wrk -t$THREADS -d$DURATION, $SCHEME, loopback, $(nproc) cores, pinned: $PIN; $(java -version 2>&1 | head -1)"
echo
printf '| %-9s | %-34s | %5s | %12s | %9s | %8s | %s |\n' test server conns "requests/s" "p99" "CPU µs/req" "errors"
echo "|---|---|---:|---:|---:|---:|---|"
JAVA_OPTS=(-Xms256m -Xmx256m "${TLS_OPTS[@]}")
if [ "$TLS" = 1 ]; then
    for other in jdk tornado weft-base netty-hw; do
        wanted "$other" && echo "| - | $other | - | skipped: TLS=1 compares weft and Netty only | | | |"
        SERVERS="${SERVERS/ $other / }"
    done
fi
NETTY_VERSION="$(sed -n 's:.*<netty.version>\(.*\)</netty.version>.*:\1:p' "$HERE/netty/pom.xml")"
NETTY_CP=
# Netty's class path, resolved once by Maven from netty/pom.xml; empty if it cannot be
netty_classpath() {
    local f
    f="$(mktemp)"
    if mvn -B -q -o -f "$HERE/netty/pom.xml" dependency:build-classpath -Dmdep.outputFile="$f" \
            >/dev/null 2>&1 || mvn -B -q -f "$HERE/netty/pom.xml" dependency:build-classpath \
            -Dmdep.outputFile="$f" >/dev/null 2>&1; then
        cat "$f"
    fi
    rm -f "$f"
}
for _round in $(seq 1 "${ROUNDS:-1}"); do
if wanted weft-base; then
    [ -n "${WEFT_BASE_CP:-}" ] || { echo "weft-base needs WEFT_BASE_CP" >&2; exit 1; }
    run_server "weft baseline build (1 IOLoop)" java "${JAVA_OPTS[@]}" -Dweft.accessLog=off \
        -cp "$WEFT_BASE_CP" "$HERE/WeftHello.java" "$PORT"
fi
wanted weft-nolog && run_server "weft, access log off ($LOOPS IOLoop)" java "${JAVA_OPTS[@]}" \
    -Dweft.accessLog=off -cp "$JAR" "$HERE/WeftHello.java" "$PORT" "$LOOPS"
wanted weft && run_server "weft ($LOOPS IOLoop)" java "${JAVA_OPTS[@]}" -cp "$JAR" "$HERE/WeftHello.java" "$PORT" "$LOOPS"
if wanted netty-hw; then
    [ -n "${NETTY_CP:-}" ] || NETTY_CP="$(netty_classpath)"
    if [ -n "$NETTY_CP" ]; then
        run_server "Netty $NETTY_VERSION HelloWorld ($LOOPS loop)" java "${JAVA_OPTS[@]}" -cp "$NETTY_CP" \
            "$HERE/NettyHelloWorld.java" "$PORT" "$LOOPS"
    else
        echo "| Netty | - | skipped: could not resolve it with Maven | | |"
    fi
fi
wanted jdk && run_server "JDK httpserver (1 thread)" java "${JAVA_OPTS[@]}" -Dsun.net.httpserver.nodelay=true "$HERE/JdkHello.java" "$PORT"
if wanted netty; then
    [ -n "${NETTY_CP:-}" ] || NETTY_CP="$(netty_classpath)"
    if [ -n "$NETTY_CP" ]; then
        run_server "Netty $NETTY_VERSION (1 event loop)" java "${JAVA_OPTS[@]}" -cp "$NETTY_CP" \
            "$HERE/NettyHello.java" "$PORT"
    else
        echo "| Netty | - | skipped: could not resolve it with Maven | | |"
    fi
fi
if ! wanted tornado; then
    :
elif "$PYTHON" -c 'import tornado' 2>/dev/null; then
    run_server "Tornado $("$PYTHON" -c 'import tornado; print(tornado.version)') (1 process)" \
        "$PYTHON" "$HERE/tornado_hello.py" "$PORT"
else
    echo "| Tornado | - | skipped: python3-tornado not installed | | |"
fi
done # rounds: every server once per round, as the header says
