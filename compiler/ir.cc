#include "ir.h"

#include <fmt/format.h>

#include <filesystem>

namespace webx {

const char* method_name(HttpMethod m) {
  switch (m) {
    case HttpMethod::Get: return "GET";
    case HttpMethod::Post: return "POST";
    case HttpMethod::Put: return "PUT";
    case HttpMethod::Patch: return "PATCH";
    case HttpMethod::Delete: return "DELETE";
    case HttpMethod::Head: return "HEAD";
    case HttpMethod::Options: return "OPTIONS";
    case HttpMethod::Connect: return "CONNECT";
    case HttpMethod::Trace: return "TRACE";
  }
  return "GET";
}

std::string TypeRef::display() const {
  std::string out = name;
  for (uint32_t i = 0; i < array_depth; ++i) out += "[]";
  return out;
}

size_t Handler::min_args() const {
  size_t n = 0;
  for (const auto& p : params) {
    if (!p.optional) n = &p - params.data() + 1;
  }
  return n;
}

std::vector<const JsNode*> TestStep::expressions() const {
  std::vector<const JsNode*> out;
  auto add = [&](const JsNodePtr& n) {
    if (n) out.push_back(n.get());
  };
  add(target_expr);
  for (const auto& [name, value] : body_fields) add(value);
  add(body_value);
  add(headers);
  for (const auto& p : json_path) add(p);
  add(expected);
  add(capture_value);
  return out;
}

std::string Route::path_string() const {
  if (path.empty()) return "/";
  std::string out;
  for (const auto& seg : path) {
    out += '/';
    switch (seg.kind) {
      case SegmentKind::Literal: out += seg.text; break;
      case SegmentKind::Param: out += fmt::format("({}: {})", seg.text, seg.type); break;
      case SegmentKind::Rest:
        out += seg.text == "*" ? std::string("*") : fmt::format("({}: path)", seg.text);
        break;
    }
  }
  return out;
}

Visibility module_visibility(const Program& program) {
  std::map<std::string, const Module*> by_path;
  for (const auto& m : program.modules) by_path[m->path] = m.get();
  Visibility visible;
  for (const auto& m : program.modules) {
    std::set<const Module*>& seen = visible[m.get()];
    std::vector<const Module*> todo = {m.get()};
    while (!todo.empty()) {
      const Module* cur = todo.back();
      todo.pop_back();
      if (!seen.insert(cur).second) continue;
      for (const auto& inc : cur->includes) {
        if (auto it = by_path.find(inc.resolved); it != by_path.end()) todo.push_back(it->second);
      }
    }
  }
  return visible;
}

std::string include_hint(const Module& from, const Module& defined_in, const std::string& what) {
  namespace fs = std::filesystem;
  fs::path rel = fs::path(defined_in.path).lexically_relative(fs::path(from.path).parent_path());
  return fmt::format("'{}' is defined in {}; add `include \"{}\"` to {}", what, defined_in.path, rel.string(),
                     from.path);
}

}  // namespace webx
