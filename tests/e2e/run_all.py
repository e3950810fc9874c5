#!/usr/bin/env python3
"""Run every tests/e2e/test_*.py (each as its own process), print a summary,
exit 1 if any failed.

    python3 tests/e2e/run_all.py            # one file after the other
    python3 tests/e2e/run_all.py -j 3       # three files at a time
    python3 tests/e2e/run_all.py static cors  # only test_static.py, test_cors.py
"""

import argparse
import concurrent.futures
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILE_TIMEOUT = 120  # seconds per file, a bound for a hung server


def run(path: Path):
    t0 = time.monotonic()
    try:
        r = subprocess.run([sys.executable, str(path)], cwd=HERE, capture_output=True,
                           timeout=FILE_TIMEOUT, text=True)
        code, out = r.returncode, r.stdout + r.stderr
    except subprocess.TimeoutExpired as e:
        code = -1
        parts = [x.decode("utf-8", "replace") if isinstance(x, bytes) else (x or "")
                 for x in (e.stdout, e.stderr)]
        out = f"timed out after {FILE_TIMEOUT}s\n" + "".join(parts)
    return path.name, code, out, time.monotonic() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-j", "--jobs", type=int, default=1)
    ap.add_argument("-v", "--verbose", action="store_true", help="print the output of passing files too")
    ap.add_argument("names", nargs="*", help="file names without test_ and .py")
    args = ap.parse_args()
    files = sorted(HERE.glob("test_*.py"))
    if args.names:
        files = [f for f in files if f.stem[len("test_"):] in args.names]
        if not files:
            print("no such test file", file=sys.stderr)
            return 2
    t0 = time.monotonic()
    failed = []
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        for name, code, out, secs in pool.map(run, files):
            status = "ok" if code == 0 else f"FAILED (exit {code})"
            print(f"{name:24} {status:18} {secs:6.1f}s", flush=True)
            if code != 0 or args.verbose:
                print(out.rstrip() + "\n", flush=True)
            if code != 0:
                failed.append(name)
    print(f"{len(files) - len(failed)}/{len(files)} files passed in {time.monotonic() - t0:.1f}s"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
