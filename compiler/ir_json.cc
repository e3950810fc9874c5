#include "ir_json.h"

#include <fmt/format.h>

namespace webx {

using nlohmann::json;

namespace {

std::string loc_string(const SourceLoc& loc) {
  return fmt::format("{}:{}:{}", loc.file, loc.line, loc.col);
}

json flags_json(uint32_t flags) {
  static const std::pair<JsFlag, const char*> kNames[] = {
      {kFlagRest, "rest"},           {kFlagStatic, "static"},     {kFlagComputed, "computed"},
      {kFlagShorthand, "shorthand"}, {kFlagArrow, "arrow"},       {kFlagExprBody, "exprBody"},
      {kFlagPrefix, "prefix"},       {kFlagOptional, "optional"}, {kFlagVoid, "void"},
      {kFlagSelfClosing, "selfClosing"}, {kFlagRawText, "rawText"},
      {kFlagOptionalChainEnd, "chainEnd"}};
  json out = json::array();
  for (const auto& [flag, name] : kNames) {
    if (flags & flag) out.push_back(name);
  }
  return out;
}

json type_json(const TypeRef& t, bool compact) {
  json j = {{"name", t.name}, {"array", t.array_depth}, {"loc", loc_string(t.loc)}};
  if (!t.constraints.empty()) {
    json cs = json::array();
    for (const auto& c : t.constraints) cs.push_back({{"name", c.name}, {"args", c.args}});
    j["constraints"] = cs;
  }
  return j;
}

json field_json(const Field& f, bool compact) {
  json j = {{"name", f.name}, {"optional", f.optional}, {"type", type_json(f.type, compact)},
            {"loc", loc_string(f.loc)}};
  if (f.default_value) j["default"] = ast_to_json(f.default_value.get(), compact);
  return j;
}

json body_json(const Body& b, bool compact) {
  return {{"kind", b.kind == BodyKind::Block ? "block" : "template"},
          {"static", b.is_static},
          {"loc", loc_string(b.loc)},
          {"ast", ast_to_json(b.ast.get(), compact)}};
}

json calls_json(const std::vector<Call>& calls, bool compact) {
  json out = json::array();
  for (const auto& c : calls) {
    json args = json::array();
    for (const auto& a : c.args) args.push_back(ast_to_json(a.get(), compact));
    json j = {{"name", c.name}, {"args", args}, {"loc", loc_string(c.loc)}};
    if (!c.out.empty()) j["out"] = c.out;
    out.push_back(j);
  }
  return out;
}

const char* body_format_name(BodyFormatKind k) {
  switch (k) {
    case BodyFormatKind::None: return "none";
    case BodyFormatKind::Json: return "json";
    case BodyFormatKind::Form: return "form";
    case BodyFormatKind::Text: return "text";
    case BodyFormatKind::Model: return "model";
  }
  return "none";
}

const char* segment_kind_name(SegmentKind k) {
  switch (k) {
    case SegmentKind::Literal: return "literal";
    case SegmentKind::Param: return "param";
    case SegmentKind::Rest: return "rest";
  }
  return "literal";
}

json test_json(const Test& t, bool compact) {
  json steps = json::array();
  for (const auto& s : t.steps) {
    json j = {{"loc", loc_string(s.loc)}};
    switch (s.kind) {
      case TestStepKind::Request: {
        j["step"] = "request";
        j["method"] = method_name(s.method);
        if (s.target_expr) j["target"] = ast_to_json(s.target_expr.get(), compact);
        else j["target"] = s.target;
        if (!s.body_kind.empty()) {
          j["bodyKind"] = s.body_kind;
          if (s.body_value) j["body"] = ast_to_json(s.body_value.get(), compact);
          json fields = json::object();
          for (const auto& [k, v] : s.body_fields) fields[k] = ast_to_json(v.get(), compact);
          if (!s.body_fields.empty()) j["fields"] = fields;
        }
        if (s.headers) j["headers"] = ast_to_json(s.headers.get(), compact);
        break;
      }
      case TestStepKind::Expect: {
        static const char* kSubjects[] = {"status", "header", "body", "json"};
        j["step"] = "expect";
        j["subject"] = kSubjects[static_cast<int>(s.subject)];
        if (!s.header_name.empty()) j["header"] = s.header_name;
        if (!s.json_path.empty()) {
          json path = json::array();
          for (const auto& p : s.json_path) path.push_back(ast_to_json(p.get(), compact));
          j["path"] = path;
        }
        j["op"] = s.op;
        j["expected"] = ast_to_json(s.expected.get(), compact);
        break;
      }
      case TestStepKind::Capture:
        j["step"] = "capture";
        j["name"] = s.capture_name;
        j["value"] = ast_to_json(s.capture_value.get(), compact);
        break;
    }
    steps.push_back(j);
  }
  return {{"name", t.name}, {"loc", loc_string(t.loc)}, {"steps", steps}};
}

void sexpr(const JsNode* n, std::string& out) {
  if (n == nullptr) {
    out += "_";
    return;
  }
  out += '(';
  out += js_kind_name(n->kind);
  if (!n->value.empty() || n->kind == JsKind::String || n->kind == JsKind::JsxText) {
    out += ' ';
    out += json(n->value).dump();
  }
  if (!n->extra.empty()) out += " /" + json(n->extra).dump();
  if (n->flags) {
    for (const auto& f : flags_json(n->flags)) out += " :" + f.get<std::string>();
  }
  for (const auto& k : n->kids) {
    out += ' ';
    sexpr(k.get(), out);
  }
  out += ')';
}

}  // namespace

std::string ast_to_sexpr(const JsNode* n) {
  std::string out;
  sexpr(n, out);
  return out;
}

json ast_to_json(const JsNode* n, bool compact) {
  if (compact) return n ? json(ast_to_sexpr(n)) : json(nullptr);
  if (n == nullptr) return nullptr;
  json j = {{"kind", js_kind_name(n->kind)}, {"at", {n->line, n->col}}};
  if (!n->value.empty()) j["value"] = n->value;
  if (!n->extra.empty()) j["extra"] = n->extra;
  if (n->flags) j["flags"] = flags_json(n->flags);
  if (!n->kids.empty()) {
    json kids = json::array();
    for (const auto& k : n->kids) kids.push_back(ast_to_json(k.get(), compact));
    j["kids"] = kids;
  }
  return j;
}

json module_to_json(const Module& m, bool compact) {
  json includes = json::array();
  for (const auto& i : m.includes) {
    includes.push_back({{"path", i.path}, {"resolved", i.resolved}, {"loc", loc_string(i.loc)}});
  }
  json globals = json::array();
  for (const auto& g : m.globals) {
    globals.push_back({{"loc", loc_string(g.loc)},
                       {"topLevel", g.top_level_declaration},
                       {"ast", ast_to_json(g.ast.get(), compact)}});
  }
  json models = json::array();
  for (const auto& md : m.models) {
    json fields = json::array();
    for (const auto& f : md.fields) fields.push_back(field_json(f, compact));
    models.push_back({{"name", md.name}, {"loc", loc_string(md.loc)}, {"fields", fields}});
  }
  json handlers = json::array();
  for (const auto& h : m.handlers) {
    json params = json::array();
    for (const auto& p : h.params) {
      json pj = {{"name", p.name}, {"optional", p.optional}, {"loc", loc_string(p.loc)}};
      if (p.type) pj["type"] = type_json(*p.type, compact);
      if (p.default_value) pj["default"] = ast_to_json(p.default_value.get(), compact);
      params.push_back(pj);
    }
    handlers.push_back({{"name", h.name}, {"loc", loc_string(h.loc)}, {"params", params},
                        {"body", body_json(h.body, compact)}});
  }
  json routes = json::array();
  for (const auto& r : m.routes) {
    json segs = json::array();
    for (const auto& s : r.path) {
      json sj = {{"kind", segment_kind_name(s.kind)}, {"text", s.text}};
      if (s.kind != SegmentKind::Literal) sj["type"] = s.type;
      segs.push_back(sj);
    }
    json rj = {{"method", method_name(r.method)}, {"path", r.path_string()},
               {"segments", segs}, {"loc", loc_string(r.loc)}};
    if (r.body_format.kind != BodyFormatKind::None) {
      json bf = {{"kind", body_format_name(r.body_format.kind)}, {"whole", r.body_format.whole}};
      if (!r.body_format.model.empty()) bf["model"] = r.body_format.model;
      json fields = json::array();
      for (const auto& f : r.body_format.fields) fields.push_back(field_json(f, compact));
      if (!fields.empty()) bf["fields"] = fields;
      rj["bodyFormat"] = bf;
    }
    if (!r.pre_calls.empty()) rj["preCalls"] = calls_json(r.pre_calls, compact);
    if (r.body) rj["body"] = body_json(*r.body, compact);
    if (!r.post_calls.empty()) rj["postCalls"] = calls_json(r.post_calls, compact);
    routes.push_back(rj);
  }
  json tests = json::array();
  for (const auto& t : m.tests) tests.push_back(test_json(t, compact));
  return {{"path", m.path},       {"includes", includes}, {"globals", globals},
          {"models", models},     {"handlers", handlers}, {"routes", routes},
          {"tests", tests}};
}

json program_to_json(const Program& p, bool compact) {
  json modules = json::array();
  for (const auto& m : p.modules) modules.push_back(module_to_json(*m, compact));
  return {{"modules", modules}};
}

}  // namespace webx
