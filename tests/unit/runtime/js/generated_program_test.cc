// Generated programs running in the engine: routes called through `$wx.run`
// the way the runtime calls them, response values, htmx headers, state kept
// between requests, and runtime errors mapped back to the .webx line.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "../../../support/compile_source.h"
#include "js_engine.h"
#include "prelude.h"

namespace {

using nlohmann::json;

// A loaded program in a fresh engine, with its globals initialised.
struct Loaded {
  webx::testing::Compiled compiled;
  webx::JsEngine engine{webx::JsLimits{32u << 20, 2000}};

  explicit Loaded(const std::string& source) : compiled(webx::testing::compile_source(source)) {
    REQUIRE_MESSAGE(compiled.js.has_value(), compiled.diagnostics);
    REQUIRE(engine.load(webx::stdlib_prelude(), "webx-prelude.js").ok);
    auto r = engine.load(compiled.js->code, compiled.js->filename);
    REQUIRE_MESSAGE(r.ok, r.error.message);
    r = engine.call("$wx.init");
    REQUIRE_MESSAGE(r.ok, r.error.message);
  }

  // Runs route `index` with a request context; returns what $wx.run
  // returned ([status, type, body, file, name, value, ...]) as an object
  // {status, type, body, file?, headers: [[name, value]...]}.
  // `ctx.req` goes to $wx.run as the request, beside the rest.
  json run(size_t index, json ctx) {
    json req = ctx.contains("req") ? ctx["req"] : json{{"headers", json::object()}};
    ctx.erase("req");
    auto r = engine.call_texts("$wx.run", {compiled.js->routes.at(index).function, ctx.dump(), req.dump()});
    REQUIRE_MESSAGE(r.ok, r.error.name << ": " << r.error.message);
    REQUIRE(r.texts.size() >= 4);
    REQUIRE(r.texts.size() % 2 == 0);
    json response = {{"status", std::stoi(r.texts[0])}, {"type", r.texts[1]}, {"body", r.texts[2]},
                     {"headers", json::array()}};
    if (!r.texts[3].empty()) response["file"] = r.texts[3];
    for (size_t i = 4; i < r.texts.size(); i += 2) response["headers"].push_back({r.texts[i], r.texts[i + 1]});
    return response;
  }

  std::string header(const json& response, const std::string& name) {
    for (const auto& h : response["headers"]) {
      if (h[0] == name) return h[1];
    }
    return "";
  }
};

constexpr const char* kTodo = R"(
global {
  const todos = [];
  let nextId = 1;
}
handler renderTodo(todo: any) (
  <li id={"todo-" + todo.id} class={todo.done ? "done" : ""}>{todo.title}</li>
)
handler auth(userId: number) {
  if (userId !== 1) return error(403, "not allowed");
  return { name: "admin" };
}
post /todos form(title: string) {
  const todo = { id: nextId++, title, done: false };
  todos.push(todo);
  if (hx.request) hx.trigger("todoAdded");
} -> renderTodo(todo)
get /todos/(id: number) -> auth(id):user {
  const todo = todos.find(t => t.id === id);
  if (!todo) return error(404, `no todo ${id}`);
} -> renderTodo(todo)
get /api/todos { return todos; }
delete /todos { todos.length = 0; }
get /old -> redirect("/todos")
get /boom { const items = null; return items.length; }
)";

}  // namespace

TEST_CASE("generated routes: bindings, chains and value-to-response conversion") {
  Loaded p(kTodo);
  json created = p.run(0, {{"body", {{"title", "<b>milk</b> & eggs"}}}});
  CHECK(created["status"] == 200);
  CHECK(created["type"] == "text/html; charset=utf-8");
  CHECK(created["body"] == "<li id=\"todo-1\" class=\"\">&lt;b&gt;milk&lt;/b&gt; &amp; eggs</li>");

  // A pre-call returning a response ends the chain; so does `return error()`.
  json forbidden = p.run(1, {{"params", {{"id", 2}}}});
  CHECK(forbidden["status"] == 403);
  CHECK(forbidden["body"] == "not allowed");
  json found = p.run(1, {{"params", {{"id", 1}}}});
  CHECK(found["status"] == 200);
  CHECK(found["body"] == "<li id=\"todo-1\" class=\"\">&lt;b&gt;milk&lt;/b&gt; &amp; eggs</li>");

  // Objects and arrays are JSON; undefined is 204; redirect sets Location.
  json list = p.run(2, json::object());
  CHECK(list["type"] == "application/json; charset=utf-8");
  CHECK(json::parse(list["body"].get<std::string>())[0]["title"] == "<b>milk</b> & eggs");
  CHECK(p.run(3, json::object())["status"] == 204);
  json moved = p.run(4, json::object());
  CHECK(moved["status"] == 302);
  CHECK(p.header(moved, "Location") == "/todos");
}

TEST_CASE("generated routes: global state persists between requests") {
  Loaded p(kTodo);
  for (int i = 0; i < 5; ++i) p.run(0, {{"body", {{"title", "t" + std::to_string(i)}}}});
  json list = json::parse(p.run(2, json::object())["body"].get<std::string>());
  REQUIRE(list.size() == 5);
  CHECK(list[4]["id"] == 5);
}

TEST_CASE("generated routes: htmx helpers read and write HX-* headers") {
  Loaded p(kTodo);
  json plain = p.run(0, {{"body", {{"title", "a"}}}});
  CHECK(p.header(plain, "HX-Trigger").empty());
  json htmx = p.run(0, {{"body", {{"title", "b"}}}, {"req", {{"headers", {{"hx-request", "true"}}}}}});
  CHECK(p.header(htmx, "HX-Trigger") == "todoAdded");
}

TEST_CASE("generated routes: a runtime error is reported at the user's .webx line") {
  Loaded p(kTodo);
  auto r = p.engine.call_texts("$wx.run", {p.compiled.js->routes.at(5).function, "{}", "{}"});
  REQUIRE_FALSE(r.ok);
  CHECK(r.error.name == "TypeError");
  std::optional<webx::SourceLoc> at;
  for (const auto& f : r.error.frames) {
    if (f.file == p.compiled.js->filename && (at = p.compiled.js->source_of(f.line))) break;
  }
  REQUIRE(at.has_value());
  CHECK(at->file == "app.webx");
  CHECK(at->line == 25);  // `get /boom { ... return items.length; }`
}

TEST_CASE("generated routes: components bind attributes to handler parameters by name") {
  Loaded p(R"(
handler Card(title: string, children) (<section><h2>{title}</h2>{children}</section>)
get / (<main><Card title="A & B"><p>{"<x>"}</p></Card><Card title={"it's"} /></main>)
)");
  json page = p.run(0, json::object());
  CHECK(page["body"] ==
        "<main><section><h2>A &amp; B</h2><p>&lt;x&gt;</p></section>"
        "<section><h2>it&#39;s</h2></section></main>");
}

TEST_CASE("generated routes: defaults of body fields and model fields fill in what was left out") {
  Loaded p(R"(
model Page { size?: int = 10, q: string }
post /search json(q: string, limit?: int = 20 * 2) { return { q, limit }; }
post /page Page { return body; }
)");
  CHECK(json::parse(p.run(0, {{"body", {{"q", "a"}}}})["body"].get<std::string>()) == json({{"q", "a"}, {"limit", 40}}));
  CHECK(json::parse(p.run(0, {{"body", {{"q", "a"}, {"limit", 3}}}})["body"].get<std::string>()) ==
        json({{"q", "a"}, {"limit", 3}}));
  CHECK(json::parse(p.run(1, {{"body", {{"q", "b"}}}})["body"].get<std::string>()) == json({{"q", "b"}, {"size", 10}}));
}
