#!/usr/bin/env bash
# Checks every committed baseline in Results/baselines/ against the scenario it names
# (its "scenario" field). Exits non-zero if any metric leaves its band.
set -euo pipefail
orrery="${1:-.build/debug/orrery}"
status=0
shopt -s nullglob
for baseline in Results/baselines/*.json; do
    scenario="$(sed -n 's/^ *"scenario" *: *"\(.*\)",*$/\1/p' "$baseline" | head -n 1)"
    if [ -z "$scenario" ] || [ ! -f "$scenario" ]; then
        echo "check-baselines: $baseline names no scenario file ('$scenario')" >&2
        status=1
        continue
    fi
    "$orrery" check "$scenario" --baseline "$baseline" || status=1
done
exit $status
