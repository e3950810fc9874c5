"""Abuse of `webx run` (docs/server.md, "Limits", "Static files", "Routes that
run JavaScript"; docs/language.md, "JSX"): slowloris, oversized and malformed
requests, request smuggling, path traversal, XSS through every JSX insertion
point, JSON bombs, 10,000 idle connections, the server's own file-descriptor
limit, and clients that leave in the middle of a request or a response.

After every attack a normal request must still be answered and the JS state
(a counter, POST /inc, and a list, POST /add, both read by GET /state) must
be exactly what it was: a refused or cut-off request never runs.

The fixture (projects/abuse) sets maxHeaderBytes 4096, maxBodyBytes 256 KiB,
requestTimeoutMs 1000 and idleTimeoutMs 20000 (long, so that the idle
connections of IdleConnectionsTest stay open while they are counted)."""

import html
import json
import os
import re
import resource
import selectors
import socket
import struct
import sys
import time
import unittest
import urllib.parse

from webx_server import (IO_TIMEOUT, Conn, PeerClosed, Project, ServerTestCase,
                         WebxServer, chunked, request)

MAX_HEADER = 4096
MAX_BODY = 256 * 1024
REQUEST_TIMEOUT = 1.0
MARGIN = 1.0          # tests/e2e/README.md: 1 s over the configured limits
ABOUT = b"<p>About</p>"
SECRET_NEXT_TO_PROJECT = b"SECRET-NEXT-TO-PROJECT-5d1c"
SECRET_OUTSIDE = b"secret outside the project"   # written by Project into TMP/outside/
PRIVATE_IN_PROJECT = b"PRIVATE-TOKEN-7f3a"        # projects/abuse/private.txt (not in public/)

# stderr lines the fixture causes on purpose (GET /xss/throw logs its error).
EXPECTED_STDERR = re.compile(r"^webx: error: GET /xss/throw")
SUSPICIOUS = re.compile(r"(?i)sanitizer|segmentation|assert|abort|fatal|panic|terminate|core dumped")


def rst_close(sock: socket.socket) -> None:
    """Close with a reset (SO_LINGER 0): no TIME_WAIT left on the client side,
    so thousands of connections do not eat the ephemeral ports."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


def open_fds(pid: int) -> int | None:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None


def exchange(socks, data: bytes, timeout: float) -> list:
    """Send `data` on every socket, then read until each one has a whole
    response head or was closed, or `timeout` passes (epoll: fine past
    FD_SETSIZE). Returns, per socket, ("answered", bytes) / ("closed", bytes)
    / ("silent", bytes)."""
    results = [None] * len(socks)
    bufs = [bytearray() for _ in socks]
    sel = selectors.DefaultSelector()
    try:
        for i, s in enumerate(socks):
            try:
                s.setblocking(True)
                s.settimeout(timeout)
                s.sendall(data)
            except OSError:
                results[i] = ("closed", b"")
                continue
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ, i)
        deadline = time.monotonic() + timeout
        left = sum(r is None for r in results)
        while left and time.monotonic() < deadline:
            for key, _ in sel.select(max(0.0, deadline - time.monotonic())):
                i = key.data
                try:
                    chunk = key.fileobj.recv(65536)
                except BlockingIOError:
                    continue
                except OSError:
                    chunk = b""
                if chunk:
                    bufs[i] += chunk
                    if b"\r\n\r\n" not in bufs[i]:
                        continue
                    results[i] = ("answered", bytes(bufs[i]))
                else:
                    results[i] = ("closed", bytes(bufs[i]))
                sel.unregister(key.fileobj)
                left -= 1
        for i, r in enumerate(results):
            if r is None:
                results[i] = ("silent", bytes(bufs[i]))
    finally:
        sel.close()
    return results


def status_of(raw: bytes) -> int | None:
    m = re.match(rb"HTTP/1\.1 (\d{3}) ", raw)
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------
# Base class: the abuse fixture, its state, a tolerant stderr check
# --------------------------------------------------------------------------

class AbuseTestCase(ServerTestCase):
    PROJECT = "abuse"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A secret file next to the project root (the outside/ folder of
        # Project has another one); neither may ever be served.
        (cls.project.tmp / "secret.txt").write_bytes(SECRET_NEXT_TO_PROJECT + b"\n")

    @classmethod
    def tearDownClass(cls):
        # The server must survive everything and stop cleanly (exit 0).
        cls.server.stop()
        for line in cls.server.stderr_lines:
            if EXPECTED_STDERR.search(line):
                continue
            raise AssertionError("unexpected stderr line: " + line + "\n" + cls.server.output())

    # -- state ---------------------------------------------------------------
    def state(self) -> dict:
        resp = self.fetch("GET", "/state")
        self.assertEqual(resp.status, 200, resp)
        return json.loads(resp.body)

    def inc(self) -> int:
        resp = self.fetch("POST", "/inc")
        self.assertEqual(resp.status, 200, resp)
        return json.loads(resp.body)["counter"]

    def assertIntact(self, before: dict, settle: float = 0.0) -> None:
        """A fresh connection is served (static and JS), nothing ran that
        should not have, and the state still works."""
        if settle:
            time.sleep(settle)   # a wrongly accepted request would be queued in the actor by now
        self.assertTrue(self.server.running(), "the server died\n" + self.server.output())
        self.assertStatus(self.fetch("GET", "/about"), 200, ABOUT)
        self.assertEqual(self.state(), before, "the JS state changed: a refused request ran")
        self.assertEqual(self.inc(), before["counter"] + 1)
        before["counter"] += 1

    def refused(self, data: bytes, status: int, method: str = "POST", timeout: float = 2.0):
        c = self.conn()
        c.send(data)
        return self.assertRefusal(c, status, method, timeout=timeout)


# --------------------------------------------------------------------------
# Slowloris
# --------------------------------------------------------------------------

class SlowlorisTest(AbuseTestCase):
    INTERVAL = 0.05

    def trickle_many(self, n: int, head: bytes, data: bytes):
        """n connections send `head` at once, then `data` one byte per
        connection every INTERVAL s, until the server answers or closes.
        Halfway through requestTimeoutMs a fresh connection must be served
        at once. Returns (results, latency of the fresh request)."""
        socks = []
        self.addCleanup(lambda: [rst_close(s) for s in socks])
        for _ in range(n):
            s = socket.create_connection(("127.0.0.1", self.port), timeout=IO_TIMEOUT)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            socks.append(s)
        sel = selectors.DefaultSelector()
        self.addCleanup(sel.close)
        first = [None] * n
        sent = [0] * n
        got = [bytearray() for _ in range(n)]
        closed_after = [None] * n
        for i, s in enumerate(socks):
            if head:
                s.sendall(head)
                first[i] = time.monotonic()
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ, i)
        t0 = time.monotonic()
        fresh_latency = None
        open_left = n
        next_round = t0
        while open_left and time.monotonic() - t0 < REQUEST_TIMEOUT + MARGIN + 2:
            now = time.monotonic()
            if now >= next_round:
                next_round = now + self.INTERVAL
                for i, s in enumerate(socks):
                    if got[i] or closed_after[i] is not None or sent[i] >= len(data):
                        continue   # answered: the attacker stops sending
                    try:
                        s.send(data[sent[i]:sent[i] + 1])
                    except BlockingIOError:
                        continue
                    except OSError:
                        continue   # reset: seen by the read below
                    if first[i] is None:
                        first[i] = time.monotonic()
                    sent[i] += 1
            if fresh_latency is None and now - t0 > REQUEST_TIMEOUT / 2:
                a = time.monotonic()
                self.assertStatus(self.fetch("GET", "/about", timeout=2), 200, ABOUT)
                self.assertEqual(self.fetch("GET", "/state", timeout=2).status, 200)
                fresh_latency = time.monotonic() - a
            for key, _ in sel.select(max(0.0, next_round - time.monotonic())):
                i = key.data
                try:
                    chunk = key.fileobj.recv(65536)
                except BlockingIOError:
                    continue
                except OSError:
                    chunk = b""
                if chunk:
                    got[i] += chunk
                    continue
                closed_after[i] = time.monotonic() - (first[i] or t0)
                sel.unregister(key.fileobj)
                open_left -= 1
        return [(bytes(got[i]), closed_after[i], sent[i]) for i in range(n)], fresh_latency

    def check_408s(self, results, data_len: int):
        still_open = [i for i, (_, closed, _) in enumerate(results) if closed is None]
        self.assertEqual(still_open, [], f"{len(still_open)} slow connections were never closed")
        for i, (raw, closed, sent) in enumerate(results):
            self.assertLess(sent, data_len, f"connection {i}: the whole request went through")
            self.assertEqual(status_of(raw), 408, f"connection {i}: {raw[:200]!r}")
            self.assertIn(b"\r\nConnection: close\r\n", raw, f"connection {i}")
            self.assertGreaterEqual(closed, REQUEST_TIMEOUT - 0.1, f"connection {i}: closed early")
            self.assertLessEqual(closed, REQUEST_TIMEOUT + MARGIN, f"connection {i}: closed late")

    def test_200_connections_trickling_headers(self):
        before = self.state()
        data = request("POST", "/inc", {"X-Slow": "s" * 150})
        results, latency = self.trickle_many(200, b"", data)
        self.assertIsNotNone(latency, "the fresh connection was never tried")
        self.assertLess(latency, 1.0, "a fresh connection waited behind the slowloris")
        self.check_408s(results, len(data))
        self.assertIntact(before)

    def test_50_connections_trickling_bodies(self):
        before = self.state()
        head = request("POST", "/add", {"Content-Length": "300", "Content-Type": "text/plain"})
        results, latency = self.trickle_many(50, head, b"b" * 300)
        self.assertLess(latency, 1.0, "a fresh connection waited behind the slow bodies")
        self.check_408s(results, 300)
        self.assertIntact(before)


# --------------------------------------------------------------------------
# Oversized and malformed requests
# --------------------------------------------------------------------------

class OversizedAndMalformedTest(AbuseTestCase):
    def test_oversized_headers_are_431(self):
        before = self.state()
        for data in (request("POST", "/inc", {"X-Big": "a" * (MAX_HEADER + 10)}),
                     request("POST", "/inc", [(f"X-H{i}", "v") for i in range(101)]),
                     request("POST", "/inc", [("Cookie", "c" * 1000)] * 5),
                     b"POST /inc HTTP/1.1\r\nHost: x\r\nX-Big: " + b"z" * (64 * 1024) + b"\r\n\r\n"):
            with self.subTest(data=data[:60]):
                self.refused(data, 431)
        self.refused(request("POST", "/inc?" + "q" * (MAX_HEADER + 10)), 414)
        self.assertIntact(before, settle=0.1)

    def test_oversized_bodies_are_413(self):
        before = self.state()
        # By Content-Length, refused before the body is read.
        self.refused(request("POST", "/add", {"Content-Length": str(MAX_BODY + 1),
                                              "Content-Type": "text/plain"}), 413)
        self.refused(request("POST", "/add", {"Content-Length": "99999999999999999"}), 413)
        # Overflowing Content-Length (more than 2^64).
        self.refused(request("POST", "/add", {"Content-Length": "9" * 40}), 400)
        # Sent for real.
        c = self.conn()
        c.send(request("POST", "/add", {"Content-Length": str(MAX_BODY + 1000)}))
        c.send(b"a" * (MAX_BODY + 1000))
        self.assertRefusal(c, 413, "POST")
        # As chunks arrive.
        self.refused(request("POST", "/add", {"Transfer-Encoding": "chunked"},
                             chunked(*[b"c" * 65536] * 5)), 413)
        # A JSON body just over the limit is not parsed.
        self.refused(request("POST", "/json", {"Content-Type": "application/json"},
                             b"[" + b"1," * (MAX_BODY // 2) + b"1]"), 413)
        self.assertIntact(before, settle=0.1)

    def test_malformed_request_lines_are_400(self):
        before = self.state()
        for data in (b"GARBAGE\r\n\r\n",
                     b"\r\n\r\n\r\nPOST\r\n\r\n",
                     b"POST /inc\r\nHost: x\r\n\r\n",
                     b"POST /inc HTTP/1.1 x\r\nHost: x\r\n\r\n",
                     b"POST /i nc HTTP/1.1\r\nHost: x\r\n\r\n",
                     b"POST /inc\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
                     b"POST /inc\x7f HTTP/1.1\r\nHost: x\r\n\r\n",
                     b"POST /inc HTTP/1.1\rHost: x\r\n\r\n",
                     b"P\xc3\x96ST /inc HTTP/1.1\r\nHost: x\r\n\r\n",
                     b"POST /inc HTTP/1.1\r\nHost: x\r\nX\x00Y: 1\r\n\r\n",
                     b"POST /inc HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n",
                     b"POST /inc HTTP/1.1\r\nHost: x\r\n\x80\x81: v\r\n\r\n",
                     b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + bytes(range(64)),
                     b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                     b"POST /inc HTTP/1.1\r\nHost: x\r\n\r\n".replace(b"POST", b"PO\tST")):
            with self.subTest(data=data[:50]):
                self.refused(data, 400)
        self.assertIntact(before, settle=0.1)

    def test_extra_spaces_in_the_request_line(self):
        # RFC 9112 3: a server may split the request line on any whitespace
        # run instead of refusing it; either way it is ONE request.
        before = self.state()
        c = self.conn()
        c.send(b"POST  /inc  HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        resp = c.read_response("POST")
        self.assertIn(resp.status, (200, 400), resp)
        if resp.status == 200:
            before["counter"] += 1
            self.assertEqual(json.loads(resp.body), {"counter": before["counter"]})
        self.assertIntact(before, settle=0.1)

    def test_bad_versions_are_505(self):
        before = self.state()
        for version in ("HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/3.0", "HTTP/9.9"):
            with self.subTest(version=version):
                self.refused(f"POST /inc {version}\r\nHost: x\r\n\r\n".encode(), 505)
        # Not `HTTP/<digit>.<digit>`: a malformed request line.
        for version in ("HTTP/1.10", "HTTP/11", "http/1.1", "HTTP/1", "HTTPS/1.1", "HTTP/1.1.1"):
            with self.subTest(version=version):
                self.refused(f"POST /inc {version}\r\nHost: x\r\n\r\n".encode(), 400)
        self.assertIntact(before, settle=0.1)


# --------------------------------------------------------------------------
# Request smuggling
# --------------------------------------------------------------------------

# The request a smuggler hides in a body: if it ran, the counter would move.
SMUGGLED = b"POST /inc HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
OUTER = b"POST /add HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"


def cl_te(te_line: bytes) -> bytes:
    """CL.TE: a front end framing by Content-Length forwards the whole body;
    a back end framing by chunks would see `0` and then SMUGGLED."""
    body = b"0\r\n\r\n" + SMUGGLED
    return OUTER + b"Content-Length: %d\r\n" % len(body) + te_line + b"\r\n\r\n" + body


def te_cl(te_line: bytes) -> bytes:
    """TE.CL: a front end framing by chunks forwards one chunk holding
    SMUGGLED; a back end framing by Content-Length (4: the chunk size line)
    would see SMUGGLED as the next request."""
    body = b"%x\r\n" % len(SMUGGLED) + SMUGGLED + b"\r\n0\r\n\r\n"
    return OUTER + te_line + b"\r\nContent-Length: 4\r\n\r\n" + body


def te_only(te_line: bytes) -> bytes:
    """A front end framing by chunks forwards SMUGGLED inside the body; a back
    end ignoring the (obfuscated) Transfer-Encoding would run it."""
    body = b"%x\r\n" % len(SMUGGLED) + SMUGGLED + b"\r\n0\r\n\r\n"
    return OUTER + te_line + b"\r\n\r\n" + SMUGGLED + body


# Transfer-Encoding header lines, obfuscated the ways proxies disagree on.
OBFUSCATED_TE = [
    b"Transfer-Encoding: xchunked",
    b"Transfer-Encoding: chunkedx",
    b"Transfer-Encoding:  chunked",
    b"Transfer-Encoding: chunked ",
    b"Transfer-Encoding:\tchunked",
    b"Transfer-Encoding: chunked\t",
    b"Transfer-Encoding: \tchunked",
    b"Transfer-Encoding: CHUNKED",
    b"Transfer-Encoding: chunked, identity",
    b"Transfer-Encoding: identity, chunked",
    b"Transfer-Encoding: chunked,chunked",
    b"Transfer-Encoding: \"chunked\"",
    b"Transfer-Encoding: \x0bchunked",
    b"Transfer-Encoding: \x0cchunked",
    b"Transfer-Encoding: chunked\r\nTransfer-Encoding: identity",
    b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
    b"Transfer-Encoding : chunked",
    b"Transfer-Encoding\t: chunked",
    b"Transfer-Encoding\n: chunked",
    b"Transfer-Encoding: chunked\rX: y",
    b"X: y\nTransfer-Encoding: chunked",
    b"transfer-encoding: chunked",
]

# Header folding (obs-fold, RFC 9112 5.2): a proxy that does not unfold sees
# a Transfer-Encoding header here.
FOLDED_TE = [
    b"X-Fold: y\r\n Transfer-Encoding: chunked",
    b"X-Fold: y\r\n\tTransfer-Encoding: chunked",
    b"Transfer-Encoding:\r\n chunked",
    b"Transfer-Encoding: identity\r\n chunked",
    b"Transfer-Encoding: chunked\r\n , identity",
]


class SmugglingTest(AbuseTestCase):
    def smuggle(self, data: bytes):
        c = self.conn()
        c.send(data)
        self.assertRefusal(c, 400, "POST")

    def test_cl_te(self):
        before = self.state()
        self.smuggle(cl_te(b"Transfer-Encoding: chunked"))
        self.assertIntact(before, settle=0.2)

    def test_te_cl(self):
        before = self.state()
        self.smuggle(te_cl(b"Transfer-Encoding: chunked"))
        self.assertIntact(before, settle=0.2)

    def test_duplicate_content_length(self):
        before = self.state()
        n = len(SMUGGLED)
        for lines in (b"Content-Length: 0\r\nContent-Length: %d" % n,
                      b"Content-Length: %d\r\nContent-Length: 0" % n,
                      b"Content-Length: 0\r\ncontent-length: %d" % n,
                      b"Content-Length: 0, %d" % n,
                      b"Content-Length: %d, 0" % n,
                      b"Content-Length: 0\r\nContent-Length: 0"):
            with self.subTest(lines=lines):
                self.smuggle(OUTER + lines + b"\r\n\r\n" + SMUGGLED)
        self.assertIntact(before, settle=0.2)

    def test_bad_content_length_values(self):
        before = self.state()
        n = len(SMUGGLED)
        for value in (b"+0", b"-0", b"0x0", b" 0 0", b"0 %d" % n, b"1e2", b"0.0", b"\x0b0"):
            with self.subTest(value=value):
                self.smuggle(OUTER + b"Content-Length: " + value + b"\r\n\r\n" + SMUGGLED)
        self.assertIntact(before, settle=0.2)

    def smuggle_in_every_framing(self, transfer_encodings):
        # Each header in the CL.TE, TE.CL and TE-only framings: refused, and
        # the state untouched afterwards.
        before = self.state()
        for te in transfer_encodings:
            for form in (cl_te, te_cl, te_only):
                with self.subTest(te=te, form=form.__name__):
                    self.smuggle(form(te))
        self.assertIntact(before, settle=0.2)

    def test_obfuscated_transfer_encoding(self):
        self.smuggle_in_every_framing(OBFUSCATED_TE)

    def test_transfer_encoding_in_http10(self):
        before = self.state()
        data = te_only(b"Transfer-Encoding: chunked").replace(b"HTTP/1.1", b"HTTP/1.0", 1)
        self.smuggle(data)
        self.assertIntact(before, settle=0.2)

    def test_header_folding(self):
        # Expected: obs-fold is refused with 400 (RFC 9112 5.2 allows that or
        # unfolding; only refusing keeps a proxy that does not unfold from
        # reading another Transfer-Encoding than the server).
        self.smuggle_in_every_framing(FOLDED_TE)

    def test_smuggled_request_after_a_good_one(self):
        # A good request first on the same connection: it is answered, the
        # smuggling one is refused, and what it hides never runs.
        before = self.state()
        c = self.conn()
        c.send(request("GET", "/state") + cl_te(b"Transfer-Encoding: chunked"))
        self.assertEqual(json.loads(c.read_response().body), before)
        self.assertRefusal(c, 400, "POST")
        self.assertIntact(before, settle=0.2)


# --------------------------------------------------------------------------
# Path traversal
# --------------------------------------------------------------------------

TRAVERSALS = [
    # plain and percent-encoded `..`
    "/public/../private.txt", "/public/../../secret.txt", "/public/../../outside/secret.txt",
    "/public/%2e%2e/private.txt", "/public/%2E%2E/private.txt", "/public/%2e%2e%2fprivate.txt",
    "/public/%2E%2E%2Fprivate.txt", "/public/%2E%2E%2F%2E%2E%2Fsecret.txt",
    "/public/..%2f..%2fsecret.txt", "/public/.%2e/.%2e/secret.txt", "/public/%2e./%2e./secret.txt",
    "/public/sub/../../private.txt", "/public/index.html/../../private.txt",
    "/public/../../../../../../../../etc/passwd",
    "/public/" + "%2e%2e/" * 30 + "etc/passwd",
    # double encoding
    "/public/%252e%252e/private.txt", "/public/%252e%252e%252fprivate.txt",
    "/public/%252E%252E%252F%252E%252E%252Fsecret.txt", "/public/%25%32%65%25%32%65/private.txt",
    # backslashes
    "/public/..\\private.txt", "/public/..\\..\\secret.txt", "/public/..%5cprivate.txt",
    "/public/%2e%2e%5c%2e%2e%5csecret.txt", "/public/%5c..%5c..%5csecret.txt",
    # overlong UTF-8 and other Unicode dots / slashes
    "/public/%c0%ae%c0%ae/private.txt", "/public/%c0%ae%c0%ae%c0%afprivate.txt",
    "/public/%e0%80%ae%e0%80%ae/private.txt", "/public/%c0%2e%c0%2e/private.txt",
    "/public/%c1%9c..%c1%9cprivate.txt", "/public/%u002e%u002e/private.txt",
    "/public/%ef%bc%8e%ef%bc%8e/private.txt", "/public/%e2%80%a4%e2%80%a4/private.txt",
    # NUL
    "/public/index.html%00", "/public/index.html%00.txt", "/public/%00../private.txt",
    "/public/..%00/private.txt", "/raw/private.txt%00.html", "/raw/%00",
    # absolute paths
    "/raw/%2fetc%2fpasswd", "/raw/%2Fetc/passwd", "/raw//etc/passwd",
    "/raw/%2f" + "%2e%2e%2f" * 5 + "etc%2fpasswd",
    "/public/%2fetc%2fpasswd", "/public//etc/passwd", "/raw/%2fproc%2fself%2fenviron",
    "/raw/%2fproc/self/cwd/private.txt",
    # the static(file) route leaving the project
    "/raw/../secret.txt", "/raw/%2e%2e/secret.txt", "/raw/..%2fsecret.txt",
    "/raw/public/../../secret.txt", "/raw/%2e%2e/outside/secret.txt", "/raw/~/secret.txt",
    # other tricks
    "/public/....//....//secret.txt", "/public/..;/private.txt", "/public/.../private.txt",
    "/public/%2e%2e;/private.txt", "/public/..%3b/private.txt", "/public/..%09/private.txt",
    "/public/%%32%65%%32%65/private.txt", "/public/%", "/public/%zz", "/public/%2",
    "http://127.0.0.1/public/../private.txt", "http://127.0.0.1/raw/../secret.txt",
    "//public/../private.txt",
]


class TraversalTest(AbuseTestCase):
    def assertNoSecret(self, resp, target):
        for secret in (SECRET_NEXT_TO_PROJECT, SECRET_OUTSIDE, PRIVATE_IN_PROJECT, b"root:x:0:0"):
            self.assertNotIn(secret, resp.body, f"{target} served a file it must not: {resp!r}")
            self.assertNotIn(secret, resp.head_bytes, target)

    def test_the_secrets_exist_and_the_route_works(self):
        # Otherwise the traversal test proves nothing.
        self.assertTrue((self.project.tmp / "secret.txt").exists())
        self.assertTrue((self.project.outside / "secret.txt").exists())
        self.assertStatus(self.fetch("GET", "/public/index.html"), 200, b"<p>public index</p>\n")
        self.assertStatus(self.fetch("GET", "/public/%2e/index.html"), 200, b"<p>public index</p>\n")
        self.assertIn(PRIVATE_IN_PROJECT, self.fetch("GET", "/raw/private.txt").body)

    def test_traversal_in_every_encoding(self):
        before = self.state()
        c = self.conn()   # all on one keep-alive connection, as a scanner would
        for target in TRAVERSALS:
            with self.subTest(target=target):
                data = f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode("latin-1")
                if c.eof or c.reset:
                    c = self.conn()
                c.send(data)
                resp = c.read_response()
                self.check_common(resp)
                self.assertIn(resp.status, (400, 403, 404), f"{target}: {resp!r}")
                self.assertNoSecret(resp, target)
                if resp.closes:
                    c.wait_closed(2)
        self.assertIntact(before)

    def test_traversal_with_head_and_conditional_requests(self):
        for target in ("/public/%2e%2e/private.txt", "/raw/%2e%2e/secret.txt"):
            for method, headers in (("HEAD", {}), ("GET", {"If-None-Match": "*"}),
                                    ("GET", {"If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"}),
                                    ("GET", {"Range": "bytes=0-10"})):
                with self.subTest(target=target, method=method, headers=headers):
                    resp = self.fetch(method, target, headers)
                    self.assertEqual(resp.status, 403, resp)
                    self.assertNoSecret(resp, target)


# --------------------------------------------------------------------------
# XSS through every JSX insertion point
# --------------------------------------------------------------------------

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "' onmouseover='x",
    # Escaping does not make a `javascript:` URL in href safe (that needs a
    # URL check, not HTML escaping); only its quotes and brackets are checked.
    "javascript:alert(document.cookie)",
    "javascript:alert(\"x\")//'><b>",
    "</p><script>alert(1)</script><p>",
    "<svg/onload=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",   # already escaped: must be escaped again
    "\" autofocus onfocus=\"alert(1)",
    "`-alert(1)-`${7*7}{{7*7}}",
    "<!--<script>-->",
    "<<script>>\"''\"&&amp;",
    "é€😀 <b>\u2028\u2029</b>",
]

ENTITY = {
    "&": "&amp;",
    "<": "(?:&lt;|&#60;|&#x3[cC];)",
    ">": "(?:&gt;|&#62;|&#x3[eE];)",
    '"': "(?:&quot;|&#34;|&#x22;)",
    "'": "(?:&#39;|&#x27;|&apos;)",
}


def escaped(payload: str) -> str:
    """A regex for the payload with each of & < > " ' written as an entity."""
    return "".join(ENTITY.get(ch, re.escape(ch)) for ch in payload)


# route -> the whole body, V standing for the escaped value.
XSS_ROUTES = {
    "/xss/text": '<p id="t">V</p>',
    "/xss/attr": '<a id="a" title="V" href="V">link</a>',
    "/xss/attr-concat": '<a id="c" href="/search?q=V">search</a>',
    "/xss/template": '<a id="tl" title="before V after">tl</a>',
    "/xss/spread": '<div id="spread" title="V" data-v="V">spread</div>',
    "/xss/spread-inline": '<div id="si" title="V" data-v="V">x</div>',
    "/xss/component": '<div class="card">V</div>',
    "/xss/array": '<ul id="arr"><li>V</li><li>V</li></ul>',
    "/xss/array-raw": '<p id="ar">V|V</p>',
    "/xss/cond": '<p id="cd"><b>V</b><i>V</i></p>',
    "/xss/js": '<p id="js" data-q="V">V</p>',
}


def body_regex(template: str, value_regex: str) -> str:
    return value_regex.join(re.escape(part) for part in template.split("V"))


class XssTest(AbuseTestCase):
    def check(self, resp, template: str, payload: str, where: str):
        self.assertEqual(resp.status, 200, resp)
        self.assertTrue(resp.header("Content-Type", "").startswith("text/html"), resp)
        text = resp.body.decode("utf-8")
        dangerous = [ch for ch in "<>\"'" if ch in payload]
        if dangerous:
            self.assertNotIn(payload, text, f"{where}: raw payload in the page")
        for tag in ("<script", "<img", "<svg", "<!--", "<<"):
            if tag in payload:
                self.assertNotIn(tag, text, f"{where}: a raw {tag} in the page")
        self.assertRegex(text, "^" + body_regex(template, escaped(payload)) + "$",
                         f"{where}: not the escaped payload where expected")
        # Decoding the entities gives the payload back, exactly, everywhere.
        m = re.fullmatch(body_regex(template, "(.*?)"), text, re.S)
        self.assertIsNotNone(m, text)
        for value in m.groups():
            self.assertEqual(html.unescape(value), payload, where)

    def test_query_string_into_every_insertion_point(self):
        before = self.state()
        for route, template in XSS_ROUTES.items():
            for payload in XSS_PAYLOADS:
                with self.subTest(route=route, payload=payload):
                    q = urllib.parse.quote(payload, safe="")
                    self.check(self.fetch("GET", f"{route}?q={q}"), template, payload, route)
        self.assertIntact(before)

    def test_form_body_into_text_and_attribute(self):
        for payload in XSS_PAYLOADS:
            with self.subTest(payload=payload):
                body = urllib.parse.urlencode({"q": payload}).encode()
                resp = self.fetch("POST", "/xss/form",
                                  {"Content-Type": "application/x-www-form-urlencoded"}, body)
                self.check(resp, '<p id="f" title="V">V</p>', payload, "form")

    def test_repeated_query_key_and_plus_encoding(self):
        # `?q=a&q=b` binds an array; `+` is a space.
        resp = self.fetch("GET", "/xss/text?q=%3Cb%3E&q=%22x%22")
        self.assertEqual(resp.status, 200, resp)
        self.assertNotIn(b"<b>", resp.body)
        self.assertNotIn(b'"x"', resp.body)
        resp = self.fetch("GET", "/xss/attr?q=%22+onclick%3D%22alert(1)")
        self.check(resp, XSS_ROUTES["/xss/attr"], '" onclick="alert(1)', "plus")

    def test_error_pages_do_not_reflect_html(self):
        payload = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>"
        q = urllib.parse.quote(payload, safe="")
        # error(400, message): a text/plain answer, never HTML.
        resp = self.fetch("GET", f"/xss/error?q={q}")
        self.assertEqual(resp.status, 400, resp)
        self.assertTrue(resp.header("Content-Type", "").startswith("text/plain"), resp)
        # A thrown message on the dev error page (HTML) is escaped.
        start = len(self.server.stderr_lines)
        resp = self.fetch("GET", f"/xss/throw?q={q}", {"Accept": "text/html"})
        self.assertEqual(resp.status, 500, resp)
        self.assertTrue(resp.header("Content-Type", "").startswith("text/html"), resp)
        self.assertNotIn(b"<script>alert", resp.body)
        self.assertNotIn(b"<img src=x", resp.body)
        self.assertIn(b"&lt;script&gt;alert(1)&lt;/script&gt;", resp.body)
        self.server.wait_for_line(r"^webx: error: GET /xss/throw", start=start, stream="stderr")
        # Routing refusals echo the path as text/plain.
        resp = self.fetch("GET", "/%3Cscript%3Ealert(1)%3C/script%3E")
        self.assertEqual(resp.status, 404, resp)
        self.assertTrue(resp.header("Content-Type", "").startswith("text/plain"), resp)


# --------------------------------------------------------------------------
# JSON bombs
# --------------------------------------------------------------------------

class JsonBombTest(AbuseTestCase):
    def post_json(self, path: str, body: bytes, timeout: float = 5.0):
        return self.fetch("POST", path, {"Content-Type": "application/json"}, body, timeout=timeout)

    def assert400(self, resp, words: str = ""):
        self.assertEqual(resp.status, 400, resp)
        self.assertTrue(resp.header("Content-Type", "").startswith("text/plain"), resp)
        # The message quotes the input, but never much of it.
        self.assertLess(len(resp.body), 600, resp)
        if words:
            self.assertIn(words.encode(), resp.body, resp)

    def test_nesting(self):
        before = self.state()
        self.assertStatus(self.post_json("/json", b"[" * 64 + b"]" * 64), 200, b'{"kind":"array"}')
        self.assertStatus(self.post_json("/json", b'{"a":' * 64 + b"1" + b"}" * 64), 200,
                          b'{"kind":"object"}')
        for body in (b"[" * 65 + b"]" * 65,
                     b'{"a":' * 65 + b"1" + b"}" * 65,
                     b"[{\"a\":" * 40 + b"1" + b"}]" * 40,
                     b"[" * 100000 + b"]" * 100000,     # stack exhaustion in a recursive parser
                     b"[" * (MAX_BODY - 10),             # never closed
                     b'{"a":' * 50000):
            with self.subTest(body=body[:20], size=len(body)):
                self.assert400(self.post_json("/json", body), "64")
        self.assertIntact(before)

    def test_huge_numbers(self):
        before = self.state()
        digits = b"9" * 100000
        for path, body in (("/json/number", b'{"n":1e999999}'),
                           ("/json/number", b'{"n":-1e999999}'),
                           ("/json/number", b'{"n":' + digits + b"}"),
                           ("/json/number", b'{"n":-' + digits + b"}"),
                           ("/json/int", b'{"i":' + digits + b"}"),
                           ("/json/int", b'{"i":1e400}'),
                           ("/json/int", b'{"i":9007199254740993}'),
                           ("/json/int", b'{"i":1.5}'),
                           ("/json", b"1e999999"),
                           ("/json", digits),
                           ("/json", b"[" + b",".join([b"1e999"] * 1000) + b"]")):
            with self.subTest(path=path, body=body[:30]):
                self.assert400(self.post_json(path, body))
        # Tiny and long-but-finite numbers are fine.
        self.assertStatus(self.post_json("/json/number", b'{"n":1e-999999}'), 200, b'{"n":0}')
        self.assertStatus(self.post_json("/json/number", b'{"n":0.' + b"0" * 100000 + b"1}"), 200,
                          b'{"n":0}')
        self.assertStatus(self.post_json("/json/number", b'{"n":1.' + b"5" * 100000 + b"}"), 200,
                          b'{"n":1.5555555555555556}')
        self.assertStatus(self.post_json("/json/int", b'{"i":9007199254740992}'), 200,
                          b'{"i":9007199254740992}')
        self.assertIntact(before)

    def test_huge_strings(self):
        before = self.state()
        n = MAX_BODY - 20
        resp = self.post_json("/json/string", json.dumps({"s": "a" * n}).encode())
        self.assertStatus(resp, 200, json.dumps({"len": n}, separators=(",", ":")).encode())
        # Escapes expand in the parser, not in the body limit.
        resp = self.post_json("/json/string", ('{"s":"' + "\\u00e9" * 40000 + '"}').encode())
        self.assertStatus(resp, 200, b'{"len":40000}')
        resp = self.post_json("/json/string", ('{"s":"' + "\\ud83d\\ude00" * 20000 + '"}').encode())
        self.assertStatus(resp, 200, b'{"len":40000}')   # UTF-16 length, as JavaScript counts
        # Lone surrogates and bad UTF-8 are refused.
        self.assert400(self.post_json("/json/string", ('{"s":"' + "\\ud800" * 40000 + '"}').encode()))
        self.assert400(self.post_json("/json/string", b'{"s":"\xff\xfe' + b"a" * 1000 + b'"}'))
        # Just over the limit: 413 before parsing.
        c = self.conn()
        c.send(request("POST", "/json/string", {"Content-Type": "application/json"},
                       json.dumps({"s": "a" * MAX_BODY}).encode()))
        self.assertRefusal(c, 413, "POST")
        self.assertIntact(before)

    def test_many_keys(self):
        before = self.state()
        obj = {f"k{i}": 0 for i in range(20000)}
        body = json.dumps(obj, separators=(",", ":")).encode()
        self.assertLess(len(body), MAX_BODY)
        self.assertStatus(self.post_json("/json/keys", body), 200, b'{"keys":20000}')
        # The same key many times: the last one wins, one key.
        body = ("{" + ",".join(['"k":1'] * 40000) + "}").encode()
        self.assertStatus(self.post_json("/json/keys", body), 200, b'{"keys":1}')
        # Keys that hash alike / special names.
        body = json.dumps({"__proto__": {"polluted": 1}, "constructor": {"prototype": {"p": 1}},
                           "toString": 1, "hasOwnProperty": 2}).encode()
        resp = self.post_json("/json/keys", body)
        self.assertEqual(resp.status, 200, resp)
        # The prototype was not polluted: a fresh object has no `polluted`.
        self.assertEqual(self.state(), before)
        # A wide flat array.
        body = b"[" + b"0," * 100000 + b"0]"
        self.assertStatus(self.post_json("/json", body), 200, b'{"kind":"array"}')
        self.assertIntact(before)

    def test_many_bombs_in_a_row_on_one_connection(self):
        before = self.state()
        c = self.conn(timeout=10)
        bombs = [b"[" * 10000, b"1e999999", b'{"a":' * 1000, b"\"" + b"\\" * 1000]
        data = b"".join(request("POST", "/json", {"Content-Type": "application/json"}, b)
                        for b in bombs * 5)
        c.send(data + request("GET", "/state"))
        for i in range(len(bombs) * 5):
            resp = c.read_response("POST")
            self.assertEqual(resp.status, 400, f"bomb {i}: {resp!r}")
        self.assertEqual(json.loads(c.read_response().body), before)
        self.assertIntact(before)


# --------------------------------------------------------------------------
# 10,000 idle connections
# --------------------------------------------------------------------------

class IdleConnectionsTest(AbuseTestCase):
    WANTED = 10000

    @classmethod
    def setUpClass(cls):
        # Raise this process's soft limit (up to the hard one) before the
        # server starts, so that it inherits the same room.
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        cls.saved_nofile = (soft, hard)
        hard_n = hard if hard != resource.RLIM_INFINITY else 1 << 20
        cls.count = max(50, min(cls.WANTED, hard_n - 200))
        want = min(hard_n, cls.count + 200)
        if soft != resource.RLIM_INFINITY and soft < want:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
        cls.addClassCleanup(resource.setrlimit, resource.RLIMIT_NOFILE, cls.saved_nofile)
        super().setUpClass()

    def test_idle_connections_do_not_starve_new_ones(self):
        before = self.state()
        socks = []
        self.addCleanup(lambda: [rst_close(s) for s in socks])
        t0 = time.monotonic()
        for i in range(self.count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.settimeout(5)
            try:
                s.connect(("127.0.0.1", self.port))
            except OSError as e:
                s.close()
                self.fail(f"connection {i} of {self.count} failed: {e}")
            socks.append(s)
        self.assertLess(time.monotonic() - t0, 20, "opening the connections took very long")
        # Every one of them is really held by the server (none closed).
        time.sleep(0.3)
        fds = open_fds(self.server.proc.pid)
        if fds is not None:
            self.assertGreaterEqual(fds, self.count, "the server does not hold the connections")
        # A new connection is served at once, static and JS.
        a = time.monotonic()
        self.assertStatus(self.fetch("GET", "/about", timeout=2), 200, ABOUT)
        self.assertEqual(self.state(), before)
        self.assertLess(time.monotonic() - a, 1.0, "new connections wait behind the idle ones")
        # Idle ones are still usable: a sample of 200 spread over all of them.
        sample = socks[::max(1, len(socks) // 200)]
        results = exchange(sample, request("GET", "/about"), timeout=5)
        bad = [(i, r) for i, r in enumerate(results) if r[0] != "answered" or status_of(r[1]) != 200]
        self.assertEqual(bad[:5], [], f"{len(bad)} of {len(sample)} idle connections not served")
        # Closing them all at once (resets) is fine too.
        for s in socks:
            rst_close(s)
        socks.clear()
        self.assertIntact(before, settle=0.3)
        # And the server lets go of them.
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and (open_fds(self.server.proc.pid) or 0) > 100:
            time.sleep(0.1)
        fds = open_fds(self.server.proc.pid)
        if fds is not None:
            self.assertLess(fds, 100, "the server kept the closed connections' descriptors")


# --------------------------------------------------------------------------
# The server's own descriptor limit
# --------------------------------------------------------------------------

NOFILE_WRAPPER = ("import os, resource, sys; n = int(sys.argv[1]); "
                  "resource.setrlimit(resource.RLIMIT_NOFILE, (n, n)); "
                  "os.execv(sys.argv[2], sys.argv[2:])")


class FdLimitedServer(WebxServer):
    """`webx run` with RLIMIT_NOFILE n:n (set by a tiny Python wrapper that
    execs the binary: same pid, so stop() and the exit status still work)."""

    def __init__(self, project_dir, nofile: int, **kw):
        super().__init__(project_dir, **kw)
        self.args = [sys.executable, "-c", NOFILE_WRAPPER, str(nofile)] + self.args


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class FdLimitTest(AbuseTestCase):
    """`webx run` started with RLIMIT_NOFILE 256, then sent 400 connections.
    One server per test: a server wedged by one test must not fail the next."""

    NOFILE = 256
    CLIENTS = 400     # well past what the server can hold

    @classmethod
    def setUpClass(cls):
        cls.project = Project(cls.PROJECT)
        cls.addClassCleanup(cls.project.cleanup)
        (cls.project.tmp / "secret.txt").write_bytes(SECRET_NEXT_TO_PROJECT + b"\n")

    @classmethod
    def tearDownClass(cls):
        pass

    def setUp(self):
        self.server = FdLimitedServer(self.project.root, self.NOFILE)
        self.addCleanup(self.server.kill)
        self.server.start()
        self.port = self.server.port
        self.socks = []
        self.addCleanup(self.release)

    def tearDown(self):
        self.release()
        # Must still stop on SIGTERM (idle connections close at once).
        self.server.stop(timeout=6)
        for line in self.server.stderr_lines:
            if SUSPICIOUS.search(line):
                raise AssertionError("suspicious stderr line: " + line + "\n" + self.server.output())

    def release(self):
        for s in self.socks:
            rst_close(s)
        self.socks = []

    def saturate(self):
        """Open CLIENTS connections; returns (held, dropped): the ones still
        open from the client's side and the ones the server closed."""
        for i in range(self.CLIENTS):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.settimeout(3)
            try:
                s.connect(("127.0.0.1", self.port))
            except OSError:
                s.close()   # refused by the kernel (backlog full): fine
                continue
            self.socks.append(s)
        time.sleep(0.5)   # let the server accept (or drop) them
        self.assertTrue(self.server.running(), "the server died at its fd limit\n" + self.server.output())
        held, dropped = [], []
        for s in self.socks:
            s.setblocking(False)
            try:
                # Peeked, not read: a 503 from the connection cap stays
                # whole for exchange() to classify.
                data = s.recv(1, socket.MSG_PEEK)
                (held if data else dropped).append(s)
            except BlockingIOError:
                held.append(s)
            except OSError:
                dropped.append(s)
        return held, dropped

    def test_no_busy_loop_at_the_limit(self):
        # Connections the server cannot accept must not make it spin: at the
        # limit it should shed or defer them, not retry accept() in a loop.
        self.saturate()
        pid = self.server.proc.pid
        c0, t0 = cpu_seconds(pid), time.monotonic()
        time.sleep(1.0)
        used = (cpu_seconds(pid) - c0) / (time.monotonic() - t0)
        self.assertLess(used, 0.5, f"the server burns {used:.0%} of a core while at its fd limit "
                                   "with nothing to do (accept() retried in a loop)")

    def test_connections_beyond_the_limit_and_recovery(self):
        before = self.state()
        held, dropped = self.saturate()
        # Every connection is either served or closed: none hangs unanswered.
        results = exchange(held, request("GET", "/about"), timeout=3)
        kinds = [r[0] for r in results]
        answered = [r for r in results if r[0] == "answered"]
        self.assertEqual(kinds.count("silent"), 0,
                         f"at the fd limit {kinds.count('silent')} of {len(held)} open connections "
                         f"get no answer within 3 s ({len(answered)} answered, {len(dropped)} closed "
                         f"by the server)")
        # Each is served, or shed with 503 + Retry-After (the server frees a
        # reserve descriptor to say so), or closed.
        served = [r for r in answered if status_of(r[1]) == 200]
        self.assertGreater(len(served), 100, "held connections were not served")
        for kind, raw in answered:
            if status_of(raw) != 200:
                self.assertEqual(status_of(raw), 503, raw[:200])
                self.assertIn(b"\r\nRetry-After: 1\r\n", raw)
        # JavaScript needs no descriptor: it runs at the limit too.
        live = [s for s, r in zip(held, results) if r[0] == "answered" and status_of(r[1]) == 200]
        r = exchange(live[:1], request("POST", "/inc"), timeout=3)[0]
        self.assertEqual((r[0], status_of(r[1])), ("answered", 200), r)
        before["counter"] += 1
        # A new connection at the limit: served, refused with 503 or closed
        # at once; not left hanging.
        with Conn(self.port, timeout=3) as c:
            c.send(request("GET", "/about"))
            try:
                resp = c.read_response(timeout=3)
                self.check_common(resp)
                self.assertIn(resp.status, (200, 503), resp)
                if resp.status == 503:
                    self.assertEqual(resp.header("Retry-After"), "1")
            except PeerClosed:
                pass
        self.assertTrue(self.server.running(), self.server.output())
        self.check_recovery(before)

    def check_recovery(self, before):
        # Once the connections close, everything is served again. Until the
        # server has seen them close, a new one may still be shed with 503.
        self.release()
        deadline = time.monotonic() + 3
        while True:
            try:
                resp = self.fetch("GET", "/about", timeout=1)
                if resp.status != 503:
                    self.assertStatus(resp, 200, ABOUT)
                    break
                self.assertEqual(resp.header("Retry-After"), "1", resp)
                last = resp
            except (PeerClosed, TimeoutError, ConnectionError) as e:
                last = e
            if time.monotonic() > deadline:
                raise AssertionError(f"not served 3 s after the connections closed ({last!r})\n"
                                     + self.server.output())
            time.sleep(0.1)
        self.assertStatus(self.fetch("GET", "/public/index.html"), 200, b"<p>public index</p>\n")
        self.assertIntact(before)

    def test_recovery_after_the_limit(self):
        # Only the way back: connections beyond the limit, all closed, then
        # the server serves again and exits on SIGTERM.
        before = self.state()
        self.saturate()
        self.check_recovery(before)

    def test_static_file_at_the_limit_is_not_a_404(self):
        # Client connections are capped below the fd limit, so a file can
        # still be opened at the cap: it is served. Should it fail to open
        # for lack of descriptors, the answer is 503, never 404 "no such
        # file" (caches keep a 404).
        before = self.state()
        held, _ = self.saturate()
        results = exchange(held[:20], request("GET", "/public/index.html"), timeout=3)
        # (Connections past the cap were refused before they could ask.)
        answers = [raw for kind, raw in results if kind == "answered" and b"connection limit" not in raw]
        self.assertTrue(answers, f"none of {len(results)} open connections answered at the limit")
        self.check_recovery(before)
        for raw in answers:
            self.assertIn(status_of(raw), (200, 503), f"an existing file at the fd limit: {raw[:300]!r}")
            if status_of(raw) == 200:
                self.assertTrue(raw.endswith(b"<p>public index</p>\n"), raw[-100:])


# --------------------------------------------------------------------------
# Clients that leave in the middle
# --------------------------------------------------------------------------

class DisconnectTest(AbuseTestCase):
    HUGE = True

    def fds(self):
        return open_fds(self.server.proc.pid)

    def assertNoFdLeak(self, baseline):
        if baseline is None:
            return
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and self.fds() > baseline + 2:
            time.sleep(0.1)
        self.assertLessEqual(self.fds(), baseline + 2, "descriptors leaked (files or sockets)")

    def leave_mid_response(self, target: str, reset: bool, keep: int = 65536):
        c = Conn(self.port, timeout=5, rcvbuf=16384)
        try:
            c.send(request("GET", target))
            head = c.read_head()
            self.assertTrue(head.startswith(b"HTTP/1.1 200 "), head)
            c.read_exact(min(keep, 4096))
        finally:
            if reset:
                rst_close(c.sock)
            else:
                c.close()

    def test_leaving_a_large_static_file(self):
        before = self.state()
        baseline = self.fds()
        for i in range(12):
            self.leave_mid_response("/public/huge.bin", reset=i % 2 == 0)
        # Leaving while several downloads are pipelined.
        c = Conn(self.port, rcvbuf=16384)
        c.send(request("GET", "/public/huge.bin") * 5)
        c.read_head()
        rst_close(c.sock)
        # Still byte for byte afterwards.
        resp = self.fetch("GET", "/public/huge.bin", timeout=20)
        self.assertEqual(resp.status, 200)
        self.assertTrue(resp.body == self.project.read("public/huge.bin"), "huge.bin differs")
        self.assertNoFdLeak(baseline)
        self.assertIntact(before)

    def test_leaving_a_big_js_answer(self):
        before = self.state()
        baseline = self.fds()
        for i in range(6):
            self.leave_mid_response("/big/4000000", reset=i % 2 == 0)
        # Leaving before the answer even starts.
        for i in range(4):
            c = Conn(self.port)
            c.send(request("GET", "/big/4000000"))
            rst_close(c.sock) if i % 2 else c.close()
        resp = self.fetch("GET", "/big/300000", timeout=10)
        self.assertStatus(resp, 200, b"x" * 300000)
        self.assertNoFdLeak(baseline)
        self.assertIntact(before)

    def test_leaving_mid_request(self):
        before = self.state()
        baseline = self.fds()
        halves = [
            # half a body by Content-Length
            request("POST", "/add", {"Content-Length": "1000", "Content-Type": "text/plain"}) + b"h" * 500,
            # half a chunked body (no last chunk)
            request("POST", "/add", {"Transfer-Encoding": "chunked"}) + b"10\r\n0123456789abcdef\r\n8\r\n0123",
            # a chunked body without its terminating CRLF
            request("POST", "/add", {"Transfer-Encoding": "chunked"}) + b"3\r\nabc\r\n0\r\n",
            # half the headers
            b"POST /inc HTTP/1.1\r\nHost: x\r\nContent-Le",
            # only the request line
            b"POST /inc HTTP/1.1\r\n",
            # a JSON body cut in the middle
            request("POST", "/json", {"Content-Type": "application/json", "Content-Length": "100"}) + b'{"a":[1,2,',
            # Expect: 100-continue, then gone after the 100
            request("POST", "/add", {"Content-Length": "10", "Expect": "100-continue"}),
        ]
        for i, data in enumerate(halves):
            for reset in (False, True):
                with self.subTest(i=i, reset=reset):
                    c = Conn(self.port)
                    c.send(data)
                    if b"100-continue" in data:
                        self.assertEqual(c.read_response("POST").status, 100)
                    time.sleep(0.02)
                    rst_close(c.sock) if reset else c.close()
        # Half-closed (shutdown of the sending side) mid-body: the request is
        # incomplete and must not run; the server closes its side.
        c = self.conn()
        c.send(request("POST", "/add", {"Content-Length": "50"}) + b"x" * 10)
        c.sock.shutdown(socket.SHUT_WR)
        rest = c.read_to_close(timeout=REQUEST_TIMEOUT + MARGIN + 1)
        self.assertIn(status_of(rest) if rest else None, (None, 400, 408), rest[:200])
        self.assertNoFdLeak(baseline)
        self.assertIntact(before, settle=0.2)

    def test_many_clients_leaving_at_once(self):
        # 100 clients start big downloads and JS answers together and all
        # leave; meanwhile a normal client is served.
        before = self.state()
        baseline = self.fds()
        socks = []
        self.addCleanup(lambda: [rst_close(s) for s in socks])
        for i in range(100):
            s = socket.create_connection(("127.0.0.1", self.port), timeout=3)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
            s.sendall(request("GET", "/public/huge.bin" if i % 2 else "/big/1000000"))
            socks.append(s)
        self.assertStatus(self.fetch("GET", "/about", timeout=3), 200, ABOUT)
        for s in socks:
            try:
                s.recv(1024)
            except OSError:
                pass
            rst_close(s)
        socks.clear()
        self.assertNoFdLeak(baseline)
        self.assertIntact(before, settle=0.2)


if __name__ == "__main__":
    unittest.main()
