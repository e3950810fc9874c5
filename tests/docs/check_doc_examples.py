#!/usr/bin/env python3
"""Checks the WebX examples in the documentation.

Scans docs/*.md and README.md for fenced code blocks whose info string is

  webx           a complete module: `webx build` must accept it, and when it
                 has `test "…"` blocks, `webx test` must pass;
  webx-invalid   a module that must NOT build; its first line is a comment
                 `// error: TEXT` and the build output must contain TEXT;
  webx-fragment  a partial snippet: not checked.

Each checked block is staged alone as a one-module project in a temporary
folder (webx.config.json {"name": "doc", "src": "webx"}, the block as
webx/example.webx). The binary is $WEBX_BINARY, else build/cli/webx.

Usage: check_doc_examples.py [--root DIR] [--webx PATH] [-j N] [-v] [FILE.md ...]
Exit status 1 when any example fails; the last line is `N examples checked`.
Standard library only.
"""

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

CHECKED = ("webx", "webx-invalid")
KNOWN = CHECKED + ("webx-fragment",)
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)[^`]*$")
ERROR_LINE = re.compile(r"^\s*//\s*error:\s*(?P<text>.*?)\s*$")
HAS_TEST = re.compile(r"""(^|\W)test\s+["']""")
BUILD_TIMEOUT = 60
TEST_TIMEOUT = 180


class Example:
    def __init__(self, path, rel, line, kind, code):
        self.path = path      # absolute path of the .md file
        self.rel = rel        # as reported: docs/language.md
        self.line = line      # 1-based line of the opening fence
        self.kind = kind      # webx | webx-invalid | webx-fragment
        self.code = code      # the block's text


def extract(path, rel):
    """The fenced blocks of one Markdown file whose info string starts with webx."""
    examples = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info, indent = m.group("fence"), m.group("info"), len(m.group("indent"))
        start = i
        body = []
        i += 1
        while i < len(lines):
            close = re.match(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$", lines[i])
            if close:
                break
            text = lines[i]
            # Content of an indented fence loses up to that much indentation.
            strip = 0
            while strip < indent and strip < len(text) and text[strip] == " ":
                strip += 1
            body.append(text[strip:])
            i += 1
        i += 1  # past the closing fence (or the end of the file)
        kind = info.lower()
        if kind.startswith("webx"):
            examples.append(Example(path, rel, start + 1, kind, "\n".join(body) + "\n"))
    return examples


def run(cmd, cwd, timeout):
    """(exit status, stdout+stderr) of a command; a timeout counts as a failure."""
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        out = e.output.decode("utf-8", "replace") if e.output else ""
        return 124, out + "\n(timed out after %d s)" % timeout


def indent(text):
    text = text.rstrip("\n")
    return "\n".join("    " + l if l else "" for l in text.split("\n")) if text else "    (no output)"


def check(example, webx):
    """None when the example is fine, else the failure report."""
    where = "%s:%d:" % (example.rel, example.line)
    if example.kind not in KNOWN:
        return "%s unknown fence `%s` (use webx, webx-invalid or webx-fragment)" % (where, example.kind)
    expected = None
    if example.kind == "webx-invalid":
        first = example.code.split("\n", 1)[0]
        m = ERROR_LINE.match(first)
        if not m or not m.group("text"):
            return "%s webx-invalid example does not start with a `// error: …` comment" % where
        expected = m.group("text")
    with tempfile.TemporaryDirectory(prefix="webx-doc-") as project:
        with open(os.path.join(project, "webx.config.json"), "w", encoding="utf-8") as f:
            json.dump({"name": "doc", "src": "webx"}, f)
        os.mkdir(os.path.join(project, "webx"))
        with open(os.path.join(project, "webx", "example.webx"), "w", encoding="utf-8") as f:
            f.write(example.code)
        # Run from inside the project so diagnostics name webx/example.webx.
        status, out = run([webx, "build", "."], project, BUILD_TIMEOUT)
        if expected is not None:
            if status == 0:
                return "%s example is marked webx-invalid but builds:\n%s" % (where, indent(out))
            if expected not in out:
                return "%s example does not fail with `%s`:\n%s" % (where, expected, indent(out))
            return None
        if status != 0:
            return "%s example does not build:\n%s" % (where, indent(out))
        if HAS_TEST.search(example.code):
            status, out = run([webx, "test", "."], project, TEST_TIMEOUT)
            if status != 0:
                return "%s example's tests do not pass:\n%s" % (where, indent(out))
    return None


def markdown_files(root):
    files = []
    docs = os.path.join(root, "docs")
    if os.path.isdir(docs):
        files += sorted(os.path.join(docs, n) for n in os.listdir(docs) if n.endswith(".md"))
    readme = os.path.join(root, "README.md")
    if os.path.isfile(readme):
        files.append(readme)
    return files


def main():
    ap = argparse.ArgumentParser(description="Build (and test) the webx examples in the docs.")
    ap.add_argument("files", nargs="*", help="Markdown files (default: docs/*.md and README.md)")
    ap.add_argument("--root", default=DEFAULT_ROOT, help="the repository (default: %(default)s)")
    ap.add_argument("--webx", default=None,
                    help="the webx binary (default: $WEBX_BINARY, else ROOT/build/cli/webx)")
    ap.add_argument("-j", "--jobs", type=int, default=min(8, os.cpu_count() or 1))
    ap.add_argument("-v", "--verbose", action="store_true", help="list every example checked")
    args = ap.parse_args()

    root = os.path.abspath(args.root)
    webx = args.webx or os.environ.get("WEBX_BINARY") or os.path.join(root, "build", "cli", "webx")
    webx = os.path.abspath(webx)
    if not os.access(webx, os.X_OK):
        print("check_doc_examples: no webx binary at %s (set WEBX_BINARY)" % webx, file=sys.stderr)
        return 2

    files = [os.path.abspath(f) for f in args.files] or markdown_files(root)
    examples = []
    for path in files:
        rel = os.path.relpath(path, root)
        examples += [e for e in extract(path, rel) if e.kind != "webx-fragment"]

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda e: check(e, webx), examples))

    failed = 0
    for example, failure in zip(examples, results):
        if failure is not None:
            failed += 1
            print(failure)
        elif args.verbose:
            print("%s:%d: ok (%s)" % (example.rel, example.line, example.kind))
    if failed:
        print("%d failed" % failed)
    print("%d examples checked" % len(examples))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
