#!/usr/bin/env bash
# Start-up time and memory of `webx run --prod` on examples/todo.
#
# (a) start -> first accepted connection: a Python script takes the time,
#     spawns `webx run examples/todo --prod --port P`, and retries connect() to
#     127.0.0.1:P every 0.5 ms until it succeeds (then also times the first
#     HTTP response to GET /, whatever its status). Median of RUNS runs
#     (default 20), after one unmeasured run that warms the page cache; each
#     server is stopped before the next run.
# (b) resident memory: VmRSS from /proc/PID/status of one `webx run --prod`
#     after ~1 s idle, then after 10,000 requests to GET / (wrk, keep-alive,
#     bench/http/stop_after.lua), after 10,000 more (does it settle?), and after
#     10,000 to a static file (GET /assets/app.css), each read ~1 s after wrk
#     is done.
# Targets (issue): start -> first accepted connection < 50 ms; idle RSS < 15 MB
# (15 MiB here: 15,360 kB as /proc counts). Prints PASS/FAIL per target;
# exit status 1 when a target is missed or the server fails to start.
#
# usage: bench/startup_rss.sh [RUNS]
# env:   WEBX=path to the webx binary (default build/cli/webx)
#        PROJECT=project folder (default examples/todo)
# needs: bench/setup.sh (wrk) and a built WebX (scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
[[ "$runs" =~ ^[0-9]+$ && "$runs" -ge 1 ]] || { echo "usage: $0 [RUNS]" >&2; exit 2; }
webx="${WEBX:-build/cli/webx}"
project="${PROJECT:-examples/todo}"
for tool in wrk python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "startup_rss: $tool not found; run bench/setup.sh" >&2; exit 1; }
done
[ -x "$webx" ] || { echo "startup_rss: $webx not found; build WebX first (scripts/build.sh)" >&2; exit 1; }

exec python3 - "$webx" "$project" "$runs" <<'PY'
import os, re, signal, socket, statistics, subprocess, sys, tempfile, time

webx, project, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
START_TARGET_MS = 50.0
RSS_TARGET_KB = 15 * 1024
WRK_BOUND_S = 20       # upper bound for 10k requests (wrk is stopped as soon as they are answered)
children = []          # every process started, stopped on the way out
tmp = tempfile.mkdtemp(prefix="webx-startup-bench.")


def on_signal(sig, frame):
    raise SystemExit(128 + sig)


signal.signal(signal.SIGTERM, on_signal)
signal.signal(signal.SIGHUP, on_signal)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def stop(p):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=6)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    if p in children:
        children.remove(p)


def stop_all():
    for p in list(children):
        stop(p)


def tail(path, n=2000):
    try:
        with open(path, "rb") as f:
            return f.read()[-n:].decode("utf-8", "replace")
    except OSError:
        return ""


def fail(msg):
    print("startup_rss: " + msg, file=sys.stderr)
    raise SystemExit(1)


def spawn(port, out_path, err_path):
    out = open(out_path, "wb")
    err = open(err_path, "wb")
    p = subprocess.Popen([webx, "run", project, "--prod", "--port", str(port)],
                         stdin=subprocess.DEVNULL, stdout=out, stderr=err)
    out.close()
    err.close()
    children.append(p)
    return p


def time_start(i):
    """One run: ms from spawn to the first successful connect(), and to the
    first byte of the answer to GET / on that connection."""
    port = free_port()
    err_path = os.path.join(tmp, "start.%d.err" % i)
    t0 = time.perf_counter()
    p = spawn(port, os.devnull, err_path)
    deadline = t0 + 5.0
    while True:
        s = socket.socket()
        try:
            s.connect(("127.0.0.1", port))
            t_conn = time.perf_counter()
            break
        except (ConnectionRefusedError, OSError):
            s.close()
            if p.poll() is not None:
                fail("run %d: webx exited with status %s before accepting a connection:\n%s"
                     % (i, p.returncode, tail(err_path)))
            if time.perf_counter() > deadline:
                stop(p)
                fail("run %d: no connection accepted on port %d within 5 s:\n%s"
                     % (i, port, tail(err_path)))
            time.sleep(0.0005)
    t_resp = None
    status = None
    try:
        s.settimeout(5)
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        first = s.recv(64)
        if first:
            t_resp = time.perf_counter()
            status = first.split(b"\r\n", 1)[0].decode("latin-1", "replace")
    except OSError:
        pass
    finally:
        s.close()
    stop(p)
    return ((t_conn - t0) * 1000.0,
            None if t_resp is None else (t_resp - t0) * 1000.0, status)


def status_kb(pid):
    fields = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.strip()
    def kb(key):
        v = fields.get(key, "")
        return int(v.split()[0]) if v else None
    return {"VmRSS": kb("VmRSS"), "RssAnon": kb("RssAnon"), "RssFile": kb("RssFile"),
            "VmHWM": kb("VmHWM"), "Threads": fields.get("Threads", "?")}


def wait_banner(p, port, out_path, err_path, timeout=15.0):
    want = ("listening on http://127.0.0.1:%d" % port).encode()
    deadline = time.time() + timeout
    while time.time() < deadline:
        with open(out_path, "rb") as f:
            if want in f.read():
                return
        if p.poll() is not None:
            fail("webx exited with status %s before listening:\n%s" % (p.returncode, tail(err_path)))
        time.sleep(0.01)
    fail("webx did not print %r within %.0f s:\n%s" % (want.decode(), timeout, tail(err_path)))


def wrk_requests(port, path, count):
    """count requests to path over keep-alive; returns (requests, non2xx, sockerr, rps)."""
    cmd = ["wrk", "-t1", "-c16", "-d%ds" % WRK_BOUND_S, "-s", "bench/http/stop_after.lua",
           "http://127.0.0.1:%d%s" % (port, path), "--", str(count)]
    w = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    children.append(w)
    lines = []
    for line in w.stdout:
        lines.append(line)
        if line.startswith("stop_after: limit reached"):
            w.send_signal(signal.SIGINT)   # wrk then prints its summary at once
    w.wait()
    children.remove(w)
    text = "".join(lines)
    m = re.search(r"(\d+) requests in", text)
    n = int(m.group(1)) if m else 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    non2xx = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    sockerr = sum(int(g) for g in m.groups()) if m else 0
    m = re.search(r"Requests/sec:\s+([0-9.]+)", text)
    rps = float(m.group(1)) if m else None
    if w.returncode != 0:
        print("   wrk (status %s) said:\n%s" % (w.returncode, text), file=sys.stderr)
    elif n < count:
        print("   only %d of %d requests answered within wrk's %d s bound: no answer from the server for %s"
              % (n, count, WRK_BOUND_S, path))
    return n, non2xx, sockerr, rps


def http_status(port, path):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" % path).encode())
            return s.recv(256).split(b"\r\n", 1)[0].decode("latin-1", "replace")
    except OSError as e:
        return "no answer (%s)" % e


def main():
    results = []
    print("== webx run %s --prod: start-up and memory" % project)
    print("   %s" % time.strftime("%a %b %d %H:%M:%S %Z %Y"))
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    print("   %d cores, %s" % (os.cpu_count(), cpu))
    print()

    # (a) start-up
    print("== (a) exec -> first accepted TCP connection (connect() retried every 0.5 ms), %d runs" % runs)
    time_start(0)      # unmeasured: warms the page cache
    conn, resp, statuses = [], [], set()
    for i in range(1, runs + 1):
        c, r, st = time_start(i)
        conn.append(c)
        if r is not None:
            resp.append(r)
        statuses.add(st or "no answer")
    med = statistics.median(conn)
    print("   first accepted connection: median %.1f ms (min %.1f, max %.1f)"
          % (med, min(conn), max(conn)))
    print("   runs (ms): " + " ".join("%.1f" % c for c in conn))
    if resp:
        print("   first response to GET /:   median %.1f ms (min %.1f, max %.1f); status %s"
              % (statistics.median(resp), min(resp), max(resp), ", ".join(sorted(statuses))))
    else:
        print("   first response to GET /:   none (%s)" % ", ".join(sorted(statuses)))
    ok_start = med < START_TARGET_MS
    results.append(("start -> first accepted connection < %.0f ms" % START_TARGET_MS,
                    "%.1f ms" % med, ok_start))
    print()

    # (b) memory
    print("== (b) resident memory of one `webx run %s --prod --port P` (default threads)" % project)
    port = free_port()
    out_path, err_path = os.path.join(tmp, "rss.out"), os.path.join(tmp, "rss.err")
    p = spawn(port, out_path, err_path)
    wait_banner(p, port, out_path, err_path)
    time.sleep(1.0)
    rows = []

    def sample(what):
        if p.poll() is not None:
            fail("webx died (status %s) %s:\n%s" % (p.returncode, what, tail(err_path)))
        kb = status_kb(p.pid)
        rows.append((what, kb))
        print("   %-44s VmRSS %7d kB (%5.1f MiB)  RssAnon %6d kB  RssFile %6d kB  VmHWM %7d kB  threads %s"
              % (what, kb["VmRSS"], kb["VmRSS"] / 1024.0, kb["RssAnon"] or 0, kb["RssFile"] or 0,
                 kb["VmHWM"] or 0, kb["Threads"]))
        return kb

    idle = sample("idle, ~1 s after the banner")
    print("   GET / answers: %s; GET /assets/app.css answers: %s"
          % (http_status(port, "/"), http_status(port, "/assets/app.css")))
    for label, path in (("after 10k x GET / (wrk -c16)", "/"),
                        ("after 10k more x GET /", "/"),
                        ("after 10k x GET /assets/app.css", "/assets/app.css")):
        n, non2xx, sockerr, rps = wrk_requests(port, path, 10000)
        time.sleep(1.0)
        sample(label)
        print("   %44s (%d requests, %s req/s, %d non-2xx/3xx, %d socket errors)"
              % ("", n, "n/a" if rps is None else "%.0f" % rps, non2xx, sockerr))
    stop(p)
    ok_rss = idle["VmRSS"] < RSS_TARGET_KB
    results.append(("idle RSS < 15 MiB (%d kB)" % RSS_TARGET_KB,
                    "%d kB (%.1f MiB)" % (idle["VmRSS"], idle["VmRSS"] / 1024.0), ok_rss))
    print()

    print("== Targets")
    for what, value, ok in results:
        print("   %-4s %-46s %s" % ("PASS" if ok else "FAIL", what, value))
    return 0 if all(ok for _, _, ok in results) else 1


try:
    code = main()
except KeyboardInterrupt:
    print("\nstartup_rss: interrupted", file=sys.stderr)
    code = 130
finally:
    stop_all()
    subprocess.run(["rm", "-rf", tmp])
sys.exit(code)
PY
