#!/usr/bin/env bash
# Sets up, builds, and checks the example app with `webx build`.
# (Serving it with `webx run` arrives with the runtime.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
build/cli/webx build examples/todo
