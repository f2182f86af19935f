#!/bin/sh
# Seconds the app's writers stay stopped per move method (directory, stream, copy, replicate; pgcopydb clone as a reference)
# on a Redash-like database, PostgreSQL 15 (logical WAL) -> 16, with a writer inserting and updating query_results
# throughout; every result verified table by table.
# Usage: bench/downtime.sh [--mb 760,3000] [--jobs 2] [--writes 50] [--dir /tmp] [--only stream,replicate]
# (--writes: insert+update pairs per second; --only keeps the methods whose name contains one of the words)
# Needs the PostgreSQL client tools on the PATH; pgcopydb is measured when installed (apt-get install pgcopydb).
exec "$(dirname "$0")/run-main.sh" dev.ferry.bench.DowntimeBenchmark "$@"
