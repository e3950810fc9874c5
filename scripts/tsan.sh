#!/usr/bin/env bash
# Builds WebX with ThreadSanitizer into build-tsan/ and runs, under it, the
# thread fabric's unit tests, the JS actor's, the rate limiter's and the server
# agent's (which run on fabric threads), and the end-to-end tests of `webx run` and
# `webx test` that cross threads (the real server, several network loops,
# over sockets; listed below). Fails on the first
# data race or lock-order report: TSan makes a reporting server exit 66,
# and the e2e tests require exit 0 from every server they stop.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWEBX_TSAN=ON >/dev/null
cmake --build build-tsan -j2 --target webx_fabric_tests webx_js_tests webx_http_tests webx
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 exitcode=66 suppressions=$PWD/scripts/tsan.supp ${TSAN_OPTIONS:-}"
build-tsan/tests/webx_fabric_tests "$@"
build-tsan/tests/webx_js_tests -tc="JsActor*"
build-tsan/tests/webx_http_tests -tc="RateLimiter*,ServerAgent*,RequestAgent*"
# The end-to-end files whose requests cross threads: pipelining over
# several loops, the actor and its replies, hot reload's swaps, shutdown,
# the shared rate limiter, `webx test`'s in-process server. (The abuse
# suite's floods take minutes under TSan's slowdown and share their code
# paths with these; they run under ASan instead.)
WEBX_BINARY="$PWD/build-tsan/cli/webx" python3 tests/e2e/run_all.py -j 2 \
  http js js_failures lifecycle reload rate_limit webx_test
