#!/bin/sh
# Benchmarks the data move methods (PostgreSQL 15 -> 16, Redash-like database, default ~760 MB) on this machine.
# Usage: bench/data-move.sh [--mb 760] [--jobs 2] [--dir /tmp] [--only naive,stream,directory,copy,pgcopydb]
# (--only keeps the contenders whose name contains one of the words; ratios need naive and pgcopydb in the run)
# Needs the PostgreSQL client tools on the PATH; pgcopydb is measured when installed (apt-get install pgcopydb).
exec "$(dirname "$0")/run-main.sh" dev.ferry.bench.DataMoveBenchmark "$@"
