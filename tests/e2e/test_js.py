"""JavaScript routes of `webx run` (docs/server.md, "Routes that run
JavaScript"): the spec's todo example end to end, what a route sees (typed
path parameters, `query`, `req`), body formats (json/form/text/model, 400
messages naming the field, 415), how values become responses, the response
helpers (error, redirect, json, html, text, status, header, cookie, hx.*),
pre-calls and post-calls, HEAD, the access log, 1000 concurrent requests
against one shared state, and pipelining JS with static routes."""

import json
import threading
import time
import unittest
from pathlib import Path

from webx_server import Conn, Project, ServerTestCase, WebxServer, request

HERE = Path(__file__).resolve().parent

HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
JSON_CT = {"Content-Type": "application/json"}


class JsTestCase(ServerTestCase):
    PROJECT = "js"

    def post(self, target, body: bytes, headers=None, method="POST"):
        return self.fetch(method, target, headers or {}, body=body)

    def post_json(self, target, value, content_type="application/json"):
        return self.fetch("POST", target, {"Content-Type": content_type},
                          body=json.dumps(value).encode())

    def post_form(self, target, body: str):
        return self.fetch("POST", target, FORM, body=body.encode())

    def assertJson(self, resp, status, value):
        self.assertEqual(resp.status, status, resp)
        self.assertEqual(resp.header("Content-Type"), JSON, resp)
        self.assertEqual(json.loads(resp.body), value, resp)

    def assertBadRequest(self, resp, message: str):
        """400 whose text names the field, as docs/server.md words it."""
        self.assertEqual(resp.status, 400, resp)
        self.assertIn(message, resp.text, resp)


# --------------------------------------------------------------------------
# The spec's example: tests/e2e/projects/spec-todo
# --------------------------------------------------------------------------

TODO_PAGE = ('<!DOCTYPE html><html><body><ul id="todos">{}</ul>'
             '<form hx-post="/todos" hx-target="#todos" hx-swap="beforeend">'
             '<input name="title"><button>Add</button></form></body></html>')


class TodoExampleTest(ServerTestCase):
    """The spec's example program, unchanged, on its own server."""

    @classmethod
    def setUpClass(cls):
        cls.project = Project("spec-todo")
        cls.addClassCleanup(cls.project.cleanup)
        cls.server = WebxServer(cls.project.root)
        cls.addClassCleanup(cls.server.kill)
        cls.server.start()
        cls.port = cls.server.port

    def page(self, items: str) -> bytes:
        return TODO_PAGE.format(items).encode()

    def test_todo_life_cycle(self):
        # Empty list at first.
        resp = self.fetch("GET", "/")
        self.assertStatus(resp, 200, self.page(""))
        self.assertEqual(resp.header("Content-Type"), HTML)

        # POST /todos form(title) -> the body's declarations -> renderTodo(todo).
        resp = self.fetch("POST", "/todos", FORM, body=b"title=Buy+milk")
        self.assertStatus(resp, 200, b'<li id="todo-1" class="">Buy milk</li>')
        self.assertEqual(resp.header("Content-Type"), HTML)
        resp = self.fetch("POST", "/todos", FORM, body=b"title=%3Cb%3Eeggs%3C%2Fb%3E+%26+ham")
        self.assertStatus(resp, 200, b'<li id="todo-2" class="">&lt;b&gt;eggs&lt;/b&gt; &amp; ham</li>')

        # GET / lists them (state shared by every request).
        resp = self.fetch("GET", "/")
        self.assertStatus(resp, 200, self.page(
            '<li id="todo-1" class="">Buy milk</li>'
            '<li id="todo-2" class="">&lt;b&gt;eggs&lt;/b&gt; &amp; ham</li>'))

        # GET /todos/1: pre-calls auth(1):user, findTodo(id):todo, then the body,
        # then the post-call renderTodo(todo).
        resp = self.fetch("GET", "/todos/1")
        self.assertStatus(resp, 200, b'<li id="todo-1" class="">Buy milk</li>')
        self.assertEqual(resp.header("Content-Type"), HTML)

        # A missing id: error(404, `no todo ${id}`) from the body.
        resp = self.fetch("GET", "/todos/9")
        self.assertStatus(resp, 404, b"no todo 9")
        self.assertEqual(resp.header("Content-Type"), TEXT)
        resp = self.fetch("GET", "/todos/1.5")
        self.assertStatus(resp, 404, b"no todo 1.5")
        # Not a number: no route matches the path.
        self.assertStatus(self.fetch("GET", "/todos/abc"), 404)

        # DELETE /todos/1 returns "" (200, empty text/html).
        resp = self.fetch("DELETE", "/todos/1")
        self.assertStatus(resp, 200, b"")
        self.assertEqual(resp.header("Content-Length"), "0")
        self.assertStatus(self.fetch("GET", "/todos/1"), 404, b"no todo 1")
        self.assertStatus(self.fetch("GET", "/"), 200, self.page(
            '<li id="todo-2" class="">&lt;b&gt;eggs&lt;/b&gt; &amp; ham</li>'))

        # Ids keep counting (global `nextId`).
        resp = self.fetch("POST", "/todos", FORM, body=b"title=Bread")
        self.assertStatus(resp, 200, b'<li id="todo-3" class="">Bread</li>')

    def test_bad_todo_bodies(self):
        resp = self.fetch("POST", "/todos", FORM, body=b"name=x")
        self.assertEqual(resp.status, 400, resp)
        self.assertIn("missing field `title`", resp.text)
        resp = self.fetch("POST", "/todos", JSON_CT, body=b'{"title": "x"}')
        self.assertEqual(resp.status, 415, resp)
        resp = self.fetch("POST", "/todos", body=b"title=x")   # no Content-Type at all
        self.assertEqual(resp.status, 415, resp)

    def test_static_asset(self):
        resp = self.fetch("GET", "/assets/app.css")
        self.assertStatus(resp, 200, (self.project.root / "public" / "app.css").read_bytes())
        self.assertTrue(resp.header("Content-Type", "").startswith("text/css"), resp)


# --------------------------------------------------------------------------
# What a route sees
# --------------------------------------------------------------------------

class ParamsQueryReqTest(JsTestCase):
    def test_typed_path_parameters(self):
        cases = [
            ("/typed/int/42", {"id": 42, "t": "number"}),
            ("/typed/int/-7", {"id": -7, "t": "number"}),
            ("/typed/int/9007199254740991", {"id": 9007199254740991, "t": "number"}),
            ("/typed/num/2.5", {"x": 2.5, "t": "number"}),
            ("/typed/num/-1e3", {"x": -1000, "t": "number"}),
            ("/typed/num/7", {"x": 7, "t": "number"}),
            ("/typed/bool/true", {"b": True, "t": "boolean"}),
            ("/typed/bool/false", {"b": False, "t": "boolean"}),
            ("/typed/str/42", {"s": "42", "t": "string"}),
            ("/typed/str/caf%C3%A9%20au%2Flait", {"s": "café au/lait", "t": "string"}),
            ("/typed/rest/a/b%20c/d.txt", {"p": "a/b c/d.txt", "t": "string"}),
            ("/typed/star/x/y", {"rest": "x/y"}),
            ("/typed/two/41/zz", {"sum": 42, "b": "zz"}),
        ]
        for target, value in cases:
            with self.subTest(target=target):
                self.assertJson(self.fetch("GET", target), 200, value)
        # Text that does not convert does not match a typed segment.
        self.assertStatus(self.fetch("GET", "/typed/int/4.5"), 404)
        self.assertStatus(self.fetch("GET", "/typed/bool/yes"), 404)
        self.assertStatus(self.fetch("GET", "/typed/num/0x10"), 404)

    def test_query_object(self):
        resp = self.fetch("GET", "/query?a=1&t=x&t=y&t=z&q=hello+world&e=caf%C3%A9%26co&flag&empty=")
        self.assertJson(resp, 200, {"a": "1", "t": ["x", "y", "z"], "q": "hello world",
                                    "e": "café&co", "flag": "", "empty": ""})
        self.assertJson(self.fetch("GET", "/query"), 200, {})
        self.assertJson(self.fetch("GET", "/query?plus=a%2Bb+c"), 200, {"plus": "a+b c"})

    def test_req_fields_of_a_get(self):
        target = "/req/caf%C3%A9?x=1&y=two+words&x=2"
        resp = self.fetch("GET", target, [("X-Custom", "Value A"), ("X-Multi", "1"),
                                          ("x-multi", "2"), ("Cookie", "sid=abc123; theme=dark")])
        self.assertEqual(resp.status, 200, resp)
        self.assertEqual(resp.header("Content-Type"), JSON)
        req = json.loads(resp.body)
        self.assertEqual(req["method"], "GET")
        self.assertEqual(req["url"], target)
        self.assertEqual(req["path"], "/req/café")
        self.assertEqual(req["query"], "x=1&y=two+words&x=2")
        self.assertEqual(req["headers"]["x-custom"], "Value A")
        self.assertEqual(req["headers"]["x-multi"], "1, 2")
        self.assertEqual(req["headers"]["host"], "127.0.0.1")
        for name in req["headers"]:
            self.assertEqual(name, name.lower(), f"header names are lower-case: {req['headers']!r}")
        self.assertEqual(req["cookies"], {"sid": "abc123", "theme": "dark"})
        self.assertEqual(req["ip"], "127.0.0.1")
        self.assertEqual(req["body"], "")
        self.assertEqual(req["params"], {"name": "café"})

    def test_req_fields_of_a_post(self):
        body = "raw body é\nline 2".encode()
        resp = self.fetch("POST", "/req/joe", {"Content-Type": "text/plain"}, body=body)
        self.assertEqual(resp.status, 200, resp)
        req = json.loads(resp.body)
        self.assertEqual(req["method"], "POST")
        self.assertEqual(req["body"], "raw body é\nline 2")
        self.assertEqual(req["headers"]["content-type"], "text/plain")
        self.assertEqual(req["headers"]["content-length"], str(len(body)))
        self.assertEqual(req["cookies"], {})
        self.assertEqual(req["params"], {"name": "joe"})
        # No body format: the raw body is still in req.body (also chunked).
        resp = self.fetch("PUT", "/rawbody", {"Transfer-Encoding": "chunked"},
                          body=b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
        self.assertJson(resp, 200, {"body": "hello world", "method": "PUT"})


# --------------------------------------------------------------------------
# Body formats
# --------------------------------------------------------------------------

class JsonBodyTest(JsTestCase):
    GOOD = {"name": "Ada", "age": 36, "score": 4.5, "tags": ["a", "b"], "admin": True}

    def test_fields_bound_by_name(self):
        self.assertJson(self.post_json("/json-fields", self.GOOD), 200, self.GOOD)
        # Optional field missing, or null (null counts as missing); unknown fields ignored.
        value = dict(self.GOOD, score=None, extra="ignored")
        self.assertJson(self.post_json("/json-fields", value), 200, dict(self.GOOD, score=None))
        del value["score"]
        self.assertJson(self.post_json("/json-fields", value), 200, dict(self.GOOD, score=None))
        # `…+json` and parameters on the media type are JSON too.
        self.assertJson(self.post_json("/json-fields", self.GOOD, "application/vnd.api+json"), 200, self.GOOD)
        self.assertJson(self.post_json("/json-fields", self.GOOD, "application/json; charset=utf-8"),
                        200, self.GOOD)
        # int: whole numbers, 2.0 is 2.
        self.assertJson(self.post_json("/json-fields", dict(self.GOOD, age=2.0)), 200, dict(self.GOOD, age=2))

    def test_field_errors(self):
        cases = [
            ({k: v for k, v in self.GOOD.items() if k != "name"}, "missing field `name`"),
            (dict(self.GOOD, name=None), "missing field `name`"),
            (dict(self.GOOD, age="36"), "field `age` must be an int"),
            (dict(self.GOOD, age=1.5), "field `age` must be an int"),
            (dict(self.GOOD, age=2 ** 60), "field `age` must be an int"),
            (dict(self.GOOD, name=5), "field `name` must be a string"),
            (dict(self.GOOD, score="x"), "field `score` must be a number"),
            (dict(self.GOOD, admin="true"), "field `admin` must be a boolean"),
            (dict(self.GOOD, tags=["a", "b", 3]), "field `tags[2]` must be a string"),
            (dict(self.GOOD, tags="a"), "`tags`"),
        ]
        for value, message in cases:
            with self.subTest(value=value):
                self.assertBadRequest(self.post_json("/json-fields", value), message)

    def test_not_json(self):
        for body in (b'{"name": ', b"", b"not json", b'{"name": "a",}', b"[1, 2"):
            with self.subTest(body=body):
                resp = self.fetch("POST", "/json-fields", JSON_CT, body=body)
                self.assertEqual(resp.status, 400, resp)
        # Valid JSON that is not an object.
        self.assertEqual(self.fetch("POST", "/json-fields", JSON_CT, body=b"[1]").status, 400)

    def test_wrong_content_type_is_415(self):
        body = json.dumps(self.GOOD).encode()
        for headers in ({"Content-Type": "text/plain"}, FORM, {}, {"Content-Type": "application/jsonx"}):
            with self.subTest(headers=headers):
                self.assertEqual(self.fetch("POST", "/json-fields", headers, body=body).status, 415)

    def test_bare_json_is_body(self):
        for value, kind in (({"a": [1, {"b": None}], "unknown": "kept"}, "object"),
                            ([1, "x"], "array"), ("s", "string"), (3.5, "number"), (True, "boolean")):
            with self.subTest(value=value):
                self.assertJson(self.post_json("/json-bare", value), 200, {"body": value, "kind": kind})
        self.assertEqual(self.fetch("POST", "/json-bare", {"Content-Type": "text/plain"}, body=b"{}").status, 415)

    def test_nesting_limit(self):
        ok = b"[" * 10 + b"1" + b"]" * 10
        resp = self.fetch("POST", "/json-bare", JSON_CT, body=ok)
        self.assertEqual(resp.status, 200, resp)
        deep = b"[" * 100 + b"1" + b"]" * 100
        self.assertEqual(self.fetch("POST", "/json-bare", JSON_CT, body=deep).status, 400)
        deep_obj = b'{"a":' * 100 + b"1" + b"}" * 100
        self.assertEqual(self.fetch("POST", "/json-bare", JSON_CT, body=deep_obj).status, 400)


class FormBodyTest(JsTestCase):
    def test_fields_converted_by_type(self):
        resp = self.post_form("/form-fields", "title=Hello+world%21&count=3&price=2.5&done=on&tags=a&tags=b+c")
        self.assertJson(resp, 200, {"title": "Hello world!", "count": 3, "price": 2.5, "done": True,
                                    "tags": ["a", "b c"]})
        # One value of an array field is still an array.
        resp = self.post_form("/form-fields", "title=t&count=-1&price=1e3&done=true&tags=x")
        self.assertJson(resp, 200, {"title": "t", "count": -1, "price": 1000, "done": True, "tags": ["x"]})

    def test_booleans(self):
        for text, value in (("true", True), ("on", True), ("1", True), ("yes", True),
                            ("false", False), ("off", False), ("0", False), ("no", False), ("", False)):
            with self.subTest(done=text):
                resp = self.post_form("/form-fields", f"title=t&count=1&price=1&done={text}")
                self.assertEqual(resp.status, 200, resp)
                self.assertIs(json.loads(resp.body)["done"], value)
        # An unchecked checkbox sends nothing: false.
        resp = self.post_form("/form-fields", "title=t&count=1&price=1")
        self.assertEqual(resp.status, 200, resp)
        got = json.loads(resp.body)
        # (An array field with no values: [] or left out; docs/server.md does not say.)
        self.assertIn(got.pop("tags"), ([], None))
        self.assertEqual(got, {"title": "t", "count": 1, "price": 1, "done": False})
        self.assertBadRequest(self.post_form("/form-fields", "title=t&count=1&price=1&done=maybe"), "`done`")

    def test_field_errors(self):
        cases = [
            ("count=1&price=1", "missing field `title`"),
            ("title=t&price=1", "missing field `count`"),
            ("title=t&count=abc&price=1", "field `count` must be an int"),
            ("title=t&count=1.5&price=1", "field `count` must be an int"),
            ("title=t&count=1&price=cheap", "field `price` must be a number"),
            ("title=t&count=1&price=", "`price`"),
        ]
        for body, message in cases:
            with self.subTest(body=body):
                self.assertBadRequest(self.post_form("/form-fields", body), message)

    def test_array_fields_convert_every_value(self):
        self.assertJson(self.post_form("/form-ids", "ids=1&ids=-2&ids=30&flags=on&flags=off"), 200,
                        {"ids": [1, -2, 30], "flags": [True, False]})
        self.assertBadRequest(self.post_form("/form-ids", "ids=1&ids=x"), "field `ids[1]` must be an int")

    def test_wrong_content_type_is_415(self):
        body = b"title=t&count=1&price=1"
        for ct in ("application/json", "text/plain",
                   "multipart/form-data; boundary=XyZ"):
            with self.subTest(ct=ct):
                self.assertEqual(self.fetch("POST", "/form-fields", {"Content-Type": ct}, body=body).status, 415)

    def test_bare_form_is_an_object_of_strings(self):
        resp = self.post_form("/form-bare", "b=2&a=1&s=x+y%26z&e=")
        self.assertEqual(resp.status, 200, resp)
        got = json.loads(resp.body)
        self.assertEqual({k: got[k] for k in ("a", "b", "s", "e")}, {"a": "1", "b": "2", "s": "x y&z", "e": ""})

    def test_text_body(self):
        body = "the quick  brown fox é".encode()
        for headers in ({"Content-Type": "text/plain"}, {"Content-Type": "application/octet-stream"}, {}):
            with self.subTest(headers=headers):
                self.assertJson(self.fetch("POST", "/text-body", headers, body=body), 200,
                                {"body": "the quick  brown fox é", "len": 22})
        self.assertJson(self.fetch("POST", "/text-body", {"Content-Type": "text/plain"}), 200,
                        {"body": "", "len": 0})


class ModelBodyTest(JsTestCase):
    GOOD = {"title": "Milk", "qty": 2, "price": 1.25, "code": "ABC", "tags": ["x", "y"],
            "owner": {"name": "Ada", "email": "ada@example.org"}, "when": "2024-05-01T10:00:00Z"}

    def test_valid_bodies(self):
        self.assertJson(self.post_json("/items", self.GOOD), 200, {"got": self.GOOD})
        # Optional fields may be left out (also in the nested model).
        minimal = {"title": "M", "qty": 0, "code": "Z", "tags": [], "owner": {"name": "B"}}
        self.assertJson(self.post_json("/items", minimal), 200, {"got": minimal})
        edge = dict(self.GOOD, title="x" * 10, qty=150, when="2024-05-01")
        self.assertJson(self.post_json("/items", edge), 200, {"got": edge})

    def test_constraints_name_the_field(self):
        cases = [
            (dict(self.GOOD, title=""), "field `title` must have at least 1 characters"),
            (dict(self.GOOD, title="x" * 11), "field `title` must have at most 10"),
            (dict(self.GOOD, qty=-1), "field `qty` must be at least 0"),
            (dict(self.GOOD, qty=151), "field `qty` must be at most 150"),
            (dict(self.GOOD, qty=1.5), "field `qty` must be an int"),
            (dict(self.GOOD, code="abc"), "field `code` must match /^[A-Z]+$/"),
            (dict(self.GOOD, price="free"), "field `price` must be a number"),
            (dict(self.GOOD, tags=["a", "b", 3]), "field `tags[2]` must be a string"),
            (dict(self.GOOD, owner={"name": ""}), "field `owner.name` must have at least 1 characters"),
            (dict(self.GOOD, owner={"name": 5}), "field `owner.name` must be a string"),
            (dict(self.GOOD, owner={"email": "e"}), "`owner.name`"),
            (dict(self.GOOD, when="yesterday"), "`when`"),
            ({k: v for k, v in self.GOOD.items() if k != "code"}, "missing field `code`"),
            (dict(self.GOOD, owner=None), "missing field `owner`"),
        ]
        for value, message in cases:
            with self.subTest(message=message, value=value):
                self.assertBadRequest(self.post_json("/items", value), message)

    def test_not_an_object_and_bad_json(self):
        self.assertEqual(self.post_json("/items", [self.GOOD]).status, 400)
        self.assertEqual(self.fetch("POST", "/items", JSON_CT, body=b'{"title": "x"').status, 400)

    def test_content_types(self):
        body = json.dumps(self.GOOD).encode()
        self.assertEqual(self.fetch("POST", "/items", {"Content-Type": "text/plain"}, body=body).status, 415)
        self.assertEqual(self.fetch("POST", "/items", {"Content-Type": "multipart/form-data; boundary=a"},
                                    body=body).status, 415)
        # A model also takes urlencoded bodies, converted by the field types.
        self.assertJson(self.post_form("/flat", "name=a+b&n=3&ok=on"), 200, {"name": "a b", "n": 3, "ok": True})
        self.assertJson(self.post_form("/flat", "name=a&n=3"), 200, {"name": "a", "n": 3, "ok": False})
        self.assertBadRequest(self.post_form("/flat", "name=a&n=x"), "field `n` must be an int")
        self.assertJson(self.post_json("/flat", {"name": "j", "n": 1, "ok": False}), 200,
                        {"name": "j", "n": 1, "ok": False})


# --------------------------------------------------------------------------
# Responses
# --------------------------------------------------------------------------

class ValueToResponseTest(JsTestCase):
    def test_values(self):
        cases = [
            ("/r/string", 200, HTML, b"hello <b>"),
            ("/r/jsx", 200, HTML, b'<p class="x">none</p>'),
            ("/r/jsx?name=%3Cb%3E%26", 200, HTML, b'<p class="x">&lt;b&gt;&amp;</p>'),
            ("/r/object", 200, JSON, None),
            ("/r/array", 200, JSON, b'[1,"two"]'),
            ("/r/number", 200, JSON, b"42"),
            ("/r/boolean", 200, JSON, b"false"),
            ("/r/empty", 200, HTML, b""),
        ]
        for target, status, ctype, body in cases:
            with self.subTest(target=target):
                resp = self.fetch("GET", target)
                self.assertEqual(resp.status, status, resp)
                self.assertEqual(resp.header("Content-Type"), ctype, resp)
                if body is not None:
                    self.assertEqual(resp.body, body, resp)
                self.assertEqual(resp.header("Content-Length"), str(len(resp.body)))
        resp = self.fetch("GET", "/r/object")
        self.assertEqual(json.loads(resp.body), {"a": 1, "b": [True, None], "s": "é"})

    def test_undefined_and_null_are_204(self):
        for target in ("/r/undefined", "/r/null"):
            with self.subTest(target=target):
                c = self.conn()
                # The next response follows at once: a 204 has no body.
                c.send(request("GET", target) + request("GET", "/about"))
                a, b = c.read_responses(2)
                self.check_common(a)
                self.assertStatus(a, 204, b"")
                self.assertIn(a.header("Content-Length"), (None, "0"), a)
                self.assertStatus(b, 200, b"<p>About</p>")

    def test_head_on_a_js_get_route(self):
        c = self.conn()
        c.send(request("HEAD", "/r/string") + request("HEAD", "/r/object") + request("GET", "/about"))
        head, head2, nxt = c.read_responses(["HEAD", "HEAD", "GET"])
        for h in (head, head2):
            self.check_common(h)
            self.assertEqual(h.status, 200, h)
            self.assertEqual(h.body, b"")
        self.assertEqual(head.header("Content-Length"), "9")   # len("hello <b>")
        self.assertEqual(head.header("Content-Type"), HTML)
        self.assertEqual(head2.header("Content-Type"), JSON)
        self.assertEqual(head2.header("Content-Length"), str(len(self.fetch("GET", "/r/object").body)))
        # No body bytes were sent: the next response starts right away.
        self.assertStatus(nxt, 200, b"<p>About</p>")

    def test_access_log(self):
        start = len(self.server.stdout_lines)
        self.fetch("GET", "/r/number")
        self.server.wait_for_line(r"^GET /r/number 200 2B \d+(\.\d+)?(ms|µs|us|s)$", start=start)
        self.fetch("POST", "/json-fields", JSON_CT, body=b"{")
        self.server.wait_for_line(r"^POST /json-fields 400 \d+B ", start=start)


class HelpersTest(JsTestCase):
    def test_error(self):
        resp = self.fetch("GET", "/h/error")
        self.assertStatus(resp, 403, b"x")
        self.assertEqual(resp.header("Content-Type"), TEXT)
        self.assertFalse(resp.closes, "an error() answer keeps the connection")

    def test_redirects(self):
        resp = self.fetch("GET", "/h/redirect")
        self.assertStatus(resp, 302, b"")
        self.assertEqual(resp.header("Location"), "/a")
        resp = self.fetch("GET", "/h/redirect301")
        self.assertStatus(resp, 301, b"")
        self.assertEqual(resp.header("Location"), "https://example.org/b")

    def test_json_html_text_status(self):
        resp = self.fetch("GET", "/h/json")
        self.assertStatus(resp, 201, b'{"created":true}')
        self.assertEqual(resp.header("Content-Type"), JSON)
        resp = self.fetch("GET", "/h/html")
        self.assertStatus(resp, 200, b"<i>hi</i>")
        self.assertEqual(resp.header("Content-Type"), HTML)
        resp = self.fetch("GET", "/h/text")
        self.assertStatus(resp, 200, b"<plain>")
        self.assertEqual(resp.header("Content-Type"), TEXT)
        resp = self.fetch("GET", "/h/status")
        self.assertStatus(resp, 418, b'{"teapot":true}')
        self.assertEqual(resp.header("Content-Type"), JSON)

    def test_header_and_cookie(self):
        resp = self.fetch("GET", "/h/header")
        self.assertStatus(resp, 200, b"with header")
        self.assertEqual(resp.header_all("X-A"), ["1"])
        resp = self.fetch("GET", "/h/cookie")
        self.assertStatus(resp, 200, b"cookie")
        self.assertEqual(resp.header_all("Set-Cookie"), ["s=v; Path=/; HttpOnly; SameSite=Lax"])
        resp = self.fetch("GET", "/h/combined")
        self.assertStatus(resp, 202, b"[1]")
        self.assertEqual(resp.header("X-B"), "2")
        self.assertEqual(resp.header_all("Set-Cookie"), ["k=w; Path=/; HttpOnly; SameSite=Lax"])
        self.assertEqual(resp.header("Content-Type"), JSON)
        # Headers set by one request do not leak into the next one.
        resp = self.fetch("GET", "/r/string")
        self.assertFalse(resp.has("X-A") or resp.has("X-B") or resp.has("Set-Cookie"), resp)

    def test_hx_reads_request_headers(self):
        resp = self.fetch("GET", "/h/hx", {"HX-Request": "true", "HX-Target": "#todos", "HX-Trigger": "btn-1"})
        self.assertJson(resp, 200, {"target": "todos", "request": True, "triggerId": "btn-1"})
        resp = self.fetch("GET", "/h/hx", {"hx-target": "list"})
        self.assertJson(resp, 200, {"target": "list", "request": False, "triggerId": None})
        self.assertJson(self.fetch("GET", "/h/hx"), 200, {"target": None, "request": False, "triggerId": None})

    def test_hx_response_headers(self):
        resp = self.fetch("GET", "/h/hx-trigger")
        self.assertStatus(resp, 200, b"triggered")
        self.assertEqual(resp.header_all("HX-Trigger"), ["x"])
        resp = self.fetch("GET", "/h/hx-trigger-detail")
        self.assertEqual(json.loads(resp.header("HX-Trigger")), {"saved": {"id": 7}})
        # Several events: one header of each kind, as htmx reads only one.
        resp = self.fetch("GET", "/h/hx-triggers")
        self.assertEqual(resp.header_all("HX-Trigger"), ["a, b"])
        self.assertEqual(resp.header_all("HX-Trigger-After-Swap"), ["s"])
        resp = self.fetch("GET", "/h/hx-triggers-detail")
        self.assertEqual(resp.header_all("HX-Trigger"), ['{"a":null,"b":{"n":1}}'])
        self.assertEqual(resp.header_all("HX-Trigger-After-Settle"), ['{"c":2}'])
        resp = self.fetch("GET", "/h/hx-redirect")
        self.assertStatus(resp, 200, b"")
        self.assertEqual(resp.header("HX-Redirect"), "/there")


class CallChainTest(JsTestCase):
    def hits(self) -> int:
        resp = self.fetch("GET", "/hits")
        self.assertEqual(resp.status, 200, resp)
        return json.loads(resp.body)

    def test_pre_calls_body_post_calls(self):
        before = self.hits()
        resp = self.fetch("GET", "/chain", {"X-Token": "t-ada"})
        # The post-call sees the body's declaration `title` and the pre-calls' outputs.
        self.assertStatus(resp, 200, f'<div class="card">visit {before + 1} by ada</div>'.encode())
        self.assertEqual(resp.header("Content-Type"), HTML)
        resp = self.fetch("GET", "/chain-only")
        self.assertStatus(resp, 200, f'<div class="card">n={before + 2} by pre</div>'.encode())
        self.assertEqual(self.hits(), before + 2)

    def test_early_return_stops_the_chain(self):
        before = self.hits()
        resp = self.fetch("GET", "/chain")     # no token
        self.assertStatus(resp, 401, b"sign in first")
        self.assertEqual(resp.header("Content-Type"), TEXT)
        resp = self.fetch("GET", "/chain", {"X-Token": "wrong"})
        self.assertStatus(resp, 401, b"sign in first")
        resp = self.fetch("GET", "/stop")
        self.assertStatus(resp, 409, b"stopped")
        # count() after the failing call never ran.
        self.assertEqual(self.hits(), before)


# --------------------------------------------------------------------------
# Concurrency and pipelining
# --------------------------------------------------------------------------

class ConcurrencyTest(JsTestCase):
    THREADS = 50
    PER_THREAD = 20     # 1000 requests in all

    def test_1000_concurrent_posts_leave_1000_items(self):
        results: dict[int, list] = {}
        errors: list[str] = []
        start = threading.Barrier(self.THREADS)

        def client(t: int):
            got = []
            try:
                with Conn(self.port, timeout=15) as c:
                    start.wait(10)
                    bodies = [f"c{t}-{i}".encode() for i in range(self.PER_THREAD)]
                    if t % 2:
                        # Odd threads pipeline all their requests at once.
                        c.send(b"".join(request("POST", "/append", {"Content-Type": "text/plain"}, body=b)
                                        for b in bodies))
                        resps = c.read_responses(["POST"] * len(bodies), timeout=20)
                    else:
                        resps = []
                        for b in bodies:
                            c.send(request("POST", "/append", {"Content-Type": "text/plain"}, body=b))
                            resps.append(c.read_response("POST", timeout=20))
                    for r in resps:
                        if r.status != 200:
                            errors.append(f"thread {t}: {r!r}")
                        else:
                            got.append(json.loads(r.body))
            except Exception as e:   # noqa: BLE001 - reported below
                errors.append(f"thread {t}: {e!r}")
            results[t] = got

        t0 = time.monotonic()
        threads = [threading.Thread(target=client, args=(t,), daemon=True) for t in range(self.THREADS)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(30)
        self.assertFalse([th for th in threads if th.is_alive()], "client threads hung")
        elapsed = time.monotonic() - t0
        self.assertEqual(errors, [])
        total = self.THREADS * self.PER_THREAD
        # Each answer is log.length right after its push: 1..1000, each once.
        counts = sorted(n for got in results.values() for n in got)
        self.assertEqual(counts, list(range(1, total + 1)))
        self.assertJson(self.fetch("GET", "/count"), 200, total)
        items = json.loads(self.fetch("GET", "/all").body)
        self.assertEqual(sorted(items), sorted(f"c{t}-{i}" for t in range(self.THREADS)
                                               for i in range(self.PER_THREAD)))
        # A connection that waits for each answer finds its items in order.
        for t in range(0, self.THREADS, 2):
            mine = [x for x in items if x.startswith(f"c{t}-")]
            self.assertEqual(mine, [f"c{t}-{i}" for i in range(self.PER_THREAD)], f"thread {t}")
        self.assertLess(elapsed, 20, "1000 small JS requests took too long")


class PipelineJsTest(JsTestCase):
    def test_js_and_static_keep_their_order(self):
        seq = [("GET", "/busy/80", 200, b"busy 80"),
               ("GET", "/about", 200, b"<p>About</p>"),
               ("GET", "/files/hello.txt", 200, b"plain text file\n"),
               ("GET", "/r/number", 200, b"42"),
               ("POST", "/text-body", 200, b'{"body":"abc","len":3}'),
               ("GET", "/nope", 404, None),
               ("GET", "/busy/30", 200, b"busy 30"),
               ("GET", "/about", 200, b"<p>About</p>"),
               ("HEAD", "/r/string", 200, b""),
               ("GET", "/h/error", 403, b"x"),
               ("GET", "/r/null", 204, b""),
               ("GET", "/typed/int/5", 200, b'{"id":5,"t":"number"}'),
               ("GET", "/about", 200, b"<p>About</p>")]
        c = self.conn()
        c.send(b"".join(request(m, t, {"Content-Type": "text/plain"} if m == "POST" else {},
                                body=b"abc" if m == "POST" else b"") for m, t, _, _ in seq))
        resps = c.read_responses([m for m, _, _, _ in seq], timeout=10)
        self.assertEqual([r.status for r in resps], [s for _, _, s, _ in seq], resps)
        for (m, t, s, body), r in zip(seq, resps):
            self.check_common(r)
            if body is not None:
                self.assertEqual(r.body, body, f"{m} {t}: {r!r}")
        self.assertFalse(c.readable(0.05), "more responses than requests")

    def test_static_answers_while_js_runs_on_another_connection(self):
        slow = self.conn()
        slow.send(request("GET", "/busy/600"))
        time.sleep(0.1)
        t0 = time.monotonic()
        self.assertStatus(self.fetch("GET", "/about"), 200, b"<p>About</p>")
        self.assertStatus(self.fetch("GET", "/files/hello.txt"), 200, b"plain text file\n")
        self.assertLess(time.monotonic() - t0, 0.4, "static answers waited for the JS actor")
        self.assertFalse(slow.readable(0), "the busy route answered too early")
        self.assertStatus(slow.read_response(timeout=5), 200, b"busy 600")


if __name__ == "__main__":
    unittest.main()
