#!/usr/bin/env bash
# Sets up, builds, and serves the todo example with `webx run` (dev mode,
# http://127.0.0.1:8080 unless PORT is set) until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec build/cli/webx run examples/todo --port "${PORT:-8080}"
