// RouteTable: precedence by specificity, typed parameters, rest, 405/Allow;
// and build_app: which routes the network loop answers without JavaScript.
#include "route_table.h"

#include <doctest/doctest.h>

#include "app.h"
#include "compile_source.h"
#include "url.h"

namespace webx::http {
namespace {

struct Table {
  testing::Compiled compiled;
  std::unique_ptr<RouteTable> table;
  std::vector<const Route*> routes;

  explicit Table(const std::string& source) : compiled(testing::compile_source(source)) {
    REQUIRE_MESSAGE(compiled.js, compiled.diagnostics);
    for (const auto& r : compiled.js->routes) routes.push_back(r.route);
    table = std::make_unique<RouteTable>(routes);
  }
  RouteMatch match(HttpMethod m, const std::string& path) const {
    auto segments = split_path(path);
    REQUIRE(segments);
    return table->match(m, *segments);
  }
  // "GET /items/(id: int)" of the route a request reaches, or the kind.
  std::string which(HttpMethod m, const std::string& path) const {
    RouteMatch r = match(m, path);
    if (r.kind == RouteMatch::Kind::NotFound) return "404";
    if (r.kind == RouteMatch::Kind::MethodNotAllowed) return "405 " + r.allowed.allow_header();
    return std::string(method_name(routes[r.route]->method)) + " " + routes[r.route]->path_string();
  }
};

const char* kRoutes = R"(
get / (<p>home</p>)
get /items/new (<p>new</p>)
get /items/(id: int) (<p>int</p>)
get /items/(price: number)/price (<p>number</p>)
get /items/(flag: boolean) (<p>bool</p>)
get /items/(name: string) (<p>string</p>)
get /items/(name: string)/edit (<p>edit</p>)
post /items/(name: string) { return 1; }
get /files/(rest: path) (<p>rest</p>)
delete /files/(rest: path) { return 1; }
location api {
  get /v1/* (<p>star</p>)
}
)";

TEST_CASE("RouteTable: literal > int/number/boolean > string > rest, never declaration order") {
  Table t(kRoutes);
  CHECK(t.which(HttpMethod::Get, "/") == "GET /");
  CHECK(t.which(HttpMethod::Get, "/items/new") == "GET /items/new");
  CHECK(t.which(HttpMethod::Get, "/items/42") == "GET /items/(id: int)");
  CHECK(t.which(HttpMethod::Get, "/items/-7") == "GET /items/(id: int)");
  CHECK(t.which(HttpMethod::Get, "/items/true") == "GET /items/(flag: boolean)");
  CHECK(t.which(HttpMethod::Get, "/items/4.5") == "GET /items/(name: string)");
  CHECK(t.which(HttpMethod::Get, "/items/4.5/price") == "GET /items/(price: number)/price");
  CHECK(t.which(HttpMethod::Get, "/items/42/edit") == "GET /items/(name: string)/edit");  // backtracks
  CHECK(t.which(HttpMethod::Get, "/items/widget") == "GET /items/(name: string)");
  CHECK(t.which(HttpMethod::Get, "/files/a/b/c.txt") == "GET /files/(rest: path)");
  CHECK(t.which(HttpMethod::Get, "/files") == "GET /files/(rest: path)");
  CHECK(t.which(HttpMethod::Get, "/api/v1/x/y") == "GET /api/v1/*");
  CHECK(t.which(HttpMethod::Get, "/nothing") == "404");
  CHECK(t.which(HttpMethod::Get, "/items/1/2/3") == "404");
}

TEST_CASE("RouteTable: a less specific route with the method wins over a more specific one without") {
  Table t(kRoutes);
  CHECK(t.which(HttpMethod::Post, "/items/42") == "POST /items/(name: string)");
  CHECK(t.which(HttpMethod::Post, "/items/new") == "POST /items/(name: string)");
}

TEST_CASE("RouteTable: 405 lists the methods of every route matching the path; HEAD uses GET") {
  Table t(kRoutes);
  CHECK(t.which(HttpMethod::Put, "/items/42") == "405 GET, HEAD, POST, OPTIONS");
  CHECK(t.which(HttpMethod::Post, "/") == "405 GET, HEAD, OPTIONS");
  CHECK(t.which(HttpMethod::Put, "/files/x") == "405 GET, HEAD, DELETE, OPTIONS");
  CHECK(t.which(HttpMethod::Head, "/items/42") == "GET /items/(id: int)");
  CHECK(t.which(HttpMethod::Options, "/items/42") == "405 GET, HEAD, POST, OPTIONS");
  CHECK(t.table->all_methods().allow_header() == "GET, HEAD, POST, DELETE, OPTIONS");
}

TEST_CASE("RouteTable: parameters come back named, typed and decoded, in path order") {
  Table t(kRoutes);
  RouteMatch m = t.match(HttpMethod::Get, "/items/a%20b/edit");
  REQUIRE(m.kind == RouteMatch::Kind::Found);
  REQUIRE(m.params.size() == 1);
  CHECK(m.params[0].name == "name");
  CHECK(m.params[0].type == "string");
  CHECK(m.params[0].text == "a b");
  m = t.match(HttpMethod::Get, "/files/x/y%2Fz");
  REQUIRE(m.params.size() == 1);
  CHECK(m.params[0].type == "path");
  CHECK(m.params[0].text == "x/y/z");
  m = t.match(HttpMethod::Get, "/api/v1/q");
  REQUIRE(m.params.size() == 1);
  CHECK(m.params[0].name == "*");
  CHECK(m.params[0].text == "q");
}

TEST_CASE("RouteTable: an explicit HEAD route is preferred over GET") {
  Table t("get /x (<p>get</p>)\nhead /x { return 1; }\n");
  CHECK(t.which(HttpMethod::Head, "/x") == "HEAD /x");
  CHECK(t.which(HttpMethod::Get, "/x") == "GET /x");
}

TEST_CASE("build_app: static templates, empty routes and static files need no JavaScript") {
  testing::Compiled c = testing::compile_source(R"(
get /page (<h1>Hi &amp; bye</h1>)
get /dynamic (<p>{1 + 1}</p>)
get /empty
get /assets/(file: path) -> static("public/" + file)
get /t/(name: string) -> static(`public/${name}.html`)
get /js/(id: int) -> static("public/" + id)
get /q -> static(query.f)
post /form form(a: string) (<p>static but has a body</p>)
)");
  REQUIRE_MESSAGE(c.js, c.diagnostics);
  Project project;
  project.root = ".";
  project.program = std::move(c.program);
  const std::string second_function = c.js->routes[1].function;
  std::shared_ptr<const HttpApp> built = build_app(std::move(project), std::move(*c.js), true);
  const HttpApp& app = *built;
  REQUIRE(app.actions.size() == 8);
  using K = RouteAction::Kind;
  CHECK(app.actions[0].kind == K::StaticHtml);
  CHECK(app.actions[0].body == "<h1>Hi &amp; bye</h1>");
  CHECK(app.actions[1].kind == K::Js);
  CHECK(app.actions[2].kind == K::Empty);
  CHECK(app.actions[3].kind == K::StaticFile);
  CHECK(app.actions[4].kind == K::StaticFile);
  CHECK(app.actions[5].kind == K::Js);  // an int would be converted by JavaScript's rules
  CHECK(app.actions[6].kind == K::Js);
  CHECK(app.actions[7].kind == K::Js);
  CHECK(app.actions[1].function == second_function);
  CHECK(app.actions[1].key == "GET /dynamic");

  RouteMatch m;
  m.params.push_back({"name", "string", "about"});
  CHECK(static_file_path(app.actions[4], m) == "public/about.html");
}

}  // namespace
}  // namespace webx::http
