// HttpApp: what the server knows about the program, prepared at start-up.
//
// Built once from the checked project and its generated JavaScript: the
// route table and, per route, what answering it takes. Routes that need no
// JavaScript — a static template, an empty route, `static(...)` of a path
// made from literals and path parameters — are answered on the network loop
// (docs/server.md); every other route goes to the JS executor.
//
// Immutable after build_app and shared read-only by every network loop. It
// owns the project and its generated JavaScript (actions point into them);
// hot reload builds a new app and swaps it in while requests still running
// on the old one keep it alive.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "codegen.h"
#include "config.h"
#include "ir.h"
#include "js_actor.h"
#include "project.h"
#include "route_table.h"

namespace webx::http {

// A piece of a static file path: a literal, or the text of a path parameter
// (an index into RouteMatch::params).
struct PathPiece {
  std::string literal;
  int param = -1;
};

struct RouteAction {
  enum class Kind {
    StaticHtml,  // `body` is the page, rendered at build time
    Empty,       // no steps at all: 204
    StaticFile,  // serve the file at `file_path` (relative to the project root)
    Js,          // run `function` in the JS executor
  };
  Kind kind = Kind::Js;
  const Module* module = nullptr;
  const Route* route = nullptr;
  std::string body;
  std::vector<PathPiece> file_path;
  std::string function;  // "$route_N"
  std::string key;       // "GET /todos/(id: number)": the route's name across reloads

  // "webx/app.webx:12", for messages.
  std::string where() const;
};

struct HttpApp {
  Project project;
  GeneratedJs js;
  std::string root;  // the project root as a real path, without a trailing '/'
  bool dev = true;
  std::unique_ptr<RouteTable> table;
  std::vector<RouteAction> actions;  // indexed like the table's routes

  const Config& config() const { return project.config; }
  // The model called `name`, or null.
  const Model* model(const std::string& name) const;
  // The module at display path `path`, or null.
  const Module* module(const std::string& path) const;
};

// `js` must have been generated from `project.program`.
std::shared_ptr<const HttpApp> build_app(Project project, GeneratedJs js, bool dev);

// The route key of a route: method and path as written ("GET /a/(id: int)").
std::string route_key(const Route& route);

// The program as the JS actor loads it.
ActorProgram actor_program(const std::shared_ptr<const HttpApp>& app);

// Reports, at the literal, each regular expression of `js` that `engine`
// refuses (check_regex_literals). Every path that loads a program checks
// this first — `webx build`, `run`, `test` and hot reload — since the engine
// would only refuse the whole script. False when any is refused.
bool check_regexes_in_engine(const GeneratedJs& js, JsEngine& engine, DiagnosticSink& sink);
// The same in a scratch engine, made only when `js` has regexes (hot
// reload, which has no engine of its own at hand).
bool check_regexes_in_engine(const GeneratedJs& js, DiagnosticSink& sink);

// The static file path of a StaticFile action for one match.
std::string static_file_path(const RouteAction& action, const struct RouteMatch& match);

}  // namespace webx::http
