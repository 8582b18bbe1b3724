#!/usr/bin/env bash
# Runs every fuzz target in the module for a short time, as a regression
# check: the seed corpora (f.Add and testdata/fuzz/) run first, then the
# fuzzer mutates for FUZZTIME (default 10s) per target. Targets are found
# with `go test -list`, so a new Fuzz function is picked up without editing
# this script. A failing input is written to the package's testdata/fuzz/
# directory, as `go test -fuzz` does; commit it once fixed, so that the
# plain `go test` keeps checking it.
#
# Usage: scripts/fuzz-short.sh [package pattern...]   (default ./...)
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime=${FUZZTIME:-10s}
patterns=("$@")
if [ ${#patterns[@]} -eq 0 ]; then
  patterns=(./...)
fi

# `go test -list` prints each package's matching names, then a line
# "ok <package> <time>" (or "? <package> [no test files]").
listing=$(go test -list '^Fuzz' "${patterns[@]}")
targets=$(awk '
  /^Fuzz/ { names = names " " $1; next }
  /^(ok|\?)[ \t]/ { if (names != "") print $2 names; names = "" }
' <<<"$listing")
if [ -z "$targets" ]; then
  echo "fuzz-short: no fuzz targets found" >&2
  exit 1
fi

# Go's fuzz coordinator before Go 1.27 can fail a target with a bare
# "context deadline exceeded" when -fuzztime runs out while a worker is
# busy, having found nothing (go.dev/issue/75804). Such a run writes no
# failing input; it counts as passed once the target's seed corpus, the
# committed inputs included, passes when run again without fuzzing.
out=$(mktemp)
trap 'rm -f "$out"' EXIT
failed=()
while read -r pkg names; do
  for name in $names; do
    echo "== $pkg $name ($fuzztime)"
    if go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" 2>&1 | tee "$out"; [ "${PIPESTATUS[0]}" -eq 0 ]; then
      continue
    fi
    if grep -q 'context deadline exceeded' "$out" && ! grep -q 'Failing input written to' "$out" &&
      go test "$pkg" -run "^${name}\$" >/dev/null; then
      echo "fuzz-short: $name: the fuzzer stopped on its own deadline (go.dev/issue/75804), no failing input; seeds pass" >&2
      continue
    fi
    failed+=("$pkg $name")
  done
done <<<"$targets"

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz-short: failing targets:" >&2
  printf '  %s\n' "${failed[@]}" >&2
  exit 1
fi
