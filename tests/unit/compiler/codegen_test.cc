// The code generator on its own: what it refuses (at the construct's
// position), how it names and folds, and its source map. Running the output
// is tested by the conformance corpus (tests/conformance) and
// tests/unit/runtime/js/generated_program_test.cc.
#include <doctest/doctest.h>

#include <sstream>

#include "../../support/compile_source.h"

namespace {

using webx::testing::Compiled;

Compiled compile(const std::string& source) {
  Compiled c = webx::testing::compile_source(source);
  REQUIRE_MESSAGE(c.parsed, "the test program itself must parse: " << c.diagnostics);
  return c;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("codegen: constructs ES5.1 cannot express are build errors at their position") {
  struct Case {
    const char* source;
    const char* error;
  };
  const Case cases[] = {
      {"global {\n  const r = /x/y;\n}\n",
       "app.webx:2:13: error: the regular expression flag 'y' is not supported"},
      {"global {\n  const r = /(?<year>\\d+)/;\n}\n",
       "app.webx:2:13: error: named groups are not supported"},
      {"global {\n  const r = /(?<=a)b/;\n}\n",
       "app.webx:2:13: error: lookbehind assertions are not supported"},
      {"global {\n  const o = { m() { return super.m(); } };\n}\n",
       "app.webx:2:28: error: 'super' is only valid in the methods of a class that extends another"},
      {"global {\n  const k = \"a\";\n  class A { [k] = 1; }\n}\n",
       "app.webx:3:13: error: computed class field names are not supported"},
      {"global {\n  for (;;) { [1].forEach(() => { break; }); }\n}\n",
       "app.webx:2:34: error: 'break' outside of a loop"},
      {"handler Card(title: string) (<h2>{title}</h2>)\nget / (<Card titel=\"x\" />)\n",
       "app.webx:2:14: error: 'titel' is not a parameter of handler 'Card'"},
      {"handler Card(title: string) (<h2>{title}</h2>)\nget / (<Card title=\"x\">body</Card>)\n",
       "app.webx:2:8: error: handler 'Card' has no 'children' parameter"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.source);
    Compiled out = compile(c.source);
    CHECK_FALSE(out.js.has_value());
    CHECK_MESSAGE(contains(out.diagnostics, c.error), out.diagnostics);
  }
}

TEST_CASE("codegen: block bindings keep their names unless hoisting would capture another") {
  Compiled c = compile(R"(global {
  let x = 1;
  { let x = 2; log(x); }
  let y = 3;
  function f() { { let y = 4; return y; } }
}
)");
  REQUIRE(c.js);
  // The inner x would collide with the outer x: renamed. The inner y is in
  // another function, but that function has no other y: it keeps its name.
  CHECK(contains(c.js->code, "x$"));
  CHECK(contains(c.js->code, "log(x$"));
  CHECK(contains(c.js->code, "f = function f() {var y;"));
}

TEST_CASE("codegen: a loop closure capturing its per-iteration binding gets a wrapper") {
  Compiled captured = compile("global {\n  const fs = [];\n  for (let i = 0; i < 3; i++) fs.push(() => i);\n}\n");
  REQUIRE(captured.js);
  CHECK(contains(captured.js->code, "(function (i) {"));
  Compiled plain = compile("global {\n  let s = 0;\n  for (let i = 0; i < 3; i++) s += i;\n}\n");
  REQUIRE(plain.js);
  CHECK_FALSE(contains(plain.js->code, "(function (i) {"));
}

TEST_CASE("codegen: static templates are folded into constants, and marked static in the IR") {
  Compiled c = compile("get / (<main class=\"x\"><h1>Hi &amp; welcome</h1><br/></main>)\n"
                       "get /dyn (<p>{1 + 1}</p>)\n");
  REQUIRE(c.js);
  const auto& routes = c.program.modules[0]->routes;
  CHECK(routes[0].body->is_static);
  CHECK_FALSE(routes[1].body->is_static);
  std::string html = "<main class=\"x\"><h1>Hi &amp; welcome</h1><br></main>";
  CHECK(webx::render_static_template(*routes[0].body->ast) == html);
  CHECK(contains(c.js->code, "new $wx.Html(\"<main class=\\\"x\\\"><h1>Hi &amp; welcome</h1><br></main>\")"));
  CHECK(contains(c.js->code, "$wx.c(1 + 1)"));
}

TEST_CASE("codegen: JSX whitespace follows the JSX rule, and <pre> keeps its text") {
  Compiled c = compile("get / (<div>\n    <p>a\n       b</p>  <pre>  x\n  y</pre>\n</div>)\n");
  REQUIRE(c.js);
  CHECK(webx::render_static_template(*c.program.modules[0]->routes[0].body->ast) ==
        "<div><p>a b</p>  <pre>  x\n  y</pre></div>");
}

TEST_CASE("codegen: each generated line maps back to the .webx line it came from") {
  Compiled c = compile(R"(handler total(items: any) {
  let sum = 0;
  for (const item of items) {
    sum += item.price;
  }
  return sum;
}
)");
  REQUIRE(c.js);
  // Find the generated line holding `sum += item.price` and map it back.
  std::istringstream lines(c.js->code);
  std::string line;
  uint32_t n = 0, found = 0;
  while (std::getline(lines, line)) {
    ++n;
    if (contains(line, "sum += item.price")) found = n;
  }
  REQUIRE(found != 0);
  auto loc = c.js->source_of(found);
  REQUIRE(loc.has_value());
  CHECK(loc->file == "app.webx");
  CHECK(loc->line == 4);
  CHECK(loc->col == 5);
}

TEST_CASE("codegen: a route becomes one function running pre-calls, body and post-calls") {
  Compiled c = compile(R"(handler auth(id: number) { if (id !== 1) return error(403, "no"); return { id }; }
handler show(u: any) (<p>{u.id}</p>)
get /users/(id: number) -> auth(id):user { const seen = true; } -> show(user)
)");
  REQUIRE(c.js);
  REQUIRE(c.js->routes.size() == 1);
  CHECK(c.js->routes[0].function == "$route_0");
  const std::string& code = c.js->code;
  size_t at = code.find("function $route_0($ctx) {");
  REQUIRE(at != std::string::npos);
  std::string route = code.substr(at);
  CHECK(contains(route, "id = $ctx.params.id;"));
  CHECK(contains(route, "user = auth(id); if ($wx.isResponse(user)) return user;"));
  CHECK(contains(route, "seen = true;"));
  CHECK(contains(route, "return show(user);"));
}
