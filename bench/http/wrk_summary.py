#!/usr/bin/env python3
"""Helpers for bench/http_static.sh.

  wrk_summary.py parse WRK_OUTPUT
      prints one line: requests/s, p50 ms, p99 ms, socket errors, non-2xx/3xx
      (wrk's "Non-2xx or 3xx responses"), requests; "-" for what is missing.

  wrk_summary.py report RESULTS.tsv
      RESULTS.tsv has lines "round<TAB>peer<TAB>label<TAB>parse output"; prints
      the median table per peer and the WebX/nginx ratios.

  wrk_summary.py nginx-quote FILE
      prints FILE's text escaped for a single-quoted nginx string (\\ and \').
"""
import re
import statistics
import sys

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}


def to_ms(text):
    m = re.fullmatch(r"([0-9.]+)(us|ms|s|m|h)", text)
    if not m:
        return None
    return float(m.group(1)) * UNITS_MS[m.group(2)]


def parse(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    rps = p50 = p99 = None
    sock = 0
    non2xx = 0
    requests = None
    m = re.search(r"^Requests/sec:\s+([0-9.]+)", text, re.M)
    if m:
        rps = float(m.group(1))
    m = re.search(r"^\s+50(?:\.000)?%\s+(\S+)", text, re.M)
    if m:
        p50 = to_ms(m.group(1))
    m = re.search(r"^\s+99(?:\.000)?%\s+(\S+)", text, re.M)
    if m:
        p99 = to_ms(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        sock = sum(int(g) for g in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        non2xx = int(m.group(1))
    m = re.search(r"^\s+(\d+) requests in", text, re.M)
    if m:
        requests = int(m.group(1))

    def f(v, fmt):
        return "-" if v is None else fmt % v

    print(f(rps, "%.2f"), f(p50, "%.4f"), f(p99, "%.4f"), sock, non2xx, f(requests, "%d"))


def num(s):
    return None if s == "-" else float(s)


def report(path):
    peers = {}   # peer -> {"label", "rps": [], "p50": [], "p99": [], "sock", "non2xx", "rounds"}
    order = []
    for line in open(path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 4:
            continue
        _round, peer, label, fields = parts[0], parts[1], parts[2], parts[3].split()
        if peer not in peers:
            peers[peer] = {"label": label, "rps": [], "p50": [], "p99": [], "sock": 0,
                           "non2xx": 0, "rounds": 0}
            order.append(peer)
        p = peers[peer]
        p["rounds"] += 1
        rps, p50, p99 = num(fields[0]), num(fields[1]), num(fields[2])
        if rps is not None:
            p["rps"].append(rps)
        if p50 is not None:
            p["p50"].append(p50)
        if p99 is not None:
            p["p99"].append(p99)
        p["sock"] += int(fields[3])
        p["non2xx"] += int(fields[4])

    def med(xs):
        return statistics.median(xs) if xs else None

    def fmt(v, spec):
        return "n/a" if v is None else format(v, spec)

    print("%-26s %12s %9s %9s %8s %8s %7s" % ("peer", "requests/s", "p50 ms", "p99 ms",
                                              "sockerr", "non-2xx", "rounds"))
    summary = {}
    for peer in order:
        p = peers[peer]
        s = {"rps": med(p["rps"]), "p50": med(p["p50"]), "p99": med(p["p99"])}
        summary[peer] = s
        print("%-26s %12s %9s %9s %8d %8d %7d" % (
            p["label"], fmt(s["rps"], ",.0f"), fmt(s["p50"], ".3f"), fmt(s["p99"], ".3f"),
            p["sock"], p["non2xx"], p["rounds"]))
    print("(medians over the rounds; sockerr and non-2xx are totals over the rounds;")
    print(" per-round values: " + "; ".join(
        "%s %s" % (peer, "/".join(fmt(v, ".0f") for v in peers[peer]["rps"])) for peer in order)
        + " req/s)")

    print()
    print("%-52s %12s %8s" % ("ratio", "requests/s", "p99"))
    for w in [k for k in order if k.startswith("webx")]:
        for n in [k for k in order if k.startswith("nginx")]:
            a, b = summary[w], summary[n]
            r_rps = a["rps"] / b["rps"] if a["rps"] and b["rps"] else None
            r_p99 = a["p99"] / b["p99"] if a["p99"] and b["p99"] else None
            print("%-52s %12s %8s" % ("%s / %s" % (peers[w]["label"], peers[n]["label"]),
                                      "n/a" if r_rps is None else "%.2fx" % r_rps,
                                      "n/a" if r_p99 is None else "%.2fx" % r_p99))
    print("(requests/s: above 1 means WebX is faster; p99: below 1 means WebX's tail is lower)")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "parse":
        parse(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "nginx-quote":
        body = open(sys.argv[2], "rb").read().decode("utf-8", errors="surrogateescape")
        out = body.replace("\\", "\\\\").replace("'", "\\'")
        sys.stdout.buffer.write(out.encode("utf-8", errors="surrogateescape"))
    elif len(sys.argv) == 3 and sys.argv[1] == "report":
        report(sys.argv[2])
    else:
        sys.exit(__doc__)
