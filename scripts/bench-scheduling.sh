#!/usr/bin/env bash
# Scheduling speed benchmarks (release build): every policy on the full Philly-derived
# trace (15,264 jobs, 1,024 GPUs), a synthetic 1,000,000-job trace on 10,000 GPUs under
# EASY backfill, fifo and elastic on an elastic variant of the Philly trace, and FIFO
# with FGD placement on the whole Alibaba openb trace (its GPU pods, shares included) and
# cluster (1,213 nodes, from the repository's copy), and FIFO and EASY backfill side by
# side with a Python reference on the Philly trace. Each run is `orrery run` under
# /usr/bin/time: process wall time, CPU time (user + system, the process's own: the
# machine is shared, so wall time includes waiting for a core) and peak RSS; "run wall" is the run summary's figure
# (simulation plus writing results). Each Philly policy runs REPEATS times (default 5),
# once per round over all policies: its line gives the median and the least run wall
# (this machine's speed varies by up to 1.7x within minutes, so one run says little; the
# least is the run the neighbours disturbed least), and the other figures of the median
# run.
# Figures: docs/performance.md (Scheduling).
#   scripts/bench-scheduling.sh [PHILLY_TRACE_DIR] [POLICIES] [SYNTHETIC_JOBS]
# SYNTHETIC_JOBS (default 1000000) of 0 skips the synthetic run; SKIP_BUILD=1 reuses
# the release binary.
set -euo pipefail
philly="${1:-../shared/data/philly-gavel}"
policies="${2:-fifo lifo sjf sjf-predicted easy-backfill easy-backfill-predicted conservative-backfill fair-share tenant-las drf priority srtf srtf-predicted las gittins gavel-max-min gavel-max-min-agnostic}"
synthetic="${3:-1000000}"
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

repeats="${REPEATS:-5}"

run_once() {  # scenario file, file the run's figures are appended to
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$orrery" run "$1" --quiet >"$work/out.txt" 2>&1 \
        || { cat "$work/out.txt" "$work/time.txt"; exit 1; }
    read -r wall user sys rss <"$work/time.txt"
    run=$(sed -n 's/.* in \([0-9.]*\) s wall.*/\1/p' "$work/out.txt")
    queue=$(sed -n 's/^ *jobs.queueing.mean *\([0-9.e+]*\).*/\1/p' "$work/out.txt")
    echo "$run $wall $(awk "BEGIN { printf \"%.2f\", $user + $sys }") $((rss / 1024)) $queue" >>"$2"
}

report() {  # label, file of runs: the median run (by run wall) and, of several, the least run wall
    read -r run wall cpu rss queue < <(sort -n "$2" | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }')
    count=$(wc -l <"$2")
    if [ "$count" -gt 1 ]; then
        printf '%-52s run wall %7s s (least of %d %7s s)  process wall %7s s  CPU %7s s  peak RSS %5d MiB  mean queueing %s s\n' \
            "$1" "$run" "$count" "$(sort -n "$2" | head -1 | cut -d' ' -f1)" "$wall" "$cpu" "$rss" "$queue"
    else
        printf '%-52s run wall %7s s  process wall %7s s  CPU %7s s  peak RSS %5d MiB  mean queueing %s s\n' \
            "$1" "$run" "$wall" "$cpu" "$rss" "$queue"
    fi
}

measure() {  # label, scenario file: one run
    : >"$work/runs.txt"
    run_once "$2" "$work/runs.txt"
    report "$1" "$work/runs.txt"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# Every policy once per round, REPEATS rounds: each policy's runs fall at moments spread
# over the whole benchmark, not in one slow (or quick) spell.
for policy in $policies; do
    scenario "philly-$policy" 128 "  - { kind: jobs, name: philly, trace: { format: gavel-philly, path: $philly } }" "$policy"
    : >"$work/runs-$policy.txt"
done
for _ in $(seq "$repeats"); do
    for policy in $policies; do run_once "$work/philly-$policy.yaml" "$work/runs-$policy.txt"; done
done
for policy in $policies; do report "philly 15,264 jobs / 1,024 GPUs $policy" "$work/runs-$policy.txt"; done

# Side by side with a plain Python scheduler (Benchmarks/scheduling/reference_scheduler.py)
# on the same jobs (the trace as Orrery's job CSV): FIFO and EASY backfill. The reference
# exits with an error unless its mean queueing delay and JCT equal Orrery's.
if command -v python3 >/dev/null; then
    "$orrery" trace convert "$philly" --format gavel-philly "$work/philly.csv" >/dev/null
    for policy in fifo easy-backfill; do
        scenario "csv-$policy" 128 "  - { kind: jobs, name: philly, trace: { format: csv, path: $work/philly.csv } }" "$policy"
        "$orrery" run "$work/csv-$policy.yaml" --quiet >"$work/out.txt" 2>&1 || { cat "$work/out.txt"; exit 1; }
        run=$(sed -n 's/.* in \([0-9.]*\) s wall.*/\1/p' "$work/out.txt")
        reference=$(python3 Benchmarks/scheduling/reference_scheduler.py "$work/philly.csv" 1024 "$policy" "$work/csv-$policy.sqlite")
        loop=${reference##* loop }
        printf '%-52s run wall %7s s  Python reference %7s s  ratio %5.1f (same means)\n' \
            "philly CSV $policy, Orrery and Python" "$run" "$loop" "$(awk "BEGIN { print $loop / $run }")"
    done
fi

if [ "$synthetic" != 0 ]; then
    scenario synthetic 1250 "  - kind: jobs
    name: synth
    synthetic: { jobs: $synthetic, from: { format: gavel-philly, path: $philly }, load: 9.8 }" easy-backfill
    measure "synthetic $synthetic jobs / 10,000 GPUs easy-backfill" "$work/synthetic.yaml"
fi

# The elastic variant of the whole Philly trace: every job may run on max(1, gpus/2) to
# 2 x gpus GPUs (the rule of Scenarios/traces/philly-ee9e8c-elastic.csv), under fifo and
# elastic with 30 s restarts and a 10 min minimum runtime.
"$orrery" trace convert "$philly" --format gavel-philly "$work/philly.csv" >/dev/null
awk -F, 'BEGIN { OFS = "," } /^#/ { next } $1 == "id" { print $0 ",min_gpus,max_gpus"; next }
    { low = int($4 / 2); if (low < 1) low = 1; print $0 "," low "," 2 * $4 }' "$work/philly.csv" >"$work/philly-elastic.csv"
for policy in fifo elastic; do
    scenario "elastic-$policy" 128 "  - { kind: jobs, name: philly, trace: { format: csv, path: $work/philly-elastic.csv } }" \
        "$policy, preemption: { restart-cost: 30s, minimum-runtime: 10m }"
    measure "philly elastic variant / 1,024 GPUs $policy" "$work/elastic-$policy.yaml"
done

openb="$PWD/Scenarios/traces/alibaba-openb-2023"
cat >"$work/openb.yaml" <<YAML
name: openb-fgd
run: { seed: 1, output: $work/openb.sqlite }
cluster:
  node-list: { format: alibaba-openb, path: $openb/openb_node_list_gpu_node.csv }
workloads:
  - { kind: jobs, name: openb, trace: { format: alibaba-openb, path: $openb/openb_pod_list_default.csv } }
scheduler: { policy: fifo, placement: fgd }
YAML
measure "openb whole trace / 1,213 nodes fifo + fgd" "$work/openb.yaml"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
