// JSX → HTML string concatenation (part of JsLowering; see js_lower.h).
//
// An element is written as one `+` chain of string literals and escaping
// helper calls, wrapped once in `new $wx.Html(...)` so that a JSX value
// inserted into other JSX is not escaped again. Text and attributes written in
// the template are emitted as written (they are HTML already); values from
// expressions go through `$wx.c` (children) and `$wx.a` (attributes), which
// escape. Templates without expressions are rendered here, at build time.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <regex>
#include <string_view>
#include <vector>

#include "codegen.h"
#include "js_lower.h"

namespace webx {

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

constexpr std::array<std::string_view, 14> kVoidElements = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "keygen"};

bool is_void_element(std::string_view tag) {
  for (auto v : kVoidElements) {
    if (v == tag) return true;
  }
  return false;
}

// Elements whose text is kept exactly as written.
bool keeps_whitespace(std::string_view tag) {
  return tag == "pre" || tag == "textarea" || tag == "script" || tag == "style";
}

std::string attribute_name(const std::string& name) {
  if (name == "className") return "class";
  if (name == "htmlFor") return "for";
  return name;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// The JSX whitespace rule: text spanning lines loses the indentation and line
// breaks around it; the lines that remain are joined with one space.
std::string jsx_text(std::string_view text, bool verbatim) {
  if (verbatim || text.find('\n') == std::string_view::npos) return std::string(text);
  std::string out;
  size_t start = 0;
  bool first = true;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    bool last = end == std::string_view::npos;
    if (last) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!first) {
      while (!line.empty() && is_space(line.front())) line.remove_prefix(1);
    }
    if (!last) {
      while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
    }
    if (!line.empty()) {
      if (!out.empty()) out += ' ';
      out += line;
    }
    first = false;
    start = end + 1;
    if (last) break;
  }
  return out;
}

std::string quoted_attribute(const std::string& value);

// An attribute value known at build time: a quoted one is HTML as written
// (only `"` needs escaping inside our quotes); `{"..."}` is text to escape.
std::string static_attribute_value(const JsNode& v) {
  if (v.has(kFlagRawText)) return quoted_attribute(v.value);
  return escape_html(v.value);
}

std::string quoted_attribute(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '"') {
      out += "&quot;";
    } else {
      out += c;
    }
  }
  return out;
}

// A decimal number literal (the plan writes it as it is, so it must be ES5).
bool is_plain_number(const std::string& text) {
  static const std::regex number(R"(^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$)");
  return std::regex_match(text, number);
}

// Walks a template the way JsLowering::jsx_node writes it, keeping its
// static HTML and its insertion points: the plan of jsx_render_plan, and,
// for a template without expressions, its HTML. `ok` turns false at the
// first thing a plan cannot do.
class PlanWriter {
 public:
  explicit PlanWriter(const std::vector<std::string>& params) : params_(params) {}

  bool ok() const { return ok_; }
  std::string finish() {
    flush_text();
    return "[" + out_ + "]";
  }
  // The HTML so far, when nothing but HTML was met.
  const std::string& html() const { return text_; }

  void node(const JsNode* n, bool verbatim) {
    switch (n->kind) {
      case JsKind::JsxDocument:
        for (const auto& k : n->kids) node(k.get(), verbatim);
        return;
      case JsKind::JsxDoctype:
        text_ += n->value;
        return;
      case JsKind::JsxText:
        text_ += jsx_text(n->value, verbatim);
        return;
      case JsKind::JsxElement:
        element(n, verbatim);
        return;
      case JsKind::JsxExpression:
        if (const JsNode* e = n->kid(0)) {
          op("[1, " + expression(e) + "]");
        }
        return;
      case JsKind::Paren:
        node(n->kid(0), verbatim);
        return;
      default:
        ok_ = false;
        return;
    }
  }

 private:
  void element(const JsNode* n, bool verbatim) {
    const std::string& tag = n->value;
    if (is_component_tag(tag)) {
      ok_ = false;
      return;
    }
    if (!tag.empty()) {
      text_ += "<" + tag;
      for (const auto& a : n->kid(0)->kids) {
        if (a->kind == JsKind::JsxSpreadAttribute) {
          ok_ = false;
          return;
        }
        const std::string name = attribute_name(a->value);
        const JsNode* v = a->kid(0);
        if (v == nullptr) {
          text_ += " " + name;
        } else if (v->kind == JsKind::String) {
          text_ += " " + name + "=\"" + static_attribute_value(*v) + "\"";
        } else {
          op("[2, " + js_string_literal(" " + name) + ", " + expression(v) + "]");
        }
      }
      text_ += ">";
      if (is_void_element(tag)) {
        ok_ = ok_ && n->kids.size() <= 1;
        return;
      }
    }
    bool keep = verbatim || keeps_whitespace(tag);
    for (size_t i = 1; i < n->kids.size(); ++i) node(n->kid(i), keep);
    if (!tag.empty()) text_ += "</" + tag + ">";
  }

  std::string expression(const JsNode* e) {
    switch (e->kind) {
      case JsKind::Paren:
        return expression(e->kid(0));
      case JsKind::Identifier: {
        auto p = std::find(params_.begin(), params_.end(), e->value);
        if (p != params_.end()) return fmt::format("[0, {}]", p - params_.begin());
        break;
      }
      case JsKind::Member:
        if (!e->has(kFlagComputed) && !e->has(kFlagOptional)) {
          return "[1, " + expression(e->kid(0)) + ", " + js_string_literal(e->kid(1)->value) + "]";
        }
        break;
      case JsKind::String:
        return "[2, " + js_string_literal(e->value) + "]";
      case JsKind::Number:
        if (is_plain_number(e->value)) return "[3, " + e->value + "]";
        break;
      case JsKind::Binary:
        if (e->value == "+") return "[4, " + expression(e->kid(0)) + ", " + expression(e->kid(1)) + "]";
        // Strict (in)equality never runs code of the operands'.
        if (e->value == "===") return "[9, " + expression(e->kid(0)) + ", " + expression(e->kid(1)) + "]";
        if (e->value == "!==") return "[10, " + expression(e->kid(0)) + ", " + expression(e->kid(1)) + "]";
        break;
      case JsKind::Conditional:
        return "[5, " + expression(e->kid(0)) + ", " + expression(e->kid(1)) + ", " + expression(e->kid(2)) + "]";
      case JsKind::Logical: {
        const char* op = e->value == "&&" ? "6" : e->value == "||" ? "7" : "8";  // 8: ??
        return fmt::format("[{}, {}, {}]", op, expression(e->kid(0)), expression(e->kid(1)));
      }
      case JsKind::Unary:
        if (e->value == "!") return "[11, " + expression(e->kid(0)) + "]";
        break;
      case JsKind::Template: {
        // As JsLowering::template_literal writes it: "a" + String(x) + "b".
        std::string sum;
        for (size_t i = 0; i < e->kids.size(); ++i) {
          const JsNode* k = e->kid(i);
          if (i % 2 == 0 && k->value.empty()) continue;
          std::string piece = i % 2 == 0 ? "[2, " + js_string_literal(k->value) + "]" : "[12, " + expression(k) + "]";
          sum = sum.empty() ? piece : "[4, " + sum + ", " + piece + "]";
        }
        return sum.empty() ? "[2, \"\"]" : sum;
      }
      default:
        break;
    }
    ok_ = false;
    return "0";
  }

  void op(const std::string& text) {
    flush_text();
    if (!out_.empty()) out_ += ", ";
    out_ += text;
  }
  void flush_text() {
    if (text_.empty()) return;
    if (!out_.empty()) out_ += ", ";
    out_ += js_string_literal(text_);
    text_.clear();
  }

  const std::vector<std::string>& params_;
  std::string out_;
  std::string text_;
  bool ok_ = true;
};

}  // namespace

std::optional<std::string> jsx_render_plan(const JsNode& template_ast, const std::vector<std::string>& params) {
  PlanWriter plan(params);
  plan.node(&template_ast, false);
  if (!plan.ok()) return std::nullopt;
  return plan.finish();
}

std::string render_static_template(const JsNode& n) {
  const std::vector<std::string> no_params;
  PlanWriter plan(no_params);
  plan.node(&n, false);
  return plan.html();
}

void JsLowering::jsx(const JsNode* n) {
  if (jsx_is_static(n)) {
    write(html_constant(render_static_template(*n)));
    return;
  }
  write("new $wx.Html(");
  JsxOut o;
  jsx_node(n, o, false);
  jsx_finish(o);
  write(")");
}

std::string JsLowering::html_constant(const std::string& html) {
  return constants_.add(scopes_, "$h", "new $wx.Html(" + js_string_literal(html) + ")");
}

void JsLowering::jsx_expression_begin(JsxOut& o, const JsNode* at) {
  if (!o.text.empty()) {
    if (o.any) write(" + ");
    write(js_string_literal(o.text));
    o.text.clear();
    o.any = true;
  }
  if (o.any) write(" + ");
  soft_break(at);
  o.any = true;
}

void JsLowering::jsx_finish(JsxOut& o) {
  if (!o.text.empty()) {
    if (o.any) write(" + ");
    write(js_string_literal(o.text));
    o.any = true;
  }
  if (!o.any) write("\"\"");
}

void JsLowering::jsx_node(const JsNode* n, JsxOut& o, bool verbatim) {
  switch (n->kind) {
    case JsKind::JsxDocument:
      for (const auto& k : n->kids) jsx_node(k.get(), o, verbatim);
      return;
    case JsKind::JsxDoctype:
      o.text += n->value;
      return;
    case JsKind::JsxText:
      o.text += jsx_text(n->value, verbatim);
      return;
    case JsKind::JsxElement:
      jsx_element(n, o, verbatim);
      return;
    case JsKind::JsxExpression:
      if (const JsNode* e = n->kid(0)) {
        jsx_expression_begin(o, e);
        if (const JsNode* list = mapped_handler_list(e)) {
          // `{list.map(handler)}`: the engine renders the items itself when
          // the handler has a render plan (codegen.cc, $wx.plan).
          write("$wx.cmap(");
          expression(list, 2);
          write(", " + e->kid(1)->value + ")");
          return;
        }
        write("$wx.c(");
        expression(e, 2);
        write(")");
      }
      return;
    default:
      error(n, fmt::format("unexpected {} in JSX", js_kind_name(n->kind)));
      return;
  }
}

const JsNode* JsLowering::mapped_handler_list(const JsNode* e) const {
  if (e->kind != JsKind::Call || e->has(kFlagOptional) || e->kids.size() != 2) return nullptr;
  const JsNode* callee = e->kid(0);
  const JsNode* handler = e->kid(1);
  if (callee->kind != JsKind::Member || callee->has(kFlagComputed) || callee->has(kFlagOptional) ||
      callee->kid(1)->value != "map") {
    return nullptr;
  }
  if (handler->kind != JsKind::Identifier || handlers_.count(handler->value) == 0 ||
      scopes_.binding_of(handler) != nullptr) {
    return nullptr;  // not a handler, or a local variable of that name
  }
  return callee->kid(0);
}

void JsLowering::jsx_element(const JsNode* n, JsxOut& o, bool verbatim) {
  const std::string& tag = n->value;
  if (is_component_tag(tag)) {
    jsx_component(n, o);
    return;
  }
  if (!tag.empty()) {
    o.text += "<" + tag;
    jsx_attributes(n->kid(0), o);
    o.text += ">";
    if (is_void_element(tag)) {
      if (n->kids.size() > 1) error(n, fmt::format("<{}> is a void element and cannot have children", tag));
      return;
    }
  }
  bool keep = verbatim || keeps_whitespace(tag);
  for (size_t i = 1; i < n->kids.size(); ++i) jsx_node(n->kid(i), o, keep);
  if (!tag.empty()) o.text += "</" + tag + ">";
}

void JsLowering::jsx_attributes(const JsNode* attrs, JsxOut& o) {
  for (const auto& a : attrs->kids) {
    if (a->kind == JsKind::JsxSpreadAttribute) {
      jsx_expression_begin(o, a.get());
      write("$wx.spreadAttrs(");
      expression(a->kid(0), 2);
      write(")");
      continue;
    }
    std::string name = attribute_name(a->value);
    const JsNode* v = a->kid(0);
    if (v == nullptr) {
      o.text += " " + name;
    } else if (v->kind == JsKind::String) {
      o.text += " " + name + "=\"" + static_attribute_value(*v) + "\"";
    } else {
      jsx_expression_begin(o, v);
      write("$wx.a(" + js_string_literal(" " + name) + ", ");
      expression(v, 2);
      write(")");
    }
  }
}

// `<Card title={t}>…</Card>` calls the handler `Card`, binding attributes to
// its parameters by name and the rendered children to `children`. A dotted
// tag (`<ui.Card>`) or spread attributes pass one props object instead.
void JsLowering::jsx_component(const JsNode* n, JsxOut& o) {
  const std::string& tag = n->value;
  const JsNode* attrs = n->kid(0);
  bool has_children = false;
  for (size_t i = 1; i < n->kids.size(); ++i) {
    const JsNode* k = n->kid(i);
    if (k->kind != JsKind::JsxText || !jsx_text(k->value, false).empty()) has_children = true;
  }
  auto children = [&] {
    if (!has_children) {
      write("void 0");
      return;
    }
    bool is_static = true;
    for (size_t i = 1; i < n->kids.size(); ++i) is_static = is_static && jsx_is_static(n->kid(i));
    if (is_static) {
      std::string html;
      for (size_t i = 1; i < n->kids.size(); ++i) html += render_static_template(*n->kid(i));
      write(html_constant(html));
      return;
    }
    write("new $wx.Html(");
    JsxOut c;
    for (size_t i = 1; i < n->kids.size(); ++i) jsx_node(n->kid(i), c, false);
    jsx_finish(c);
    write(")");
  };
  auto attribute_value = [&](const JsNode* a) {
    const JsNode* v = a->kid(0);
    if (v == nullptr) {
      write("true");
    } else if (v->kind == JsKind::String) {
      write(js_string_literal(v->value));
    } else {
      expression(v, 2);
    }
  };
  bool spread = false;
  for (const auto& a : attrs->kids) spread = spread || a->kind == JsKind::JsxSpreadAttribute;

  jsx_expression_begin(o, n);
  write("$wx.c(");
  auto handler = handlers_.find(tag);
  if (handler != handlers_.end() && !spread) {
    const Handler& h = *handler->second;
    for (const auto& a : attrs->kids) {
      bool known = std::any_of(h.params.begin(), h.params.end(),
                               [&](const Param& p) { return p.name == a->value; });
      if (!known || a->value == "children") {
        std::vector<std::string> names;
        for (const auto& p : h.params) names.push_back(p.name);
        ok_ = false;
        sink_
            .error(SourceLoc{module_.path, a->line, a->col},
                   fmt::format("'{}' is not a parameter of handler '{}'", a->value, tag),
                   static_cast<uint32_t>(a->value.size()))
            .hint = names.empty() ? fmt::format("'{}' takes no parameters", tag)
                                  : fmt::format("its parameters are: {}", join_list(names, ", "));
      }
    }
    bool takes_children = std::any_of(h.params.begin(), h.params.end(),
                                      [](const Param& p) { return p.name == "children"; });
    if (has_children && !takes_children) {
      error(n, fmt::format("handler '{}' has no 'children' parameter for the content of <{}>", tag, tag));
    }
    write(tag + "(");
    for (size_t i = 0; i < h.params.size(); ++i) {
      if (i) write(", ");
      const std::string& pname = h.params[i].name;
      if (pname == "children") {
        children();
        continue;
      }
      const JsNode* given = nullptr;
      for (const auto& a : attrs->kids) {
        if (a->value == pname) given = a.get();
      }
      if (given) {
        attribute_value(given);
      } else {
        write("void 0");
      }
    }
    write("))");
    return;
  }
  // One props object: `{...a, title: t, children: html}`.
  std::string callee;
  if (handler != handlers_.end()) {
    callee = tag;
  } else {
    const JsBinding* b = scopes_.jsx_tag_binding(n);
    size_t dot = tag.find('.');
    callee = (b ? b->emitted : tag.substr(0, dot)) + (dot == std::string::npos ? "" : tag.substr(dot));
  }
  std::string props = temp("$props");
  write("(" + props + " = {}");
  for (const auto& a : attrs->kids) {
    write(", ");
    if (a->kind == JsKind::JsxSpreadAttribute) {
      write("$wx.spread(" + props + ", ");
      expression(a->kid(0), 2);
      write(")");
    } else {
      write(props + "[" + js_string_literal(a->value) + "] = ");
      attribute_value(a.get());
    }
  }
  if (has_children) {
    write(", " + props + ".children = ");
    children();
  }
  write(", " + callee + "(");
  if (handler != handlers_.end()) {
    const Handler& h = *handler->second;
    for (size_t i = 0; i < h.params.size(); ++i) {
      if (i) write(", ");
      write(props + "[" + js_string_literal(h.params[i].name) + "]");
    }
  } else {
    write(props);
  }
  write(")))");
}

}  // namespace webx
