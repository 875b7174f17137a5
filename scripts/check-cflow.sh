#!/usr/bin/env bash
# Checks the C bandwidth model (Sources/CFlow): every file must compile warning-free
# under -std=c11 -Wall -Wextra -Wpedantic -Werror, and the randomised self-test
# (scripts/cflow-selftest.c) must pass under AddressSanitizer and
# UndefinedBehaviorSanitizer. Exits non-zero on any warning, failure or sanitizer report.
# Usage: scripts/check-cflow.sh [first-seed] [seed-count]
set -euo pipefail
cd "$(dirname "$0")/.."
cc="${CC:-clang}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
flags=(-std=c11 -Wall -Wextra -Wpedantic -Werror -ISources/CFlow/include -ISources/CFlow)

for source in Sources/CFlow/*.c; do
    "$cc" "${flags[@]}" -O2 -c "$source" -o "$out/$(basename "$source" .c).o"
done
echo "check-cflow: warning-free"

# Prefer lld: gold prints a warning per sanitizer symbol.
linker=()
if command -v ld.lld >/dev/null; then linker=(-fuse-ld=lld); fi

"$cc" "${flags[@]}" -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
    -fno-sanitize-recover=all ${linker[@]+"${linker[@]}"} Sources/CFlow/*.c scripts/cflow-selftest.c -lm -o "$out/selftest"
# LeakSanitizer needs ptrace, which some sandboxes forbid: probe it on an empty program
# and keep it on wherever it works.
echo 'int main(void) { return 0; }' > "$out/probe.c"
"$cc" -fsanitize=address ${linker[@]+"${linker[@]}"} "$out/probe.c" -o "$out/probe"
if ASAN_OPTIONS=detect_leaks=1 "$out/probe" >/dev/null 2>&1; then leaks=1; else leaks=0; fi
ASAN_OPTIONS="detect_leaks=$leaks:abort_on_error=0:halt_on_error=1" \
UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    "$out/selftest" "${1:-1}" "${2:-300}"
echo "check-cflow: sanitizers clean (leak detection $([ $leaks = 1 ] && echo on || echo off))"
