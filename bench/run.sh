#!/usr/bin/env bash
# Reproduces the Performance figures of the README: builds stream-ls,
# generates files with N = 100, 1000 and 5000 functions, runs lspbench.mjs
# against stream-ls, and against the editors' default server
# (yaml-language-server) for N = 100, and against bench/floor, a server
# that analyses nothing and republishes what stream-ls published (what
# carrying the diagnostics costs by itself), then prints the table.
#
#   bench/run.sh                 # all sizes
#   SIZES="100 1000" bench/run.sh
#   STREAMLS_SHARED=/path/to/shared bench/run.sh
#
# The tools (gen.mjs, lspbench.mjs and their npm packages) come from the
# shared bench folder, copied to a temporary directory and installed there
# with `npm ci`; nothing is written to the repository. Results, as
# lspbench's JSON, stay in the temporary directory, whose path is printed.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${STREAMLS_SHARED:-$repo/../shared}
sizes=${SIZES:-100 1000 5000}
edits=${EDITS:-200}
reps=${REPS:-20}
yls_timeout_ms=${YLS_TIMEOUT_MS:-600000}

if [ ! -f "$shared/bench/lspbench.mjs" ]; then
  echo "no $shared/bench/lspbench.mjs; set STREAMLS_SHARED to the shared folder" >&2
  exit 2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/stream-ls-bench.XXXXXX")
echo "results in $work" >&2
cp -r "$shared/bench/." "$work/"
(cd "$work" && npm ci --no-audit --no-fund --silent)
mkdir "$work/dumps" # lspbench's payload dumps, which it would otherwise leave in the current folder
(cd "$repo" && go build -o "$work/stream-ls" ./cmd/stream-ls && go build -o "$work/floor" ./bench/floor)

# lspbench splits a --server string on whitespace; a JSON array keeps a
# temporary directory with a space in its path whole.
command_json() { node -e 'console.log(JSON.stringify(process.argv.slice(1)))' "$@"; }
streamls=$(command_json "$work/stream-ls")

for n in $sizes; do
  mkdir -p "$work/n$n"
  node "$work/gen.mjs" "$n" "$work/n$n/serverless.yml" --seed 1 >&2
  # Where lspbench types by default: the first batchSize line, which is in
  # the streamDefaults anchor that about half the stream events merge;
  # typing a digit there is a value swap, which keeps their checks.
  node "$work/lspbench.mjs" --server "$streamls" --preset none --file "$work/n$n/serverless.yml" \
    --edits "$edits" --completion-at 're:          ba' --hover-at 're:batchSi' --reps "$reps" --quiet \
    --label "stream-ls N=$n anchor" --out "$work/stream-ls-n$n-anchor.json" \
    --dump "$work/dumps/stream-ls-n$n-anchor.json" >/dev/null ||
    echo "lspbench failed for N=$n (anchor); see $work/stream-ls-n$n-anchor.json" >&2
  # The same keystrokes against a server that only republishes the
  # diagnostics stream-ls published last: the protocol's share.
  node "$work/lspbench.mjs" --server "$(command_json "$work/floor" "$work/dumps/stream-ls-n$n-anchor.json")" --preset none \
    --file "$work/n$n/serverless.yml" --edits "$edits" --quiet --label "floor N=$n" \
    --out "$work/floor-n$n.json" --dump "$work/dumps/floor-n$n.json" >/dev/null ||
    echo "lspbench failed for the floor at N=$n; see $work/floor-n$n.json" >&2
  # Typing inside one function (the end of the first function's
  # description): what a keystroke costs when it touches one function.
  node "$work/lspbench.mjs" --server "$streamls" --preset none --file "$work/n$n/serverless.yml" \
    --edits "$edits" --edit-at 're:records for partition 0' --completion-at 're:          ba' \
    --hover-at 're:batchSi' --reps "$reps" --quiet \
    --label "stream-ls N=$n function" --out "$work/stream-ls-n$n-function.json" \
    --dump "$work/dumps/stream-ls-n$n-function.json" >/dev/null ||
    echo "lspbench failed for N=$n (function); see $work/stream-ls-n$n-function.json" >&2
done

# The default server, for comparison; it takes minutes from N = 1000 on.
if [ -f "$work/n100/serverless.yml" ]; then
  schema=()
  [ -f "$shared/anchors/serverless.schema.json" ] && schema=(--schema "$shared/anchors/serverless.schema.json")
  node "$work/lspbench.mjs" "${schema[@]}" --file "$work/n100/serverless.yml" --edits 5 \
    --completion-at 're:          ba' --hover-at 're:batchSi' --reps 5 --quiet \
    --total-timeout-ms "$yls_timeout_ms" --label "yaml-language-server N=100 anchor" \
    --out "$work/yls-n100-anchor.json" --dump "$work/dumps/yls-n100-anchor.json" >/dev/null || echo "yaml-language-server did not finish" >&2
fi

shopt -s nullglob
node "$repo/bench/table.mjs" "$work"/stream-ls-*.json "$work"/floor-*.json "$work"/yls-*.json
