#!/bin/sh
# Benchmarks provisioning in the sandbox AWS endpoint with realistic delays scaled down (default x0.1):
# each slow resource alone and one after the other, against the provision step (parallel). Prints the ratios.
# Usage: bench/provision.sh [--scale 0.1]
exec "$(dirname "$0")/run-main.sh" dev.ferry.bench.ProvisionBenchmark "$@"
