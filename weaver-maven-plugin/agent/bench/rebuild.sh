#!/usr/bin/env bash
# The weave step of a rebuild with nothing changed, 5,000 class files, each run in a fresh JVM
# as in a Maven build: reading every class file against reading only what changed.
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs=${1:-11}
java -cp "$CP" dev.weft.agent.bench.RebuildBenchmark "$RUNTIME" "$work" prepare > /dev/null
for mode in ${MODES:-full incremental plugin}; do
  wall=(); cpu=()
  for i in $(seq "$runs"); do
    read -r w c _ < <(java -cp "$CP" dev.weft.agent.bench.RebuildBenchmark "$RUNTIME" "$work" $mode)
    wall+=("$w"); cpu+=("$c")
  done
  w=($(printf '%s\n' "${wall[@]}" | sort -n)); c=($(printf '%s\n' "${cpu[@]}" | sort -n))
  echo "$mode: median wall ${w[$((runs / 2))]} ms, CPU ${c[$((runs / 2))]} ms, of $runs fresh JVMs (wall ${wall[*]}; CPU ${cpu[*]})"
done
