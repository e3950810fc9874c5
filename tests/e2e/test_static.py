"""Static files of `webx run` (docs/server.md, "Static files"): Content-Type,
ETag / Last-Modified, conditional requests (304), HEAD, streaming of large
files, decoding of names, refusal (403) of traversal, absolute paths, NUL and
symlinks out of the project, 404 for missing files and folders."""

import os
import re
import threading
import unittest
from email.utils import formatdate

from webx_server import BIG_SIZE, HUGE_SIZE, Conn, ServerTestCase, request

TYPES = {
    "index.html": "text/html",
    "style.css": "text/css",
    "app.js": ("text/javascript", "application/javascript"),
    "data.json": "application/json",
    "logo.svg": "image/svg+xml",
    "pixel.png": "image/png",
    "notes.txt": "text/plain",
    "notes.xyz": "application/octet-stream",
    "README": "application/octet-stream",
    "big.bin": "application/octet-stream",
}
TEXT_TYPES = ("text/html", "text/css", "text/javascript", "text/plain")


class StaticFilesTest(ServerTestCase):
    BIG = True
    HUGE = True
    LINKS = True

    def file(self, name: str) -> bytes:
        return self.project.read("public/" + name)

    def etag_of(self, name: str) -> str:
        return self.fetch("GET", "/assets/" + name).header("ETag")

    def test_serves_files_with_content_type(self):
        for name, types in TYPES.items():
            with self.subTest(name=name):
                resp = self.fetch("GET", "/assets/" + name)
                self.assertStatus(resp, 200, self.file(name))
                ctype = resp.header("Content-Type", "")
                base = ctype.split(";")[0].strip().lower()
                self.assertIn(base, types if isinstance(types, tuple) else (types,), resp)
                if base in TEXT_TYPES:
                    self.assertRegex(ctype.lower(), r";\s*charset=utf-8$", resp)
                self.assertEqual(resp.header("Content-Length"), str(len(self.file(name))))

    def test_dev_mode_adds_no_cache(self):
        resp = self.fetch("GET", "/assets/style.css")
        self.assertIn("no-cache", resp.tokens("Cache-Control"), resp)

    def test_other_call_forms(self):
        # static(file) with a bare parameter and with a template literal.
        self.assertStatus(self.fetch("GET", "/raw/public/index.html"), 200, self.file("index.html"))
        self.assertStatus(self.fetch("GET", "/raw/webx.config.json"), 200,
                          self.project.read("webx.config.json"))
        self.assertStatus(self.fetch("GET", "/tpl/style.css"), 200, self.file("style.css"))
        self.assertStatus(self.fetch("GET", "/assets/sub/page.html"), 200, self.file("sub/page.html"))

    def test_decoded_names(self):
        self.assertStatus(self.fetch("GET", "/assets/hello%20world.txt"), 200,
                          self.file("hello world.txt"))
        self.assertStatus(self.fetch("GET", "/assets/caf%C3%A9.txt"), 200, self.file("café.txt"))
        self.assertStatus(self.fetch("GET", "/assets/%63af%c3%a9.txt"), 200, self.file("café.txt"))
        self.assertStatus(self.fetch("GET", "/assets/sub//page.html"), 200,
                          self.file("sub/page.html"))

    def test_etag_and_last_modified(self):
        path = self.project.path("public/style.css")
        st = os.stat(path)
        resp = self.fetch("GET", "/assets/style.css")
        etag = resp.header("ETag")
        self.assertIsNotNone(etag, resp)
        m = re.fullmatch(r'"([0-9a-f]+)-([0-9a-f]+)"', etag)
        self.assertIsNotNone(m, f'ETag {etag!r} is not "size-mtime" in hex')
        self.assertEqual(int(m.group(1), 16), st.st_size, etag)
        self.assertEqual(resp.header("Last-Modified"), formatdate(int(st.st_mtime), usegmt=True))
        # Stable across requests.
        self.assertEqual(self.etag_of("style.css"), etag)
        self.assertNotEqual(self.etag_of("index.html"), etag)

    def test_etag_changes_with_the_file(self):
        path = self.project.path("public/notes.txt")
        before = self.etag_of("notes.txt")
        st = os.stat(path)
        os.utime(path, (st.st_atime, st.st_mtime + 10))
        after = self.fetch("GET", "/assets/notes.txt")
        self.assertNotEqual(after.header("ETag"), before)
        self.assertEqual(after.header("Last-Modified"),
                         formatdate(int(st.st_mtime + 10), usegmt=True))

    def test_if_none_match_gives_304(self):
        etag = self.etag_of("style.css")
        c = self.conn()
        c.send(request("GET", "/assets/style.css", {"If-None-Match": etag}) + request("GET", "/about"))
        resp = c.read_response()
        self.check_common(resp)
        self.assertStatus(resp, 304, b"")
        self.assertEqual(resp.header("ETag"), etag)
        # Nothing after the 304 head: the next response follows at once.
        self.assertStatus(c.read_response(), 200, b"<p>About</p>")

    def test_if_none_match_other_etag_gives_200(self):
        resp = self.fetch("GET", "/assets/style.css", {"If-None-Match": '"0-0"'})
        self.assertStatus(resp, 200, self.file("style.css"))

    def test_if_modified_since_gives_304(self):
        lm = self.fetch("GET", "/assets/index.html").header("Last-Modified")
        resp = self.fetch("GET", "/assets/index.html", {"If-Modified-Since": lm})
        self.assertStatus(resp, 304, b"")
        resp = self.fetch("GET", "/assets/index.html",
                          {"If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"})
        self.assertStatus(resp, 200, self.file("index.html"))

    def test_if_none_match_wins_over_if_modified_since(self):
        first = self.fetch("GET", "/assets/index.html")
        resp = self.fetch("GET", "/assets/index.html",
                          {"If-None-Match": '"0-0"', "If-Modified-Since": first.header("Last-Modified")})
        self.assertStatus(resp, 200, self.file("index.html"))

    def test_head(self):
        c = self.conn()
        c.send(request("HEAD", "/assets/big.bin") + request("GET", "/assets/style.css"))
        head = c.read_response("HEAD")
        self.check_common(head)
        self.assertStatus(head, 200, b"")
        self.assertEqual(head.header("Content-Length"), str(BIG_SIZE))
        self.assertEqual(head.header("Content-Type"), "application/octet-stream")
        self.assertIsNotNone(head.header("ETag"))
        self.assertIsNotNone(head.header("Last-Modified"))
        self.assertStatus(c.read_response(), 200, self.file("style.css"))

    def test_large_file_byte_for_byte(self):
        resp = self.fetch("GET", "/assets/big.bin", timeout=10)
        self.assertStatus(resp, 200)
        self.assertEqual(len(resp.body), BIG_SIZE)
        self.assertTrue(resp.body == self.file("big.bin"), "big.bin content differs")

    def test_huge_file_pipelined_with_others(self):
        c = self.conn()
        c.send(request("GET", "/assets/huge.bin") + request("GET", "/about") +
               request("GET", "/assets/big.bin") + request("GET", "/assets/style.css"))
        a, b, d, e = c.read_responses(4, timeout=20)
        self.assertEqual(a.status, 200)
        self.assertEqual(len(a.body), HUGE_SIZE)
        self.assertTrue(a.body == self.file("huge.bin"), "huge.bin content differs")
        self.assertStatus(b, 200, b"<p>About</p>")
        self.assertTrue(d.body == self.file("big.bin"), "big.bin content differs")
        self.assertStatus(e, 200, self.file("style.css"))

    def test_concurrent_large_downloads(self):
        expected = self.file("huge.bin")
        results = [None] * 4

        def download(i):
            try:
                with Conn(self.port, timeout=20) as c:
                    c.send(request("GET", "/assets/huge.bin"))
                    r = c.read_response(timeout=20)
                    results[i] = (r.status, r.body == expected)
            except Exception as e:  # reported below
                results[i] = e

        threads = [threading.Thread(target=download, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertEqual(results, [(200, True)] * 4)

    def test_traversal_is_403(self):
        for target in ("/assets/../webx.config.json",
                       "/assets/../../../../etc/passwd",
                       "/assets/%2e%2e/webx.config.json",
                       "/assets/%2E%2E/webx.config.json",
                       "/assets/%2e%2e%2fwebx.config.json",
                       "/assets/..%2fwebx.config.json",
                       "/assets/..%2F..%2F..%2Fetc%2Fpasswd",
                       "/assets/sub/../../webx.config.json",
                       "/assets/sub/%2e%2e/%2e%2e/webx.config.json",
                       "/raw/../webx.config.json",
                       "/raw/public/../../webx.config.json",
                       "/tpl/..",
                       "/tpl/%2e%2e",
                       "/tpl/..%2fwebx.config.json"):
            with self.subTest(target=target):
                self.assertStatus(self.fetch("GET", target), 403)

    def test_absolute_path_is_403(self):
        for target in ("/raw/%2fetc%2fpasswd", "/raw/%2Fetc/passwd", "/raw/%2f", "/raw/%2ftmp"):
            with self.subTest(target=target):
                self.assertStatus(self.fetch("GET", target), 403)
        # Empty segments are ignored by the router: this is "etc/passwd",
        # relative to the project, which does not exist.
        self.assertStatus(self.fetch("GET", "/raw//etc/passwd"), 404)

    def test_nul_is_403(self):
        for target in ("/assets/index.html%00", "/assets/index.html%00.txt", "/assets/%00",
                       "/raw/webx.config.json%00.html"):
            with self.subTest(target=target):
                self.assertStatus(self.fetch("GET", target), 403)

    def test_symlinks(self):
        for target in ("/assets/link_out.txt", "/assets/link_abs.txt", "/assets/outdir/secret.txt"):
            with self.subTest(target=target):
                resp = self.fetch("GET", target)
                self.assertStatus(resp, 403)
                self.assertNotIn(b"secret", resp.body)
        # A link that stays inside the project is fine.
        self.assertStatus(self.fetch("GET", "/assets/link_in.html"), 200, self.file("index.html"))
        # A dangling link is not served (missing or refused).
        self.assertIn(self.fetch("GET", "/assets/dangling.txt").status, (403, 404))

    def test_missing_files_and_folders_are_404(self):
        for target in ("/assets/nope.txt", "/assets/sub/nope.html", "/assets/sub", "/assets/sub/",
                       "/assets/", "/assets", "/raw/public", "/tpl/nope.css",
                       "/assets/index.html/more"):
            with self.subTest(target=target):
                self.assertStatus(self.fetch("GET", target), 404)

    def test_refusals_keep_the_server_serving(self):
        c = self.conn()
        c.send(request("GET", "/assets/../webx.config.json") + request("GET", "/assets/nope") +
               request("GET", "/assets/style.css"))
        a, b, d = c.read_responses(3)
        self.assertEqual((a.status, b.status, d.status), (403, 404, 200))
        self.assertEqual(d.body, self.file("style.css"))

    def test_static_file_with_cors_origin(self):
        resp = self.fetch("GET", "/assets/style.css", {"Origin": "https://a.example"})
        self.assertStatus(resp, 200, self.file("style.css"))
        self.assertEqual(resp.header("Access-Control-Allow-Origin"), "https://a.example")


class StaticFilesProdTest(ServerTestCase):
    PROD = True

    def test_no_cache_control_no_cache_in_prod(self):
        resp = self.fetch("GET", "/assets/style.css")
        self.assertStatus(resp, 200, self.project.read("public/style.css"))
        self.assertNotIn("no-cache", resp.tokens("Cache-Control"), resp)

    def test_refusals_in_prod(self):
        self.assertStatus(self.fetch("GET", "/assets/%2e%2e/webx.config.json"), 403)
        self.assertStatus(self.fetch("GET", "/assets/nope.txt"), 404)


if __name__ == "__main__":
    unittest.main()
