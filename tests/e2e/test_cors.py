"""CORS of `webx run` (docs/server.md, "CORS"), with three configurations:
projects/http (allowOrigin: ["https://a.example"]), projects/cors_star
(allowOrigin: "*") and projects/cors_full ("*" with credentials, methods,
headers and maxAge)."""

import unittest

from webx_server import JS_ROUTE_STATUS, ServerTestCase, request

CORS_HEADERS = ("Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
                "Access-Control-Allow-Methods", "Access-Control-Allow-Headers",
                "Access-Control-Max-Age", "Access-Control-Expose-Headers")


class CorsTestCase(ServerTestCase):
    def assertNoCors(self, resp):
        for h in CORS_HEADERS:
            self.assertFalse(resp.has(h), f"{h} on a response to a refused origin: {resp!r}")

    def preflight(self, target, origin, method, req_headers=None):
        headers = {"Origin": origin, "Access-Control-Request-Method": method}
        if req_headers:
            headers["Access-Control-Request-Headers"] = req_headers
        return self.fetch("OPTIONS", target, headers)


class ListedOriginTest(CorsTestCase):
    PROJECT = "http"

    def test_simple_request_from_allowed_origin(self):
        resp = self.fetch("GET", "/about", {"Origin": "https://a.example"})
        self.assertStatus(resp, 200, b"<p>About</p>")
        self.assertEqual(resp.header("Access-Control-Allow-Origin"), "https://a.example")
        self.assertIn("origin", resp.tokens("Vary"), resp)
        self.assertFalse(resp.has("Access-Control-Allow-Credentials"), resp)

    def test_simple_request_from_other_origin(self):
        for origin in ("https://b.example", "http://a.example", "https://a.example.evil",
                       "null", "https://A.EXAMPLE.evil"):
            with self.subTest(origin=origin):
                resp = self.fetch("GET", "/about", {"Origin": origin})
                self.assertStatus(resp, 200, b"<p>About</p>")
                self.assertNoCors(resp)

    def test_no_origin_no_cors_headers(self):
        self.assertFalse(self.fetch("GET", "/about").has("Access-Control-Allow-Origin"))

    def test_js_route_gets_cors_headers_too(self):
        resp = self.fetch("GET", "/js", {"Origin": "https://a.example"})
        self.assertStatus(resp, JS_ROUTE_STATUS, b"hi")
        self.assertEqual(resp.header("Access-Control-Allow-Origin"), "https://a.example")

    def test_preflight_allowed(self):
        resp = self.preflight("/form", "https://a.example", "POST", "X-Foo, Content-Type")
        self.assertStatus(resp, 204, b"")
        self.assertEqual(resp.header("Access-Control-Allow-Origin"), "https://a.example")
        self.assertIn("origin", resp.tokens("Vary"), resp)
        # No allowMethods: the path's methods.
        methods = resp.methods("Access-Control-Allow-Methods")
        self.assertLessEqual({"GET", "POST"}, methods, resp)
        self.assertNotIn("DELETE", methods, resp)
        # No allowHeaders: the requested ones.
        self.assertEqual(resp.tokens("Access-Control-Allow-Headers"), {"x-foo", "content-type"}, resp)
        # maxAge defaults to 600 s.
        self.assertEqual(resp.header("Access-Control-Max-Age"), "600", resp)
        self.assertFalse(resp.has("Access-Control-Allow-Credentials"), resp)

    def test_preflight_from_other_origin(self):
        resp = self.preflight("/form", "https://b.example", "POST", "X-Foo")
        self.assertStatus(resp, 204, b"")
        self.assertNoCors(resp)

    def test_preflight_on_unknown_path(self):
        resp = self.preflight("/nope", "https://a.example", "GET")
        self.assertStatus(resp, 404)

    def test_options_with_origin_but_no_request_method_is_plain_options(self):
        resp = self.fetch("OPTIONS", "/form", {"Origin": "https://a.example"})
        self.assertStatus(resp, 204, b"")
        self.assertEqual(resp.methods(), {"GET", "HEAD", "POST", "OPTIONS"}, resp)
        self.assertFalse(resp.has("Access-Control-Allow-Methods"), resp)


class StarOriginTest(CorsTestCase):
    PROJECT = "cors_star"

    def test_simple_request_gets_star(self):
        resp = self.fetch("GET", "/", {"Origin": "https://anything.example"})
        self.assertStatus(resp, 200, b"<p>star</p>")
        self.assertEqual(resp.header("Access-Control-Allow-Origin"), "*")
        self.assertNotIn("origin", resp.tokens("Vary"), resp)
        self.assertFalse(resp.has("Access-Control-Allow-Credentials"), resp)

    def test_no_origin_no_cors_headers(self):
        self.assertFalse(self.fetch("GET", "/").has("Access-Control-Allow-Origin"))

    def test_preflight(self):
        resp = self.preflight("/things", "https://x.example", "POST", "X-Custom")
        self.assertStatus(resp, 204, b"")
        self.assertEqual(resp.header("Access-Control-Allow-Origin"), "*")
        self.assertIn("POST", resp.methods("Access-Control-Allow-Methods"), resp)
        self.assertEqual(resp.tokens("Access-Control-Allow-Headers"), {"x-custom"}, resp)
        self.assertEqual(resp.header("Access-Control-Max-Age"), "600", resp)


class FullConfigTest(CorsTestCase):
    PROJECT = "cors_full"

    def test_credentials_echo_the_origin(self):
        resp = self.fetch("GET", "/", {"Origin": "https://x.example"})
        self.assertStatus(resp, 200, b"<p>full</p>")
        self.assertEqual(resp.header("Access-Control-Allow-Origin"), "https://x.example")
        self.assertIn("origin", resp.tokens("Vary"), resp)
        self.assertEqual(resp.header("Access-Control-Allow-Credentials"), "true")

    def test_preflight_uses_the_configured_lists(self):
        resp = self.preflight("/things", "https://x.example", "PUT", "X-Other")
        self.assertStatus(resp, 204, b"")
        self.assertEqual(resp.header("Access-Control-Allow-Origin"), "https://x.example")
        self.assertEqual(resp.methods("Access-Control-Allow-Methods"), {"GET", "PUT"}, resp)
        self.assertEqual(resp.tokens("Access-Control-Allow-Headers"), {"x-token", "content-type"},
                         resp)
        self.assertEqual(resp.header("Access-Control-Max-Age"), "120", resp)
        self.assertEqual(resp.header("Access-Control-Allow-Credentials"), "true")


if __name__ == "__main__":
    unittest.main()
