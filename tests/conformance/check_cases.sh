#!/usr/bin/env bash
# Checks that every conformance case is accepted by the front end:
# stages each case as a one-module project and runs `webx build` on it.
# js/NNN-topic.js is wrapped in `global { ... }` exactly as the test driver
# does; jsx/NNN-topic.webx is used as is.
#
# Usage: tests/conformance/check_cases.sh [path/to/webx] [case-name-prefix]
# Prints one line per failing case (with the diagnostics) and a summary;
# exits 1 if any case fails.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
webx="${1:-$here/../../build/cli/webx}"
prefix="${2:-}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

failed=0
total=0
check() {  # name, file, wrap
  local name="$1" file="$2" wrap="$3" dir="$tmp/$1"
  mkdir -p "$dir/webx"
  echo '{"name":"t"}' > "$dir/webx.config.json"
  if [ "$wrap" = 1 ]; then
    { printf 'global {\n'; cat "$file"; printf '\n}\n'; } > "$dir/webx/case.webx"
  else
    cp "$file" "$dir/webx/case.webx"
  fi
  total=$((total + 1))
  if ! out="$("$webx" build "$dir" 2>&1)"; then
    failed=$((failed + 1))
    echo "FAIL $name"
    echo "$out" | sed 's/^/    /'
  fi
}

for f in "$here"/js/*.js; do
  case "$f" in *.node.js) continue ;; esac
  name="$(basename "$f" .js)"
  [[ "$name" == "$prefix"* ]] || continue
  check "$name" "$f" 1
done
for f in "$here"/jsx/*.webx; do
  [ -e "$f" ] || continue
  name="$(basename "$f" .webx)"
  [[ "$name" == "$prefix"* || "jsx-$name" == "$prefix"* ]] || continue
  check "jsx-$name" "$f" 0
done
echo "$total case(s) checked, $failed failed"
[ "$failed" -eq 0 ]
