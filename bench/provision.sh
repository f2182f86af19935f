#!/bin/sh
# Benchmarks provisioning in the sandbox AWS endpoint with realistic delays scaled down (default x0.1):
# each slow resource alone and one after the other, against the provision step (parallel). Prints the ratios.
# Usage: bench/provision.sh [--scale 0.1]
set -eu
cd "$(dirname "$0")/.."
MVN="mvn -q -B"
[ -n "${FERRY_OFFLINE:-}" ] && MVN="$MVN -o"
$MVN package -DskipTests
$MVN test-compile
exec java -Dferry.postgres.binaries=target/postgres-binaries -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/test-classes:target/ferry.jar" dev.ferry.bench.ProvisionBenchmark "$@"
