#!/usr/bin/env bash
# Render benchmark: JSX lowered by WebX vs hand-written ES5, same Duktape.
# usage: bench/render.sh [ROUNDS]   (builds what it needs)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d build ] || scripts/build.sh
cmake --build build --target webx_render_bench -j2 >/dev/null
build/bench/webx_render_bench "${1:-9}"
