#!/usr/bin/env python3
"""Hot reload: time from saving a .webx file to the server answering with the
new version, on a copy of tests/e2e/projects/spec-todo (the spec's example) in dev mode.

Usage: bench/reload_time.py [RUNS]   (default 20; needs build/cli/webx)

Each run rewrites the template of renderTodo (not its global code) with a new
marker and polls GET / every millisecond until the marker appears; the state
(a todo added at the start) must survive every reload. Prints the median,
min and max; the target is under 200 ms.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WEBX = os.environ.get("WEBX", os.path.join(ROOT, "build", "cli", "webx"))


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    tmp = tempfile.mkdtemp(prefix="webx-reload-")
    project = os.path.join(tmp, "todo")
    shutil.copytree(os.path.join(ROOT, "tests", "e2e", "projects", "spec-todo"), project)
    source = os.path.join(project, "webx", "app.webx")
    proc = subprocess.Popen([WEBX, "run", project, "--port", "0", "--threads", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = None
        deadline = time.monotonic() + 10
        while port is None and time.monotonic() < deadline:
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", proc.stdout.readline())
            if m:
                port = int(m.group(1))
        if port is None:
            sys.exit("webx run did not start")
        base = f"http://127.0.0.1:{port}"
        urllib.request.urlopen(urllib.request.Request(base + "/todos", data=b"title=kept", method="POST")).read()
        text = open(source).read()
        original = '<li id={"todo-" + todo.id} class={todo.done ? "done" : ""}>{todo.title}</li>'
        if original not in text:
            sys.exit("tests/e2e/projects/spec-todo changed: update bench/reload_time.py")
        times = []
        for i in range(runs):
            marker = f"v{i}"
            with open(source, "w") as f:
                f.write(text.replace(original, f'<li class="{marker}">{{todo.title}}</li>'))
            saved = time.monotonic()
            while True:
                body = urllib.request.urlopen(base + "/").read().decode()
                if f'class="{marker}"' in body:
                    break
                if time.monotonic() - saved > 5:
                    sys.exit(f"run {i}: the change never showed up")
                time.sleep(0.001)
            times.append((time.monotonic() - saved) * 1000)
            if ">kept<" not in body:
                sys.exit(f"run {i}: the state was lost")
            time.sleep(0.05)
        med = statistics.median(times)
        print(f"save -> new behaviour over {runs} runs: median {med:.1f} ms "
              f"(min {min(times):.1f}, max {max(times):.1f}); state kept every time")
        print(("PASS" if med < 200 else "FAIL") + " median < 200 ms")
        return 0 if med < 200 else 1
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
