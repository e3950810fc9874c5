#!/usr/bin/env bash
# Installs everything WebX needs to build and test, from Debian's packages.
# Idempotent: packages already present are not reinstalled, and apt's lists
# are only refreshed when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  default-jre-headless antlr4 libantlr4-runtime-dev
  libcli11-dev libuv1-dev duktape-dev libfmt-dev doctest-dev
  libhttp-parser-dev nlohmann-json3-dev
  python3 nodejs
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from outside Debian on a developer machine; any node works.
if command -v node >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}")
fi
missing=($(printf '%s\n' "${missing[@]}" | sed '/^$/d'))

if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
