#!/usr/bin/env bash
# AYA's placement against the LP optimum in a seeded world (see docs/placement.md, "How good is the plan").
# Usage: bench/placement/run.sh [seed]
#        bench/placement/run.sh --server [seed]   the same world end to end through a real server (server.sh)
# Builds the bench jar (no tests) and prints one table: cost ratio to the optimum, utilisation, overload, flips
# per round for: all up, largest region drained, a capacity cut, skewed demand; then the demand ramp with and
# without the Holt forecast. Bar: all up cost/opt <= 1.01; drained <= 1.03 with max util <= 1.01, flips <= 2 %.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${1:-}" = "--server" ]; then shift; exec bench/placement/server.sh "$@"; fi
./mvnw -q -o -pl bench/jmh -am package -DskipTests >/dev/null 2>&1 || ./mvnw -q -pl bench/jmh -am package -DskipTests
exec java -cp bench/jmh/target/benchmarks.jar io.aya.gslb.placement.PlacementSimulation "$@"
