"""`webx new`: the scaffold builds, passes its tests, serves, and is careful
with existing files and bad names (docs/cli.md)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

from webx_server import WEBX_BINARY, Conn, WebxServer, request

FILES = ["webx.config.json", "webx/app.webx", "webx/app_test.webx", "public/app.css",
         "package.json", ".gitignore", "README.md"]


def webx(*args, cwd):
    return subprocess.run([WEBX_BINARY, *map(str, args)], capture_output=True, text=True, timeout=60,
                          cwd=cwd, env={**os.environ, "NO_COLOR": "1"})


class NewProject(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="webx-new-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def test_creates_every_file_and_says_so(self):
        r = webx("new", "my-app", cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        for f in FILES:
            self.assertTrue((self.tmp / "my-app" / f).is_file(), f)
            self.assertIn(f"  {f}\n", r.stdout)
        self.assertIn('"name": "my-app"', (self.tmp / "my-app" / "webx.config.json").read_text())
        self.assertIn("<title>my-app</title>", (self.tmp / "my-app" / "webx/app.webx").read_text())
        self.assertIn('"htmx.org"', (self.tmp / "my-app" / "package.json").read_text())
        self.assertIn("node_modules/", (self.tmp / "my-app" / ".gitignore").read_text())

    def test_builds_and_passes_its_tests_right_away(self):
        webx("new", "app", cwd=self.tmp)
        build = webx("build", "app", cwd=self.tmp)
        self.assertEqual(build.returncode, 0, build.stderr)
        self.assertEqual(build.stderr, "")
        self.assertIn("DELETE  /items/(id: int)", build.stdout)
        test = webx("test", cwd=self.tmp / "app")
        self.assertEqual(test.returncode, 0, test.stdout + test.stderr)
        self.assertRegex(test.stdout, r"\n4 passed, 0 failed")

    def test_serves_the_page_and_the_htmx_fragments(self):
        webx("new", "app", cwd=self.tmp)
        server = WebxServer(self.tmp / "app")
        self.addCleanup(server.kill)
        server.start()
        with Conn(server.port) as c:
            c.send(request("GET", "/"))
            page = c.read_response()
            self.assertEqual(page.status, 200)
            self.assertIn(b"<h1>app</h1>", page.body)
            self.assertIn(b'hx-post="/items"', page.body)
            c.send(request("POST", "/items", {"HX-Request": "true",
                                              "Content-Type": "application/x-www-form-urlencoded"},
                           b"title=Tea+%26+cake"))
            row = c.read_response()
            self.assertEqual(row.status, 200)
            self.assertIn(b'<li id="item-1">', row.body)
            self.assertIn(b"<span>Tea &amp; cake</span>", row.body)
            self.assertIn(b'hx-delete="/items/1"', row.body)
            c.send(request("GET", "/api/items"))
            self.assertEqual(c.read_response().body, b'[{"id":1,"title":"Tea & cake"}]')
            c.send(request("DELETE", "/items/1"))
            self.assertEqual(c.read_response().status, 200)
            c.send(request("GET", "/api/items/1"))
            self.assertEqual(c.read_response().status, 404)
            c.send(request("GET", "/public/app.css"))
            css = c.read_response()
            self.assertEqual(css.status, 200)
            self.assertTrue(css.header("Content-Type").startswith("text/css"))
        server.stop()

    def test_refuses_to_overwrite_and_names_the_file(self):
        webx("new", "app", cwd=self.tmp)
        (self.tmp / "app" / "webx" / "app.webx").write_text("// mine\n")
        r = webx("new", "app", cwd=self.tmp)
        self.assertEqual(r.returncode, 1)
        self.assertIn("webx: error: app/webx.config.json already exists", r.stderr)
        self.assertIn("--force", r.stderr)
        self.assertEqual((self.tmp / "app" / "webx" / "app.webx").read_text(), "// mine\n")

    def test_refuses_when_only_one_of_its_files_exists(self):
        (self.tmp / "app").mkdir()
        (self.tmp / "app" / "README.md").write_text("mine\n")
        (self.tmp / "app" / "notes.txt").write_text("keep\n")
        r = webx("new", "app", cwd=self.tmp)
        self.assertEqual(r.returncode, 1)
        self.assertIn("app/README.md already exists", r.stderr)
        self.assertFalse((self.tmp / "app" / "webx.config.json").exists())

    def test_force_overwrites_its_files_and_keeps_others(self):
        (self.tmp / "app").mkdir()
        (self.tmp / "app" / "README.md").write_text("mine\n")
        (self.tmp / "app" / "notes.txt").write_text("keep\n")
        r = webx("new", "app", "--force", cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("# app", (self.tmp / "app" / "README.md").read_text())
        self.assertEqual((self.tmp / "app" / "notes.txt").read_text(), "keep\n")

    def test_rejects_names_that_are_not_folder_names(self):
        for name in ["", ".", "..", "a/b", ".hidden", "a\tb", "sp ace", "semi;colon", "x" * 101, "é"]:
            with self.subTest(name=name):
                r = webx("new", name, cwd=self.tmp)
                self.assertEqual(r.returncode, 1, r.stdout)
                self.assertIn(f"'{name}' is not a valid project name: ", r.stderr)
        self.assertEqual(list(self.tmp.iterdir()), [])

    def test_rejects_a_file_in_the_way(self):
        (self.tmp / "app").write_text("a file\n")
        r = webx("new", "app", cwd=self.tmp)
        self.assertEqual(r.returncode, 1)
        self.assertIn("app exists and is not a folder", r.stderr)


if __name__ == "__main__":
    unittest.main()
