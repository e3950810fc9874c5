#!/usr/bin/env bash
# Builds the thread fabric's unit tests with ThreadSanitizer into build-tsan/
# and runs them. Fails on the first data race or lock-order report.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWEBX_TSAN=ON >/dev/null
cmake --build build-tsan -j2 --target webx_fabric_tests
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}" \
  build-tsan/tests/webx_fabric_tests "$@"
