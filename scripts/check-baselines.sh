#!/usr/bin/env bash
# Checks every committed baseline: Results/baselines/NAME.json against Scenarios/NAME.yaml.
# Exits non-zero if any metric leaves its band. Uses the given orrery binary.
set -euo pipefail
orrery="${1:-.build/debug/orrery}"
status=0
shopt -s nullglob
for baseline in Results/baselines/*.json; do
    name="$(basename "$baseline" .json)"
    scenario="Scenarios/$name.yaml"
    if [ ! -f "$scenario" ]; then
        echo "check-baselines: $baseline has no scenario $scenario" >&2
        status=1
        continue
    fi
    "$orrery" check "$scenario" --baseline "$baseline" || status=1
done
exit $status
