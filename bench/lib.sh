# Shared by the HTTP benchmarks (http_static.sh, js_routes.sh): a temporary
# folder, the servers a run starts, and stopping all of them on any exit.
# Source it from the repository root, then call `bench_init NAME`.

# Makes $tmp (removed on exit) and arranges that every pid in $pids (the
# servers) and $wrk_pid (a running wrk) is stopped however the script ends.
bench_init() {
  bench_name=$1
  tmp=$(mktemp -d -t "webx-$1.XXXXXX")
  pids=()
  wrk_pid=""
  trap bench_cleanup EXIT
  trap 'echo; echo "$bench_name: interrupted" >&2; exit 130' INT TERM HUP
}

# SIGTERM to every server, SIGKILL to those still there after 5 s.
stop_servers() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}

bench_cleanup() {
  [ -z "$wrk_pid" ] || { kill -TERM "$wrk_pid" 2>/dev/null || true; wait "$wrk_pid" 2>/dev/null || true; }
  stop_servers
  rm -rf "$tmp"
}
