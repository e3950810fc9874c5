#!/usr/bin/env bash
# HTTP benchmark: WebX vs nginx on the same ~1 KB static HTML page over
# keep-alive, `wrk -t1 -c64 -d${SECONDS}s --latency` on 127.0.0.1.
#
# Peers (all started once, side by side, on ports picked free at run time):
#   webx-1t       build/cli/webx run bench/http/project --prod --port P --threads 1
#   webx-2t       the same with --threads 2 (wrk shares the machine's cores with it)
#   nginx-file    nginx, one worker, the same bytes from a file on disk
#                 (sendfile, open_file_cache: as a tuned nginx would serve it)
#   nginx-return  nginx, one worker, `return 200 '<the same bytes>'` (in memory)
# The page is the static template of bench/http/project, rendered by WebX at
# build time; its body is fetched from WebX once and written into nginx's file
# and return directive, and every peer's body is checked to be byte-identical.
#
# Each round runs every peer once, in turn (webx, nginx, webx, nginx); the
# median of the rounds is reported per peer, with WebX/nginx ratios.
# Exit status 1 when a peer fails to start or dies, or wrk reports socket
# errors or non-2xx/3xx responses. Every server started is stopped on exit.
#
# usage: bench/http_static.sh [SECONDS] [ROUNDS]    (defaults: 10 3)
# env:   WEBX=path to the webx binary (default build/cli/webx)
#        WARMUP=seconds of unmeasured wrk per peer before the rounds (default 2)
# needs: bench/setup.sh (nginx, wrk) and a built WebX (scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

dur="${1:-10}"
rounds="${2:-3}"
warmup="${WARMUP:-2}"
webx="${WEBX:-build/cli/webx}"
project=bench/http/project
conns=64

[[ "$dur" =~ ^[0-9]+$ && "$dur" -ge 1 ]] || { echo "usage: $0 [SECONDS] [ROUNDS]" >&2; exit 2; }
[[ "$rounds" =~ ^[0-9]+$ && "$rounds" -ge 1 ]] || { echo "usage: $0 [SECONDS] [ROUNDS]" >&2; exit 2; }
for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "http_static: $tool not found; run bench/setup.sh" >&2; exit 1; }
done
[ -x "$webx" ] || { echo "http_static: $webx not found; build WebX first (scripts/build.sh)" >&2; exit 1; }
nginx_bin=$(command -v nginx)

. "$root/bench/lib.sh"
bench_init http_static

summary="python3 $root/bench/http/wrk_summary.py"

# Four distinct free ports: all bound at once, then released.
read -r port_w1 port_w2 port_nf port_nr < <(python3 - <<'PY'
import socket
socks = []
for _ in range(4):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(*(s.getsockname()[1] for s in socks))
PY
)

# peer table: name, label, port, pid (filled when started)
declare -A label port pidof
peers=(webx-1t nginx-file webx-2t nginx-return)
label[webx-1t]="webx (1 thread)";        port[webx-1t]=$port_w1
label[webx-2t]="webx (2 threads)";       port[webx-2t]=$port_w2
label[nginx-file]="nginx (file, 1 worker)"; port[nginx-file]=$port_nf
label[nginx-return]="nginx (return, 1 worker)"; port[nginx-return]=$port_nr

fail() { echo "http_static: $*" >&2; exit 1; }

# Waits for the banner line `listening on http://127.0.0.1:PORT` on the
# server's stdout (docs/server.md), at most 15 s.
wait_banner() {
  local name=$1 pid=$2 log=$3 want="listening on http://127.0.0.1:${port[$1]}"
  for _ in $(seq 1500); do
    grep -qF "$want" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || {
      echo "--- $name stdout:" >&2; cat "$log" >&2
      echo "--- $name stderr:" >&2; cat "$log.err" >&2
      fail "$name exited before listening"; }
    sleep 0.01
  done
  echo "--- $name stdout:" >&2; cat "$log" >&2
  echo "--- $name stderr:" >&2; cat "$log.err" >&2
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:${port[$name]}/"; then
    fail "$name answers on port ${port[$name]} but never printed '$want' (stdout not flushed?)"
  fi
  fail "$name did not print '$want' within 15 s"
}

# Waits until a TCP connection to the port succeeds, at most 10 s.
wait_port() {
  local name=$1 pid=$2
  for _ in $(seq 1000); do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:${port[$name]}/" && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/$name/error.log" >&2 2>/dev/null; fail "$name exited before listening"; }
    sleep 0.01
  done
  fail "$name is not listening on ${port[$name]} after 10 s"
}

start_webx() {
  local name=$1 threads=$2 log="$tmp/$1.out"
  # Line-buffered stdout where the server uses C stdio, so the banner reaches the file at once.
  local prefix=()
  command -v stdbuf >/dev/null 2>&1 && prefix=(stdbuf -oL)
  "${prefix[@]}" "$webx" run "$project" --prod --port "${port[$name]}" --threads "$threads" \
    >"$log" 2>"$log.err" </dev/null &
  pidof[$name]=$!
  pids+=("$!")
  wait_banner "$name" "$!" "$log"
}

# nginx with one process that is its only worker, everything under its own
# prefix in $tmp. $2: "file" or "return".
start_nginx() {
  local name=$1 kind=$2 dir="$tmp/$1"
  mkdir -p "$dir/www" "$dir/temp"
  cp "$tmp/body.html" "$dir/www/index.html"
  local location
  if [ "$kind" = file ]; then
    location="
    location = / {
      root $dir/www;
      try_files /index.html =404;
    }"
  else
    # Quoted nginx string: escape \ and '; a $ would start a variable.
    grep -q '\$' "$tmp/body.html" && fail "the page contains '\$', which nginx's return would expand"
    local quoted
    quoted=$($summary nginx-quote "$tmp/body.html"; echo x)   # x keeps a trailing newline
    quoted=${quoted%x}
    location="
    location = / {
      default_type $ctype_type;
      return 200 '$quoted';
    }"
  fi
  cat > "$dir/nginx.conf" <<EOF
# generated by bench/http_static.sh
worker_processes 1;
master_process off;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events {
  worker_connections 4096;
  multi_accept on;
}
http {
  access_log off;
  server_tokens off;
  types { text/html html; }
  default_type $ctype_type;
  $charset_line
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65s;
  keepalive_requests 100000;
  open_file_cache max=1000 inactive=60s;
  open_file_cache_valid 60s;
  open_file_cache_min_uses 1;
  open_file_cache_errors on;
  client_body_temp_path $dir/temp/body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;
  server {
    listen 127.0.0.1:${port[$name]} backlog=4096;
    $location
  }
}
EOF
  "$nginx_bin" -t -q -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" 2>"$dir/test.err" \
    || { cat "$dir/test.err" "$dir/error.log" >&2 2>/dev/null; fail "$name: nginx -t refused $dir/nginx.conf"; }
  "$nginx_bin" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" >"$dir/stdout" 2>&1 </dev/null &
  pidof[$name]=$!
  pids+=("$!")
  wait_port "$name" "$!"
}

echo "== WebX vs nginx: static page, keep-alive, wrk -t1 -c$conns -d${dur}s --latency, $rounds rounds"
echo "   $(date)"
echo "   $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $($nginx_bin -v 2>&1 | sed 's/.*: //'), $(wrk --version 2>&1 | head -1 | awk '{print $1, $2}')"
echo

start_webx webx-1t 1
start_webx webx-2t 2

# The page as WebX serves it: status, headers and body.
code=$(curl -s -o "$tmp/body.html" -D "$tmp/webx.headers" -w '%{http_code}' "http://127.0.0.1:$port_w1/")
[ "$code" = 200 ] || { cat "$tmp/webx.headers" >&2; head -c 600 "$tmp/body.html" >&2; echo >&2; fail "webx-1t answered GET / with $code, not 200"; }
[ -s "$tmp/body.html" ] || fail "webx-1t answered GET / with an empty body"

# nginx sends the same Content-Type as WebX (its type, plus charset when WebX has one).
ctype=$(grep -i '^content-type:' "$tmp/webx.headers" | head -1 | sed 's/^[^:]*:[[:space:]]*//; s/\r$//')
ctype_type=$(printf '%s' "${ctype:-text/html}" | sed 's/;.*//; s/[[:space:]]*$//')
charset=$(printf '%s' "$ctype" | sed -n 's/.*charset=\([^;[:space:]]*\).*/\1/ip')
charset_line=""
# (charset_types' default already lists text/html; add the type when it is another)
if [ -n "$charset" ]; then
  charset_line="charset $charset;"
  [ "$ctype_type" = text/html ] || charset_line="$charset_line charset_types $ctype_type;"
fi

start_nginx nginx-file file
start_nginx nginx-return return

echo "== Responses (each peer's headers once; bodies compared byte for byte)"
bytes=$(wc -c < "$tmp/body.html")
for name in "${peers[@]}"; do
  curl -s -o "$tmp/$name.body" -D "$tmp/$name.hdr" "http://127.0.0.1:${port[$name]}/" \
    || fail "$name: GET / failed"
  cmp -s "$tmp/body.html" "$tmp/$name.body" \
    || fail "$name: body differs from WebX's ($(wc -c < "$tmp/$name.body") vs $bytes bytes)"
  hbytes=$(wc -c < "$tmp/$name.hdr")
  echo "-- ${label[$name]} on 127.0.0.1:${port[$name]} ($hbytes header bytes + $bytes body bytes, body identical)"
  tr -d '\r' < "$tmp/$name.hdr" | sed '/^$/d; s/^/   /'
done
echo

problems=()
alive() { kill -0 "${pidof[$1]}" 2>/dev/null; }

# wrk against one peer; prints the wrk output to $2.
run_wrk() {
  local name=$1 out=$2 secs=$3
  # In the background and waited for, so that Ctrl-C runs the trap at once
  # (wrk catches SIGINT itself and would let the shell go on).
  wrk -t1 -c"$conns" -d"${secs}s" --latency "http://127.0.0.1:${port[$name]}/" >"$out" 2>&1 </dev/null &
  wrk_pid=$!
  local st=0
  wait "$wrk_pid" || st=$?
  wrk_pid=""
  [ "$st" = 0 ] || {
    echo "   wrk exited with status $st against $name:" >&2; sed 's/^/   | /' "$out" >&2; return 1; }
}

if [ "$warmup" -gt 0 ]; then
  echo "== Warm-up: ${warmup}s per peer (not counted)"
  for name in "${peers[@]}"; do
    run_wrk "$name" "$tmp/warmup.$name" "$warmup" || true
    alive "$name" || fail "$name died during the warm-up (stderr: $(tail -c 2000 "$tmp/$name.out.err" 2>/dev/null || tail -c 2000 "$tmp/$name/error.log"))"
  done
  echo
fi

echo "== Rounds"
results="$tmp/results.tsv"
: > "$results"
declare -A dead
for r in $(seq "$rounds"); do
  for name in "${peers[@]}"; do
    [ -z "${dead[$name]:-}" ] || continue
    out="$tmp/wrk.$r.$name"
    if ! run_wrk "$name" "$out" "$dur"; then
      problems+=("round $r, ${label[$name]}: wrk failed")
    fi
    fields=$($summary parse "$out")
    read -r rps p50 p99 sock non2xx nreq <<<"$fields"
    printf '   round %d  %-26s %10s req/s  p50 %8s ms  p99 %8s ms  requests %9s  sockerr %s  non-2xx %s\n' \
      "$r" "${label[$name]}" "$rps" "$p50" "$p99" "$nreq" "$sock" "$non2xx"
    printf '%s\t%s\t%s\t%s\n' "$r" "$name" "${label[$name]}" "$fields" >> "$results"
    if [ "$sock" != 0 ] || [ "$non2xx" != 0 ]; then
      problems+=("round $r, ${label[$name]}: wrk reported $sock socket errors, $non2xx non-2xx/3xx responses")
      grep -E 'Socket errors|Non-2xx' "$out" | sed 's/^/     wrk: /'
    fi
    if ! alive "$name"; then
      dead[$name]=1
      wait "${pidof[$name]}" 2>/dev/null && st=0 || st=$?
      problems+=("round $r, ${label[$name]}: the server died during the run (exit status $st)")
      echo "   ${label[$name]} DIED (exit status $st); its stderr / error log ends with:"
      { tail -c 2000 "$tmp/$name.out.err" 2>/dev/null || tail -c 2000 "$tmp/$name/error.log"; } | sed 's/^/   | /'
    fi
  done
done
echo

for name in "${peers[@]}"; do
  if [ -z "${dead[$name]:-}" ] && ! alive "$name"; then
    problems+=("${label[$name]}: the server died after its last run")
  fi
done

echo "== Results (median of $rounds rounds of ${dur}s; wrk -t1 -c$conns --latency; $(nproc) cores shared with wrk)"
$summary report "$results"

if ((${#problems[@]})); then
  echo
  echo "== PROBLEMS"
  printf '   %s\n' "${problems[@]}"
  exit 1
fi
