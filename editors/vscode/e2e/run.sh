#!/usr/bin/env bash
# End-to-end test of the VS Code extension in a real VS Code (code-server
# 4.100.3 = VS Code 1.100.3) driven by headless Chromium. Opt-in: the first
# run installs about 740 MB (Debian chromium + code-server) and takes a few
# minutes; later runs reuse the work directory and take about a minute.
#
#   editors/vscode/e2e/run.sh
#
# What it checks, as a user would see it:
#   1. the platform .vsix (with bin/stream-ls bundled) installs into VS Code;
#   2. opening a serverless.yml with `consumer: true` on a DynamoDB stream shows
#      stream-ls's stream-consumer-dynamodb error in the Problems panel;
#   3. hovering the key shows a hover, and stream-ls answered the hover request;
#   4. it writes editors/vscode/e2e/screenshot.png (shown in the README).
#
# Environment:
#   STREAM_LS_E2E_WORKDIR  install directory (default ~/.cache/stream-ls-e2e)
#   STREAM_LS_BIN          use this binary instead of building one
#   E2E_SCREENSHOT         where to write the PNG (default: next to this script)
# On failure it prints code-server's and the extension's logs and leaves a
# screenshot in ${TMPDIR:-/tmp}/stream-ls-e2e-failure.png.
#
# Needs: Debian packages chromium ripgrep libkrb5-dev libx11-dev libxkbfile-dev
# libsecret-1-dev pkg-config (setup.sh says so if they are missing), Go, Node 20.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
ext=$(dirname "$here")
repo=$(cd "$ext/../.." && pwd)
work=${STREAM_LS_E2E_WORKDIR:-${XDG_CACHE_HOME:-$HOME/.cache}/stream-ls-e2e}
shot=${E2E_SCREENSHOT:-$here/screenshot.png}
start=$SECONDS

"$here/setup.sh" "$work"

run=$(mktemp -d "${TMPDIR:-/tmp}/stream-ls-e2e.XXXXXX")
cs_pid=
cleanup() {
  if [[ -n $cs_pid ]]; then
    # code-server runs in its own process group (setsid below); ending the
    # group also ends the extension host, which otherwise can outlive
    # code-server waiting for the browser to reconnect, and stream-ls.
    kill -- "-$cs_pid" 2>/dev/null || true
    wait "$cs_pid" 2>/dev/null || true
  fi
  rm -rf "$run"
}
trap cleanup EXIT

# 1. The .vsix, bundling a binary built from this checkout.
bin=${STREAM_LS_BIN:-}
if [[ -z $bin ]]; then
  bin=$run/stream-ls
  (cd "$repo" && go build -o "$bin" ./cmd/stream-ls)
fi
[[ -d $ext/node_modules ]] || (cd "$ext" && npm ci --no-audit --no-fund)
(cd "$ext" && node scripts/package-platform.mjs linux-x64 --binary "$bin" --out "$run/stream-ls-linux-x64.vsix") >"$run/package.log" 2>&1 ||
  { cat "$run/package.log"; exit 1; }
echo "e2e: packaged $(du -h "$run/stream-ls-linux-x64.vsix" | cut -f1) .vsix"

# 2. A fresh VS Code profile and a workspace holding the fixture.
mkdir -p "$run/ws" "$run/ud/User" "$run/ext"
cp "$repo/editors/testdata/project/serverless.yml" "$run/ws/"
# Verbose trace: e2e.cjs reads the hover response from the trace log.
# Hover below the line, so the screenshot keeps the stream event visible;
# no animations, so it is not taken mid fade-in.
cat >"$run/ud/User/settings.json" <<'JSON'
{
  "streamLs.trace.server": "verbose",
  "editor.hover.above": false,
  "workbench.reduceMotion": "on",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.ignoreRecommendations": true,
  "update.mode": "none"
}
JSON
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# Always pass --config, or code-server writes one into $HOME.
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" >"$run/config.yaml"
cs=(node "$work/node_modules/code-server/out/node/entry.js" --config "$run/config.yaml"
  --user-data-dir "$run/ud" --extensions-dir "$run/ext")

"${cs[@]}" --install-extension "$run/stream-ls-linux-x64.vsix" --force >"$run/install.log" 2>&1 ||
  { cat "$run/install.log"; exit 1; }
grep -h . "$run/install.log" | sed 's/^/e2e: install: /'

# Keep any stream-ls on PATH out of code-server's environment, so the run
# proves the binary bundled in the .vsix is found and works.
clean_path=$(tr ':' '\n' <<<"$PATH" | while read -r d; do [[ -n $d && ! -x $d/stream-ls ]] && echo "$d"; done | paste -sd:)
PATH=$clean_path setsid "${cs[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust \
  >"$run/code-server.log" 2>&1 &
cs_pid=$!

# Bounded wait for code-server to listen.
for _ in $(seq 1 150); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$cs_pid" 2>/dev/null || { cat "$run/code-server.log"; exit 1; }
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "e2e: code-server did not start"; cat "$run/code-server.log"; exit 1; }

status=0
E2E_URL="http://127.0.0.1:$port/?folder=$run/ws" \
E2E_WORKDIR="$work" \
E2E_SCREENSHOT="$shot" \
E2E_LOGS="$run/ud/logs" \
E2E_EXPECT_CODE=stream-consumer-dynamodb \
E2E_FAILURE_SCREENSHOT="${TMPDIR:-/tmp}/stream-ls-e2e-failure.png" \
  node "$here/e2e.cjs" || status=$?

# Which binary the extension started, from its output channel log.
grep -rh "Starting .*found via" "$run/ud/logs" 2>/dev/null | sed 's/^/e2e: extension: /' || true
if ((status != 0)); then
  echo "e2e: code-server log:"; tail -50 "$run/code-server.log"
  find "$run/ud/logs" -name '*stream-ls*' -type f 2>/dev/null | while read -r f; do echo "--- $f"; tail -40 "$f"; done
fi
echo "e2e: finished in $((SECONDS - start)) s, status $status"
exit "$status"
