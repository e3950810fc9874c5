#!/usr/bin/env python3
"""Report of bench/js_routes.sh.

  report.py RESULTS.tsv
      RESULTS.tsv has lines "route<TAB>round<TAB>peer<TAB>fields", where
      fields are the output of `bench/http/wrk_summary.py parse` (requests/s,
      p50 ms, p99 ms, socket errors, non-2xx/3xx, requests) and then the CPU
      used during the run, in cores: the server, wrk, everything else. Prints, per route,
      the median over the rounds per peer and the ratios of WebX's requests/s
      to each other peer's, with the issue's targets for routes (a) and (b).
"""
import statistics
import sys

LABELS = {
    "webx": "webx (1 thread)",
    "express": "express 5 (node)",
    "fastify": "fastify 5 (node)",
    "njs": "nginx+njs (1 worker)",
}
ROUTES = {
    "a": "(a) GET /items — HTML, 20 items through a template",
    "b": "(b) GET /items/1 — one item as JSON",
    "c": "(c) POST /items — urlencoded form, appends an item",
}
# The targets for WebX's requests/s over each peer's, routes (a), (b).
TARGETS = {"express": 2.0, "fastify": 1.0, "njs": 1.0}
TARGET_ROUTES = ("a", "b")


def num(s):
    return None if s == "-" else float(s)


def med(xs):
    return statistics.median(xs) if xs else None


def fmt(v, spec):
    return "n/a" if v is None else format(v, spec)


def main(path):
    data = {}    # route -> peer -> {"rps": [], "p50": [], "p99": [], "sock": n, "non2xx": n}
    order = []
    for line in open(path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 4:
            continue
        route, _round, peer, fields = parts[0], parts[1], parts[2], parts[3].split()
        d = data.setdefault(route, {})
        if peer not in order:
            order.append(peer)
        p = d.setdefault(peer, {"rps": [], "p50": [], "p99": [], "sock": 0, "non2xx": 0,
                                "cpu": [], "wrk": [], "other": []})
        for key, value in zip(("rps", "p50", "p99"), fields[:3]):
            if num(value) is not None:
                p[key].append(num(value))
        for key, value in zip(("cpu", "wrk", "other"), fields[6:9]):
            if num(value) is not None:
                p[key].append(num(value))
        p["sock"] += int(fields[3])
        p["non2xx"] += int(fields[4])

    peers = [k for k in LABELS if k in order] + [k for k in order if k not in LABELS]
    missed = []
    for route in sorted(data):
        d = data[route]
        print(ROUTES.get(route, route))
        print("  %-22s %12s %9s %9s %8s %8s %6s %6s %6s   %s" % (
            "peer", "requests/s", "p50 ms", "p99 ms", "sockerr", "non-2xx",
            "server", "wrk", "other", "per round (req/s)"))
        med_rps = {}
        for peer in peers:
            if peer not in d:
                continue
            p = d[peer]
            med_rps[peer] = med(p["rps"])
            print("  %-22s %12s %9s %9s %8d %8d %6s %6s %6s   %s" % (
                LABELS.get(peer, peer), fmt(med_rps[peer], ",.0f"), fmt(med(p["p50"]), ".3f"),
                fmt(med(p["p99"]), ".3f"), p["sock"], p["non2xx"],
                fmt(med(p["cpu"]), ".2f"), fmt(med(p["wrk"]), ".2f"),
                fmt(max(p["other"]) if p["other"] else None, ".2f"),
                " / ".join(fmt(v, ".0f") for v in p["rps"])))
        if "webx" in d:
            for peer in peers:
                if peer == "webx" or peer not in d:
                    continue
                a, b = med_rps.get("webx"), med_rps.get(peer)
                ratio = a / b if a and b else None
                line = "  webx / %-15s %6s" % (peer, "n/a" if ratio is None else "%.2fx" % ratio)
                if route in TARGET_ROUTES and peer in TARGETS:
                    ok = ratio is not None and ratio >= TARGETS[peer]
                    line += "   target >= %.0fx: %s" % (TARGETS[peer], "met" if ok else "MISSED")
                    if not ok:
                        missed.append("%s webx/%s" % (route, peer))
                print(line)
        print()
    print("(medians over the rounds; sockerr and non-2xx are totals over the rounds;")
    print(" server, wrk: median CPU used during the runs, in cores (1.00 = one core busy throughout);")
    print(" other: the most CPU anything else used during one of the runs, in cores (should be ~0);")
    print(" webx / peer: ratio of the medians of requests/s, above 1 means WebX is faster)")
    if missed:
        print("targets missed: " + ", ".join(missed))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
