#!/usr/bin/env bash
# Installs code-server (VS Code 1.100 in the browser) and playwright-core into
# a work directory outside the checkout, for editors/vscode/e2e/run.sh.
#
# Why by hand: code-server's npm postinstall builds native modules and fetches
# ripgrep from GitHub, which these machines cannot reach, so the install runs
# with --ignore-scripts and the native modules are rebuilt here against the
# Node headers that ship with Node. 4.100.3 is the newest code-server whose
# engines accept Node 20 (see shared/reference/ecosystem.md, 3.5).
#
# Needs (Debian): chromium ripgrep libkrb5-dev libx11-dev libxkbfile-dev
#                 libsecret-1-dev pkg-config, plus gcc/g++/make and Node 20.
# Usage: setup.sh WORKDIR    (idempotent: a finished setup is left alone)
set -euo pipefail

W=${1:?usage: setup.sh WORKDIR}
CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.64.1
STAMP="$W/.setup-done-$CODE_SERVER_VERSION-$PLAYWRIGHT_VERSION"

if [[ -f "$STAMP" ]]; then
  exit 0
fi

missing=()
for cmd in node npm rg g++ make pkg-config; do
  command -v "$cmd" >/dev/null || missing+=("$cmd")
done
command -v chromium >/dev/null || missing+=(chromium)
if ((${#missing[@]})); then
  echo "setup.sh: missing ${missing[*]}; run:" >&2
  echo "  apt-get install -y --no-install-recommends chromium ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config g++ make" >&2
  exit 2
fi

mkdir -p "$W"
cd "$W"
[[ -f package.json ]] || npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts \
  "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"

# Native modules: build against the local Node's headers (no header download),
# and let node-pty's post-install run `npx node-gyp` without a prompt.
export npm_config_nodedir
npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")"
export npm_config_yes=true
npm rebuild argon2

cd node_modules/code-server/lib/vscode
npm install --no-audit --no-fund --omit=dev --ignore-scripts
npm rebuild kerberos native-watchdog node-pty @parcel/watcher @vscode/deviceid @vscode/spdlog
# The ripgrep download is what the skipped postinstall would have done.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# code-server's own postinstall makes these links.
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --no-audit --no-fund --omit=dev)

touch "$STAMP"
echo "setup.sh: code-server $CODE_SERVER_VERSION and playwright-core $PLAYWRIGHT_VERSION ready in $W"
