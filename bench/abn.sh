#!/usr/bin/env bash
# A/B timing: runs several stele binaries N times each, interleaved (so that
# the machine's drift hits them alike), and prints each one's median wall
# time, user CPU and peak RSS.
#
#   BIN_DIR=DIR BINS="old new" bench/abn.sh N ARGS...
#
# runs DIR/stele-old ARGS... and DIR/stele-new ARGS... N times each.
set -euo pipefail
n=$1
shift
BIN_DIR=${BIN_DIR:-.}
times=$(mktemp -d)
trap 'rm -rf "$times"' EXIT
for _ in $(seq "$n"); do
  for b in $BINS; do
    /usr/bin/time -f "%e %U %M" -o "$times/run" "$BIN_DIR/stele-$b" "$@" >/dev/null 2>&1 || true
    cat "$times/run" >>"$times/$b"
  done
done
for b in $BINS; do
  python3 - "$b" "$times/$b" <<'PY'
import statistics, sys
name, path = sys.argv[1], sys.argv[2]
rows = [list(map(float, line.split())) for line in open(path) if line.strip()]
median = lambda i: statistics.median(r[i] for r in rows)
print(f"{name:10} median wall {median(0):.2f} s  user {median(1):.2f} s  rss {median(2) / 1024:.0f} MiB  (n={len(rows)})")
PY
done
