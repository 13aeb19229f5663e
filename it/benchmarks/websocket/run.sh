#!/usr/bin/env bash
# WebSocket echo: weft (WeftWsEcho, one IOLoop) against Netty's WebSocket server example
# (NettyWsEcho, one event loop), both echoing 32-byte text messages upper-cased, driven by the same
# load generator of our own (WsLoad.java: one thread, one selector, masked frames).
#
#   it/benchmarks/websocket/run.sh                     # 1,000 connections, 3 rounds
#   CONNECTIONS=100 ROUNDS=5 MEASURE=10 it/benchmarks/websocket/run.sh
#
# Two loads per server and round, each with the server's CPU time (user + system, all its
# threads, from /proc) per echoed message:
#   round trips/s  each connection has one message in flight (send, wait for the echo, repeat)
#   messages/s     each connection keeps WINDOW (default 16) messages in flight
# With PIN=1 (the default on 2 or more cores) the server runs on core 0 and the load generator on
# core 1. Rounds alternate the servers, so that a shared machine's drift hits both; report medians.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
CONNECTIONS="${CONNECTIONS:-1000}"
WINDOW="${WINDOW:-16}"
WARMUP="${WARMUP:-4}"
MEASURE="${MEASURE:-6}"
ROUNDS="${ROUNDS:-3}"
PORT="${PORT:-18090}"
PIN="${PIN:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}"
if [ "$PIN" = 1 ]; then SERVER_CPU=(taskset -c 0); CLIENT_CPU=(taskset -c 1); else SERVER_CPU=(); CLIENT_CPU=(); fi
ulimit -n 20000 2>/dev/null || true

jar_of() { ls "$ROOT"/runtime/$1/target/$2-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true; }
if [ -z "$(jar_of core weft-runtime)" ] || [ -z "$(jar_of web weft-web)" ]; then
    (cd "$ROOT" && mvn -B -q -o -pl runtime/core,runtime/web -am package -DskipTests)
fi
WEFT_CP="$(jar_of core weft-runtime):$(jar_of web weft-web)"
NETTY_CP_FILE="$(mktemp)"
mvn -B -q -o -f "$HERE/pom.xml" dependency:build-classpath -Dmdep.outputFile="$NETTY_CP_FILE" >/dev/null
NETTY_CP="$(cat "$NETTY_CP_FILE")"
rm -f "$NETTY_CP_FILE"
JAVA_OPTS=(-Xms512m -Xmx512m)

# The load generator, compiled once (a source launch would recompile it for every run).
GEN_DIR="$(mktemp -d)"
javac -d "$GEN_DIR" "$HERE/WsLoad.java"

SERVER_PID=
stop_server() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=; fi
}
trap 'stop_server; rm -rf "$GEN_DIR"' EXIT

wait_ready() {
    for _ in $(seq 1 150); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "server on port $PORT did not start" >&2; exit 1
}

TICKS="$(getconf CLK_TCK)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

# One load run: "messages/s|server CPU µs per message" (CPU over the whole run, warm-up and
# handshakes included, divided by every echo read: on a shared machine CPU time per message is
# steadier than a rate, which other processes' load takes from).
load() {
    local before after out rate total
    before="$(cpu_ticks)"
    out="$("${CLIENT_CPU[@]}" java -Xms256m -Xmx256m -cp "$GEN_DIR" WsLoad "$PORT" "$CONNECTIONS" "$1" "$WARMUP" "$MEASURE")"
    after="$(cpu_ticks)"
    rate="$(echo "$out" | sed -n 's/.*: \([0-9]*\) messages\/s.*/\1/p')"
    total="$(echo "$out" | sed -n 's/.*, \([0-9]*\) messages in all/\1/p')"
    echo "$rate|$(awk -v t="$((after - before))" -v hz="$TICKS" -v n="$total" 'BEGIN { printf "%.1f", (n > 0 ? t / hz * 1e6 / n : 0) }')"
}

run() {
    local name="$1"; shift
    "${SERVER_CPU[@]}" "$@" >/dev/null 2>&1 &
    SERVER_PID=$!
    wait_ready
    load 1 >/dev/null # a first warm-up, JIT included
    local rt rtcpu mps mpscpu
    IFS='|' read -r rt rtcpu <<<"$(load 1)"
    IFS='|' read -r mps mpscpu <<<"$(load "$WINDOW")"
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$round" "$name" "$CONNECTIONS" "$rt" "$rtcpu" "$mps" "$mpscpu"
    stop_server
}

echo "$CONNECTIONS connections, window $WINDOW, ${WARMUP}s warm-up + ${MEASURE}s measured, pinned: $PIN; $(java -version 2>&1 | head -1)"
echo
echo "| round | server | connections | round trips/s | CPU µs/round trip | messages/s (window $WINDOW) | CPU µs/message |"
echo "|---:|---|---:|---:|---:|---:|---:|"
for round in $(seq 1 "$ROUNDS"); do
    run "weft (1 IOLoop)" java "${JAVA_OPTS[@]}" -cp "$WEFT_CP" "$HERE/WeftWsEcho.java" "$PORT"
    run "Netty example (1 event loop)" java "${JAVA_OPTS[@]}" -cp "$NETTY_CP" "$HERE/NettyWsEcho.java" "$PORT"
done
