#!/usr/bin/env bash
# Compile benchmark: `webx build` on a generated project of 200 routes /
# 10,000 lines. Reports the median wall time of several runs and the parse
# throughput in lines per second.
#
# usage: bench/compile.sh [RUNS]   (builds WebX first if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
[ -x build/cli/webx ] || scripts/build.sh
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
python3 bench/gen_project.py "$dir" --routes 200 --lines 10000
lines=$(cat "$dir"/webx/*.webx | wc -l)
build/cli/webx build "$dir" > /dev/null   # warm the page cache; must succeed
python3 - "$dir" "$lines" "$runs" <<'PY'
import statistics, subprocess, sys, time
d, lines, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
times = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(["build/cli/webx", "build", d], check=True, stdout=subprocess.DEVNULL)
    times.append(time.perf_counter() - t)
med = statistics.median(times)
print(f"webx build: {lines} lines, median {med*1000:.0f} ms over {runs} runs "
      f"(min {min(times)*1000:.0f} ms, max {max(times)*1000:.0f} ms)")
print(f"throughput: {lines/med:,.0f} lines/s")
PY
