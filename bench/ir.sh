#!/usr/bin/env bash
# Instructions executed by one run, counted by valgrind (cachegrind without
# its cache simulation): repeatable to about 0.01 % where timings on a
# shared machine drift by 10 %, so small changes can be compared.
#
#   bench/ir.sh target/release/stele check --root corpus1k
#
# Needs valgrind (Debian: apt-get install valgrind). About 50x slower than
# the run itself: use a small corpus (stele-bench gen 1000 corpus1k).
set -euo pipefail
out=$(mktemp)
trap 'rm -f "$out"' EXIT
valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$out" "$@" 2>&1 >/dev/null | awk '/I[[:space:]]+refs/ {print $NF}'
