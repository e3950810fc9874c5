#!/usr/bin/env bash
# JS routes benchmark: WebX's JavaScript actor vs Express, Fastify and
# nginx+njs on the same small app, side by side in one run, keep-alive,
# `wrk -t1 -c64 -d${SECONDS}s --latency` on 127.0.0.1.
#
# The app (bench/js/README.md): 20 items in in-memory global state;
#   (a) GET /items    an HTML page listing the 20 items, a template per item
#                     (WebX: a JSX handler; the others: a JS template function
#                     that escapes the title)
#   (b) GET /items/1  one item as JSON
#   (c) POST /items   urlencoded form `title=…`: appends an item, answers it
#                     as JSON (wrk script bench/js/post_item.lua)
# Peers, one process / worker each, all started once on ports picked free:
#   webx     build/cli/webx run bench/js/webx --prod --port P --threads 1
#   express  node bench/js/express/server.js (Express 5, no cluster)
#   fastify  node bench/js/fastify/server.js (Fastify 5, no cluster)
#   njs      nginx, one worker, Debian's njs module, bench/js/njs/items.js
#
# Bodies are checked equal across peers (each route once) and each peer's
# headers are printed. Then, for (a) and (b), ROUNDS rounds in which every
# peer runs each route once, the order of the peers rotating from round to
# round; then the same for (c), last, so that the items it appends never
# touch the GET runs (the pages list the first 20 items in any case, and the
# list falls back to the 20 seed items past 1000, so memory stays bounded).
# Medians of the rounds per peer and route, and WebX's ratios to each peer.
# Each run also reports the CPU it took, in cores: the server (and its
# busiest threads: for WebX, the JS actor and the network loop), wrk, and
# everything else, which should be ~0: before each run the script waits for
# the machine to be idle, and a run during which something else took more
# than 0.25 cores is run again (QUIET_WAIT, RETRIES). After the runs, the GET
# routes must still answer the bodies they answered before.
#
# Exit status 1 when a peer fails to start, answers wrongly or dies, or wrk
# fails or reports socket errors or non-2xx/3xx responses. Every server
# started is stopped on exit.
#
# usage: bench/js_routes.sh [SECONDS] [ROUNDS]    (defaults: 10 3)
# env:   WEBX=path to the webx binary (default build/cli/webx)
#        WARMUP=seconds of unmeasured wrk per peer and route (default 2)
#        PEERS="webx express fastify njs" (default: all four; a subset runs
#              only those, e.g. to try the others without WebX)
#        QUIET_WAIT=seconds to wait before each run for the machine to be
#              idle (< 0.25 cores busy; default 120, 0: do not wait)
#        RETRIES=times a run is repeated when other processes took more
#              than 0.25 cores during it (default 1; the last run counts)
# needs: bench/setup.sh (nginx, libnginx-mod-http-js, wrk, the Node peers'
#        node_modules), node (20) and a built WebX (scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

dur="${1:-10}"
rounds="${2:-3}"
warmup="${WARMUP:-2}"
quiet_wait="${QUIET_WAIT:-120}"
retries="${RETRIES:-1}"
webx="${WEBX:-build/cli/webx}"
read -r -a peers <<<"${PEERS:-webx express fastify njs}"
conns=64
njs_module=/usr/share/nginx/modules/ngx_http_js_module.so

usage() { echo "usage: $0 [SECONDS] [ROUNDS]" >&2; exit 2; }
[[ "$dur" =~ ^[0-9]+$ && "$dur" -ge 1 ]] || usage
[[ "$rounds" =~ ^[0-9]+$ && "$rounds" -ge 1 ]] || usage
[[ "$warmup" =~ ^[0-9]+$ ]] || { echo "js_routes: WARMUP must be a whole number of seconds" >&2; exit 2; }
[[ "$quiet_wait" =~ ^[0-9]+$ ]] || { echo "js_routes: QUIET_WAIT must be a whole number of seconds" >&2; exit 2; }
[[ "$retries" =~ ^[0-9]+$ ]] || { echo "js_routes: RETRIES must be a whole number" >&2; exit 2; }
((${#peers[@]} >= 1)) || { echo "js_routes: PEERS is empty" >&2; exit 2; }

fail() { echo "js_routes: $*" >&2; exit 1; }

declare -A wanted
for name in "${peers[@]}"; do
  case "$name" in
    webx|express|fastify|njs) ;;
    *) echo "js_routes: unknown peer '$name' in PEERS (webx express fastify njs)" >&2; exit 2 ;;
  esac
  [ -z "${wanted[$name]:-}" ] || { echo "js_routes: peer '$name' twice in PEERS" >&2; exit 2; }
  wanted[$name]=1
done

for tool in wrk curl python3; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool not found; run bench/setup.sh"
done
if [ -n "${wanted[webx]:-}" ]; then
  [ -x "$webx" ] || fail "$webx not found; build WebX first (scripts/build.sh)"
fi
for name in express fastify; do
  [ -n "${wanted[$name]:-}" ] || continue
  command -v node >/dev/null 2>&1 || fail "node not found"
  [ -d "bench/js/$name/node_modules" ] || fail "bench/js/$name/node_modules is missing; run bench/setup.sh"
done
if [ -n "${wanted[njs]:-}" ]; then
  command -v nginx >/dev/null 2>&1 || fail "nginx not found; run bench/setup.sh"
  [ -f "$njs_module" ] || fail "$njs_module not found (Debian's libnginx-mod-http-js); run bench/setup.sh"
fi

. "$root/bench/lib.sh"
bench_init js_routes

summary="python3 $root/bench/http/wrk_summary.py"

# One free port per peer: all bound at once, then released.
read -r -a free_ports < <(python3 - "${#peers[@]}" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(*(s.getsockname()[1] for s in socks))
PY
)

declare -A label port pidof errlog
i=0
for name in "${peers[@]}"; do port[$name]=${free_ports[$i]}; i=$((i + 1)); done
label[webx]="webx (1 thread)"
label[express]="express 5 (node)"
label[fastify]="fastify 5 (node)"
label[njs]="nginx+njs (1 worker)"

show_logs() {
  local name=$1 f files=("$tmp/$1.out" "$tmp/$1.err")
  [ "$name" != njs ] || files+=("$tmp/njs/error.log")
  for f in "${files[@]}"; do
    [ -s "$f" ] || continue
    echo "--- $name: ${f#"$tmp"/}" >&2
    tail -c 3000 "$f" >&2
  done
}

# Waits for `listening on http://127.0.0.1:PORT` on the server's stdout
# (webx run prints it, docs/server.md; the Node peers print the same), 15 s.
wait_banner() {
  local name=$1 pid=$2 want="listening on http://127.0.0.1:${port[$1]}"
  for _ in $(seq 1500); do
    grep -qF "$want" "$tmp/$name.out" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { show_logs "$name"; fail "$name exited before listening"; }
    sleep 0.01
  done
  show_logs "$name"
  fail "$name did not print '$want' within 15 s"
}

# Waits until the server answers GET /items, at most 10 s.
wait_port() {
  local name=$1 pid=$2
  for _ in $(seq 1000); do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:${port[$name]}/items" && return 0
    kill -0 "$pid" 2>/dev/null || { show_logs "$name"; fail "$name exited before listening"; }
    sleep 0.01
  done
  show_logs "$name"
  fail "$name is not listening on ${port[$name]} after 10 s"
}

start_webx() {
  # Line-buffered stdout where the server uses C stdio, so the banner reaches the file at once.
  local prefix=()
  command -v stdbuf >/dev/null 2>&1 && prefix=(stdbuf -oL)
  "${prefix[@]}" "$webx" run bench/js/webx --prod --port "${port[webx]}" --threads 1 \
    >"$tmp/webx.out" 2>"$tmp/webx.err" </dev/null &
  pidof[webx]=$!
  pids+=("$!")
  errlog[webx]="$tmp/webx.err"
  wait_banner webx "$!"
}

start_node() {
  local name=$1
  node "bench/js/$name/server.js" --port "${port[$name]}" \
    >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null &
  pidof[$name]=$!
  pids+=("$!")
  errlog[$name]="$tmp/$name.err"
  wait_banner "$name" "$!"
}

# nginx as one process that is its only worker, under its own prefix in $tmp,
# with bench/js/njs/nginx.conf.in filled in.
start_njs() {
  local dir="$tmp/njs"
  mkdir -p "$dir/temp"
  sed -e "s|@PREFIX@|$dir|g; s|@PORT@|${port[njs]}|g; s|@NJS_DIR@|$root/bench/js/njs|g; s|@MODULE@|$njs_module|g" \
    bench/js/njs/nginx.conf.in > "$dir/nginx.conf"
  nginx -t -q -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" 2>"$dir/test.err" \
    || { cat "$dir/test.err" "$dir/error.log" >&2 2>/dev/null; fail "njs: nginx -t refused $dir/nginx.conf"; }
  nginx -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" >"$tmp/njs.out" 2>"$tmp/njs.err" </dev/null &
  pidof[njs]=$!
  pids+=("$!")
  errlog[njs]="$dir/error.log"
  wait_port njs "$!"
}

node_pkg_version() {   # node_pkg_version PEER PACKAGE
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' \
    "bench/js/$1/node_modules/$2/package.json" 2>/dev/null || echo "?"
}

echo "== JS routes: WebX vs Express, Fastify, nginx+njs; keep-alive, wrk -t1 -c$conns -d${dur}s --latency, $rounds rounds"
echo "   $(date)"
echo "   $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(wrk --version 2>&1 | head -1 | awk '{print $1, $2}')"
versions=()
[ -z "${wanted[webx]:-}" ] || versions+=("$("$webx" --version 2>&1 | head -1)")
if [ -n "${wanted[express]:-}${wanted[fastify]:-}" ]; then versions+=("node $(node --version)"); fi
[ -z "${wanted[express]:-}" ] || versions+=("express $(node_pkg_version express express)")
[ -z "${wanted[fastify]:-}" ] || versions+=("fastify $(node_pkg_version fastify fastify) (+ @fastify/formbody $(node_pkg_version fastify @fastify/formbody))")
[ -z "${wanted[njs]:-}" ] || versions+=("$(nginx -v 2>&1 | sed 's/.*: //') + njs $(dpkg-query -W -f='${Version}' libnginx-mod-http-js 2>/dev/null || echo '?')")
echo "   $(IFS=,; echo "${versions[*]}" | sed 's/,/, /g')"
echo

for name in "${peers[@]}"; do
  case "$name" in
    webx) start_webx ;;
    express|fastify) start_node "$name" ;;
    njs) start_njs ;;
  esac
done

# ---- responses: each route once per peer, bodies compared, headers shown ----
form_body=$(sed -n 's/^wrk\.body = "\(.*\)"$/\1/p' bench/js/post_item.lua)
[ -n "$form_body" ] || fail "no wrk.body in bench/js/post_item.lua"

# fetch PEER KEY [curl args...] URL-PATH: status into $code, files $tmp/PEER.KEY.{body,hdr}
fetch() {
  local name=$1 key=$2; shift 2
  local path=${*: -1} args=("${@:1:$#-1}")
  code=$(curl -s -o "$tmp/$name.$key.body" -D "$tmp/$name.$key.hdr" -w '%{http_code}' --max-time 10 \
    "${args[@]}" "http://127.0.0.1:${port[$name]}$path") || code="curl-failed"
}

ref=${peers[0]}
notes=()
echo "== Responses (bodies compared with ${label[$ref]}'s; each peer's headers)"
for name in "${peers[@]}"; do
  echo "-- ${label[$name]} on 127.0.0.1:${port[$name]}"
  for key in a b c c2; do
    case "$key" in
      a) what="GET /items"; fetch "$name" a /items ;;
      b) what="GET /items/1"; fetch "$name" b /items/1 ;;
      c) what="POST /items"; fetch "$name" c -H 'Content-Type: application/x-www-form-urlencoded' --data-raw "$form_body" /items ;;
      c2) what="POST /items (again)"; fetch "$name" c2 -H 'Content-Type: application/x-www-form-urlencoded' --data-raw "$form_body" /items ;;
    esac
    if [ "$code" != 200 ]; then
      sed 's/^/   | /' "$tmp/$name.$key.hdr" >&2 2>/dev/null || true
      head -c 600 "$tmp/$name.$key.body" >&2 2>/dev/null || true; echo >&2
      fail "${label[$name]} answered $what with $code, not 200"
    fi
    body_bytes=$(wc -c < "$tmp/$name.$key.body")
    if [ "$key" = c2 ]; then
      # The second POST shows whether the first one's item was kept: id 22.
      if ! grep -q '"id":22[,}]' "$tmp/$name.c2.body"; then
        if [ "$name" = njs ]; then
          notes+=("nginx+njs keeps no state between requests (njs $(dpkg-query -W -f='${Version}' libnginx-mod-http-js 2>/dev/null): each request runs in a fresh copy of the module; shared dictionaries came with njs 0.8.0): its POST appends to that copy, every POST answers id 21")
          echo "   $what: $(head -c 200 "$tmp/$name.c2.body") (state not kept between requests: see the notes)"
        else
          fail "${label[$name]}: a second POST /items answered $(head -c 200 "$tmp/$name.c2.body"), not id 22: the first POST's item was not kept"
        fi
      fi
      continue
    fi
    if [ "$name" = "$ref" ]; then
      same="reference"
    else
      cmp -s "$tmp/$ref.$key.body" "$tmp/$name.$key.body" \
        || { echo "--- ${label[$ref]}:" >&2; head -c 1500 "$tmp/$ref.$key.body" >&2; echo >&2
             echo "--- ${label[$name]}:" >&2; head -c 1500 "$tmp/$name.$key.body" >&2; echo >&2
             fail "${label[$name]}: the body of $what differs from ${label[$ref]}'s ($body_bytes vs $(wc -c < "$tmp/$ref.$key.body") bytes)"; }
      same="body identical"
    fi
    echo "   $what: $(wc -c < "$tmp/$name.$key.hdr") header bytes + $body_bytes body bytes, $same"
    tr -d '\r' < "$tmp/$name.$key.hdr" | sed '/^$/d; s/^/     /'
  done
done
# The page must hold the 20 items; show the reference bodies once.
items_on_page=$(grep -o '<li id="item-[0-9]*"' "$tmp/$ref.a.body" | wc -l)
[ "$items_on_page" = 20 ] || fail "the page of ${label[$ref]} lists $items_on_page items, not 20"
echo "-- bodies: (a) $(wc -c < "$tmp/$ref.a.body") bytes, 20 <li> items: $(head -c 160 "$tmp/$ref.a.body")…"
echo "           (b) $(cat "$tmp/$ref.b.body")"
echo "           (c) $(cat "$tmp/$ref.c.body")  (form: $form_body)"
echo

# ---- load ----
problems=()
alive() { kill -0 "${pidof[$1]}" 2>/dev/null; }
declare -A dead

url_of() {   # url_of PEER ROUTE
  case "$2" in
    a) echo "http://127.0.0.1:${port[$1]}/items" ;;
    b) echo "http://127.0.0.1:${port[$1]}/items/1" ;;
    c) echo "http://127.0.0.1:${port[$1]}/items" ;;
  esac
}

# CPU accounting around a run, to see what bound it and whether anything else
# ran: /proc/stat for the machine, /proc/PID/stat for the server (all its
# threads), bash's `times` for wrk (a reaped child). In cores (1.00 = one
# core busy for the whole run).
ncpu=$(nproc)
cpu_machine() {   # busy and total ticks of all cores
  local _cpu u n s idle iow irq sirq steal _rest
  read -r _cpu u n s idle iow irq sirq steal _rest < /proc/stat
  echo "$((u + n + s + irq + sirq + steal)) $((u + n + s + idle + iow + irq + sirq + steal))"
}
cpu_proc() {   # utime + stime ticks of a process
  local st
  st=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  st=${st##*) }
  # shellcheck disable=SC2086
  set -- $st
  echo $(( ${12} + ${13} ))
}
cpu_mark() {   # cpu_mark PEER FILE: one line, the counters now; FILE.tasks: per thread
  times > "$2.times"
  echo "$(cpu_machine) $(cpu_proc "${pidof[$1]}") $(tail -1 "$2.times")" > "$2"
  local t
  for t in /proc/"${pidof[$1]}"/task/*; do
    [ -e "$t/stat" ] && echo "${t##*/} $(cpu_proc "${pidof[$1]}/task/${t##*/}")"
  done > "$2.tasks" 2>/dev/null || true
}
cpu_threads() {   # cpu_threads BEFORE AFTER: the server's busiest threads, in cores
  local per_core
  per_core=$(awk -v ncpu="$ncpu" 'NR == 1 { t0 = $2 } NR == 2 { t1 = $2 } END { print (t1 - t0) / ncpu }' "$1" "$2")
  awk -v pc="$per_core" 'NR == FNR { a[$1] = $2; next } { d = $2 - a[$1]; if (pc > 0) printf "%.2f\n", d / pc }' \
    "$1.tasks" "$2.tasks" | sort -rn | head -4 | paste -sd' ' -
}
cpu_cores() {   # cpu_cores BEFORE AFTER: "server wrk other" in cores
  awk -v ncpu="$ncpu" -v hz="$(getconf CLK_TCK)" '
    function secs(t,   m) { m = t; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", t); sub(/s$/, "", t); return m * 60 + t }
    NR == 1 { b0 = $1; t0 = $2; p0 = $3; c0 = secs($4) + secs($5) }
    NR == 2 { b1 = $1; t1 = $2; p1 = $3; c1 = secs($4) + secs($5) }
    END {
      per_core = (t1 - t0) / ncpu
      if (per_core <= 0) { print "- - -"; exit }
      server = (p1 - p0) / per_core
      wrkc = (c1 - c0) * hz / per_core
      other = (b1 - b0) / per_core - server - wrkc
      if (other < 0) other = 0
      printf "%.2f %.2f %.2f\n", server, wrkc, other
    }' "$1" "$2"
}

# run_wrk PEER ROUTE OUT SECONDS: wrk's output to OUT.
run_wrk() {
  local name=$1 route=$2 out=$3 secs=$4 script=()
  [ "$route" != c ] || script=(-s bench/js/post_item.lua)
  # In the background and waited for, so that Ctrl-C runs the trap at once
  # (wrk catches SIGINT itself and would let the shell go on).
  wrk -t1 -c"$conns" -d"${secs}s" --latency "${script[@]}" "$(url_of "$name" "$route")" >"$out" 2>&1 </dev/null &
  wrk_pid=$!
  local st=0
  wait "$wrk_pid" || st=$?
  wrk_pid=""
  [ "$st" = 0 ] || {
    echo "   wrk exited with status $st against $name:" >&2; sed 's/^/   | /' "$out" >&2; return 1; }
}

check_alive() {   # check_alive PEER WHEN
  local name=$1 when=$2 st
  alive "$name" && return 0
  dead[$name]=1
  wait "${pidof[$name]}" 2>/dev/null && st=0 || st=$?
  problems+=("${label[$name]}: the server died during $when (exit status $st)")
  echo "   ${label[$name]} DIED during $when (exit status $st); its stderr / error log ends with:"
  tail -c 2000 "${errlog[$name]}" 2>/dev/null | sed 's/^/   | /'
  return 1
}

warm() {   # warm ROUTE...
  [ "$warmup" -gt 0 ] || return 0
  local name route
  echo "== Warm-up: ${warmup}s per peer and route, $* (not counted)"
  for name in "${peers[@]}"; do
    for route in "$@"; do
      [ -z "${dead[$name]:-}" ] || continue
      run_wrk "$name" "$route" "$tmp/warmup.$name.$route" "$warmup" || true
      check_alive "$name" "the warm-up of ($route)" || true
    done
  done
  echo
}

results="$tmp/results.tsv"
: > "$results"
disturbed=()

# Waits, at most QUIET_WAIT seconds, until the machine is idle: less than
# 0.25 cores busy over one second (the servers are idle between runs). The
# machine has 2 cores: a build or test running beside the benchmark would
# take CPU from the peer being measured.
wait_quiet() {
  local waited=0 b0 t0 b1 t1 busy
  while :; do
    read -r b0 t0 < <(cpu_machine)
    sleep 1
    read -r b1 t1 < <(cpu_machine)
    busy=$(awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) -v n="$ncpu" 'BEGIN { printf "%.2f", t > 0 ? b / t * n : 0 }')
    awk -v b="$busy" 'BEGIN { exit !(b < 0.25) }' && return 0
    if [ "$waited" -ge "$quiet_wait" ]; then
      echo "   (the machine is still busy, $busy cores, after ${waited}s of waiting: running anyway)"
      return 0
    fi
    [ "$waited" -gt 0 ] || echo "   (the machine is busy, $busy cores: waiting up to ${quiet_wait}s for it to be idle)"
    sleep 4
    waited=$((waited + 5))
  done
}

measure() {   # measure ROUTE...
  local r name route out fields rps p50 p99 sock non2xx nreq k n=${#peers[@]} try note
  echo "== Rounds: $*"
  for r in $(seq "$rounds"); do
    # The peers take turns; the order rotates by one each round.
    local order=()
    for k in $(seq 0 $((n - 1))); do order+=("${peers[$(((k + r - 1) % n))]}"); done
    for name in "${order[@]}"; do
      for route in "$@"; do
        for try in $(seq 0 "$retries"); do
          [ -z "${dead[$name]:-}" ] || continue 2
          wait_quiet
          out="$tmp/wrk.$route.$r.$name"
          cpu_mark "$name" "$out.cpu0"
          run_wrk "$name" "$route" "$out" "$dur" || problems+=("($route) round $r, ${label[$name]}: wrk failed")
          cpu_mark "$name" "$out.cpu1"
          fields=$($summary parse "$out")
          read -r rps p50 p99 sock non2xx nreq <<<"$fields"
          read -r c_server c_wrk c_other < <(cpu_cores "$out.cpu0" "$out.cpu1")
          note=""
          [ "$try" = 0 ] || note="  (run again)"
          printf '   (%s) round %d  %-22s %10s req/s  p50 %7s ms  p99 %8s ms  requests %8s  sockerr %s  non-2xx %s  cpu: server %s (threads %s) wrk %s other %s%s\n' \
            "$route" "$r" "${label[$name]}" "$rps" "$p50" "$p99" "$nreq" "$sock" "$non2xx" "$c_server" \
            "$(cpu_threads "$out.cpu0" "$out.cpu1" | tr ' ' '/')" "$c_wrk" "$c_other" "$note"
          if [ "$sock" != 0 ] || [ "$non2xx" != 0 ]; then
            problems+=("($route) round $r, ${label[$name]}: wrk reported $sock socket errors, $non2xx non-2xx/3xx responses")
            grep -E 'Socket errors|Non-2xx' "$out" | sed 's/^/     wrk: /'
          fi
          check_alive "$name" "($route) round $r" || true
          # Something else took CPU during the run: run it again (RETRIES
          # times), the last run counts.
          if awk -v o="$c_other" 'BEGIN { exit !(o != "-" && o + 0 > 0.25) }'; then
            if [ "$try" -lt "$retries" ] && [ -z "${dead[$name]:-}" ]; then
              echo "     (other processes used $c_other cores during that run: running it again)"
              continue
            fi
            disturbed+=("($route) round $r ${label[$name]}: $c_other cores")
          fi
          printf '%s\t%s\t%s\t%s %s %s %s\n' "$route" "$r" "$name" "$fields" "$c_server" "$c_wrk" "$c_other" >> "$results"
          break
        done
      done
    done
  done
  echo
}

# GET routes first; the POST last, so its appends never come before a GET run.
warm a b
measure a b
warm c
measure c

for name in "${peers[@]}"; do
  [ -n "${dead[$name]:-}" ] || check_alive "$name" "the end of the runs" || true
  # After the load, the GET routes still answer what they answered before.
  if [ -z "${dead[$name]:-}" ]; then
    for key in a b; do
      path=/items; [ "$key" = a ] || path=/items/1
      fetch "$name" "after.$key" "$path"
      if [ "$code" != 200 ] || ! cmp -s "$tmp/$name.$key.body" "$tmp/$name.after.$key.body"; then
        problems+=("${label[$name]}: after the runs, GET $path answered $code with a different body ($(head -c 200 "$tmp/$name.after.$key.body" 2>/dev/null))")
      fi
    done
  fi
  # Anything the servers logged as a problem (WebX's prod errors go to stderr).
  if [ -s "${errlog[$name]}" ]; then
    echo "== ${label[$name]} wrote to its stderr / error log (last 1500 bytes):"
    tail -c 1500 "${errlog[$name]}" | sed 's/^/   | /'
    echo
  fi
done

echo "== Results (median of $rounds rounds of ${dur}s; wrk -t1 -c$conns --latency; $(nproc) cores shared with wrk)"
python3 bench/js/report.py "$results"

if ((${#disturbed[@]})); then
  notes+=("other processes used more than 0.25 cores during ${#disturbed[@]} run(s), whose figures are then low: $(IFS=";"; echo "${disturbed[*]}" | sed "s/;/; /g")")
fi
if ((${#notes[@]})); then
  echo
  echo "== Notes"
  printf '   %s\n' "${notes[@]}"
fi

if ((${#problems[@]})); then
  echo
  echo "== PROBLEMS"
  printf '   %s\n' "${problems[@]}"
  exit 1
fi
