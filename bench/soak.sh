#!/usr/bin/env bash
# Soak test (not CI): `webx run --prod` under DURATION seconds of mixed load
# (static template, static file, JSX page, JSON, form POST: bench/soak/),
# measured in SEGMENT-second wrk runs back to back. Per segment it prints
# requests/s, errors, the server's RSS and the JS heap in use (the actor's
# debug line). At the end it checks: no errors (socket errors, non-2xx/3xx),
# RSS growth from the end of the first segment to the end of the last under
# RSS_BOUND_MIB, and the largest JS heap of the second half of the run at
# most 25 % (+1 MiB) above the largest of the first half (the app's state is
# bounded, so neither may grow; the heap swings with the item list, 20 to
# 1000 items, and with garbage collection, hence maxima).
#
# usage: bench/soak.sh [DURATION] [SEGMENT]       (defaults: 600 30)
# env:   WEBX=path to the webx binary (default build/cli/webx)
#        THREADS=network threads (default 1), CONNS=connections (default 64)
#        RSS_BOUND_MIB=allowed RSS growth (default 16)
# needs: wrk (bench/setup.sh) and a built WebX (scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

duration="${1:-600}"
segment="${2:-30}"
webx="${WEBX:-build/cli/webx}"
threads="${THREADS:-1}"
conns="${CONNS:-64}"
rss_bound="${RSS_BOUND_MIB:-16}"
bench_init soak

"$webx" run bench/soak --prod --port 0 --threads "$threads" >"$tmp/out" 2>"$tmp/err" &
pids+=($!)
server=$!
port=""
for _ in $(seq 100); do
  port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$tmp/out")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "soak: webx run did not start" >&2; cat "$tmp/err" >&2; exit 1; }
curl -sf "http://127.0.0.1:$port/items" >/dev/null

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
heap_bytes() { grep -o 'js heap: [0-9]* bytes' "$tmp/err" | tail -1 | awk '{print $3}'; }

echo "soak: webx $("$webx" --version | awk '{print $2}'), $threads network thread(s), $conns connections, ${duration}s in ${segment}s segments"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME")"
printf '%8s %10s %8s %10s %12s\n' "t (s)" "req/s" "errors" "RSS MiB" "JS heap MiB"
rss_start=$(rss_kib)
segments=$(( duration / segment ))
total_errors=0
first_rss="" first_heap="" last_rss="" last_heap=""
heap_max_1=0 heap_max_2=0
for i in $(seq "$segments"); do
  wrk -t1 -c"$conns" -d"${segment}s" -s bench/soak/mixed.lua "http://127.0.0.1:$port" >"$tmp/wrk" 2>&1 &
  wrk_pid=$!
  wait "$wrk_pid"
  wrk_pid=""
  kill -0 "$server" 2>/dev/null || { echo "soak: the server died" >&2; cat "$tmp/err" >&2; exit 1; }
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$tmp/wrk")
  sockerr=$(awk -F'[ ,]+' '/Socket errors:/ {print $4+$6+$8+$10}' "$tmp/wrk")
  errors=$(( ${non2xx:-0} + ${sockerr:-0} ))
  total_errors=$(( total_errors + errors ))
  last_rss=$(rss_kib)
  last_heap=$(heap_bytes)
  [ -n "$first_rss" ] || { first_rss=$last_rss; first_heap=$last_heap; }
  if (( i * 2 <= segments )); then
    (( ${last_heap:-0} > heap_max_1 )) && heap_max_1=${last_heap:-0}
  else
    (( ${last_heap:-0} > heap_max_2 )) && heap_max_2=${last_heap:-0}
  fi
  printf '%8d %10s %8d %10.1f %12.1f\n' $(( i * segment )) "$rps" "$errors" \
    "$(echo "$last_rss / 1024" | bc -l)" "$(echo "${last_heap:-0} / 1048576" | bc -l)"
done

growth_mib=$(echo "($last_rss - $first_rss) / 1024" | bc -l)
printf 'RSS: %.1f MiB at start, %.1f MiB after the first segment, %.1f MiB at the end (growth %.1f MiB, bound %d)\n' \
  "$(echo "$rss_start / 1024" | bc -l)" "$(echo "$first_rss / 1024" | bc -l)" "$(echo "$last_rss / 1024" | bc -l)" \
  "$growth_mib" "$rss_bound"
printf 'JS heap: %.1f MiB first report, %.1f MiB last; largest %.1f MiB in the first half, %.1f MiB in the second\n' \
  "$(echo "$first_heap / 1048576" | bc -l)" "$(echo "$last_heap / 1048576" | bc -l)" \
  "$(echo "$heap_max_1 / 1048576" | bc -l)" "$(echo "$heap_max_2 / 1048576" | bc -l)"
echo "errors: $total_errors"
status=0
[ "$total_errors" -eq 0 ] || { echo "soak: FAILED: $total_errors errors" >&2; status=1; }
if (( $(echo "$growth_mib > $rss_bound" | bc -l) )); then echo "soak: FAILED: RSS grew past the bound" >&2; status=1; fi
if (( $(echo "$heap_max_2 > $heap_max_1 * 1.25 + 1048576" | bc -l) )); then
  echo "soak: FAILED: the JS heap grew" >&2
  status=1
fi
exit $status
