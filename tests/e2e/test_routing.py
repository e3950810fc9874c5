"""Routing of `webx run` (docs/server.md, "Routing"): precedence of literal >
int/number/boolean > string > rest segment by segment, typed parameter
conversion, percent-decoding per segment, empty segments, query strings,
locations, method fallback to a less specific route, 405 per matching path."""

import unittest

from webx_server import JS_ROUTE_STATUS, Conn, ServerTestCase, request


def p(text: str) -> bytes:
    return f"<p>{text}</p>".encode()


class PrecedenceTest(ServerTestCase):
    def check(self, cases):
        # All on one keep-alive connection, pipelined: also exercises ordering.
        c = self.conn()
        c.send(b"".join(request("GET", t) for t, _ in cases))
        for (target, expected), resp in zip(cases, c.read_responses(len(cases))):
            with self.subTest(target=target):
                self.check_common(resp)
                self.assertStatus(resp, 200, p(expected))

    def test_literal_int_string_rest(self):
        self.check([
            ("/items/new", "literal"),
            ("/items/42", "int"),
            ("/items/-7", "int"),
            ("/items/0", "int"),
            ("/items/007", "int"),
            ("/items/9007199254740991", "int"),        # 2^53 - 1
            ("/items/-9007199254740991", "int"),
            ("/items/99999999999999999999", "string"),  # beyond 2^53: not an int
            ("/items/1.5", "string"),
            ("/items/1e3", "string"),
            ("/items/+5", "string"),
            ("/items/-", "string"),
            ("/items/0x1F", "string"),
            ("/items/abc", "string"),
            ("/items/news", "string"),
            ("/items/NEW", "string"),
            ("/items/a/b/c", "rest"),
            ("/items/new/edit", "rest"),
            ("/items/42/x", "rest"),
            ("/items", "rest"),                         # the rest may be empty
        ])

    def test_number_and_boolean(self):
        self.check([
            ("/num/42", "number"),
            ("/num/-2.5", "number"),
            ("/num/1e3", "number"),
            ("/num/0.25", "number"),
            ("/num/0x10", "num-string"),
            ("/num/NaN", "num-string"),
            ("/num/Infinity", "num-string"),
            ("/num/abc", "num-string"),
            ("/flag/true", "boolean"),
            ("/flag/false", "boolean"),
            ("/flag/TRUE", "flag-string"),
            ("/flag/1", "flag-string"),
            ("/flag/yes", "flag-string"),
        ])

    def test_bare_star_and_literal(self):
        self.check([
            ("/files/readme", "files-readme"),
            ("/files/readme/x", "files"),
            ("/files/a/b/c.txt", "files"),
            ("/files/other", "files"),
            ("/files", "files"),
        ])

    def test_locations(self):
        self.check([
            ("/docs", "docs"),
            ("/docs/guide", "guide"),
            ("/docs/v2/intro", "v2 intro"),
        ])
        self.assertStatus(self.fetch("GET", "/docs/v2"), 404)
        self.assertStatus(self.fetch("GET", "/docs/v2/intro/more"), 404)

    def test_empty_segments_and_query(self):
        self.check([
            ("//about", "About"),
            ("/about/", "About"),
            ("/about?x=1&y=2", "About"),
            ("/about/?", "About"),
            ("/docs//guide//", "guide"),
            ("///docs///v2//intro", "v2 intro"),
            ("/items/new?id=5", "literal"),
            ("/items//42", "int"),
            ("/docs/", "docs"),
        ])

    def test_percent_decoding_per_segment(self):
        self.check([
            ("/ab%6Fut", "About"),            # %6F = o: matching is on decoded text
            ("/%61bout", "About"),
            ("/items/%6Eew", "literal"),
            ("/items/4%32", "int"),
            ("/items/%34%32", "int"),
            ("/items/hello%20world", "string"),
            ("/items/a%2Fb", "string"),       # %2F does not split the segment
            ("/items/a%2fb", "string"),
            ("/items/%2F", "string"),
            ("/items/a%2Fb/c", "rest"),
        ])
        # "/docs%2Fguide" is one segment "docs/guide": not /docs/guide.
        self.assertStatus(self.fetch("GET", "/docs%2Fguide"), 404)
        self.assertStatus(self.fetch("GET", "/flag/tru%65"), 200, p("boolean"))

    def test_bad_percent_encoding_is_400_and_keeps_the_connection(self):
        # A well-framed request with an unroutable path is an ordinary
        # answer (docs/server.md): the connection stays usable.
        c = self.conn()
        for target in ("/items/%zz", "/items/%4", "/items/%", "/%G0bout", "/about%"):
            with self.subTest(target=target):
                c.send(request("GET", target))
                resp = c.read_response("GET")
                self.assertEqual(resp.status, 400, resp)
                self.assertIn(b"percent-encoding", resp.body)
                self.assertFalse(resp.closes, resp)
        c.send(request("GET", "/about"))
        self.assertStatus(c.read_response("GET"), 200, b"<p>About</p>")


class MethodFallbackTest(ServerTestCase):
    def test_less_specific_route_with_the_method_gets_it(self):
        # /items/new (literal) has GET and POST; the string route has DELETE.
        self.assertStatus(self.fetch("DELETE", "/items/new"), JS_ROUTE_STATUS, b"delete new")
        # /items/42: the int route has GET only; DELETE goes to the string route.
        self.assertStatus(self.fetch("DELETE", "/items/42"), JS_ROUTE_STATUS, b"delete 42")
        # POST /items/new is the literal's own JS route.
        self.assertStatus(self.fetch("POST", "/items/new", body=b"x"), JS_ROUTE_STATUS, b"post new")

    def test_405_lists_methods_of_the_matching_routes(self):
        # Two segments after /items: only the rest route matches (GET).
        resp = self.fetch("DELETE", "/items/a/b")
        self.assertStatus(resp, 405)
        self.assertEqual(resp.methods(), {"GET", "HEAD", "OPTIONS"}, resp)
        # One segment: the string route (GET, DELETE) and the rest route (GET).
        resp = self.fetch("POST", "/items/other", body=b"x")
        self.assertStatus(resp, 405)
        self.assertEqual(resp.methods(), {"GET", "HEAD", "DELETE", "OPTIONS"}, resp)
        # /items/new: whichever routes are listed, these must be among them.
        resp = self.fetch("PUT", "/items/new", body=b"x")
        self.assertStatus(resp, 405)
        self.assertLessEqual({"GET", "HEAD", "POST", "OPTIONS"}, resp.methods(), resp)

    def test_head_follows_get_precedence(self):
        c = self.conn()
        c.send(request("HEAD", "/items/new") + request("HEAD", "/items/42") +
               request("HEAD", "/items/x/y"))
        for resp, body in zip(c.read_responses(["HEAD"] * 3), (p("literal"), p("int"), p("rest"))):
            self.assertStatus(resp, 200, b"")
            self.assertEqual(resp.header("Content-Length"), str(len(body)), resp)


if __name__ == "__main__":
    unittest.main()
