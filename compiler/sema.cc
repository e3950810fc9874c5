#include "sema.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "js_lower.h"

namespace webx {

namespace {

// Handlers the runtime provides; callable from routes without an include.
// The value is the number of arguments they take.
const std::map<std::string, std::pair<size_t, size_t>> kBuiltinHandlers = {
    {"static", {1, 1}}, {"redirect", {1, 2}}, {"error", {1, 2}}, {"json", {1, 2}},
    {"html", {1, 2}},   {"text", {1, 2}},     {"status", {1, 2}}};

const std::set<std::string> kScalarTypes = {"string", "number", "int", "boolean", "Date"};
// Handler parameters may also take values no model describes.
const std::set<std::string> kParamOnlyTypes = {"any", "object"};
const std::set<std::string> kPathTypes = {"string", "number", "int", "boolean", "path"};

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = name.size() <= 3 ? 1 : 2;
  for (const auto& c : candidates) {
    size_t d = edit_distance(name, c);
    if (d <= best_d && d > 0) {
      best_d = d;
      best = c;
    }
  }
  return best.empty() ? "" : fmt::format("did you mean '{}'?", best);
}

uint32_t len(const std::string& s) { return static_cast<uint32_t>(std::max<size_t>(s.size(), 1)); }

// How specific a path segment is, for route precedence and ambiguity:
// literal > number/int/boolean > string > rest.
int specificity(const PathSegment& s) {
  switch (s.kind) {
    case SegmentKind::Literal: return 3;
    case SegmentKind::Param: return s.type == "string" ? 1 : 2;
    case SegmentKind::Rest: return 0;
  }
  return 0;
}

// Whether two segments at the same position can match the same text with the
// same specificity.
bool segments_overlap(const PathSegment& a, const PathSegment& b) {
  if (specificity(a) != specificity(b)) return false;
  if (a.kind == SegmentKind::Literal) return a.text == b.text;
  if (a.kind == SegmentKind::Param && a.type != b.type) {
    auto numeric = [](const std::string& t) { return t == "number" || t == "int"; };
    return numeric(a.type) && numeric(b.type);
  }
  return true;
}

bool routes_overlap(const Route& a, const Route& b) {
  if (a.method != b.method || a.path.size() != b.path.size()) return false;
  for (size_t i = 0; i < a.path.size(); ++i) {
    if (!segments_overlap(a.path[i], b.path[i])) return false;
  }
  return true;
}

void walk(const JsNode* n, const std::function<void(const JsNode&)>& fn) {
  if (n == nullptr) return;
  fn(*n);
  for (const auto& k : n->kids) walk(k.get(), fn);
}

// Where `name` is written after `at` on the same line: a function or class
// node starts at its keyword, a test's capture at `let`. `at` itself when
// the name is not there.
SourceLoc name_after(const Module& m, const SourceLoc& at, const std::string& name) {
  if (!m.source) return at;
  const size_t line_start = m.source->offset_at(at.line, 1);
  const size_t found = m.source->line_text(at.line).find(name, m.source->offset_at(at.line, at.col) - line_start);
  if (found == std::string_view::npos) return at;
  return m.source->loc_at_offset(line_start + found);
}

class Checker {
 public:
  Checker(const Program& program, DiagnosticSink& sink) : program_(program), sink_(sink) {}

  void run() {
    collect_definitions();
    for (const auto& m : program_.modules) check_module(*m);
    check_routes();
  }

 private:
  struct Def {
    const Module* module;
    SourceLoc loc;
  };

  void collect_definitions() {
    for (const auto& m : program_.modules) broken_.insert(m->broken_names.begin(), m->broken_names.end());
    for (const auto& m : program_.modules) {
      for (const auto& h : m->handlers) {
        if (auto it = handlers_.find(h.name); it != handlers_.end()) {
          auto& d = sink_.error(h.loc, fmt::format("duplicate handler '{}'", h.name), len(h.name));
          d.notes.emplace_back(it->second.loc, "first defined here");
          continue;
        }
        handlers_[h.name] = Def{m.get(), h.loc};
        handler_defs_[h.name] = &h;
      }
      for (const auto& md : m->models) {
        if (auto it = models_.find(md.name); it != models_.end()) {
          auto& d = sink_.error(md.loc, fmt::format("duplicate model '{}'", md.name), len(md.name));
          d.notes.emplace_back(it->second.loc, "first defined here");
          continue;
        }
        models_[md.name] = Def{m.get(), md.loc};
      }
    }
    visible_ = module_visibility(program_);
  }

  bool visible(const Module& from, const Def& def) const {
    auto it = visible_.find(&from);
    return it != visible_.end() && it->second.count(def.module) > 0;
  }

  std::vector<std::string> names_of(const std::map<std::string, Def>& defs, const Module& from) {
    std::vector<std::string> out;
    for (const auto& [name, def] : defs) {
      if (visible(from, def)) out.push_back(name);
    }
    return out;
  }

  // Reports an unknown handler; returns the handler when it is usable.
  const Handler* resolve_handler(const Module& m, const std::string& name, const SourceLoc& at) {
    auto it = handlers_.find(name);
    if (it != handlers_.end() && visible(m, it->second)) return handler_defs_[name];
    if (broken_.count(name)) return nullptr;  // its syntax error is reported
    auto& d = sink_.error(at, fmt::format("unknown handler '{}'", name), len(name));
    if (it != handlers_.end()) {
      d.hint = include_hint(m, *it->second.module, name);
    } else {
      auto candidates = names_of(handlers_, m);
      for (const auto& [b, _] : kBuiltinHandlers) candidates.push_back(b);
      d.hint = did_you_mean(name, candidates);
    }
    return nullptr;
  }

  // Constraints validate request bodies at run time (runtime/http/route_context.cc), so a
  // misspelt or misplaced one must not pass silently.
  void check_constraints(const TypeRef& t) {
    static const std::vector<std::string> kNames = {"minLength", "maxLength", "min", "max", "pattern"};
    for (const Constraint& c : t.constraints) {
      const bool length = c.name == "minLength" || c.name == "maxLength";
      const bool bound = c.name == "min" || c.name == "max";
      const bool pattern = c.name == "pattern";
      if (!length && !bound && !pattern) {
        auto& d = sink_.error(c.loc, fmt::format("unknown constraint '{}'", c.name), len(c.name));
        d.hint = did_you_mean(c.name, kNames);
        if (d.hint.empty()) d.hint = "constraints are minLength, maxLength, min, max and pattern";
        continue;
      }
      const bool textual = t.name == "string";
      const bool numeric = t.name == "number" || t.name == "int";
      if (((length || pattern) && !textual) || (bound && !numeric)) {
        sink_.error(c.loc,
                    fmt::format("'{}' applies to {}, not to {}", c.name, bound ? "number and int" : "string",
                                t.name),
                    len(c.name));
        continue;
      }
      if (c.args.size() != 1) {
        sink_.error(c.loc, fmt::format("'{}' takes one argument", c.name), len(c.name));
        continue;
      }
      const std::string& arg = c.args[0];
      char* end = nullptr;
      const double value = std::strtod(arg.c_str(), &end);
      const bool is_number = !arg.empty() && end == arg.c_str() + arg.size();
      if (pattern && (arg.size() < 2 || arg.front() != '/')) {
        auto& d = sink_.error(c.loc, "'pattern' takes a regular expression", len(c.name));
        d.hint = "write it as a literal: pattern(/^[a-z]+$/)";
      } else if (length && (!is_number || value < 0 || value != static_cast<double>(static_cast<int64_t>(value)))) {
        sink_.error(c.loc, fmt::format("'{}' takes a whole number of characters, not {}", c.name, arg), len(c.name));
      } else if (bound && !is_number) {
        sink_.error(c.loc, fmt::format("'{}' takes a number, not {}", c.name, arg), len(c.name));
      }
    }
  }

  void check_type(const Module& m, const TypeRef& t, bool handler_param) {
    if (t.name.empty()) return;
    if (kScalarTypes.count(t.name) || (handler_param && kParamOnlyTypes.count(t.name))) {
      check_constraints(t);
      return;
    }
    auto it = models_.find(t.name);
    if (it != models_.end() && visible(m, it->second)) {
      check_constraints(t);
      return;
    }
    // (An unknown type's constraints are not judged: one error is enough.)
    if (broken_.count(t.name)) return;  // its syntax error is reported
    auto& d = sink_.error(t.loc, fmt::format("unknown type '{}'", t.name), len(t.name));
    if (it != models_.end()) {
      d.hint = include_hint(m, *it->second.module, t.name);
    } else {
      auto candidates = names_of(models_, m);
      candidates.insert(candidates.end(), kScalarTypes.begin(), kScalarTypes.end());
      d.hint = did_you_mean(t.name, candidates);
    }
  }

  void check_fields(const Module& m, const std::vector<Field>& fields, const std::string& model) {
    std::set<std::string> seen;
    for (const auto& f : fields) {
      if (!seen.insert(f.name).second && !model.empty()) {
        sink_.error(f.loc, fmt::format("duplicate field '{}' in model '{}'", f.name, model),
                    len(f.name));
      }
      check_type(m, f.type, false);
    }
  }

  void check_jsx_components(const Module& m, const JsNode* ast) {
    walk(ast, [&](const JsNode& n) {
      if (n.kind != JsKind::JsxElement || n.value.empty()) return;
      char first = n.value[0];
      if (first < 'A' || first > 'Z' || n.value.find('.') != std::string::npos) return;
      resolve_handler(m, n.value, SourceLoc{m.path, n.line, n.col + 1});
    });
  }

  void check_calls(const Module& m, const std::vector<Call>& calls) {
    for (const auto& c : calls) {
      size_t given = c.args.size();
      size_t min_args, max_args;
      if (auto b = kBuiltinHandlers.find(c.name); b != kBuiltinHandlers.end()) {
        std::tie(min_args, max_args) = b->second;
      } else {
        const Handler* h = resolve_handler(m, c.name, c.loc);
        if (h == nullptr) continue;
        min_args = h->min_args();
        max_args = h->params.size();
      }
      bool has_spread = std::any_of(c.args.begin(), c.args.end(),
                                    [](const JsNodePtr& a) { return a && a->kind == JsKind::Spread; });
      if (has_spread || (given >= min_args && given <= max_args)) continue;
      std::string takes = min_args == max_args
                              ? fmt::format("{} argument{}", min_args, min_args == 1 ? "" : "s")
                              : fmt::format("{} to {} arguments", min_args, max_args);
      sink_.error(c.loc,
                  fmt::format("handler '{}' takes {} but {} {} given", c.name, takes, given,
                              given == 1 ? "was" : "were"),
                  len(c.name));
    }
  }

  void check_module(const Module& m) {
    for (const auto& md : m.models) check_fields(m, md.fields, md.name);
    for (const auto& h : m.handlers) {
      std::set<std::string> seen;
      for (const auto& p : h.params) {
        if (!seen.insert(p.name).second) {
          sink_.error(p.loc, fmt::format("duplicate parameter '{}'", p.name), len(p.name));
        }
        if (p.type) check_type(m, *p.type, true);
      }
      check_jsx_components(m, h.body.ast.get());
    }
    for (const auto& g : m.globals) check_jsx_components(m, g.ast.get());
    for (const auto& r : m.routes) check_route(m, r);
    check_dollar_names(m);
  }

  // Names starting with '$' belong to the generated code (`$wx`, `$ctx`,
  // `$route_0`…): a program that declared or assigned one would break it,
  // so no name the program gives or uses may start with '$'.
  void check_dollar_name(const std::string& name, const SourceLoc& at, std::string_view what) {
    if (!name.starts_with("$")) return;
    auto& d = sink_.error(at,
                          fmt::format("a {} cannot be named '{}': names starting with '$' are reserved "
                                      "for the generated code",
                                      what, name),
                          len(name));
    d.hint = "give it a name that does not start with '$'";
  }

  void check_dollar_names(const Module& m, const JsNode* ast) {
    walk_variable_names(ast, [&](const JsNode& n) {
      if (!n.value.starts_with("$")) return;
      std::string_view what = n.kind == JsKind::Identifier                         ? "variable"
                              : n.kind == JsKind::Class || n.kind == JsKind::ClassDecl ? "class"
                                                                                       : "function";
      check_dollar_name(n.value, name_after(m, SourceLoc{m.path, n.line, n.col}, n.value), what);
    });
  }

  void check_dollar_names(const Module& m) {
    for (const auto& md : m.models) {
      for (const auto& f : md.fields) check_dollar_names(m, f.default_value.get());
    }
    for (const auto& h : m.handlers) {
      check_dollar_name(h.name, h.loc, "handler");
      for (const auto& p : h.params) {
        check_dollar_name(p.name, p.loc, "parameter");
        check_dollar_names(m, p.default_value.get());
      }
      check_dollar_names(m, h.body.ast.get());
    }
    for (const auto& g : m.globals) check_dollar_names(m, g.ast.get());
    for (const auto& r : m.routes) {
      for (const auto& f : r.body_format.fields) check_dollar_names(m, f.default_value.get());
      for (const auto* calls : {&r.pre_calls, &r.post_calls}) {
        for (const auto& c : *calls) {
          for (const auto& a : c.args) check_dollar_names(m, a.get());
        }
      }
      if (r.body) check_dollar_names(m, r.body->ast.get());
    }
    for (const auto& t : m.tests) {
      for (const auto& step : t.steps) {
        check_dollar_name(step.capture_name, name_after(m, step.loc, step.capture_name), "capture");
        for (const JsNode* e : step.expressions()) check_dollar_names(m, e);
      }
    }
  }

  // A path parameter, body field or call output is a variable of the route's code: its
  // name must be one JavaScript accepts, and not one the route binds itself
  // or the generated code uses.
  void check_binding_name(const std::string& name, const SourceLoc& at, std::string_view what) {
    std::string why;
    if (is_js_reserved_word(name)) {
      why = "it is a reserved word in JavaScript";
    } else if (name == "query" || name == "req") {
      why = fmt::format("the route binds `{}` itself", name);
    } else {
      check_dollar_name(name, at, what);
      return;
    }
    auto& d = sink_.error(at, fmt::format("a {} cannot be named '{}': {}", what, name, why), len(name));
    d.hint = fmt::format("the {} is a variable of the route's code; give it another name", what);
  }

  void check_route(const Module& m, const Route& r) {
    std::set<std::string> names;
    for (size_t i = 0; i < r.path.size(); ++i) {
      const auto& s = r.path[i];
      if (s.kind == SegmentKind::Literal) continue;
      if (s.kind == SegmentKind::Param && !kPathTypes.count(s.type)) {
        sink_.error(s.type_loc,
                    fmt::format("unknown parameter type '{}'; expected string, number, int, "
                                "boolean or path",
                                s.type),
                    len(s.type));
      }
      if (s.kind == SegmentKind::Rest && i + 1 != r.path.size()) {
        sink_.error(s.loc, "a 'path' parameter must be the last segment");
      }
      if (s.text != "*" && !names.insert(s.text).second) {
        sink_.error(s.name_loc.valid() ? s.name_loc : s.loc,
                    fmt::format("duplicate parameter '{}'", s.text), len(s.text));
      }
      if (s.text != "*") check_binding_name(s.text, s.name_loc.valid() ? s.name_loc : s.loc, "path parameter");
    }
    const BodyFormat& bf = r.body_format;
    if (bf.kind != BodyFormatKind::None) {
      if (r.method == HttpMethod::Get || r.method == HttpMethod::Head ||
          r.method == HttpMethod::Delete) {
        auto& d = sink_.error(bf.loc,
                              fmt::format("a {} route cannot have a request body",
                                          method_name(r.method)));
        d.hint = "read request data from `query` or path parameters, or use POST, PUT or PATCH";
      }
      if (bf.kind == BodyFormatKind::Model) {
        TypeRef t;
        t.loc = bf.loc;
        t.name = bf.model;
        check_type(m, t, false);
      }
      for (const auto& f : bf.fields) {
        if (!names.insert(f.name).second) {
          sink_.error(f.loc, fmt::format("duplicate parameter '{}'", f.name), len(f.name));
        }
        check_binding_name(f.name, f.loc, "body field");
        check_type(m, f.type, false);
      }
    }
    check_calls(m, r.pre_calls);
    check_calls(m, r.post_calls);
    if (r.body) check_jsx_components(m, r.body->ast.get());
    for (const auto* calls : {&r.pre_calls, &r.post_calls}) {
      for (const auto& c : *calls) {
        for (const auto& a : c.args) check_jsx_components(m, a.get());
        if (!c.out.empty()) check_binding_name(c.out, c.out_loc, "call output");
      }
    }
  }

  void check_routes() {
    std::vector<const Route*> seen;
    for (const auto& m : program_.modules) {
      for (const auto& r : m->routes) {
        for (const Route* other : seen) {
          if (!routes_overlap(*other, r)) continue;
          std::string mine = r.path_string(), theirs = other->path_string();
          if (mine == theirs) {
            auto& d = sink_.error(r.loc, fmt::format("duplicate route {} {}", method_name(r.method),
                                                     mine),
                                  static_cast<uint32_t>(std::string(method_name(r.method)).size()));
            d.notes.emplace_back(other->loc, "first defined here");
          } else {
            auto& d = sink_.error(
                r.loc,
                fmt::format("ambiguous routes: {} {} matches the same requests as {} {}",
                            method_name(r.method), mine, method_name(other->method), theirs),
                static_cast<uint32_t>(std::string(method_name(r.method)).size()));
            d.notes.emplace_back(other->loc, "other route defined here");
          }
          break;
        }
        seen.push_back(&r);
      }
    }
  }

  const Program& program_;
  DiagnosticSink& sink_;
  std::set<std::string> broken_;  // Module::broken_names of every module
  std::map<std::string, Def> handlers_;
  std::map<std::string, const Handler*> handler_defs_;
  std::map<std::string, Def> models_;
  Visibility visible_;
};

}  // namespace

void check_program(const Program& program, DiagnosticSink& sink) {
  Checker(program, sink).run();
}

}  // namespace webx
