"""Helpers of the end-to-end tests: run the real `webx run`, talk raw HTTP/1.1.

Python 3.11 standard library only. Every wait is bounded.

- `Project`: a throw-away copy of a fixture project under tests/e2e/projects/,
  with the generated files added (large files, symlinks) so that nothing is
  ever written into the repository.
- `WebxServer`: `WEBX_BINARY run DIR --port 0 --threads 2 [--prod]`, waits for
  the `listening on http://HOST:PORT` banner line, drains stdout/stderr in
  threads (the access log is asserted on), `stop()` sends SIGTERM and expects
  exit status 0.
- `Conn`: one raw TCP connection: send bytes, read whole responses (status
  line, headers, Content-Length body; no body for HEAD, 1xx, 204 and 304),
  read pipelined responses, wait for the peer to close.
- `ServerTestCase`: a unittest base class with one server per test class.
"""

from __future__ import annotations

import errno
import os
import random
import re
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest
from email.utils import parsedate_to_datetime
from pathlib import Path

WEBX_BINARY = os.environ.get(
    "WEBX_BINARY", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "build", "cli", "webx"))
HERE = Path(__file__).resolve().parent
PROJECTS = HERE / "projects"

START_TIMEOUT = 10.0   # banner must appear within this
STOP_TIMEOUT = 10.0    # exit after SIGTERM within this
IO_TIMEOUT = 3.0       # default bound of a socket wait (loopback answers take ms)

LISTEN_RE = re.compile(r"listening on http://(\S+):(\d+)\s*$")

# Sizes of the generated files (not multiples of 64 KiB on purpose).
BIG_SIZE = 300 * 1024 + 123          # public/big.bin
HUGE_SIZE = 4 * 1024 * 1024 + 77     # public/huge.bin


def deterministic_bytes(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


# --------------------------------------------------------------------------
# Projects
# --------------------------------------------------------------------------

class Project:
    """A copy of tests/e2e/projects/NAME in a temporary folder.

    The copy lives at TMP/NAME; TMP/outside/ is a folder outside the project
    root (targets of the symlinks that must be refused)."""

    def __init__(self, name: str, big: bool = False, huge: bool = False,
                 links: bool = False):
        self.name = name
        self.tmp = Path(tempfile.mkdtemp(prefix=f"webx-e2e-{name}-"))
        self.root = self.tmp / name
        shutil.copytree(PROJECTS / name, self.root, symlinks=False)
        self.outside = self.tmp / "outside"
        self.outside.mkdir()
        (self.outside / "secret.txt").write_bytes(b"secret outside the project\n")
        public = self.root / "public"
        public.mkdir(exist_ok=True)
        if big:
            (public / "big.bin").write_bytes(deterministic_bytes(BIG_SIZE, 1))
            # A tiny PNG (content does not matter for the type, only the name).
            (public / "pixel.png").write_bytes(
                bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806"
                              "0000001f15c4890000000d49444154789c6360000002000100"
                              "05fe02fea7d6a4b90000000049454e44ae426082"))
        if huge:
            (public / "huge.bin").write_bytes(deterministic_bytes(HUGE_SIZE, 2))
        if links:
            # Relative and absolute links out of the project, a linked folder
            # out of the project, a link inside the project, a dangling link.
            os.symlink("../../outside/secret.txt", public / "link_out.txt")
            os.symlink(str(self.outside / "secret.txt"), public / "link_abs.txt")
            os.symlink(str(self.outside), public / "outdir")
            os.symlink("index.html", public / "link_in.html")
            os.symlink("does-not-exist.txt", public / "dangling.txt")

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> bytes:
        return (self.root / rel).read_bytes()

    def cleanup(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


# --------------------------------------------------------------------------
# The server process
# --------------------------------------------------------------------------

class WebxServer:
    """`webx run` on an ephemeral loopback port."""

    def __init__(self, project_dir, prod: bool = False, threads: int = 2,
                 port: int = 0, extra_args=()):
        self.project_dir = str(project_dir)
        self.args = [WEBX_BINARY, "run", self.project_dir, "--port", str(port),
                     "--threads", str(threads)]
        if prod:
            self.args.append("--prod")
        self.args += list(extra_args)
        self.proc: subprocess.Popen | None = None
        self.host = None
        self.port = None
        self._cond = threading.Condition()
        self._out: list[str] = []
        self._err: list[str] = []
        self._threads: list[threading.Thread] = []
        self.returncode = None

    # -- output ------------------------------------------------------------
    def _drain(self, stream, lines: list) -> None:
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            with self._cond:
                lines.append(line)
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    @property
    def stdout_lines(self) -> list[str]:
        with self._cond:
            return list(self._out)

    @property
    def stderr_lines(self) -> list[str]:
        with self._cond:
            return list(self._err)

    def output(self) -> str:
        return ("--- command: " + " ".join(self.args) +
                "\n--- stdout:\n" + "\n".join(self.stdout_lines) +
                "\n--- stderr:\n" + "\n".join(self.stderr_lines))

    def wait_for_line(self, pattern, timeout: float = 2.0, start: int = 0,
                      stream: str = "stdout"):
        """The first line (index >= start) of stdout/stderr matching the regex
        `pattern`, waiting at most `timeout` s; AssertionError otherwise."""
        rx = re.compile(pattern)
        lines = self._out if stream == "stdout" else self._err
        deadline = time.monotonic() + timeout
        with self._cond:
            i = start
            while True:
                while i < len(lines):
                    m = rx.search(lines[i])
                    if m:
                        return m
                    i += 1
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"no {stream} line matching {pattern!r} within {timeout}s\n"
                        + self.output())
                self._cond.wait(left)

    # -- life cycle --------------------------------------------------------
    def start(self) -> "WebxServer":
        env = dict(os.environ, NO_COLOR="1")
        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=env)
        for stream, lines in ((self.proc.stdout, self._out), (self.proc.stderr, self._err)):
            t = threading.Thread(target=self._drain, args=(stream, lines), daemon=True)
            t.start()
            self._threads.append(t)
        deadline = time.monotonic() + START_TIMEOUT
        with self._cond:
            while True:
                for line in self._out:
                    m = LISTEN_RE.search(line)
                    if m:
                        self.host, self.port = m.group(1), int(m.group(2))
                        return self
                if self.proc.poll() is not None and not any(t.is_alive() for t in self._threads):
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(min(left, 0.1))
        code = self.proc.poll()
        self.kill()
        raise AssertionError(
            f"`webx run` did not print 'listening on http://HOST:PORT' within "
            f"{START_TIMEOUT}s (exit status {code})\n" + self.output())

    def send_signal(self, sig=signal.SIGTERM) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    def wait_exit(self, timeout: float):
        """Exit status, or None if still running after `timeout` s."""
        try:
            self.returncode = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        for t in self._threads:
            t.join(2.0)
        return self.returncode

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
        for t in self._threads:
            t.join(2.0)
        if self.proc is not None:
            self.returncode = self.proc.returncode
            for s in (self.proc.stdout, self.proc.stderr):
                try:
                    s.close()
                except Exception:
                    pass

    def stop(self, sig=signal.SIGTERM, timeout: float = STOP_TIMEOUT,
             expect_code: int | None = 0):
        """Signal, wait for the exit, check its status. Always leaves the
        process dead. Returns the exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            try:
                self.proc.send_signal(sig)
            except ProcessLookupError:
                pass
        code = self.wait_exit(timeout)
        if code is None:
            self.kill()
            raise AssertionError(f"`webx run` still running {timeout}s after "
                                 f"{signal.Signals(sig).name}; killed\n" + self.output())
        self.kill()  # closes pipes, joins threads
        if expect_code is not None and code != expect_code:
            raise AssertionError(f"`webx run` exited with {code}, expected {expect_code}\n"
                                 + self.output())
        return code

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        if exc[0] is None:
            self.stop()
        else:
            self.kill()


def run_to_exit(args, timeout: float = 10.0) -> subprocess.CompletedProcess:
    """Run `webx ARGS...` expected to exit by itself (bounded)."""
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run([WEBX_BINARY] + list(args), stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=timeout, env=env)


# --------------------------------------------------------------------------
# Raw HTTP
# --------------------------------------------------------------------------

class ProtocolError(AssertionError):
    pass


class PeerClosed(ProtocolError):
    """The connection ended (EOF or reset) before a whole response."""


def request(method: str = "GET", target: str = "/", headers=(), body: bytes = b"",
            version: str = "HTTP/1.1", host: str | None = "127.0.0.1") -> bytes:
    """One request as bytes. `headers`: dict or (name, value) pairs, sent in
    order after Host. A Content-Length is added for a non-empty body unless the
    headers already frame it (Content-Length or Transfer-Encoding)."""
    pairs = list(headers.items()) if isinstance(headers, dict) else list(headers)
    lines = [f"{method} {target} {version}"]
    if host is not None:
        lines.append(f"Host: {host}")
    names = {n.lower() for n, _ in pairs}
    for n, v in pairs:
        lines.append(f"{n}: {v}")
    if body and "content-length" not in names and "transfer-encoding" not in names:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body


def chunked(*parts: bytes, trailers: str = "") -> bytes:
    out = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts if p)
    return out + b"0\r\n" + trailers.encode() + b"\r\n"


class Response:
    def __init__(self, version, status, reason, headers, body, head_bytes):
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers          # [(name, value)] in order
        self.body = body
        self.head_bytes = head_bytes    # status line + headers, raw

    def header(self, name: str, default=None):
        vals = self.header_all(name)
        return vals[0] if vals else default

    def header_all(self, name: str) -> list[str]:
        n = name.lower()
        return [v for k, v in self.headers if k.lower() == n]

    def has(self, name: str) -> bool:
        return bool(self.header_all(name))

    def tokens(self, name: str) -> set[str]:
        """Comma-separated header values as a set of lower-cased tokens."""
        out = set()
        for v in self.header_all(name):
            out |= {t.strip().lower() for t in v.split(",") if t.strip()}
        return out

    def methods(self, name: str = "Allow") -> set[str]:
        return {t.upper() for t in self.tokens(name)}

    @property
    def closes(self) -> bool:
        return "close" in self.tokens("Connection")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def __repr__(self):
        body = self.body if len(self.body) <= 200 else self.body[:200] + b"..."
        return (f"<Response {self.status} {self.reason!r} headers={self.headers!r} "
                f"body={body!r}>")


def no_body(method: str, status: int) -> bool:
    return method.upper() == "HEAD" or 100 <= status < 200 or status in (204, 304)


class Conn:
    """A raw client connection with a read buffer."""

    def __init__(self, port: int, host: str = "127.0.0.1", timeout: float = IO_TIMEOUT,
                 rcvbuf: int | None = None, source: str | None = None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        if source:  # another client address: loopback answers from any 127.x.y.z
            self.sock.bind((source, 0))
        self.sock.settimeout(timeout)
        self.sock.connect((host, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.timeout = timeout
        self.buf = bytearray()
        self.eof = False
        self.reset = False

    # -- sending -----------------------------------------------------------
    def send(self, data: bytes) -> bool:
        """Send everything; False if the peer had closed (EPIPE/ECONNRESET)."""
        try:
            self.sock.sendall(data)
            return True
        except (BrokenPipeError, ConnectionResetError):
            return False
        except OSError as e:
            if e.errno in (errno.EPIPE, errno.ECONNRESET):
                return False
            raise

    def trickle(self, data: bytes, interval: float, stop_when_readable: bool = True,
                max_time: float = 5.0) -> tuple[int, float]:
        """Send `data` one byte at a time, `interval` s apart, until it is all
        sent, the peer answers or closes, or `max_time` passes. Returns (bytes
        sent, monotonic time of the first byte)."""
        first = time.monotonic()
        for i in range(len(data)):
            if not self.send(data[i:i + 1]):
                return i, first
            if i == 0:
                first = time.monotonic()
            if i + 1 == len(data):
                return i + 1, first
            if time.monotonic() - first > max_time:
                return i + 1, first
            if stop_when_readable:
                if self.readable(interval):
                    return i + 1, first
            else:
                time.sleep(interval)
        return len(data), first

    # -- reading -----------------------------------------------------------
    def readable(self, timeout: float) -> bool:
        if self.buf or self.eof:
            return True
        r, _, _ = select.select([self.sock], [], [], max(0.0, timeout))
        return bool(r)

    def _fill(self, deadline: float, size: int = 65536) -> bool:
        """Read more bytes into the buffer. False at EOF/reset; TimeoutError
        past the deadline."""
        if self.eof:
            return False
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("timed out waiting for bytes from the server")
        self.sock.settimeout(left)
        try:
            data = self.sock.recv(size)
        except socket.timeout:
            raise TimeoutError("timed out waiting for bytes from the server") from None
        except ConnectionResetError:
            self.eof = True
            self.reset = True
            return False
        if not data:
            self.eof = True
            return False
        self.buf += data
        return True

    def read_head(self, timeout: float | None = None, limit: int = 1 << 20) -> bytes:
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            i = self.buf.find(b"\r\n\r\n")
            if i >= 0:
                head = bytes(self.buf[:i + 4])
                del self.buf[:i + 4]
                return head
            if len(self.buf) > limit:
                raise ProtocolError(f"response head over {limit} bytes")
            if not self._fill(deadline):
                raise PeerClosed(
                    f"connection closed{' (reset)' if self.reset else ''} before a whole "
                    f"response head; got {bytes(self.buf)[:300]!r}")

    def read_exact(self, n: int, timeout: float | None = None) -> bytes:
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while len(self.buf) < n:
            if not self._fill(deadline, max(65536, n - len(self.buf))):
                raise PeerClosed(f"connection closed{' (reset)' if self.reset else ''} "
                                 f"after {len(self.buf)} of {n} body bytes")
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def read_exact_slowly(self, n: int, chunk: int = 16384, pause: float = 0.004,
                          timeout: float | None = None) -> bytes:
        """Like read_exact, reading at most `chunk` bytes every `pause` s (a
        slow client)."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while len(self.buf) < n:
            if not self._fill(deadline, chunk):
                raise PeerClosed(f"connection closed{' (reset)' if self.reset else ''} "
                                 f"after {len(self.buf)} of {n} body bytes")
            time.sleep(pause)
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def read_response(self, method: str = "GET", timeout: float | None = None) -> Response:
        """One whole response (an interim 1xx is returned as a response too)."""
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        head = self.read_head(timeout)
        text = head.decode("latin-1")
        lines = text[:-4].split("\r\n")
        m = re.fullmatch(r"(HTTP/\d\.\d) (\d{3})(?: (.*))?", lines[0])
        if not m:
            raise ProtocolError(f"bad status line {lines[0]!r}")
        version, status, reason = m.group(1), int(m.group(2)), m.group(3) or ""
        headers = []
        for line in lines[1:]:
            if ":" not in line or line[0] in " \t":
                raise ProtocolError(f"bad response header line {line!r} in {text!r}")
            k, v = line.split(":", 1)
            if k != k.strip() or not k:
                raise ProtocolError(f"bad response header name {k!r}")
            headers.append((k, v.strip(" \t")))
        resp = Response(version, status, reason, headers, b"", head)
        if resp.has("Transfer-Encoding"):
            raise ProtocolError(f"response has Transfer-Encoding (never chunked): {resp!r}")
        if no_body(method, status):
            return resp
        cls = resp.header_all("Content-Length")
        if len(cls) != 1 or not cls[0].isdigit():
            raise ProtocolError(f"response needs exactly one numeric Content-Length: {resp!r}")
        resp.body = self.read_exact(int(cls[0]), max(0.001, deadline - time.monotonic()))
        return resp

    def read_responses(self, methods, timeout: float | None = None) -> list[Response]:
        """Responses to pipelined requests; `methods`: a count (all GET) or the
        list of request methods in order."""
        if isinstance(methods, int):
            methods = ["GET"] * methods
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        return [self.read_response(m, max(0.001, deadline - time.monotonic()))
                for m in methods]

    def read_to_close(self, timeout: float | None = None) -> bytes:
        """Every byte until the peer closes; TimeoutError if it does not."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while self._fill(deadline):
            pass
        out = bytes(self.buf)
        self.buf.clear()
        return out

    def wait_closed(self, timeout: float) -> tuple[bytes, float]:
        """(bytes received before the close, seconds waited). TimeoutError if
        the connection is still open after `timeout` s."""
        t0 = time.monotonic()
        data = self.read_to_close(timeout)
        return data, time.monotonic() - t0

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# --------------------------------------------------------------------------
# unittest base class
# --------------------------------------------------------------------------

JS_ROUTE_STATUS = 200   # the http fixture's JS routes answer (docs/server.md, "Routes that run JavaScript")


class ServerTestCase(unittest.TestCase):
    """One `webx run` per test class, on a temporary copy of PROJECT."""

    PROJECT = "http"
    PROD = False
    BIG = False
    HUGE = False
    LINKS = False

    project: Project
    server: WebxServer

    @classmethod
    def setUpClass(cls):
        cls.project = Project(cls.PROJECT, big=cls.BIG, huge=cls.HUGE, links=cls.LINKS)
        cls.addClassCleanup(cls.project.cleanup)
        cls.server = WebxServer(cls.project.root, prod=cls.PROD)
        cls.addClassCleanup(cls.server.kill)
        cls.server.start()
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        # The server must survive everything the tests did and exit cleanly.
        cls.server.stop()
        # Clients breaking the protocol are logged at `debug` only, and
        # nothing else here is a problem of the server: stderr stays empty.
        if cls.server.stderr_lines:
            raise AssertionError("unexpected stderr output:\n" + "\n".join(cls.server.stderr_lines))

    # -- helpers -----------------------------------------------------------
    def conn(self, **kw) -> Conn:
        c = Conn(self.port, **kw)
        self.addCleanup(c.close)
        return c

    def fetch(self, method: str = "GET", target: str = "/", headers=(), body: bytes = b"",
              version: str = "HTTP/1.1", timeout: float = IO_TIMEOUT) -> Response:
        """One request on a new connection; checks the common headers."""
        with Conn(self.port, timeout=timeout) as c:
            c.send(request(method, target, headers, body, version))
            resp = c.read_response(method, timeout)
        self.check_common(resp)
        return resp

    def send_raw(self, data: bytes, method: str = "GET", timeout: float = IO_TIMEOUT) -> Response:
        with Conn(self.port, timeout=timeout) as c:
            c.send(data)
            resp = c.read_response(method, timeout)
        self.check_common(resp)
        return resp

    def check_common(self, resp: Response) -> None:
        """What docs/server.md promises of every response."""
        self.assertEqual(resp.version, "HTTP/1.1", resp)
        if 100 <= resp.status < 200:
            return
        date = resp.header("Date")
        self.assertIsNotNone(date, f"no Date header: {resp!r}")
        self.assertRegex(date, r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|"
                               r"Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$")
        if resp.status not in (204, 304):
            self.assertEqual(len(resp.header_all("Content-Length")), 1,
                             f"exactly one Content-Length expected: {resp!r}")

    def assertStatus(self, resp: Response, status: int, body: bytes | None = None) -> None:
        self.assertEqual(resp.status, status, resp)
        if body is not None:
            self.assertEqual(resp.body, body, resp)

    def assertRefusal(self, conn: Conn, status: int, method: str = "GET",
                      timeout: float = IO_TIMEOUT) -> Response:
        """A limit/protocol refusal: status, text/plain body saying what was
        wrong, Connection: close, then the connection is closed."""
        resp = conn.read_response(method, timeout)
        self.check_common(resp)
        self.assertEqual(resp.status, status, resp)
        self.assertTrue(resp.closes, f"refusal without Connection: close: {resp!r}")
        self.assertTrue((resp.header("Content-Type") or "").startswith("text/plain"), resp)
        self.assertTrue(resp.body.strip(), f"refusal without a message: {resp!r}")
        rest, _ = conn.wait_closed(timeout)
        self.assertEqual(rest, b"", f"bytes after the refusal: {rest[:200]!r}")
        return resp

    def assertAlive(self) -> None:
        """The server still answers a normal request on a new connection."""
        resp = self.fetch("GET", "/about")
        self.assertStatus(resp, 200, b"<p>About</p>")

    def assertClosedQuietly(self, conn: Conn, timeout: float) -> float:
        data, waited = conn.wait_closed(timeout)
        self.assertEqual(data, b"", f"expected a quiet close, got {data[:200]!r}")
        return waited


def parse_http_date(value: str):
    return parsedate_to_datetime(value)
