#!/usr/bin/env bash
# What a sweep costs beyond its runs (docs/performance.md, "Sweeps"). Release build:
# times `orrery validate` (load + expand + check every variant, no runs) and
# `orrery sweep` in one process and in 2 processes, for the bundled sweep and for the
# plain scenario it varies. Prints one table row per command: wall seconds and process
# CPU seconds (user + system, children included), the best of REPEAT runs (default 3).
# Not run in CI. Usage: scripts/bench-sweep.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repeat="${REPEAT:-3}"
swift build -c release --product orrery >&2
orrery=.build/release/orrery
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

measure() {  # label, then the orrery arguments
    local label="$1"; shift
    local best_wall="" best_cpu=""
    for _ in $(seq "$repeat"); do
        local start end
        start=$(date +%s.%N)
        local times
        times=$( { /usr/bin/env time -f "%U %S" "$orrery" "$@" > /dev/null; } 2>&1 | tail -n 1 )
        end=$(date +%s.%N)
        local wall cpu
        wall=$(echo "$end - $start" | bc -l)
        cpu=$(echo "$times" | awk '{ print $1 + $2 }')
        if [ -z "$best_wall" ] || [ "$(echo "$wall < $best_wall" | bc -l)" = 1 ]; then best_wall=$wall; best_cpu=$cpu; fi
    done
    printf '| %s | %.2f | %.2f |\n' "$label" "$best_wall" "$best_cpu"
}

sweep=Scenarios/sweeps/quickstart-size-policy.yaml
echo "| command | wall s | CPU s |"
echo "|---|---:|---:|"
measure "validate quickstart (1 scenario)" validate Scenarios/quickstart.yaml
measure "validate sweep (9 variants)" validate "$sweep"
measure "run quickstart (1 run)" run Scenarios/quickstart.yaml --out "$out/q.sqlite" --quiet
measure "sweep, 1 process (9 runs)" sweep "$sweep" --out "$out/s1.sqlite" --quiet
measure "sweep, 2 processes (9 runs)" sweep "$sweep" --processes 2 --out "$out/s2.sqlite" --quiet
