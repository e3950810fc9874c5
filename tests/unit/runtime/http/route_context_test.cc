// The bindings of JavaScript routes: typed params, query, req, and bodies
// checked against their formats before any JavaScript runs.
#include "route_context.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "compile_source.h"
#include "url.h"

namespace webx::http {
namespace {

using nlohmann::json;

const char* kSource = R"(
model Owner { name: string[minLength(1)] }
model Item {
  title: string[minLength(2), maxLength(5)],
  qty: int[min(0), max(10)],
  code?: string[pattern(/^[A-Z]+$/)],
  when?: Date,
  tags: string[],
  owner?: Owner,
}
get /p/(id: int)/(x: number)/(b: boolean)/(s: string)/(rest: path) { return 1; }
post /json json(title: string, n?: number) { return 1; }
post /form form(title: string, n: int, done: boolean, tags: string[]) { return 1; }
post /model Item { return 1; }
post /text text { return 1; }
post /bare json { return 1; }
post /bareform form { return 1; }
)";

struct Fixture {
  std::shared_ptr<const HttpApp> app;
  Fixture() {
    testing::Compiled c = testing::compile_source(kSource);
    REQUIRE_MESSAGE(c.js, c.diagnostics);
    Project project;
    project.root = ".";
    project.program = std::move(c.program);
    app = build_app(std::move(project), std::move(*c.js), true);
  }
  // Routes `target` and builds its context.
  RouteContext context(HttpMethod method, const std::string& target, const std::string& body = "",
                       const std::string& type = "") {
    Request r;
    r.method = method;
    r.method_name = method_name(method);
    r.target = target;
    r.body = body;
    r.client_address = "127.0.0.1";
    r.headers.push_back({"host", "h"});
    if (!type.empty()) r.headers.push_back({"content-type", type});
    r.headers.push_back({"cookie", "a=1; b=x%20y"});
    r.headers.push_back({"x-two", "1"});
    r.headers.push_back({"x-two", "2"});
    auto t = split_target(target);
    auto segments = split_path(t->path);
    RouteMatch m = app->table->match(method, *segments);
    REQUIRE(m.kind == RouteMatch::Kind::Found);
    return build_route_context(*app, app->actions[m.route], m, r);
  }
  json ok(HttpMethod method, const std::string& target, const std::string& body = "", const std::string& type = "") {
    RouteContext c = context(method, target, body, type);
    REQUIRE_MESSAGE(!c.error, c.error->message);
    json ctx = json::parse(c.json);
    CHECK_FALSE(ctx.contains("req"));
    ctx["req"] = json::parse(c.request_json);  // the tests read both as one
    return ctx;
  }
  std::string refused(int status, const std::string& target, const std::string& body, const std::string& type) {
    RouteContext c = context(HttpMethod::Post, target, body, type);
    REQUIRE(c.error);
    CHECK(c.error->status == status);
    return c.error->message;
  }
};

TEST_CASE("parse_urlencoded: + is a space, escapes decoded, malformed ones refused") {
  auto pairs = parse_urlencoded("a=1&b=x+y%21&&c&a=2");
  REQUIRE(pairs);
  REQUIRE(pairs->size() == 4);
  CHECK((*pairs)[1] == std::pair<std::string, std::string>{"b", "x y!"});
  CHECK((*pairs)[2] == std::pair<std::string, std::string>{"c", ""});
  CHECK_FALSE(parse_urlencoded("a=%zz"));
}

TEST_CASE("route context: typed params, query, req") {
  Fixture f;
  json ctx = f.ok(HttpMethod::Get, "/p/-3/2.5/true/a%20b/x/y?t=1&t=2&q=a+b&e");
  CHECK(ctx["params"] == json({{"id", -3}, {"x", 2.5}, {"b", true}, {"s", "a b"}, {"rest", "x/y"}}));
  CHECK(ctx["query"] == json({{"t", {"1", "2"}}, {"q", "a b"}, {"e", ""}}));
  const json& req = ctx["req"];
  CHECK(req["method"] == "GET");
  CHECK(req["url"] == "/p/-3/2.5/true/a%20b/x/y?t=1&t=2&q=a+b&e");
  CHECK(req["path"] == "/p/-3/2.5/true/a b/x/y");
  CHECK(req["query"] == "t=1&t=2&q=a+b&e");
  CHECK(req["headers"]["x-two"] == "1, 2");
  CHECK(req["cookies"] == json({{"a", "1"}, {"b", "x y"}}));
  CHECK(req["ip"] == "127.0.0.1");
  CHECK_FALSE(ctx.contains("body"));
}

TEST_CASE("route context: json(...) fields, 415 and 400s") {
  Fixture f;
  json ctx = f.ok(HttpMethod::Post, "/json", R"({"title":"t","extra":1})", "application/json; charset=utf-8");
  CHECK(ctx["body"] == json({{"title", "t"}}));
  CHECK(f.ok(HttpMethod::Post, "/json", R"({"title":"t","n":2})", "application/vnd.api+json")["body"]["n"] == 2);
  CHECK(f.refused(415, "/json", "{}", "text/plain").find("JSON") != std::string::npos);
  CHECK(f.refused(415, "/json", "{}", "").find("none") != std::string::npos);
  CHECK(f.refused(400, "/json", "{}", "application/json") == "missing field `title`");
  CHECK(f.refused(400, "/json", R"({"title":null})", "application/json") == "missing field `title`");
  CHECK(f.refused(400, "/json", R"({"title":5})", "application/json") == "field `title` must be a string");
  CHECK(f.refused(400, "/json", "[1]", "application/json") == "the JSON body must be an object");
  CHECK(f.refused(400, "/json", "{\"title\":", "application/json").rfind("invalid JSON body: ", 0) == 0);
  std::string deep(100, '[');
  CHECK(f.refused(400, "/json", deep, "application/json").find("deeper than 64") != std::string::npos);
  // What the client sent is quoted, cut short: a 100,000-digit number, a
  // long string of multi-byte characters with a control character in it.
  std::string huge = f.refused(400, "/json", "{\"title\":" + std::string(100000, '9') + "x}", "application/json");
  CHECK(huge.rfind("invalid JSON body: ", 0) == 0);
  CHECK(huge.size() <= 303);
  CHECK(huge.ends_with("\u2026"));
  std::string name;
  for (int i = 0; i < 200; ++i) name += "\u00e9";
  std::string field = f.refused(400, "/json", "{\"title\":\"" + name + "\x01\"}", "application/json");
  CHECK(field.ends_with("\u2026"));
  CHECK(field.find("\xc3\u2026") == std::string::npos);  // not cut inside a character
}

TEST_CASE("route context: form(...) converts text by type; a missing boolean is false") {
  Fixture f;
  const std::string form = "application/x-www-form-urlencoded";
  json ctx = f.ok(HttpMethod::Post, "/form", "title=Buy+milk&n=3&tags=a&tags=b", form);
  CHECK(ctx["body"] == json({{"title", "Buy milk"}, {"n", 3}, {"done", false}, {"tags", {"a", "b"}}}));
  CHECK(f.ok(HttpMethod::Post, "/form", "title=x&n=1&done=on", form)["body"]["done"] == true);
  CHECK(f.ok(HttpMethod::Post, "/form", "title=x&n=1&tags[]=z", form)["body"]["tags"] == json({"z"}));
  CHECK(f.refused(400, "/form", "n=1", form) == "missing field `title`");
  CHECK(f.refused(400, "/form", "title=x&n=1.5", form) == "field `n` must be an int");
  CHECK(f.refused(400, "/form", "title=x&n=abc", form) == "field `n` must be an int");
  CHECK(f.refused(400, "/form", "title=x&n=1&done=maybe", form) == "field `done` must be a boolean");
  CHECK(f.refused(415, "/form", "title=x", "application/json").find("form") != std::string::npos);
}

TEST_CASE("route context: a model body is checked field by field, constraints included") {
  Fixture f;
  const std::string j = "application/json";
  json ok = f.ok(HttpMethod::Post, "/model",
                 R"({"title":"abc","qty":3,"tags":["x"],"code":"AB","when":"2026-12-01T10:00:00Z","owner":{"name":"n"}})", j);
  CHECK(ok["body"]["qty"] == 3);
  CHECK(f.refused(400, "/model", R"({"title":"a","qty":1,"tags":[]})", j) ==
        "field `title` must have at least 2 characters");
  CHECK(f.refused(400, "/model", R"({"title":"abcdef","qty":1,"tags":[]})", j) ==
        "field `title` must have at most 5 characters");
  CHECK(f.refused(400, "/model", R"({"title":"éé","qty":-1,"tags":[]})", j) == "field `qty` must be at least 0");
  CHECK(f.refused(400, "/model", R"({"title":"ab","qty":11,"tags":[]})", j) == "field `qty` must be at most 10");
  CHECK(f.refused(400, "/model", R"({"title":"ab","qty":1,"tags":[], "code":"ab"})", j) ==
        "field `code` must match /^[A-Z]+$/");
  CHECK(f.refused(400, "/model", R"({"title":"ab","qty":1,"tags":["a",2]})", j) == "field `tags[1]` must be a string");
  CHECK(f.refused(400, "/model", R"({"title":"ab","qty":1,"tags":[],"owner":{"name":""}})", j) ==
        "field `owner.name` must have at least 1 characters");
  CHECK(f.refused(400, "/model", R"({"title":"ab","qty":1,"tags":[],"when":"yesterday"})", j) ==
        "field `when` must be a date (ISO 8601)");
  CHECK(f.refused(400, "/model", R"({"title":"ab","qty":1e400,"tags":[]})", j).rfind("invalid JSON body", 0) == 0);
  CHECK(f.refused(400, "/model", R"({"title":"ab","qty":9007199254740993,"tags":[]})", j) ==
        "field `qty` must be an int");
  CHECK(f.ok(HttpMethod::Post, "/model", "title=abc&qty=2&tags=t", "application/x-www-form-urlencoded")["body"]["qty"] == 2);
  CHECK(f.refused(415, "/model", "x", "text/plain").find("Item") != std::string::npos);
}

TEST_CASE("route context: text and bare json bodies") {
  Fixture f;
  CHECK(f.ok(HttpMethod::Post, "/text", "hello\r\nworld", "text/plain")["body"] == "hello\r\nworld");
  CHECK(f.ok(HttpMethod::Post, "/bare", "[1,{\"a\":null}]", "application/json")["body"] == json::parse("[1,{\"a\":null}]"));
  // Invalid UTF-8 is replaced rather than failing the request.
  CHECK(f.ok(HttpMethod::Post, "/text", "\xff", "text/plain")["body"] == "\xEF\xBF\xBD");
  // A bare form: every key, a repeated one as an array, as in the query.
  json form = f.ok(HttpMethod::Post, "/bareform?a=1&a=2", "x=1&y=2&x=3&x=4", "application/x-www-form-urlencoded");
  CHECK(form["body"] == json({{"x", {"1", "3", "4"}}, {"y", "2"}}));
  CHECK(form["query"] == json({{"a", {"1", "2"}}}));
}

}  // namespace
}  // namespace webx::http
