// HttpApp: what the server knows about the program, prepared at start-up.
//
// Built once from the checked project and its generated JavaScript: the
// route table and, per route, what answering it takes. Routes that need no
// JavaScript — a static template, an empty route, `static(...)` of a path
// made from literals and path parameters — are answered on the network loop
// (docs/server.md); every other route goes to the JS executor.
//
// Immutable after build_app; shared read-only by every network loop.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "codegen.h"
#include "config.h"
#include "ir.h"
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

  // "webx/app.webx:12", for messages.
  std::string where() const;
};

struct HttpApp {
  std::string root;  // the project root as a real path, without a trailing '/'
  Config config;
  bool dev = true;
  std::unique_ptr<RouteTable> table;
  std::vector<RouteAction> actions;  // indexed like the table's routes
};

// `js` must have been generated from `project.program`; both must outlive
// the app (actions point into the program).
HttpApp build_app(const Project& project, const GeneratedJs& js, bool dev);

// The static file path of a StaticFile action for one match.
std::string static_file_path(const RouteAction& action, const struct RouteMatch& match);

}  // namespace webx::http
