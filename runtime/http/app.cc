#include "app.h"

#include <fmt/format.h>

#include <filesystem>

#include "js_engine.h"

namespace webx::http {
namespace {

// Index of the path parameter called `name` among the route's parameters
// of type string or path, or -1. Other types would need JavaScript's
// conversions (`id + "x"` with an int), so they are left to the engine.
int string_param_index(const Route& route, const std::string& name) {
  int index = 0;
  for (const PathSegment& seg : route.path) {
    if (seg.kind == SegmentKind::Literal) continue;
    const bool textual = seg.kind == SegmentKind::Rest || seg.type.empty() || seg.type == "string";
    if (seg.text == name) return textual ? index : -1;
    ++index;
  }
  return -1;
}

// Flattens a path expression made of string literals, template literals and
// textual path parameters joined by `+`. Returns false for anything else.
bool flatten_path(const Route& route, const JsNode* n, std::vector<PathPiece>& out) {
  if (n == nullptr) return false;
  switch (n->kind) {
    case JsKind::String: out.push_back({n->value, -1}); return true;
    case JsKind::Identifier: {
      int index = string_param_index(route, n->value);
      if (index < 0) return false;
      out.push_back({"", index});
      return true;
    }
    case JsKind::Paren: return flatten_path(route, n->kid(0), out);
    case JsKind::Binary:
      return n->value == "+" && flatten_path(route, n->kid(0), out) &&
             flatten_path(route, n->kid(1), out);
    case JsKind::Template:
      for (const auto& kid : n->kids) {
        if (kid->kind == JsKind::TemplateChunk) {
          out.push_back({kid->value, -1});
        } else if (!flatten_path(route, kid.get(), out)) {
          return false;
        }
      }
      return true;
    default: return false;
  }
}

RouteAction action_for(const CompiledRoute& compiled) {
  const Route& r = *compiled.route;
  RouteAction action;
  action.module = compiled.module;
  action.route = &r;
  action.function = compiled.function;
  const bool no_calls = r.pre_calls.empty() && r.post_calls.empty();
  const bool no_body_format = r.body_format.kind == BodyFormatKind::None;
  if (!no_body_format) return action;
  if (no_calls && !r.body) {
    action.kind = RouteAction::Kind::Empty;
  } else if (no_calls && r.body->kind == BodyKind::Template && r.body->is_static) {
    action.kind = RouteAction::Kind::StaticHtml;
    action.body = render_static_template(*r.body->ast);
  } else if (!r.body && r.post_calls.empty() && r.pre_calls.size() == 1) {
    const Call& c = r.pre_calls[0];
    std::vector<PathPiece> pieces;
    if (c.name == "static" && c.out.empty() && c.args.size() == 1 &&
        flatten_path(r, c.args[0].get(), pieces)) {
      action.kind = RouteAction::Kind::StaticFile;
      action.file_path = std::move(pieces);
    }
  }
  return action;
}

}  // namespace

std::string RouteAction::where() const {
  return fmt::format("{}:{}", route->loc.file, route->loc.line);
}

std::string route_key(const Route& route) {
  return std::string(method_name(route.method)) + " " + route.path_string();
}

ActorProgram actor_program(const std::shared_ptr<const HttpApp>& app) {
  ActorProgram program;
  program.code = app->js.code;
  program.filename = app->js.filename;
  for (const RouteAction& action : app->actions) program.route_functions[action.key] = action.function;
  program.origin = app;
  return program;
}

const Model* HttpApp::model(const std::string& name) const {
  for (const auto& m : project.program.modules) {
    for (const Model& model : m->models) {
      if (model.name == name) return &model;
    }
  }
  return nullptr;
}

const Module* HttpApp::module(const std::string& path) const {
  for (const auto& m : project.program.modules) {
    if (m->path == path) return m.get();
  }
  return nullptr;
}

std::shared_ptr<const HttpApp> build_app(Project project, GeneratedJs js, bool dev) {
  auto app = std::make_shared<HttpApp>();
  app->project = std::move(project);
  app->js = std::move(js);
  std::error_code ec;
  std::filesystem::path root = std::filesystem::canonical(app->project.root, ec);
  app->root = (ec ? app->project.root : root).string();
  while (app->root.size() > 1 && app->root.back() == '/') app->root.pop_back();
  app->dev = dev;
  std::vector<const Route*> routes;
  for (const CompiledRoute& compiled : app->js.routes) {
    routes.push_back(compiled.route);
    app->actions.push_back(action_for(compiled));
    app->actions.back().key = route_key(*compiled.route);
  }
  app->table = std::make_unique<RouteTable>(std::move(routes));
  return app;
}

std::string static_file_path(const RouteAction& action, const RouteMatch& match) {
  std::string path;
  for (const PathPiece& piece : action.file_path) {
    if (piece.param >= 0) {
      path += match.params[static_cast<size_t>(piece.param)].text;
    } else {
      path += piece.literal;
    }
  }
  return path;
}

bool check_regexes_in_engine(const GeneratedJs& js, DiagnosticSink& sink) {
  if (js.regexes.empty()) return true;
  JsEngine engine(JsLimits{8u << 20, 1000});
  return check_regexes_in_engine(js, engine, sink);
}

bool check_regexes_in_engine(const GeneratedJs& js, JsEngine& engine, DiagnosticSink& sink) {
  return check_regex_literals(js, [&](const std::string& expr) -> std::optional<std::string> {
    JsResult r = engine.load(expr, "regex-check.js");
    if (r.ok) return std::nullopt;
    return r.error.message;
  }, sink);
}

}  // namespace webx::http
