#!/usr/bin/env bash
# Installs everything WebX needs to build and test: Debian's packages, and
# the npm packages of examples/todo (htmx, which its page serves) and of
# tests/browser (playwright-core, which drives Debian's chromium).
# Idempotent: packages already present are not reinstalled, apt's lists are
# only refreshed when something is missing, and `npm ci` only runs when a
# lock file is newer than what is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  default-jre-headless antlr4 libantlr4-runtime-dev
  libcli11-dev libuv1-dev duktape-dev libfmt-dev doctest-dev
  libhttp-parser-dev nlohmann-json3-dev
  python3 nodejs npm chromium
  clang libclang-rt-14-dev llvm
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm may come from outside Debian on a developer machine; any
# recent ones work.
if command -v node >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}")
fi
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | sed '/^$/d'))

if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages, from the lock files (never a browser download: playwright-core
# has none, and the browser test uses /usr/bin/chromium).
for dir in examples/todo tests/browser; do
  installed="$dir/node_modules/.package-lock.json"
  if [ ! -f "$installed" ] || [ "$dir/package-lock.json" -nt "$installed" ]; then
    echo "setup: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
