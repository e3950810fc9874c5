#!/usr/bin/env bash
# Builds everything with AddressSanitizer (and LeakSanitizer) plus
# UndefinedBehaviorSanitizer into build-asan/ and runs the whole ctest suite
# there: unit, golden, conformance, e2e (which start build-asan/cli/webx),
# examples and browser tests. Fails on any failing test and on any
# sanitizer report, also one from a process whose exit status no test
# looks at: every report is written to build-asan/sanitizer-logs/ and
# printed at the end.
#
#   scripts/asan.sh                 # everything
#   scripts/asan.sh -L unit         # extra arguments go to ctest
set -euo pipefail
cd "$(dirname "$0")/.."
build=build-asan

# GCC, as the normal build (clang rejects a header of Debian's ANTLR
# runtime; fuzz/antlr4_clang.cmake has the story). No -DNDEBUG: assertions
# stay on. The only C code is Duktape (third-party), which does arithmetic
# on null pointers (`NULL + 0`), so UBSan's pointer-overflow check is off
# for C alone.
sanitizers="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -O1 -g"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ \
  -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
  -DCMAKE_CXX_FLAGS="$sanitizers" -DCMAKE_C_FLAGS="$sanitizers -fno-sanitize=pointer-overflow" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$build" -j2

logs="$PWD/$build/sanitizer-logs"
rm -rf "$logs"
mkdir -p "$logs"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:log_path=$logs/asan:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$logs/ubsan:${UBSAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}"

status=0
ctest --test-dir "$build" -j2 --output-on-failure "$@" || status=$?

# A log without an ERROR or a runtime error is LeakSanitizer's list of
# suppressions that matched (scripts/lsan.supp), not a report.
mapfile -t reports < <(grep -l -E "ERROR: |runtime error:" "$logs"/* 2>/dev/null || true)
if ((${#reports[@]})); then
  for r in "${reports[@]}"; do
    echo "=== sanitizer report: $r"
    cat "$r"
  done
  echo "asan: ${#reports[@]} sanitizer report(s) in $logs" >&2
  status=1
fi
if ((status == 0)); then
  echo "asan: every test passed, no sanitizer reports"
fi
exit "$status"
