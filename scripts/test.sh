#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite. This is what CI runs.
#
#  1. the normal build (build/) and every ctest test: unit, golden,
#     conformance, end-to-end, examples, browser, docs;
#  2. the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer
#     (scripts/asan.sh, build-asan/);
#  3. the fabric, actor and server tests under ThreadSanitizer
#     (scripts/tsan.sh, build-tsan/);
#  4. every fuzz target for FUZZ_SECONDS (default 30) after replaying the
#     saved reproducers (scripts/fuzz.sh, build-fuzz/).
# Any failure, sanitizer report or fuzzing finding fails the run.
# WEBX_QUICK=1 stops after step 1 (for a quick local check; CI runs all).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j2
if [ "${WEBX_QUICK:-}" = 1 ]; then
  echo "test: WEBX_QUICK=1: sanitizer and fuzzing runs skipped"
  exit 0
fi
scripts/asan.sh
scripts/tsan.sh
scripts/fuzz.sh "${FUZZ_SECONDS:-30}"
