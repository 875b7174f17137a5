#!/usr/bin/env bash
# CFlow versus SimGrid, side by side (docs/performance.md, "Fabric"). Builds the two
# drivers in Benchmarks/flow-vs-simgrid (SimGrid from Debian's libsimgrid-dev, a
# benchmark-only dependency), runs the same flow sets through both, and prints one
# table row per (topology, flow count): the live flows, SimGrid's and CFlow's wall and
# CPU time of the simulation loop, their ratios, and the largest relative difference of
# completion times and of flow durations (completion - arrival). Progress on stderr.
# Not run in CI.
#
# Usage: scripts/bench-flow-vs-simgrid.sh [flow counts, default "1000 10000 100000"]
# SimGrid is skipped for flow counts above SIMGRID_MAX_FLOWS (default 10000): at
# 100,000 flows it would run for far longer than 5 minutes. SEED defaults to 1.
set -euo pipefail
cd "$(dirname "$0")/.."
counts="${1:-1000 10000 100000}"
seed="${SEED:-1}"
simgrid_max="${SIMGRID_MAX_FLOWS:-10000}"
dir=Benchmarks/flow-vs-simgrid
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

if [ ! -e /usr/include/simgrid/s4u.hpp ]; then
    echo "bench-flow-vs-simgrid: SimGrid not found; install it with: apt-get install -y libsimgrid-dev" >&2
    exit 2
fi
"${CC:-clang}" -std=c11 -O2 -DNDEBUG -I"$dir" -ISources/CFlow/include -ISources/CFlow \
    Sources/CFlow/*.c "$dir/cflow_driver.c" -lm -o "$out/cflow_driver"
"${CXX:-g++}" -std=c++17 -O2 -DNDEBUG -I"$dir" "$dir/simgrid_driver.cpp" -lsimgrid -o "$out/simgrid_driver"

echo "| topology | flows | live flows mean / peak | SimGrid s wall / CPU | CFlow s wall / CPU | SimGrid / CFlow wall / CPU | max rel. diff completion | max abs. diff (ns) | max rel. diff duration |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for topology in star fattree; do
    for n in $counts; do
        if [ "$n" -le "$simgrid_max" ]; then
            "$out/simgrid_driver" "$topology" "$n" "$seed" "$out/simgrid.txt" >&2
            "$out/cflow_driver" "$topology" "$n" "$seed" "$out/simgrid.txt" | tee /dev/stderr | sed -n 's/^RESULT //p'
        else
            "$out/cflow_driver" "$topology" "$n" "$seed" | tee /dev/stderr | sed -n 's/^RESULT //p'
        fi
    done
done
