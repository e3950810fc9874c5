"""Config `rateLimit`: per client address, fixed windows (docs/security.md).

The fixture allows 5 requests per 1.5 s window. Clients are told apart by
their address: loopback answers from any 127.x.y.z, so a second client binds
127.0.0.2 as its source.
"""

from __future__ import annotations

import time
import unittest

from webx_server import Conn, ServerTestCase, request


class RateLimitTest(ServerTestCase):
    PROJECT = "ratelimit"

    def wait_for_new_window(self):
        time.sleep(1.6)

    def test_limit_per_window_then_429_with_retry_after(self):
        self.wait_for_new_window()
        with Conn(self.port) as c:
            for _ in range(5):
                c.send(request("GET", "/"))
                self.assertStatus(c.read_response(), 200, b"<p>static</p>")
            c.send(request("GET", "/"))
            refused = c.read_response()
        self.assertEqual(refused.status, 429, refused)
        self.assertEqual(refused.header("Retry-After"), "2")  # 1.5 s left at most, in whole seconds
        self.assertIn(b"too many requests from 127.0.0.1", refused.body)
        self.wait_for_new_window()
        self.assertStatus(self.fetch("GET", "/"), 200)

    def test_refused_requests_run_no_javascript(self):
        self.wait_for_new_window()
        for _ in range(5):
            self.fetch("POST", "/hit")
        with Conn(self.port) as c:
            for _ in range(3):
                c.send(request("POST", "/hit"))
                self.assertEqual(c.read_response().status, 429)
        self.wait_for_new_window()
        resp = self.fetch("GET", "/hits")
        # (The only test that posts: the server is shared by the class.)
        self.assertEqual(resp.body, b'{"hits":5}')

    def test_counts_across_connections_and_loops(self):
        # One connection per request, spread over the two network loops: one count.
        self.wait_for_new_window()
        statuses = []
        for _ in range(7):
            statuses.append(self.fetch("GET", "/").status)
        self.assertEqual(statuses, [200] * 5 + [429] * 2)

    def test_clients_are_counted_apart(self):
        self.wait_for_new_window()
        for _ in range(6):
            self.fetch("GET", "/")
        self.assertEqual(self.fetch("GET", "/").status, 429)
        with Conn(self.port, source="127.0.0.2") as other:
            other.send(request("GET", "/"))
            self.assertStatus(other.read_response(), 200, b"<p>static</p>")


if __name__ == "__main__":
    unittest.main()
