#!/bin/sh
# Benchmarks the data move methods (PostgreSQL 15 -> 16, Redash-like database, default ~760 MB) on this machine.
# Usage: bench/data-move.sh [--mb 760] [--jobs 2] [--dir /tmp] [--only naive,stream,directory,copy,pgcopydb]
# (--only keeps the contenders whose name contains one of the words; ratios need naive and pgcopydb in the run)
# Needs the PostgreSQL client tools on the PATH; pgcopydb is measured when installed (apt-get install pgcopydb).
set -eu
cd "$(dirname "$0")/.."
MVN="mvn -q -B"
[ -n "${FERRY_OFFLINE:-}" ] && MVN="$MVN -o"
$MVN package -DskipTests
$MVN test-compile
CP="target/test-classes:target/ferry.jar"
exec java -Dferry.postgres.binaries=target/postgres-binaries -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$CP" dev.ferry.bench.DataMoveBenchmark "$@"
