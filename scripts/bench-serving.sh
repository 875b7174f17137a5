#!/bin/sh
# Serving speed benchmarks (docs/performance.md, "Serving"): runs each scenario in
# Benchmarks/serving with the release orrery under /usr/bin/time -v and prints wall time
# and peak RSS. The figures include loading the scenario, generating or reading the
# trace, the run, the metrics and writing the results file (per-request rows included).
#
#   scripts/bench-serving.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
swift build -c release --product orrery >/dev/null
orrery="$root/.build/release/orrery"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for case in vidur-anchor azure-conv-16 million-64; do
    /usr/bin/time -v "$orrery" run "Benchmarks/serving/$case.yaml" --out "$out/$case.sqlite" \
        >"$out/$case.stdout" 2>"$out/$case.time"
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/$case.time")
    user=$(sed -n 's/.*User time (seconds): //p' "$out/$case.time")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/$case.time")
    finished=$(awk '/serving.requests.finished/ {print $2}' "$out/$case.stdout")
    echo "$case: wall $wall, user ${user}s, peak RSS $((rss / 1024)) MiB, finished $finished requests"
done
