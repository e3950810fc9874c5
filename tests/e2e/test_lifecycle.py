"""Start-up, output and shutdown of `webx run` (docs/server.md, "What it
prints" and the SIGINT/SIGTERM paragraph): banner, route table, access log
per mode and logLevel, port already in use, a project with errors, graceful
shutdown (idle connections closed, in-flight requests finished with
Connection: close, listeners closed at once), the 5 s cut-off."""

import re
import signal
import socket
import threading
import time
import unittest

from webx_server import (HUGE_SIZE, Conn, Project, WebxServer, request,
                         run_to_exit)

ABOUT = b"<p>About</p>"
LOG_LINE = r"^[A-Z]+ \S+ \d{3} \d+B \d+(\.\d+)?(ms|µs|us|s)$"


class ProcessTestCase(unittest.TestCase):
    """Each test starts its own server(s)."""

    def project(self, name, **kw) -> Project:
        p = Project(name, **kw)
        self.addCleanup(p.cleanup)
        return p

    def server(self, project: Project, **kw) -> WebxServer:
        s = WebxServer(project.root, **kw)
        self.addCleanup(s.kill)
        return s.start()

    def get(self, port, target="/", headers=()):
        with Conn(port) as c:
            c.send(request("GET", target, headers))
            return c.read_response()


class StartupTest(ProcessTestCase):
    def test_port_already_in_use(self):
        project = self.project("http")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as blocker:
            blocker.bind(("127.0.0.1", 0))
            blocker.listen(1)
            port = blocker.getsockname()[1]
            r = run_to_exit(["run", str(project.root), "--port", str(port), "--threads", "2"])
        self.assertEqual(r.returncode, 1, r)
        lines = [l for l in r.stderr.decode("utf-8", "replace").splitlines() if l.strip()]
        self.assertEqual(len(lines), 1, f"expected exactly one stderr line, got {lines!r}")
        self.assertIn("address already in use", lines[0])
        self.assertIn(f"127.0.0.1:{port}", lines[0])
        self.assertRegex(lines[0], r"^webx: error: cannot listen on ")
        self.assertNotIn(b"listening on", r.stdout)

    def test_project_with_errors_does_not_listen(self):
        project = self.project("broken")
        r = run_to_exit(["run", str(project.root), "--port", "0", "--threads", "2"])
        self.assertEqual(r.returncode, 1, r)
        self.assertIn(b"duplicate route", r.stderr)
        self.assertNotIn(b"listening on", r.stdout)

    def test_regex_the_engine_refuses_does_not_listen(self):
        # Only the engine knows its regex dialect: run checks each literal
        # there before serving, as build does, instead of serving a program
        # the actor cannot load.
        project = self.project("broken")
        project.path("webx/app.webx").write_text('get / { return text(/+a/.test("a") ? "y" : "n"); }\n')
        r = run_to_exit(["run", str(project.root), "--port", "0", "--threads", "2"])
        self.assertEqual(r.returncode, 1, r)
        self.assertRegex(r.stderr.decode(), r"app\.webx:1:21: error: invalid regular expression: ")
        self.assertNotIn(b"listening on", r.stdout)

    def test_dev_banner_route_table_and_access_log(self):
        s = self.server(self.project("http"))
        s.wait_for_line(r"^GET\s+/about\s")    # the route table follows the banner
        lines = s.stdout_lines
        self.assertRegex(lines[0], r"^webx \S+ · dev · 2 network threads · e2e-http$")
        self.assertEqual(lines[1], f"listening on http://127.0.0.1:{s.port}")
        self.assertRegex(lines[2], r"^METHOD\s+PATH\s+WHERE\s+RUNS$")
        start = len(s.stdout_lines)
        self.assertEqual(self.get(s.port, "/about").body, ABOUT)
        s.wait_for_line(r"^GET /about 200 12B \d+(\.\d+)?(ms|µs|us|s)$", start=start)
        s.stop()
        self.assertEqual(s.stderr_lines, [], "nothing on stderr in a clean run")

    def test_prod_prints_no_route_table_and_no_access_log(self):
        s = self.server(self.project("http"), prod=True)
        for method, target in (("GET", "/about"), ("GET", "/nope"), ("GET", "/js"),
                               ("OPTIONS", "/about"), ("PUT", "/about")):
            with Conn(s.port) as c:
                c.send(request(method, target, body=b"x" if method == "PUT" else b""))
                c.read_response(method)
        s.stop()
        lines = s.stdout_lines
        self.assertRegex(lines[0], r"^webx \S+ · prod · 2 network threads · e2e-http$")
        self.assertEqual(lines[1], f"listening on http://127.0.0.1:{s.port}")
        self.assertFalse([l for l in lines if re.match(r"^METHOD\s+PATH", l)], "route table in prod")
        self.assertFalse([l for l in lines if re.match(LOG_LINE, l)], "access log in prod")
        # docs/server.md: only the first two lines at start-up, and one on stop.
        self.assertEqual(lines[2:], ["stopping (SIGTERM): finishing requests in flight"], lines)

    def test_prod_error_pages_do_not_name_source_files(self):
        # /throws throws: dev mode shows where (the contrast proves the check
        # below can fail), prod a generic page (details only on stderr).
        project = self.project("http")
        s = self.server(project)
        resp = self.get(s.port, "/throws", {"Accept": "text/html"})
        self.assertEqual(resp.status, 500, resp)
        self.assertIn(b"app.webx", resp.body, "dev error pages name the source file")
        self.assertIn(b"secret failure in the fixture", resp.body)
        s.stop()
        s = self.server(project, prod=True)
        for accept in ("text/html", "application/json"):
            resp = self.get(s.port, "/throws", {"Accept": accept})
            self.assertEqual(resp.status, 500, resp)
            for secret in (b"app.webx", str(project.root).encode(), b"secret failure", b"throw new"):
                self.assertNotIn(secret, resp.body, f"prod error pages are generic: {resp!r}")
        s.stop()
        self.assertTrue([l for l in s.stderr_lines if l.startswith("webx: error: GET /throws: ")
                         and "secret failure in the fixture" in l], s.output())

    def test_log_level_warn_has_no_access_log(self):
        s = self.server(self.project("quiet"))
        for _ in range(3):
            self.assertEqual(self.get(s.port, "/").body, b"<p>quiet</p>")
        self.get(s.port, "/nope")
        s.stop()
        logged = [l for l in s.stdout_lines[2:] if re.match(LOG_LINE, l)]
        self.assertEqual(logged, [], s.output())

    def test_log_level_debug_logs_in_prod(self):
        s = self.server(self.project("debuglog"), prod=True)
        start = len(s.stdout_lines)
        self.assertEqual(self.get(s.port, "/").body, b"<p>debug</p>")
        s.wait_for_line(r"^GET / 200 12B ", start=start)
        s.stop()

    def test_sigint_exits_0(self):
        s = self.server(self.project("http"))
        self.assertEqual(self.get(s.port, "/about").body, ABOUT)
        t0 = time.monotonic()
        s.stop(signal.SIGINT)
        self.assertLess(time.monotonic() - t0, 2.0, "an idle server stops at once")

    def test_sigterm_with_open_idle_connection_exits_0_quickly(self):
        s = self.server(self.project("http"))
        c = Conn(s.port)
        self.addCleanup(c.close)
        c.send(request("GET", "/about"))
        self.assertEqual(c.read_response().body, ABOUT)
        t0 = time.monotonic()
        s.send_signal(signal.SIGTERM)
        data, _ = c.wait_closed(2.0)
        self.assertEqual(data, b"", "an idle keep-alive connection is closed quietly")
        self.assertEqual(s.stop(), 0)
        self.assertLess(time.monotonic() - t0, 2.0)


class GracefulShutdownTest(ProcessTestCase):
    def test_idle_closed_listeners_closed_partial_request_answered(self):
        # projects/shutdown has long timeouts: the partial request can wait.
        s = self.server(self.project("shutdown"))
        port = s.port
        home = b"<p>shutdown</p>"
        idle = []
        for _ in range(2):
            c = Conn(port)
            self.addCleanup(c.close)
            c.send(request("GET", "/"))
            self.assertEqual(c.read_response().body, home)
            idle.append(c)
        # A request whose headers are not complete yet: a request in progress.
        partial = Conn(port)
        self.addCleanup(partial.close)
        partial.send(b"GET / HTTP/1.1\r\nHost: x\r\n")
        time.sleep(0.1)   # let the server read the first part

        s.send_signal(signal.SIGTERM)
        t0 = time.monotonic()
        # Idle keep-alive connections are closed, quietly.
        for c in idle:
            data, _ = c.wait_closed(1.0)
            self.assertEqual(data, b"")
        # The listeners are closed at once; the partial request keeps the
        # process alive meanwhile. "At once" per loop: each network loop
        # closes its own SO_REUSEPORT listener when the shutdown reaches it,
        # so a loop that was not scheduled yet (a busy machine) may still
        # take a connection for a moment after another loop has closed its
        # idle ones.
        self.assertTrue(s.running(), "exited with a request in flight")
        deadline = time.monotonic() + 1.0
        while True:
            try:
                extra = socket.create_connection(("127.0.0.1", port), timeout=1)
            except ConnectionRefusedError:
                break
            extra.close()
            if time.monotonic() > deadline:
                self.fail("new connections were still accepted 1 s after SIGTERM")
            time.sleep(0.02)
        # The request in flight is finished and answered with Connection: close.
        partial.send(b"X-Late: yes\r\n\r\n")
        resp = partial.read_response(timeout=3)
        self.assertEqual(resp.status, 200, resp)
        self.assertEqual(resp.body, home)
        self.assertTrue(resp.closes, f"in-flight request answered without Connection: close: {resp!r}")
        self.assertEqual(partial.read_to_close(2), b"")
        self.assertEqual(s.stop(timeout=3), 0)
        self.assertLess(time.monotonic() - t0, 3.0)
        self.assertEqual(s.stderr_lines, [], "no warning: nothing was cut off")

    def test_downloads_in_flight_finish(self):
        project = self.project("http", huge=True)
        expected = project.read("public/huge.bin")
        s = self.server(project)

        # Two downloads read slowly in threads: a small receive buffer keeps
        # most of the 4 MiB file on the server side, so they are in flight
        # when the signal comes.
        results = {}

        def slow_download(i, c):
            try:
                head = c.read_head(5)
                body = c.read_exact_slowly(HUGE_SIZE, timeout=10)
                results[i] = (head, body, c.read_to_close(3))
            except Exception as e:  # re-raised in the test thread
                results[i] = e

        downloads = []
        for i in range(2):
            c = Conn(s.port, rcvbuf=16384, timeout=10)
            self.addCleanup(c.close)
            c.send(request("GET", "/assets/huge.bin"))
            t = threading.Thread(target=slow_download, args=(i, c), daemon=True)
            t.start()
            downloads.append(t)
        time.sleep(0.1)
        self.assertTrue(all(t.is_alive() for t in downloads), "downloads ended before the signal")
        s.send_signal(signal.SIGTERM)
        t0 = time.monotonic()

        # The downloads finish, byte for byte, and then the connections close.
        for t in downloads:
            t.join(15)
        for i in range(2):
            r = results.get(i)
            if isinstance(r, Exception):
                raise r
            self.assertIsNotNone(r, "download did not finish")
            head, body, rest = r
            self.assertTrue(head.startswith(b"HTTP/1.1 200"), head)
            self.assertEqual(len(body), HUGE_SIZE)
            self.assertTrue(body == expected, "download content differs")
            self.assertEqual(rest, b"", "bytes after the last response")
        self.assertEqual(s.stop(), 0)
        self.assertLess(time.monotonic() - t0, 5.0)
        self.assertEqual(s.stderr_lines, [], "no warning: nothing was cut off")

    def test_pipelined_requests_in_flight_are_all_answered(self):
        s = self.server(self.project("http", huge=True))
        c = Conn(s.port, rcvbuf=16384, timeout=10)
        self.addCleanup(c.close)
        # The download is in flight when the signal comes; the response
        # queued behind it on the same connection must still come whole.
        c.send(request("GET", "/assets/huge.bin") + request("GET", "/about"))
        head = c.read_head(5)
        self.assertTrue(head.startswith(b"HTTP/1.1 200"), head)
        s.send_signal(signal.SIGTERM)
        c.read_exact(HUGE_SIZE, timeout=10)
        # The second request may have been answered before the signal (its
        # response then waits behind the download, headers already final),
        # be in flight (answered with Connection: close) or not read yet (the
        # connection just ends): never a half response.
        rest = c.read_to_close(5)
        if rest:
            self.assertTrue(rest.startswith(b"HTTP/1.1 200"), rest[:200])
            self.assertTrue(rest.endswith(b"\r\n\r\n" + ABOUT), rest[-200:])
        self.assertEqual(s.stop(), 0)

    def test_cut_off_after_5_seconds(self):
        # projects/shutdown has long request/idle timeouts, so only the 5 s
        # shutdown budget can end a download that the client stops reading.
        project = self.project("shutdown", huge=True)
        s = self.server(project)
        c = Conn(s.port, rcvbuf=8192, timeout=10)
        self.addCleanup(c.close)
        c.send(request("GET", "/assets/huge.bin"))
        self.assertTrue(c.read_head(5).startswith(b"HTTP/1.1 200"))
        t0 = time.monotonic()
        s.send_signal(signal.SIGTERM)
        code = s.wait_exit(9.0)
        elapsed = time.monotonic() - t0
        self.assertEqual(code, 0, s.output())
        self.assertGreaterEqual(elapsed, 4.5, "cut off before the 5 s budget")
        self.assertLessEqual(elapsed, 7.5)
        err = "\n".join(s.stderr_lines)
        self.assertRegex(err, r"\b1\b", f"the warning names how many requests were cut off: {err!r}")
        # The client sees the end of the connection, not a whole response.
        data = c.read_to_close(3)
        self.assertLess(len(data), HUGE_SIZE)


if __name__ == "__main__":
    unittest.main()
