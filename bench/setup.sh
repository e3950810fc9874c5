#!/usr/bin/env bash
# Installs what the HTTP benchmarks need, from Debian's packages: nginx (the
# peer server; only the binary is used, never the system service) and wrk (the
# load generator). python3 and curl come from scripts/setup.sh / the base system.
# Idempotent: nothing is installed when everything is present, and apt's lists
# are only refreshed when something is missing.
set -euo pipefail

PACKAGES=(nginx wrk curl)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v python3 >/dev/null 2>&1 || missing+=(python3)

if ((${#missing[@]} == 0)); then
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
