"""HTTP/1.1 basics of `webx run` (docs/server.md, "HTTP/1.1" and "Routing"):
keep-alive, HTTP/1.0, pipelining, HEAD, Date, 404, 405 + Allow, OPTIONS,
Host rules, methods, request bodies, Expect, JS routes (more in test_js.py)."""

import datetime
import unittest

from webx_server import (JS_ROUTE_STATUS, Conn, ServerTestCase, chunked,
                         parse_http_date, request)

ABOUT = b"<p>About</p>"
HOME = b"<h1>Home</h1>"


class KeepAliveTest(ServerTestCase):
    def test_many_requests_on_one_connection(self):
        c = self.conn()
        for i in range(50):
            target, body = (("/about", ABOUT), ("/", HOME))[i % 2]
            c.send(request("GET", target))
            resp = c.read_response()
            self.check_common(resp)
            self.assertStatus(resp, 200, body)
            self.assertFalse(resp.closes, resp)
        self.assertFalse(c.readable(0.05), "unexpected bytes or close")

    def test_connection_close_from_client(self):
        c = self.conn()
        c.send(request("GET", "/about", {"Connection": "close"}))
        resp = c.read_response()
        self.assertStatus(resp, 200, ABOUT)
        self.assertTrue(resp.closes, resp)
        self.assertClosedQuietly(c, 2.0)

    def test_http10_without_keep_alive_closes(self):
        c = self.conn()
        c.send(request("GET", "/about", version="HTTP/1.0", host=None))
        resp = c.read_response()
        self.check_common(resp)   # responses are always HTTP/1.1
        self.assertStatus(resp, 200, ABOUT)
        self.assertTrue(resp.closes, resp)
        self.assertClosedQuietly(c, 2.0)

    def test_http10_with_keep_alive_stays_open(self):
        c = self.conn()
        for _ in range(3):
            c.send(request("GET", "/about", {"Connection": "keep-alive"}, version="HTTP/1.0"))
            resp = c.read_response()
            self.check_common(resp)
            self.assertStatus(resp, 200, ABOUT)
            self.assertFalse(resp.closes, resp)
        # Without asking again, the next HTTP/1.0 request is the last one.
        c.send(request("GET", "/", version="HTTP/1.0"))
        resp = c.read_response()
        self.assertStatus(resp, 200, HOME)
        self.assertTrue(resp.closes, resp)
        self.assertClosedQuietly(c, 2.0)


class PipeliningTest(ServerTestCase):
    def test_ten_requests_in_one_send(self):
        targets = [("/about", ABOUT), ("/", HOME), ("/items/new", b"<p>literal</p>"),
                   ("/items/7", b"<p>int</p>"), ("/docs/guide", b"<p>guide</p>")] * 2
        c = self.conn()
        c.send(b"".join(request("GET", t) for t, _ in targets))
        resps = c.read_responses(len(targets))
        for (t, body), resp in zip(targets, resps):
            self.check_common(resp)
            self.assertStatus(resp, 200, body)
        self.assertFalse(c.readable(0.05), "more responses than requests")

    def test_js_route_in_the_middle_keeps_order(self):
        # The JS routes are answered by the JS actor, the others by the
        # network loop, and /slowjs takes ~60 ms: the answers still come in
        # the order of the requests.
        seq = [("GET", "/about", 200, ABOUT), ("GET", "/slowjs", JS_ROUTE_STATUS, b"slow"),
               ("GET", "/", 200, HOME), ("HEAD", "/about", 200, b""),
               ("POST", "/items/new", JS_ROUTE_STATUS, b"post new"),
               ("GET", "/nope", 404, None), ("GET", "/about", 200, ABOUT),
               ("GET", "/js", JS_ROUTE_STATUS, b"hi"), ("OPTIONS", "/about", 204, b""),
               ("GET", "/slowjs", JS_ROUTE_STATUS, b"slow"), ("GET", "/items/new", 200, b"<p>literal</p>")]
        c = self.conn()
        c.send(b"".join(request(m, t, body=b"x=1" if m == "POST" else b"") for m, t, _, _ in seq))
        resps = c.read_responses([m for m, _, _, _ in seq])
        self.assertEqual([r.status for r in resps], [s for _, _, s, _ in seq], resps)
        for (m, t, _, body), r in zip(seq, resps):
            self.check_common(r)
            if body is not None:
                self.assertEqual(r.body, body, f"{m} {t}: {r!r}")

    def test_more_than_32_in_flight(self):
        # At most 32 in flight per connection; the rest wait in the socket and
        # are still answered, in order.
        n = 80
        c = self.conn()
        c.send(b"".join(request("GET", "/about" if i % 3 else f"/items/{i}") for i in range(n)))
        resps = c.read_responses(n, timeout=10)
        for i, r in enumerate(resps):
            self.assertStatus(r, 200, ABOUT if i % 3 else b"<p>int</p>")

    def test_pipeline_ending_with_connection_close(self):
        c = self.conn()
        c.send(request("GET", "/about") + request("GET", "/") +
               request("GET", "/about", {"Connection": "close"}) + request("GET", "/"))
        resps = c.read_responses(3)
        self.assertEqual([r.body for r in resps], [ABOUT, HOME, ABOUT])
        self.assertFalse(resps[0].closes)
        self.assertTrue(resps[2].closes, resps[2])
        # The 4th request, after the close, is not answered.
        self.assertClosedQuietly(c, 2.0)

    def test_bad_request_in_a_pipeline_answers_the_ones_before(self):
        c = self.conn()
        c.send(request("GET", "/about") + request("GET", "/") +
               b"NOT A REQUEST LINE\r\n\r\n" + request("GET", "/about"))
        resps = c.read_responses(2)
        self.assertEqual([r.body for r in resps], [ABOUT, HOME])
        self.assertRefusal(c, 400)
        self.assertAlive()

    def test_request_bodies_in_a_pipeline(self):
        c = self.conn()
        c.send(request("GET", "/about") +
               request("POST", "/submit", body=b"a=1&b=2") +
               request("POST", "/submit", {"Transfer-Encoding": "chunked"},
                       body=chunked(b"hello ", b"world")) +
               request("GET", "/", {"Content-Length": "3"}, body=b"xyz") +
               request("GET", "/about"))
        resps = c.read_responses(["GET", "POST", "POST", "GET", "GET"])
        self.assertEqual([r.status for r in resps], [200] * 5, resps)
        self.assertEqual([r.body for r in resps],
                         [ABOUT, b"<p>submitted</p>", b"<p>submitted</p>", HOME, ABOUT])


class HeadersAndMethodsTest(ServerTestCase):
    def test_static_template_response(self):
        resp = self.fetch("GET", "/about")
        self.assertStatus(resp, 200, ABOUT)
        self.assertTrue(resp.header("Content-Type", "").startswith("text/html"), resp)
        self.assertEqual(resp.header("Content-Length"), str(len(ABOUT)))

    def test_date_header(self):
        resp = self.fetch("GET", "/")
        date = parse_http_date(resp.header("Date"))
        now = datetime.datetime.now(datetime.timezone.utc)
        self.assertLess(abs((now - date).total_seconds()), 5, resp.header("Date"))
        # Also on errors.
        self.check_common(self.fetch("GET", "/nope"))

    def test_head_has_get_headers_and_no_body(self):
        get = self.fetch("GET", "/about")
        c = self.conn()
        c.send(request("HEAD", "/about") + request("GET", "/about"))
        head = c.read_response("HEAD")
        self.check_common(head)
        self.assertStatus(head, 200, b"")
        self.assertEqual(head.header("Content-Length"), str(len(ABOUT)))
        self.assertEqual(head.header("Content-Type"), get.header("Content-Type"))
        # The next response starts right away: no body bytes were sent.
        nxt = c.read_response()
        self.assertStatus(nxt, 200, ABOUT)

    def test_head_route_wins_over_get(self):
        # /headroute has its own `head` route (JavaScript: `return 1`, JSON).
        c = self.conn()
        c.send(request("HEAD", "/headroute") + request("GET", "/headroute"))
        head = c.read_response("HEAD")
        self.assertEqual(head.status, JS_ROUTE_STATUS, head)
        self.assertEqual(head.body, b"")
        self.assertTrue(head.header("Content-Type", "").startswith("application/json"), head)
        self.assertEqual(head.header("Content-Length"), "1", head)   # "1", not "<p>get</p>"
        self.assertStatus(c.read_response(), 200, b"<p>get</p>")

    def test_404(self):
        for target in ("/nope", "/about/more", "/docs/v2", "/nothing/here", "/ABOUT"):
            resp = self.fetch("GET", target)
            self.assertStatus(resp, 404)
            self.assertFalse(resp.closes, resp)   # a 404 does not close the connection

    def test_404_keeps_connection(self):
        c = self.conn()
        c.send(request("GET", "/nope") + request("GET", "/about"))
        a, b = c.read_responses(2)
        self.assertStatus(a, 404)
        self.assertStatus(b, 200, ABOUT)

    def test_405_with_allow(self):
        for method in ("POST", "PUT", "PATCH", "DELETE", "TRACE"):
            resp = self.fetch(method, "/about", body=b"x" if method in ("POST", "PUT", "PATCH") else b"")
            self.assertStatus(resp, 405)
            self.assertEqual(resp.methods(), {"GET", "HEAD", "OPTIONS"}, resp)
        resp = self.fetch("DELETE", "/form")
        self.assertStatus(resp, 405)
        self.assertEqual(resp.methods(), {"GET", "HEAD", "POST", "OPTIONS"}, resp)

    def test_405_keeps_connection(self):
        c = self.conn()
        c.send(request("PUT", "/about", body=b"abc") + request("GET", "/about"))
        a, b = c.read_responses(["PUT", "GET"])
        self.assertStatus(a, 405)
        self.assertStatus(b, 200, ABOUT)

    def test_automatic_options(self):
        resp = self.fetch("OPTIONS", "/about")
        self.assertStatus(resp, 204, b"")
        self.assertEqual(resp.methods(), {"GET", "HEAD", "OPTIONS"}, resp)
        resp = self.fetch("OPTIONS", "/form")
        self.assertStatus(resp, 204, b"")
        self.assertEqual(resp.methods(), {"GET", "HEAD", "POST", "OPTIONS"}, resp)

    def test_options_on_unknown_path_is_404(self):
        self.assertStatus(self.fetch("OPTIONS", "/nope"), 404)

    def test_options_star(self):
        resp = self.fetch("OPTIONS", "*")
        self.assertStatus(resp, 204, b"")
        # The program uses get, post, delete and head (+ OPTIONS itself).
        self.assertEqual(resp.methods(), {"GET", "HEAD", "POST", "DELETE", "OPTIONS"}, resp)

    def test_options_keeps_connection(self):
        c = self.conn()
        c.send(request("OPTIONS", "/about") + request("GET", "/about"))
        a, b = c.read_responses(["OPTIONS", "GET"])
        self.assertStatus(a, 204)
        self.assertStatus(b, 200, ABOUT)

    def test_js_routes_answer(self):
        resp = self.fetch("GET", "/js")
        self.assertStatus(resp, JS_ROUTE_STATUS, b"hi")
        self.assertEqual(resp.header("Content-Type"), "text/html; charset=utf-8")
        resp = self.fetch("POST", "/form", body=b"a=1")
        self.assertStatus(resp, JS_ROUTE_STATUS, b"1")
        self.assertEqual(resp.header("Content-Type"), "application/json; charset=utf-8")

    def test_js_route_keeps_connection(self):
        c = self.conn()
        c.send(request("GET", "/js") + request("GET", "/about"))
        a, b = c.read_responses(2)
        self.assertStatus(a, JS_ROUTE_STATUS, b"hi")
        self.assertFalse(a.closes, a)
        self.assertStatus(b, 200, ABOUT)


class HostAndMethodRulesTest(ServerTestCase):
    def test_http11_without_host_is_400(self):
        c = self.conn()
        c.send(request("GET", "/about", host=None))
        self.assertRefusal(c, 400)
        self.assertAlive()

    def test_http11_with_two_hosts_is_400(self):
        c = self.conn()
        c.send(request("GET", "/about", [("Host", "b.example")]))
        self.assertRefusal(c, 400)
        self.assertAlive()

    def test_http10_without_host_is_fine(self):
        resp = self.send_raw(b"GET /about HTTP/1.0\r\n\r\n")
        self.assertStatus(resp, 200, ABOUT)

    def test_unknown_method_is_400(self):
        for method in ("FOO", "get", "BREW"):
            with self.subTest(method=method):
                c = self.conn()
                c.send(request(method, "/about"))
                self.assertRefusal(c, 400)
        self.assertAlive()

    def test_known_method_without_route_syntax_is_501(self):
        for method in ("PROPFIND", "MKCOL"):
            with self.subTest(method=method):
                resp = self.fetch(method, "/about")
                self.assertStatus(resp, 501)


class BodiesAndExpectTest(ServerTestCase):
    SUBMITTED = b"<p>submitted</p>"

    def test_content_length_body(self):
        resp = self.fetch("POST", "/submit", body=b"name=webx")
        self.assertStatus(resp, 200, self.SUBMITTED)

    def test_chunked_body_with_extension_and_trailer(self):
        c = self.conn()
        body = b"5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n"
        c.send(request("POST", "/submit", {"Transfer-Encoding": "chunked"}, body=body) +
               request("GET", "/about"))
        a, b = c.read_responses(["POST", "GET"])
        self.assertStatus(a, 200, self.SUBMITTED)
        self.assertStatus(b, 200, ABOUT)

    def test_body_exactly_at_the_limit(self):
        # maxBodyBytes is 1024 in the fixture.
        c = self.conn()
        c.send(request("POST", "/submit", body=b"a" * 1024) +
               request("POST", "/submit", {"Transfer-Encoding": "chunked"},
                       body=chunked(b"b" * 1000, b"c" * 24)))
        a, b = c.read_responses(["POST", "POST"])
        self.assertStatus(a, 200, self.SUBMITTED)
        self.assertStatus(b, 200, self.SUBMITTED)

    def test_expect_100_continue(self):
        c = self.conn()
        c.send(request("POST", "/submit", {"Content-Length": "11", "Expect": "100-continue"}))
        interim = c.read_response("POST", timeout=2)
        self.assertEqual(interim.status, 100, interim)
        self.assertTrue(interim.head_bytes.startswith(b"HTTP/1.1 100 Continue\r\n"), interim)
        self.assertFalse(c.readable(0.05), "final response before the body was sent")
        c.send(b"hello world")
        resp = c.read_response("POST")
        self.check_common(resp)
        self.assertStatus(resp, 200, self.SUBMITTED)
        # The connection stays usable.
        c.send(request("GET", "/about"))
        self.assertStatus(c.read_response(), 200, ABOUT)

    def test_expect_100_continue_chunked(self):
        c = self.conn()
        c.send(request("POST", "/submit", {"Transfer-Encoding": "chunked",
                                           "Expect": "100-continue"}))
        self.assertEqual(c.read_response("POST", timeout=2).status, 100)
        c.send(chunked(b"abc"))
        self.assertStatus(c.read_response("POST"), 200, self.SUBMITTED)

    def test_expect_100_continue_refused_path_gets_no_100(self):
        c = self.conn()
        c.send(request("POST", "/nope", {"Content-Length": "5", "Expect": "100-continue"}))
        resp = c.read_response("POST", timeout=2)
        self.assertEqual(resp.status, 404, "404 comes without 100 Continue first: %r" % resp)

    def test_expect_100_continue_refused_method_gets_no_100(self):
        # /about has GET only: the 405 is known from the request head.
        c = self.conn()
        c.send(request("POST", "/about", {"Content-Length": "5", "Expect": "100-continue"}))
        resp = c.read_response("POST", timeout=2)
        self.assertEqual(resp.status, 405, "405 comes without 100 Continue first: %r" % resp)

    def test_other_expect_is_417(self):
        resp = self.fetch("POST", "/submit", {"Expect": "something-else", "Content-Length": "0"})
        self.assertStatus(resp, 417)

    def test_body_on_get_is_read_and_skipped(self):
        c = self.conn()
        c.send(request("GET", "/about", {"Content-Length": "20"}, body=b"GET /nope HTTP/1.1\r\n") +
               request("GET", "/"))
        a, b = c.read_responses(2)
        self.assertStatus(a, 200, ABOUT)
        self.assertStatus(b, 200, HOME)


class BannerTest(ServerTestCase):
    def test_banner_and_route_table(self):
        # The route table comes after the "listening" line: wait for its rows.
        self.server.wait_for_line(r"^POST\s+/submit\s")
        lines = self.server.stdout_lines
        self.assertRegex(lines[0], r"^webx \S+ · dev · 2 network threads · e2e-http$")
        self.assertEqual(lines[1], f"listening on http://127.0.0.1:{self.port}")
        self.assertNotEqual(self.port, 0)
        self.assertRegex(lines[2], r"^METHOD\s+PATH\s+WHERE\s+RUNS$")
        table = "\n".join(lines[3:])
        self.assertRegex(table, r"(?m)^GET\s+/about\s+\S*app\.webx:7\s")
        self.assertRegex(table, r"(?m)^POST\s+/submit\s")

    def test_access_log(self):
        start = len(self.server.stdout_lines)
        self.fetch("GET", "/about")
        self.server.wait_for_line(r"^GET /about 200 12B \d+(\.\d+)?(ms|µs|us|s)$", start=start)
        self.fetch("GET", "/nope")
        self.server.wait_for_line(r"^GET /nope 404 \d+B ", start=start)
        self.fetch("HEAD", "/about")
        self.server.wait_for_line(r"^HEAD /about 200 0B ", start=start)
        self.fetch("GET", "/items/5?x=1")
        self.server.wait_for_line(r"^GET /items/5\?x=1 200 10B ", start=start)


if __name__ == "__main__":
    unittest.main()
