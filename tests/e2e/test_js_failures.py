"""JavaScript routes that go wrong (docs/server.md, "When it goes wrong" and
"What a route answers"): an exception is a 500 (dev: a page naming the error,
the .webx file and line and the code there; prod: a generic page; both: one
`webx: error: …` line on stderr), an endless loop is a 503 after
`limits.jsTimeoutMs` while static routes keep answering, running out of heap
is a 500, a client that leaves while its route runs costs nothing, and a
header value with CR/LF is a 500. After each of them the actor serves the
next request with its state intact.

The fixture (projects/js_failures) sets jsTimeoutMs 300 and jsHeapBytes 32 MiB."""

import html
import json
import re
import socket
import struct
import threading
import time
import unittest

from webx_server import Conn, ServerTestCase, request

TIMEOUT_S = 0.300      # limits.jsTimeoutMs of the fixture
MARGIN_S = 1.0         # README: timing assertions allow 1 s over the limits


def page_text(body: bytes) -> str:
    """An HTML page as text: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", body.decode("utf-8", "replace")))


class FailureTestCase(ServerTestCase):
    PROJECT = "js_failures"

    @classmethod
    def tearDownClass(cls):
        # stderr has the error lines on purpose; the server must still stop
        # cleanly (exit status 0) after everything the tests did to it.
        cls.server.stop()
        for line in cls.server.stderr_lines:
            if re.search(r"(?i)sanitizer|segmentation|assert|abort|fatal|panic", line):
                raise AssertionError("suspicious stderr line: " + line + "\n" + cls.server.output())

    # -- helpers -----------------------------------------------------------
    def line_of(self, rel: str, text: str) -> int:
        """1-based line of the only line of the fixture file containing text."""
        lines = self.project.path(rel).read_text().splitlines()
        found = [i + 1 for i, line in enumerate(lines) if text in line]
        assert len(found) == 1, f"{text!r} must be on exactly one line of {rel}"
        return found[0]

    def source_line(self, rel: str, text: str) -> str:
        return self.project.path(rel).read_text().splitlines()[self.line_of(rel, text) - 1].strip()

    def inc(self) -> int:
        resp = self.fetch("GET", "/inc")
        self.assertEqual(resp.status, 200, resp)
        return json.loads(resp.body)["counter"]

    def stderr_line(self, pattern: str, start: int, timeout: float = 2.0) -> str:
        return self.server.wait_for_line(pattern, timeout=timeout, start=start, stream="stderr").group(0)

    def assertStillServing(self, before: int) -> None:
        """Static and JS routes answer; the JS state survived."""
        self.assertStatus(self.fetch("GET", "/about"), 200, b"<p>About</p>")
        self.assertEqual(self.inc(), before + 1, "the JS state must survive")


# --------------------------------------------------------------------------
# Exceptions, dev mode
# --------------------------------------------------------------------------

class DevExceptionTest(FailureTestCase):
    def test_thrown_error_gives_a_500_page_with_file_line_and_code(self):
        before = self.inc()
        line = self.line_of("webx/app.webx", 'throw new Error("boom from the handler "')
        code = self.source_line("webx/app.webx", 'throw new Error("boom from the handler "')
        start = len(self.server.stderr_lines)
        resp = self.fetch("GET", "/throw", {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
        self.assertEqual(resp.status, 500, resp)
        self.assertTrue(resp.header("Content-Type", "").startswith("text/html"), resp)
        text = page_text(resp.body)
        self.assertIn(f"boom from the handler {before}", text)
        self.assertIn("app.webx", text)
        self.assertRegex(text, rf"app\.webx\D{{0,20}}\b{line}\b", "the page names the line")
        self.assertIn(code, text, "the page shows the code of the line that threw")
        # One stderr line: webx: error: GET /throw: Error: … (webx/app.webx:LINE)
        self.stderr_line(rf"^webx: error: GET /throw: Error: boom from the handler {before} "
                         rf"\(\S*webx/app\.webx:{line}\)$", start)
        time.sleep(0.1)
        mentions = [l for l in self.server.stderr_lines[start:] if "boom from the handler" in l]
        self.assertEqual(len(mentions), 1, f"one stderr line per error: {mentions!r}")
        self.assertStillServing(before)

    def test_clients_that_do_not_accept_html_get_text(self):
        line = self.line_of("webx/app.webx", 'throw new Error("boom from the handler "')
        resp = self.fetch("GET", "/throw", {"Accept": "application/json"})
        self.assertEqual(resp.status, 500, resp)
        self.assertTrue(resp.header("Content-Type", "").startswith("text/plain"), resp)
        self.assertIn("boom from the handler", resp.text)
        self.assertRegex(resp.text, rf"app\.webx\D{{0,20}}\b{line}\b")

    def test_a_message_cannot_forge_log_lines(self):
        start = len(self.server.stderr_lines)
        self.assertEqual(self.fetch("GET", "/throw-lines").status, 500)
        self.stderr_line(r"^webx: error: GET /throw-lines: Error: first\\nwebx: error: GET /forged: "
                         r"a second line\\0 after a NUL\\x07 \(", start)
        time.sleep(0.1)
        self.assertFalse([l for l in self.server.stderr_lines[start:] if l.startswith("webx: error: GET /forged")])

    def test_type_error(self):
        before = self.inc()
        line = self.line_of("webx/app.webx", "return o.missing;")
        start = len(self.server.stderr_lines)
        resp = self.fetch("GET", "/typeerror", {"Accept": "text/html"})
        self.assertEqual(resp.status, 500, resp)
        text = page_text(resp.body)
        self.assertIn("TypeError", text)
        self.assertRegex(text, rf"app\.webx\D{{0,20}}\b{line}\b")
        self.assertIn("return o.missing;", text)
        self.stderr_line(rf"^webx: error: GET /typeerror: TypeError: .*\(\S*webx/app\.webx:{line}\)$", start)
        self.assertStillServing(before)

    def test_error_in_a_handler_of_an_included_file(self):
        line = self.line_of("webx/lib.webx", "throw new RangeError(")
        start = len(self.server.stderr_lines)
        resp = self.fetch("GET", "/deep", {"Accept": "text/html"})
        self.assertEqual(resp.status, 500, resp)
        text = page_text(resp.body)
        self.assertIn("RangeError", text)
        self.assertIn("deep very trouble", text)
        self.assertRegex(text, rf"lib\.webx\D{{0,20}}\b{line}\b", "the line of the throw, in lib.webx")
        self.assertIn('throw new RangeError("deep " + detail);', text)
        self.stderr_line(rf"^webx: error: GET /deep: RangeError: deep very trouble "
                         rf"\(\S*webx/lib\.webx:{line}\)$", start)

    def test_thrown_string(self):
        before = self.inc()
        resp = self.fetch("GET", "/throw-string", {"Accept": "text/html"})
        self.assertEqual(resp.status, 500, resp)
        self.assertIn("a bare string", page_text(resp.body))
        self.assertStillServing(before)

    def test_500_then_more_requests_on_the_same_connection(self):
        c = self.conn()
        c.send(request("GET", "/throw") + request("GET", "/about") + request("GET", "/typeerror") +
               request("GET", "/inc"))
        a, b, d, e = c.read_responses(4)
        self.assertEqual([a.status, b.status, d.status, e.status], [500, 200, 500, 200])
        self.assertEqual(b.body, b"<p>About</p>")
        for r in (a, b, d, e):
            self.check_common(r)


# --------------------------------------------------------------------------
# Exceptions, prod mode
# --------------------------------------------------------------------------

class ProdExceptionTest(FailureTestCase):
    PROD = True

    def assertGeneric(self, resp, *secrets):
        self.assertEqual(resp.status, 500, resp)
        for s in secrets + ("app.webx", "lib.webx", "throw new", str(self.project.root)):
            self.assertNotIn(s.encode(), resp.body, f"prod error pages are generic: {resp!r}")

    def test_generic_page_and_details_on_stderr(self):
        line = self.line_of("webx/app.webx", 'throw new Error("boom from the handler "')
        start = len(self.server.stderr_lines)
        for accept in ("text/html", "application/json", None):
            with self.subTest(accept=accept):
                resp = self.fetch("GET", "/throw", {"Accept": accept} if accept else {})
                self.assertGeneric(resp, "boom")
        self.stderr_line(rf"^webx: error: GET /throw: Error: boom from the handler \d+ "
                         rf"\(\S*webx/app\.webx:{line}\)$", start)
        resp = self.fetch("GET", "/deep", {"Accept": "text/html"})
        self.assertGeneric(resp, "trouble", "RangeError")
        lib_line = self.line_of("webx/lib.webx", "throw new RangeError(")
        self.stderr_line(rf"^webx: error: GET /deep: RangeError: deep very trouble "
                         rf"\(\S*webx/lib\.webx:{lib_line}\)$", start)
        resp = self.fetch("GET", "/typeerror")
        self.assertGeneric(resp, "TypeError", "missing")

    def test_prod_has_no_access_log_lines_for_errors(self):
        start = len(self.server.stdout_lines)
        self.fetch("GET", "/throw")
        time.sleep(0.1)
        self.assertFalse([l for l in self.server.stdout_lines[start:] if "/throw" in l],
                         "no access log in prod")

    def test_timeout_limit_from_the_config_applies_in_prod(self):
        t0 = time.monotonic()
        resp = self.fetch("GET", "/spin", timeout=TIMEOUT_S + MARGIN_S + 2)
        elapsed = time.monotonic() - t0
        self.assertEqual(resp.status, 503, resp)
        self.assertLess(elapsed, TIMEOUT_S + MARGIN_S, "jsTimeoutMs 300 from webx.config.json")
        self.assertNotIn(b"app.webx", resp.body)


# --------------------------------------------------------------------------
# Time and memory limits, disconnects, header injection
# --------------------------------------------------------------------------

class TimeoutTest(FailureTestCase):
    def test_endless_loop_is_503_and_others_keep_being_served(self):
        before = self.inc()
        spin = self.conn(timeout=TIMEOUT_S + MARGIN_S + 2)
        t0 = time.monotonic()
        spin.send(request("GET", "/spin"))
        time.sleep(0.05)
        # A JS request queued behind the endless loop: answered after it.
        queued = self.conn(timeout=TIMEOUT_S + MARGIN_S + 2)
        queued.send(request("GET", "/inc"))
        # Static pages and files on other connections answer meanwhile.
        static_done = []
        for target, body in (("/about", b"<p>About</p>"), ("/static/file.txt", b"a static file\n"),
                             ("/about", b"<p>About</p>")):
            s0 = time.monotonic()
            self.assertStatus(self.fetch("GET", target), 200, body)
            self.assertLess(time.monotonic() - s0, 0.25, f"{target} waited for the JS actor")
            static_done.append(time.monotonic())
        resp = spin.read_response(timeout=TIMEOUT_S + MARGIN_S + 2)
        spin_done = time.monotonic()
        self.check_common(resp)
        self.assertEqual(resp.status, 503, resp)
        elapsed = spin_done - t0
        self.assertGreaterEqual(elapsed, TIMEOUT_S - 0.05, "interrupted before jsTimeoutMs")
        self.assertLess(elapsed, TIMEOUT_S + MARGIN_S, "not interrupted after about jsTimeoutMs")
        self.assertLess(max(static_done), spin_done, "static answers came before the 503")
        # The queued JS request ran after the interrupted one, state intact.
        q = queued.read_response(timeout=MARGIN_S + 2)
        self.assertEqual(q.status, 200, q)
        self.assertEqual(json.loads(q.body)["counter"], before + 1)
        self.assertEqual(self.inc(), before + 2)
        # The connection of the 503 is still usable (or closed with Connection: close).
        if not resp.closes:
            spin.send(request("GET", "/inc"))
            r = spin.read_response()
            self.assertEqual(r.status, 200, r)
            self.assertEqual(json.loads(r.body)["counter"], before + 3)

    def test_two_endless_loops_in_a_row(self):
        before = self.inc()
        c = self.conn(timeout=2 * (TIMEOUT_S + MARGIN_S) + 2)
        t0 = time.monotonic()
        c.send(request("GET", "/spin") + request("GET", "/spin") + request("GET", "/inc"))
        a, b, d = c.read_responses(3, timeout=2 * (TIMEOUT_S + MARGIN_S) + 2)
        self.assertEqual([a.status, b.status, d.status], [503, 503, 200], [a, b, d])
        self.assertEqual(json.loads(d.body)["counter"], before + 1)
        self.assertLess(time.monotonic() - t0, 2 * TIMEOUT_S + MARGIN_S)


class MemoryTest(FailureTestCase):
    def test_out_of_memory_is_500_and_the_actor_stays_usable(self):
        for target in ("/oom/string", "/oom/array", "/oom/string"):
            with self.subTest(target=target):
                before = self.inc()
                resp = self.fetch("GET", target, timeout=5)
                self.assertEqual(resp.status, 500, resp)
                self.assertStillServing(before)
        # Ordinary work still fits in the heap after the failures.
        resp = self.fetch("GET", "/slow/1")
        self.assertStatus(resp, 200, b"slow 1")


class DisconnectTest(FailureTestCase):
    def test_client_leaving_while_its_route_runs(self):
        before = self.inc()
        for i in range(4):
            c = Conn(self.port)
            c.send(request("GET", "/slow/150"))
            time.sleep(0.03)
            if i % 2:
                # Abort with a reset (SO_LINGER 0) instead of a FIN.
                c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            c.close()
        # Also a pipeline abandoned half way.
        c = Conn(self.port)
        c.send(request("GET", "/slow/100") + request("GET", "/about") + request("GET", "/slow/50"))
        c.close()
        self.assertStatus(self.fetch("GET", "/about"), 200, b"<p>About</p>")
        resp = self.fetch("GET", "/inc", timeout=5)
        self.assertEqual(resp.status, 200, resp)
        self.assertGreater(json.loads(resp.body)["counter"], before)
        self.assertTrue(self.server.running())
        # And the server keeps serving JS on fresh connections, several at once.
        results = []

        def go():
            r = self.fetch("GET", "/slow/10", timeout=5)
            results.append((r.status, r.body))

        threads = [threading.Thread(target=go) for _ in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        self.assertEqual(results, [(200, b"slow 10")] * 5)


class HeaderInjectionTest(FailureTestCase):
    def test_cr_lf_in_header_values_is_500(self):
        before = self.inc()
        for target in ("/inject/crlf", "/inject/lf", "/inject/location"):
            with self.subTest(target=target):
                c = self.conn()
                c.send(request("GET", target) + request("GET", "/about"))
                resp = c.read_response()
                self.check_common(resp)
                self.assertEqual(resp.status, 500, resp)
                self.assertFalse(resp.has("X-Injected"), resp)
                self.assertFalse(resp.has("X-Bad"), resp)
                if not resp.closes:
                    self.assertStatus(c.read_response(), 200, b"<p>About</p>")
        self.assertStillServing(before)

    def test_bad_header_name_is_500(self):
        resp = self.fetch("GET", "/inject/name")
        self.assertEqual(resp.status, 500, resp)
        self.assertFalse(resp.has("Bad Name"), resp)


if __name__ == "__main__":
    unittest.main()
