#!/usr/bin/env bash
# Static files and gzip (issue 18's figures), on loopback with wrk and keep-alive.
#
# 1. Static files: weft's StaticFileHandler (an Application with staticPath, one IOLoop) against
#    Netty's HttpStaticFileServer example (NettyStaticFile.java, one event loop), a 4 KiB and a
#    1 MiB file, in the same run.
# 2. gzip's cost: weft with compressResponse on and off, a compressible ~10 KiB and ~100 KiB JSON
#    body, the client sending Accept-Encoding: gzip.
#
#   it/benchmarks/static/run.sh                     # both parts, 5 s per point, 3 rounds
#   PARTS=static ROUNDS=1 DURATION=10s CONNECTIONS="10 100" it/benchmarks/static/run.sh
#
# With PIN=1 (the default on 2 or more cores) the server runs on core 0 and wrk (one thread) on
# core 1. Each row: requests/s, MB/s read by wrk, the server's CPU time per request (user + system
# of the whole process, from /proc, over the measured interval, divided by the requests wrk
# counted), and the bytes per response on the wire (wrk's bytes read / requests, headers
# included). Every server gets a warm-up first. ROUNDS repeats everything, so that a shared
# machine's drift hits every server; take the median per row.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
DURATION="${DURATION:-5s}"
WARMUP="${WARMUP:-3s}"
CONNECTIONS="${CONNECTIONS:-10}"
ROUNDS="${ROUNDS:-3}"
PARTS=" ${PARTS:-static gzip} "
PIN="${PIN:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}"
if [ "$PIN" = 1 ]; then SERVER_CPU=(taskset -c 0); CLIENT_CPU=(taskset -c 1); else SERVER_CPU=(); CLIENT_CPU=(); fi
TICKS="$(getconf CLK_TCK)"
# A port nobody listens on (the machine is shared: a fixed one may be taken by another server).
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT="${PORT:-$(free_port)}"
command -v wrk >/dev/null || { echo "missing wrk (apt-get install wrk)" >&2; exit 1; }

jar_of() { ls "$ROOT"/runtime/$1/target/$2-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true; }
if [ -z "$(jar_of core weft-runtime)" ] || [ -z "$(jar_of web weft-web)" ]; then
    (cd "$ROOT" && mvn -B -q -o -pl runtime/core,runtime/web -am package -DskipTests)
fi
JAR="$(jar_of core weft-runtime):$(jar_of web weft-web)"
JAVA_OPTS=(-Xms256m -Xmx256m)

FILES="$(mktemp -d)"
head -c 4096 /dev/urandom >"$FILES/file4k.bin"
head -c 1048576 /dev/urandom >"$FILES/file1m.bin"

SERVER_PID=
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=
    fi
}
trap 'stop_server; rm -rf "$FILES"' EXIT

start_server() {
    "${SERVER_CPU[@]}" "$@" >/dev/null 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 200); do
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited: $*" >&2; exit 1; }
        if curl -s -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "server on port $PORT did not start" >&2
    exit 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

# wrk on URL with connections C (and extra wrk args) to "req/s|MB/s|CPU µs/req|bytes/resp|errors"
measure() {
    local url="$1" c="$2"; shift 2
    local before after out
    before="$(cpu_ticks)"
    out="$("${CLIENT_CPU[@]}" wrk -t1 -c"$c" -d"$DURATION" "$@" "$url")"
    after="$(cpu_ticks)"
    echo "$out" | awk -v t="$((after - before))" -v hz="$TICKS" '
        function bytes(s,  n) { n = s + 0; if (s ~ /GB$/) n *= 1073741824; else if (s ~ /MB$/) n *= 1048576;
                               else if (s ~ /KB$/) n *= 1024; return n }
        /requests in/ { n = $1; read = bytes($5) }
        /^Requests\/sec:/ { rps = $2 }
        /^Transfer\/sec:/ { mbs = bytes($2) / 1048576 }
        /Non-2xx|Socket errors/ { err = err $0 " " }
        END { printf "%.0f|%.1f|%.1f|%.0f|%s\n", rps, mbs, (n > 0 ? t / hz * 1e6 / n : 0),
              (n > 0 ? read / n : 0), (err == "" ? "none" : err) }'
}

row() { printf '| %-34s | %-10s | %5s | %10s | %8s | %8s | %10s | %s |\n' "$@"; }

echo "wrk -t1 -d$DURATION, keep-alive, loopback, $(nproc) cores, pinned: $PIN; $(java -version 2>&1 | head -1)"
echo
row server path conns "requests/s" "MB/s" "CPU µs/req" "bytes/resp" errors
echo "|---|---|---:|---:|---:|---:|---:|---|"

NETTY_CP=
if [[ "$PARTS" == *" static "* ]]; then
    NETTY_CP_FILE="$(mktemp)"
    NETTY_VERSION="$(sed -n 's:.*<netty.version>\(.*\)</netty.version>.*:\1:p' "$ROOT/it/benchmarks/http/netty/pom.xml")"
    if mvn -B -q -o -f "$ROOT/it/benchmarks/http/netty/pom.xml" dependency:build-classpath \
            -Dmdep.outputFile="$NETTY_CP_FILE" >/dev/null 2>&1 \
       || mvn -B -q -f "$ROOT/it/benchmarks/http/netty/pom.xml" dependency:build-classpath \
            -Dmdep.outputFile="$NETTY_CP_FILE" >/dev/null 2>&1; then
        NETTY_CP="$(cat "$NETTY_CP_FILE")"
    fi
    rm -f "$NETTY_CP_FILE"
fi

static_server() {
    local name="$1" prefix="$2"; shift 2
    start_server "$@"
    "${CLIENT_CPU[@]}" wrk -t1 -c10 -d"$WARMUP" "http://127.0.0.1:$PORT${prefix}file4k.bin" >/dev/null
    "${CLIENT_CPU[@]}" wrk -t1 -c10 -d"$WARMUP" "http://127.0.0.1:$PORT${prefix}file1m.bin" >/dev/null
    for f in file4k.bin file1m.bin; do
        for c in $CONNECTIONS; do
            IFS='|' read -r rps mbs cpu size errors <<<"$(measure "http://127.0.0.1:$PORT${prefix}$f" "$c")"
            row "$name" "$f" "$c" "$rps" "$mbs" "$cpu" "$size" "$errors"
        done
    done
    stop_server
}

gzip_server() {
    local mode="$1"
    start_server java "${JAVA_OPTS[@]}" -cp "$JAR" "$HERE/WeftGzip.java" "$PORT" "$mode"
    for p in /10k /100k; do
        "${CLIENT_CPU[@]}" wrk -t1 -c10 -d"$WARMUP" -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT$p" >/dev/null
    done
    for p in /10k /100k; do
        for c in $CONNECTIONS; do
            IFS='|' read -r rps mbs cpu size errors <<<"$(measure "http://127.0.0.1:$PORT$p" "$c" -H 'Accept-Encoding: gzip')"
            row "weft, compressResponse $mode" "$p" "$c" "$rps" "$mbs" "$cpu" "$size" "$errors"
        done
    done
    stop_server
}

for _round in $(seq 1 "$ROUNDS"); do
    if [[ "$PARTS" == *" static "* ]]; then
        static_server "weft StaticFileHandler (1 IOLoop)" /static/ \
            java "${JAVA_OPTS[@]}" -cp "$JAR" "$HERE/WeftStatic.java" "$PORT" "$FILES"
        if [ -n "$NETTY_CP" ]; then
            static_server "Netty $NETTY_VERSION HttpStaticFileServer" / \
                java "${JAVA_OPTS[@]}" -cp "$NETTY_CP" "$HERE/NettyStaticFile.java" "$PORT" "$FILES"
        else
            row "Netty" "-" "-" "skipped: could not resolve it with Maven" "" "" "" ""
        fi
    fi
    if [[ "$PARTS" == *" gzip "* ]]; then
        gzip_server off
        gzip_server on
    fi
done
