#!/usr/bin/env bash
# Extra start-up time with -javaagent:weft-agent.jar for a generated application of 1,000
# classes (10 % with coroutines) against the same classes woven at build time (docs/BENCHMARKS.md).
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -cp "$CP" dev.weft.agent.bench.StartupBenchmark "$AGENT_JAR" "$RUNTIME" "$work" "${1:-1000}" "${2:-15}"
