#!/usr/bin/env bash
# Installs what the HTTP benchmarks need, from Debian's packages: nginx (the
# peer server; only the binary is used, never the system service), its njs
# module libnginx-mod-http-js (the nginx+njs peer of js_routes.sh), wrk (the
# load generator); then the Node peers of js_routes.sh (bench/js/express,
# bench/js/fastify) from the npm registry, with npm ci from their lock files.
# Node itself (the machine's `node`, 20) and python3, curl come from the base
# system / scripts/setup.sh.
# Idempotent: nothing is installed when everything is present, apt's lists
# are only refreshed when something is missing, and a peer's node_modules is
# only (re)installed when it is missing or its package.json / package-lock.json
# changed since the last install (a stamp in node_modules holds their hash).
set -euo pipefail
bench_dir=$(cd "$(dirname "$0")" && pwd)

PACKAGES=(nginx libnginx-mod-http-js wrk curl bc)

# npm ci in each Node peer's folder when needed.
node_peers() {
  local dir stamp want
  command -v npm >/dev/null 2>&1 || { echo "bench/setup: npm not found (Node peers of js_routes.sh not installed)" >&2; return 1; }
  for dir in "$bench_dir/js/express" "$bench_dir/js/fastify"; do
    [ -f "$dir/package.json" ] || continue
    stamp="$dir/node_modules/.webx-bench-stamp"
    want=$(cat "$dir/package.json" "$dir/package-lock.json" 2>/dev/null | sha256sum | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
      continue
    fi
    echo "bench/setup: npm packages for ${dir#"$bench_dir"/}"
    if [ -f "$dir/package-lock.json" ]; then
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    else
      (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
    fi
    # (npm install may have written the lock file: hash what is there now)
    cat "$dir/package.json" "$dir/package-lock.json" 2>/dev/null | sha256sum | cut -d' ' -f1 > "$stamp"
  done
}

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v python3 >/dev/null 2>&1 || missing+=(python3)

if ((${#missing[@]} == 0)); then
  node_peers
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "bench/setup: installing ${missing[*]}"

# Debian starts a package's service on install (port 80, the default site).
# The benchmarks never use it: keep it from starting with a policy-rc.d that
# refuses every start, unless the machine already has one of its own.
policy=/usr/sbin/policy-rc.d
made_policy=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# temporary, from webx bench/setup.sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  made_policy=1
fi
cleanup() { [ -z "$made_policy" ] || $SUDO rm -f "$policy"; }
trap cleanup EXIT

$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

# Should the service have started all the same (e.g. under systemd), stop it
# and keep it from starting at boot.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
elif [ -s /run/nginx.pid ]; then
  pid=$(cat /run/nginx.pid)
  if [ -n "$pid" ] && grep -q nginx "/proc/$pid/comm" 2>/dev/null; then
    $SUDO kill "$pid" 2>/dev/null || true
  fi
fi

node_peers
