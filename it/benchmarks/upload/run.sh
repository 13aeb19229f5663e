#!/usr/bin/env bash
# A 1 GiB upload through a streaming (@StreamRequestBody) weft handler that only counts and
# checksums it, Content-Length and chunked, with a 64 MiB heap: it passes only if the body is not
# buffered. Prints the checksum check, throughput, peak heap used and peak RSS (VmHWM).
#
#   it/benchmarks/upload/run.sh          # 1 GiB, -Xmx64m
#   GIB=4 HEAP=32m it/benchmarks/upload/run.sh
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
jar_of() { ls "$ROOT"/runtime/$1/target/$2-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true; }
if [ -z "$(jar_of core weft-runtime)" ] || [ -z "$(jar_of web weft-web)" ]; then
    (cd "$ROOT" && mvn -B -q -o -pl runtime/core,runtime/web -am package -DskipTests)
fi
JAR="$(jar_of core weft-runtime):$(jar_of web weft-web)"
exec java -Xmx"${HEAP:-64m}" -cp "$JAR" \
    "$HERE/UploadMemory.java" "${GIB:-1}"
