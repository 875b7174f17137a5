#!/usr/bin/env bash
# Scheduling speed benchmarks (release build): every policy on the full Philly-derived
# trace (15,264 jobs, 1,024 GPUs), then a synthetic 1,000,000-job trace on 10,000 GPUs
# under EASY backfill, with peak RSS from /usr/bin/time -v. Figures: docs/performance.md.
#   scripts/bench-scheduling.sh [PHILLY_TRACE_DIR] [POLICIES]
set -euo pipefail
philly="${1:-../shared/data/philly-gavel}"
policies="${2:-fifo lifo sjf easy-backfill conservative-backfill fair-share tenant-las drf priority srtf las gittins}"
philly="$(cd "$philly" && pwd)"
[ -n "${SKIP_BUILD:-}" ] || swift build -c release --product orrery >/dev/null
orrery="$PWD/.build/release/orrery"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

scenario() {  # name, nodes, workload lines, policy
    cat >"$work/$1.yaml" <<YAML
name: $1
run: { seed: 1, output: $work/$1.sqlite }
cluster:
  nodes:
    - { type: DGX-A100, count: $2 }
workloads:
$3
scheduler: { policy: $4 }
YAML
}

measure() {  # label, scenario file
    /usr/bin/time -v "$orrery" run "$2" --quiet >"$work/out.txt" 2>"$work/time.txt" || { cat "$work/out.txt" "$work/time.txt"; exit 1; }
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
    printf '%-40s process %8s  peak RSS %6d MiB\n' "$1" "$wall" $((rss / 1024))
    grep -E "wall|jobs.finished|jobs.queueing.mean " "$work/out.txt" | sed 's/^/    /' || true
}

for policy in $policies; do
    scenario "philly-$policy" 128 "  - { kind: jobs, name: philly, trace: { format: gavel-philly, path: $philly } }" "$policy"
    measure "philly 15,264 jobs / 1,024 GPUs $policy" "$work/philly-$policy.yaml"
done

scenario synthetic-1m 1250 "  - kind: jobs
    name: synth
    synthetic: { jobs: 1000000, from: { format: gavel-philly, path: $philly }, load: 9.8 }" easy-backfill
measure "synthetic 1,000,000 jobs / 10,000 GPUs easy-backfill" "$work/synthetic-1m.yaml"
