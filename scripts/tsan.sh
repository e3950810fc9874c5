#!/usr/bin/env bash
# Builds WebX with ThreadSanitizer into build-tsan/ and runs, under it, the
# thread fabric's unit tests and the end-to-end tests of `webx run` (the
# real server, several network loops, over sockets). Fails on the first
# data race or lock-order report: TSan makes a reporting server exit 66,
# and the e2e tests require exit 0 from every server they stop.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWEBX_TSAN=ON >/dev/null
cmake --build build-tsan -j2 --target webx_fabric_tests webx
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 exitcode=66 suppressions=$PWD/scripts/tsan.supp ${TSAN_OPTIONS:-}"
build-tsan/tests/webx_fabric_tests "$@"
WEBX_BINARY="$PWD/build-tsan/cli/webx" python3 tests/e2e/run_all.py -j 2
