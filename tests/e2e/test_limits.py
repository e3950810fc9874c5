"""Limits and protocol refusals of `webx run` (docs/server.md, "Limits"):
431, 413 (by Content-Length, with Expect, as chunks arrive), 400 (request
line, headers, chunks, Content-Length, request smuggling), 408 (slowloris,
trickled body), quiet close of idle connections. Every refusal: the status,
a text/plain message, Connection: close, then the close; afterwards the
server still answers a new connection.

The fixture (projects/http) sets maxHeaderBytes 2048, maxBodyBytes 1024,
requestTimeoutMs 500, idleTimeoutMs 1500."""

import time
import unittest

from webx_server import HUGE_SIZE, Conn, ServerTestCase, chunked, request

MAX_HEADER = 2048
MAX_BODY = 1024
REQUEST_TIMEOUT = 0.5
IDLE_TIMEOUT = 1.5
MARGIN = 1.0      # for a busy 2-core machine
ABOUT = b"<p>About</p>"


class HeaderLimitTest(ServerTestCase):
    def refused(self, data: bytes, status: int, method: str = "GET"):
        c = self.conn()
        c.send(data)
        resp = self.assertRefusal(c, status, method)
        self.assertAlive()
        return resp

    def test_headers_just_under_the_limit_are_fine(self):
        pad = "a" * (MAX_HEADER - 200)
        resp = self.send_raw(request("GET", "/about", {"X-Pad": pad}))
        self.assertStatus(resp, 200, ABOUT)

    def test_huge_header_is_431(self):
        self.refused(request("GET", "/about", {"X-Big": "a" * 3000}), 431)

    def test_many_headers_are_431(self):
        self.refused(request("GET", "/about", [(f"X-H{i}", "v" * 40) for i in range(60)]), 431)

    def test_huge_request_line_is_414(self):
        self.refused(request("GET", "/about?" + "q" * 3000), 414)

    def test_huge_header_sent_in_pieces_is_431(self):
        c = self.conn()
        c.send(b"GET /about HTTP/1.1\r\nHost: x\r\nX-Big: ")
        for _ in range(10):
            if not c.send(b"b" * 400) or c.readable(0.01):
                break
        self.assertRefusal(c, 431)
        self.assertAlive()

    def test_431_after_good_pipelined_requests(self):
        c = self.conn()
        c.send(request("GET", "/about") + request("GET", "/about", {"X-Big": "a" * 3000}))
        self.assertStatus(c.read_response(), 200, ABOUT)
        self.assertRefusal(c, 431)


class BodyLimitTest(ServerTestCase):
    def test_413_by_content_length_before_the_body(self):
        c = self.conn()
        # The body is never sent: the refusal comes from the header alone.
        c.send(request("POST", "/submit", {"Content-Length": str(MAX_BODY + 1)}))
        self.assertRefusal(c, 413, "POST", timeout=2)
        self.assertAlive()

    def test_413_with_expect_comes_without_100_continue(self):
        c = self.conn()
        c.send(request("POST", "/submit", {"Content-Length": "5000", "Expect": "100-continue"}))
        resp = c.read_response("POST", timeout=2)
        self.assertNotEqual(resp.status, 100, "100 Continue for a body that is refused")
        self.assertEqual(resp.status, 413, resp)
        self.assertTrue(resp.closes, resp)
        rest, _ = c.wait_closed(2)
        self.assertEqual(rest, b"")
        self.assertAlive()

    def test_413_as_chunks_arrive(self):
        c = self.conn()
        c.send(request("POST", "/submit", {"Transfer-Encoding": "chunked"}))
        c.send(b"%x\r\n%s\r\n" % (1000, b"a" * 1000))
        c.send(b"%x\r\n%s\r\n" % (100, b"b" * 100))   # 1100 > 1024
        self.assertRefusal(c, 413, "POST", timeout=2)
        self.assertAlive()

    def test_413_one_big_chunk(self):
        c = self.conn()
        c.send(request("POST", "/submit", {"Transfer-Encoding": "chunked"},
                       body=b"%x\r\n%s\r\n" % (5000, b"c" * 5000)))
        self.assertRefusal(c, 413, "POST", timeout=2)
        self.assertAlive()

    def test_413_after_good_pipelined_requests(self):
        c = self.conn()
        c.send(request("POST", "/submit", body=b"ok") + request("GET", "/about") +
               request("POST", "/submit", {"Content-Length": "100000"}))
        self.assertStatus(c.read_response("POST"), 200, b"<p>submitted</p>")
        self.assertStatus(c.read_response(), 200, ABOUT)
        self.assertRefusal(c, 413, "POST", timeout=2)


class MalformedTest(ServerTestCase):
    def refused(self, data: bytes, status: int = 400, method: str = "GET"):
        c = self.conn()
        c.send(data)
        resp = self.assertRefusal(c, status, method, timeout=2)
        return resp

    def test_malformed_request_lines(self):
        for data in (b"GARBAGE\r\n\r\n",
                     b"GET /about HTTP/1.1 extra\r\nHost: x\r\n\r\n",
                     b"GET /ab out HTTP/1.1\r\nHost: x\r\n\r\n",
                     b"GET /a\x01b HTTP/1.1\r\nHost: x\r\n\r\n",
                     b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40):  # TLS hello
            with self.subTest(data=data[:40]):
                self.refused(data)
        self.assertAlive()

    def test_malformed_headers(self):
        for data in (b"GET /about HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n",
                     b"GET /about HTTP/1.1\r\nHost: x\r\n: no name\r\n\r\n",
                     b"GET /about HTTP/1.1\r\nHost: x\r\nX(y): v\r\n\r\n"):
            with self.subTest(data=data):
                self.refused(data)
        self.assertAlive()

    # The next three are accepted by http-parser 2.9 when it is built without
    # HTTP_PARSER_STRICT (as Debian's libhttp-parser is): the server has to
    # refuse them itself.
    def test_bad_protocol_name_in_request_line(self):
        self.refused(b"GET /about HTTX/1.1\r\nHost: x\r\n\r\n")
        self.assertAlive()

    def test_space_inside_header_name(self):
        self.refused(b"GET /about HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n")
        self.assertAlive()

    def test_chunk_data_not_followed_by_crlf(self):
        self.refused(request("POST", "/submit", {"Transfer-Encoding": "chunked"}) +
                     b"5\r\nhelloXX0\r\n\r\n", method="POST")
        self.assertAlive()

    def test_malformed_content_length(self):
        for value in ("abc", "-5", "1.5", "0x10", "5 5"):
            with self.subTest(value=value):
                self.refused(request("POST", "/submit", {"Content-Length": value}) + b"hello",
                             method="POST")
        self.assertAlive()

    def test_malformed_chunks(self):
        for body in (b"zz\r\nhello\r\n0\r\n\r\n",          # not hex
                     b"3\r\nhello\r\n0\r\n\r\n",            # longer than its size
                     b"-5\r\nhello\r\n0\r\n\r\n"):
            with self.subTest(body=body):
                self.refused(request("POST", "/submit", {"Transfer-Encoding": "chunked"}) + body,
                             method="POST")
        self.assertAlive()


class SmugglingTest(ServerTestCase):
    def refused(self, data: bytes):
        c = self.conn()
        c.send(data)
        self.assertRefusal(c, 400, "POST", timeout=2)

    def test_content_length_and_transfer_encoding(self):
        self.refused(b"POST /submit HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        self.refused(b"POST /submit HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                     b"Content-Length: 4\r\n\r\n0\r\n\r\n")
        self.assertAlive()

    def test_duplicate_content_length(self):
        self.refused(b"POST /submit HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                     b"Content-Length: 5\r\n\r\nhello")
        self.refused(b"POST /submit HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                     b"Content-Length: 2\r\n\r\nhello")
        self.refused(b"POST /submit HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\nhello")
        self.assertAlive()

    def test_transfer_encoding_other_than_chunked(self):
        for te in ("xchunked", "chunked, identity", "identity", "gzip, chunked", "chunkedx",
                   "gzip"):
            with self.subTest(te=te):
                self.refused(b"POST /submit HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                             + te.encode() + b"\r\n\r\n0\r\n\r\n")
        self.assertAlive()

    def test_whitespace_before_colon(self):
        # RFC 9112 5.1: a server must refuse "Name : value" with 400; a proxy
        # may read these as other headers than the server does.
        self.refused(b"POST /submit HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\nhello")
        self.refused(b"POST /submit HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n"
                     b"\r\n0\r\n\r\n")
        self.assertAlive()

    def test_smuggled_request_is_not_answered(self):
        # If the CL+TE request were accepted by CL, "GET /nope" would be a
        # second request; it must not be answered at all.
        c = self.conn()
        c.send(b"POST /submit HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertRefusal(c, 400, "POST", timeout=2)


class TimeoutTest(ServerTestCase):
    def check_408(self, c: Conn, first: float, method: str = "GET"):
        # The trickle stopped when the server answered.
        c.readable(REQUEST_TIMEOUT + MARGIN + 1)
        elapsed = time.monotonic() - first
        self.assertGreaterEqual(elapsed, REQUEST_TIMEOUT - 0.1, "408 before requestTimeoutMs")
        self.assertLessEqual(elapsed, REQUEST_TIMEOUT + MARGIN, "408 too late")
        self.assertRefusal(c, 408, method, timeout=2)
        self.assertAlive()

    def test_slowloris_headers(self):
        c = self.conn()
        data = request("GET", "/about", {"X-Slow": "s" * 60})
        sent, first = c.trickle(data, 0.02, max_time=REQUEST_TIMEOUT + MARGIN + 1)
        self.assertLess(sent, len(data), "the whole request went through without a 408")
        self.check_408(c, first)

    def test_headers_stopping_halfway(self):
        c = self.conn()
        first = time.monotonic()
        c.send(b"GET /about HTTP/1.1\r\nHost: x\r\n")
        self.check_408(c, first)

    def test_trickled_body(self):
        c = self.conn()
        first = time.monotonic()
        c.send(request("POST", "/submit", {"Content-Length": "200"}))
        sent, _ = c.trickle(b"z" * 200, 0.02, max_time=REQUEST_TIMEOUT + MARGIN + 1)
        self.assertLess(sent, 200, "the whole body went through without a 408")
        self.check_408(c, first, "POST")

    def test_trickled_chunks(self):
        c = self.conn()
        first = time.monotonic()
        c.send(request("POST", "/submit", {"Transfer-Encoding": "chunked"}))
        sent, _ = c.trickle(b"1\r\nz\r\n" * 40, 0.02, max_time=REQUEST_TIMEOUT + MARGIN + 1)
        self.check_408(c, first, "POST")

    def test_request_timeout_is_per_request(self):
        # Each request on a keep-alive connection gets its own requestTimeoutMs:
        # three quick requests spread over more than requestTimeoutMs are fine.
        c = self.conn()
        for _ in range(3):
            c.send(request("GET", "/about"))
            self.assertStatus(c.read_response(), 200, ABOUT)
            time.sleep(REQUEST_TIMEOUT * 0.5)
        c.send(request("GET", "/about"))
        self.assertStatus(c.read_response(), 200, ABOUT)


class IdleTest(ServerTestCase):
    HUGE = True

    def test_idle_keep_alive_connection_closed_quietly(self):
        c = self.conn()
        c.send(request("GET", "/about"))
        self.assertStatus(c.read_response(), 200, ABOUT)
        waited = self.assertClosedQuietly(c, IDLE_TIMEOUT + MARGIN + 1)
        self.assertGreaterEqual(waited, IDLE_TIMEOUT - 0.2, "closed before idleTimeoutMs")
        self.assertLessEqual(waited, IDLE_TIMEOUT + MARGIN)
        self.assertAlive()

    def test_fresh_connection_without_bytes_closed_quietly(self):
        c = self.conn()
        waited = self.assertClosedQuietly(c, IDLE_TIMEOUT + MARGIN + 1)
        self.assertGreaterEqual(waited, IDLE_TIMEOUT - 0.2, "closed before idleTimeoutMs")
        self.assertLessEqual(waited, IDLE_TIMEOUT + MARGIN)

    def test_activity_restarts_the_idle_timer(self):
        c = self.conn()
        t0 = time.monotonic()
        while time.monotonic() - t0 < IDLE_TIMEOUT + 0.5:
            c.send(request("GET", "/about"))
            self.assertStatus(c.read_response(), 200, ABOUT)
            time.sleep(IDLE_TIMEOUT * 0.4)

    def test_client_that_stops_reading_is_closed(self):
        c = self.conn(rcvbuf=8192)
        c.send(request("GET", "/assets/huge.bin"))
        time.sleep(IDLE_TIMEOUT + MARGIN)
        data = c.read_to_close(timeout=5)
        self.assertLess(len(data), HUGE_SIZE, "the whole file arrived although it was not read")
        self.assertTrue(data.startswith(b"HTTP/1.1 200"), data[:100])
        self.assertAlive()


if __name__ == "__main__":
    unittest.main()
