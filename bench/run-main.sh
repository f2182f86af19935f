#!/bin/sh
# Builds ferry and its test classes, then runs one benchmark's main class with the rest of the arguments.
# Used by the bench/*.sh scripts; FERRY_OFFLINE=1 builds without reaching the Maven registry.
set -eu
cd "$(dirname "$0")/.."
MAIN="$1"
shift
MVN="mvn -q -B"
[ -n "${FERRY_OFFLINE:-}" ] && MVN="$MVN -o"
$MVN package -DskipTests
$MVN test-compile
exec java -Dferry.postgres.binaries=target/postgres-binaries -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/test-classes:target/ferry.jar" "$MAIN" "$@"
