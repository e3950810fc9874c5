#include "js_lower.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace webx {

// ===========================================================================
// Writer and helpers

JsWriter::JsWriter() : lines_(1), files_{""} {}

void JsWriter::newline() {
  code_ += '\n';
  code_.append(static_cast<size_t>(std::max(indent_, 0)) * 2, ' ');
  lines_.emplace_back();
}

void JsWriter::mark(uint32_t file, uint32_t line, uint32_t col) {
  Pos& p = lines_.back();
  if (p.file == 0 && line != 0) p = Pos{file, line, col};
}

uint32_t JsWriter::file_index(const std::string& path) {
  auto it = std::find(files_.begin(), files_.end(), path);
  if (it != files_.end()) return static_cast<uint32_t>(it - files_.begin());
  files_.push_back(path);
  return static_cast<uint32_t>(files_.size() - 1);
}

std::string JsConstants::add(JsScopes& names, const std::string& base, std::string value) {
  std::string name = names.fresh(base);
  declarations.push_back(name + " = " + value);
  return name;
}

namespace {

// Decodes one UTF-8 sequence (lenient: WTF-8 surrogates pass through).
uint32_t next_code_point(std::string_view s, size_t& i) {
  auto c = static_cast<unsigned char>(s[i++]);
  if (c < 0x80) return c;
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  uint32_t cp = c & (0x3F >> extra);
  for (int k = 0; k < extra && i < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  }
  return cp;
}

}  // namespace

bool is_js_identifier(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
              (i > 0 && std::isdigit(static_cast<unsigned char>(c)));
    if (!ok) return false;
  }
  return true;
}

bool is_js_reserved_word(std::string_view s) {
  static constexpr std::array<std::string_view, 36> kReserved = {
      "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete",
      "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if",
      "import", "in", "instanceof", "new", "null", "return", "super", "switch", "this", "throw",
      "true", "try", "typeof", "var", "void", "while", "with"};
  return std::find(kReserved.begin(), kReserved.end(), s) != kReserved.end();
}

std::string join_list(const std::vector<std::string>& items, std::string_view separator) {
  return fmt::format("{}", fmt::join(items, separator));
}

namespace {

bool is_pattern(const JsNode* n) {
  return n && (n->kind == JsKind::ObjectPattern || n->kind == JsKind::ArrayPattern);
}

int binary_precedence(const std::string& op) {
  if (op == "*" || op == "/" || op == "%") return 13;
  if (op == "+" || op == "-") return 12;
  if (op == "<<" || op == ">>" || op == ">>>") return 11;
  if (op == "<" || op == ">" || op == "<=" || op == ">=" || op == "instanceof") return 10;
  if (op == "==" || op == "!=" || op == "===" || op == "!==") return 9;
  if (op == "&") return 8;
  if (op == "^") return 7;
  if (op == "|") return 6;
  return 19;  // `**` and `in` are written as calls or parenthesised
}

int precedence(const JsNode* n) {
  switch (n->kind) {
    case JsKind::Sequence:
      return 1;
    case JsKind::Assign:
      return 2;
    case JsKind::Conditional:
      return 3;
    case JsKind::Logical:
      return n->value == "||" ? 4 : n->value == "&&" ? 5 : 19;
    case JsKind::Binary:
      return binary_precedence(n->value);
    case JsKind::Unary:
      return 15;
    case JsKind::Update:
      return n->has(kFlagPrefix) ? 15 : 16;
    case JsKind::Call:
    case JsKind::New:
    case JsKind::Member:
    case JsKind::TaggedTemplate:
    case JsKind::Class:
    case JsKind::JsxElement:
    case JsKind::JsxDocument:
      return 18;
    default:
      return 19;
  }
}

}  // namespace

std::string js_string_literal(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) {
      if (c == '"' || c == '\\') out += '\\';
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    uint32_t cp = next_code_point(s, i);
    switch (cp) {
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      default: break;
    }
    auto unit = [&](uint32_t u) { out += fmt::format("\\u{:04x}", u); };
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(0xD800 + (cp >> 10));
      unit(0xDC00 + (cp & 0x3FF));
    } else {
      unit(cp);
    }
  }
  return out + "\"";
}

// ===========================================================================
// Functions, scopes and names

JsLowering::JsLowering(JsWriter& out, JsScopes& scopes, DiagnosticSink& sink,
                       const Module& module, const std::map<std::string, const Handler*>& handlers,
                       JsConstants& constants)
    : out_(out),
      scopes_(scopes),
      sink_(sink),
      module_(module),
      handlers_(handlers),
      constants_(constants),
      file_(out.file_index(module.path)) {}

void JsLowering::error(const JsNode* at, const std::string& message) {
  ok_ = false;
  sink_.error(SourceLoc{module_.path, at ? at->line : 0, at ? at->col : 0}, message, 1);
}

void JsLowering::line(const JsNode* at) {
  out_.newline();
  if (at) out_.mark(file_, at->line, at->col);
}

void JsLowering::soft_break(const JsNode* n) {
  if (n == nullptr || n->line == 0) return;
  if (out_.mapped_line() == 0) {
    out_.mark(file_, n->line, n->col);
  } else if (n->line > out_.mapped_line()) {
    line(n);
  }
}

void JsLowering::begin_function(JsScope* scope, bool arrowish, const JsNode* wrapped_loop) {
  FnCtx ctx;
  ctx.scope = scope;
  ctx.arrowish = arrowish;
  ctx.wrapped_loop = wrapped_loop;
  ctx.jump_base = jumps_.size();
  ctx.super_name = pending_method_.super_name;
  ctx.static_method = pending_method_.is_static;
  ctx.derived_ctor_class = pending_method_.derived_ctor_class;
  pending_method_ = MethodInfo{};
  fns_.push_back(std::move(ctx));
  jumps_.push_back(Jump{wrapped_loop ? Jump::Boundary : Jump::Barrier, {}, wrapped_loop});
}

void JsLowering::prologue_here() { fn().prologue_at = out_.size(); }

void JsLowering::end_function() {
  FnCtx& f = fn();
  std::vector<std::string> decls;
  if (!f.this_name.empty()) decls.push_back(f.this_name + " = this");
  if (!f.args_name.empty()) decls.push_back(f.args_name + " = arguments");
  for (const auto& v : f.vars) {
    if (std::find(decls.begin(), decls.end(), v) == decls.end()) decls.push_back(v);
  }
  if (!decls.empty()) out_.insert(f.prologue_at, "var " + join_list(decls, ", ") + ";");
  jumps_.resize(f.jump_base);
  fns_.pop_back();
}

JsLowering::FnCtx* JsLowering::real_function() {
  for (auto it = fns_.rbegin(); it != fns_.rend(); ++it) {
    if (!it->arrowish) return &*it;
  }
  return &fns_.front();
}

std::string JsLowering::this_expr() {
  if (!fn().arrowish) return "this";
  FnCtx* f = real_function();
  if (f->this_name.empty()) f->this_name = scopes_.fresh("$this");
  return f->this_name;
}

std::string JsLowering::arguments_expr() {
  if (!fn().arrowish) return "arguments";
  FnCtx* f = real_function();
  if (f->args_name.empty()) f->args_name = scopes_.fresh("$args");
  return f->args_name;
}

std::string JsLowering::temp(const std::string& base) {
  std::string name = scopes_.fresh(base.empty() ? "$t" : base);
  fn().vars.push_back(name);
  return name;
}

void JsLowering::declare(const std::string& emitted_name) { fn().vars.push_back(emitted_name); }

// The innermost wrapped loop whose iteration owns a block binding.
const JsNode* JsLowering::owner_loop(const JsBinding* b) const {
  if (b->kind != BindingKind::Lexical) return nullptr;
  for (const JsScope* s = b->scope; s && s->function == b->scope->function; s = s->parent) {
    if (s->loop && scopes_.loop_needs_wrap(s->loop)) {
      // A scope's `loop` is the innermost loop around it; the loop's own head
      // scope carries it too, so walking up reaches outer loops in turn.
      return s->loop;
    }
  }
  return nullptr;
}

void JsLowering::declare_owned(const JsScope* fn_scope, const JsNode* loop) {
  if (fn_scope == nullptr) return;
  for (const JsBinding* b : fn_scope->owned) {
    if (b->by_syntax || b->kind == BindingKind::Catch || b->kind == BindingKind::Global) continue;
    if (owner_loop(b) != loop) continue;
    fn().vars.push_back(b->emitted);
  }
}

std::string JsLowering::name_of(const JsNode* id) {
  if (const JsBinding* b = scopes_.binding_of(id)) return b->emitted;
  if (id->value == "arguments") return arguments_expr();
  return id->value;
}

// ===========================================================================
// Statements

void JsLowering::statements(const std::vector<JsNodePtr>& list, size_t first) {
  hoisted_block_functions(list, first);
  for (size_t i = first; i < list.size(); ++i) statement(list[i].get());
}

// Function declarations are assigned at the start of their statement list:
// the same hoisting JS gives them, and for blocks the sloppy-mode rule.
void JsLowering::hoisted_block_functions(const std::vector<JsNodePtr>& list, size_t first) {
  for (size_t i = first; i < list.size(); ++i) {
    const JsNode* s = list[i].get();
    if (s == nullptr || s->kind != JsKind::FunctionDecl) continue;
    line(s);
    const JsBinding* b = scopes_.binding_of(s);
    write((b ? b->emitted : s->value) + " = ");
    function_expr(s, "function " + s->value, false);
    write(";");
  }
}

void JsLowering::block_body(const JsNode* body) {
  write(" {");
  out_.indent(1);
  if (body && body->kind == JsKind::Block) {
    statements(body->kids);
  } else if (body) {
    if (body->kind == JsKind::FunctionDecl) {
      error(body, "a function declaration cannot be the body of a statement; wrap it in { }");
    }
    statement(body);
  }
  out_.indent(-1);
  out_.newline();
  write("}");
}

void JsLowering::statement(const JsNode* n) {
  if (n == nullptr) return;
  switch (n->kind) {
    case JsKind::Block:
      line(n);
      block_body(n);
      return;
    case JsKind::VarDecl: {
      line(n);
      size_t start = out_.size();
      var_decl(n);
      if (out_.size() != start) write(";");  // `var x;` needs nothing
      return;
    }
    case JsKind::FunctionDecl:
    case JsKind::Empty:
      return;
    case JsKind::ClassDecl:
      class_decl(n);
      return;
    case JsKind::ExprStmt: {
      line(n);
      size_t start = out_.size();
      expression(n->kid(0), 0);
      std::string_view text = out_.text_from(start);
      if (text.starts_with("{") || text.starts_with("function")) {
        out_.insert(start, "(");
        write(")");
      }
      write(";");
      return;
    }
    case JsKind::If:
      line(n);
      write("if (");
      expression(n->kid(0), 0);
      write(")");
      block_body(n->kid(1));
      if (n->kid(2)) {
        write(" else");
        block_body(n->kid(2));
      }
      return;
    case JsKind::For:
    case JsKind::ForIn:
    case JsKind::ForOf:
    case JsKind::While:
    case JsKind::DoWhile:
      loop_statement(n, {});
      return;
    case JsKind::Labeled: {
      std::vector<std::string> labels;
      const JsNode* s = n;
      while (s && s->kind == JsKind::Labeled) {
        labels.push_back(s->value);
        s = s->kid(0);
      }
      if (s && (s->kind == JsKind::For || s->kind == JsKind::ForIn || s->kind == JsKind::ForOf ||
                s->kind == JsKind::While || s->kind == JsKind::DoWhile)) {
        loop_statement(s, labels);
        return;
      }
      line(n);
      for (const auto& l : labels) write(l + ":");
      jumps_.push_back(Jump{Jump::Label, labels, n});
      block_body(s);
      jumps_.pop_back();
      return;
    }
    case JsKind::Continue:
    case JsKind::Break:
      line(n);
      jump(n, n->value, n->kind == JsKind::Break);
      return;
    case JsKind::Return:
      return_stmt(n);
      return;
    case JsKind::Throw:
      line(n);
      write("throw ");
      expression(n->kid(0), 0);
      write(";");
      return;
    case JsKind::Try:
      try_stmt(n);
      return;
    case JsKind::Switch:
      switch_stmt(n);
      return;
    case JsKind::Debugger:
      line(n);
      write("debugger;");
      return;
    default:
      error(n, fmt::format("unexpected {} in statement position", js_kind_name(n->kind)));
      return;
  }
}

// Declarations become assignments: every binding is in the function's `var`
// list already. `let x;` resets x, which matters when the declaration runs
// once per loop iteration.
void JsLowering::var_decl(const JsNode* n) {
  bool first = true;
  auto sep = [&] {
    if (!first) write(", ");
    first = false;
  };
  for (const auto& d : n->kids) {
    const JsNode* target = d->kid(0);
    const JsNode* init = d->kid(1);
    if (is_pattern(target)) {
      if (init == nullptr) {
        error(target, "a destructuring declaration needs a value");
        continue;
      }
      sep();
      std::string t = temp();
      write(t + " = ");
      expression(init, 2);
      destructure(target, t);
      continue;
    }
    if (init) {
      sep();
      write(name_of(target) + " = ");
      expression(init, 2);
    } else if (n->value != "var") {
      sep();
      write(name_of(target) + " = void 0");
    }
  }
}

void JsLowering::class_decl(const JsNode* n) {
  line(n);
  const JsBinding* b = scopes_.binding_of(n);
  write((b ? b->emitted : n->value) + " = ");
  class_expr(n);
  write(";");
}

void JsLowering::return_stmt(const JsNode* n) {
  line(n);
  if (fn().wrapped_loop) {
    fn().returns = true;
    write("return {v: ");
    if (n->kid(0)) {
      expression(n->kid(0), 2);
    } else {
      write("void 0");
    }
    write("};");
    return;
  }
  write("return");
  if (n->kid(0)) {
    write(" ");
    expression(n->kid(0), 0);
  }
  write(";");
}

void JsLowering::jump(const JsNode* at, const std::string& label, bool is_break) {
  const char* word = is_break ? "break" : "continue";
  long target = -1;
  for (long i = static_cast<long>(jumps_.size()) - 1; i >= 0; --i) {
    const Jump& j = jumps_[i];
    if (j.kind == Jump::Barrier) break;
    if (j.kind == Jump::Boundary) continue;
    bool match = !label.empty()
                     ? std::find(j.labels.begin(), j.labels.end(), label) != j.labels.end()
                     : (j.kind == Jump::Loop || (is_break && j.kind == Jump::Switch));
    if (match) {
      if (!is_break && j.kind != Jump::Loop) break;
      target = i;
      break;
    }
  }
  if (target < 0) {
    error(at, label.empty() ? fmt::format("'{}' outside of a loop", word)
                            : fmt::format("no enclosing loop labelled '{}' for '{}'", label, word));
    return;
  }
  long boundary = -1;
  for (long i = static_cast<long>(jumps_.size()) - 1; i > target; --i) {
    if (jumps_[i].kind == Jump::Boundary) {
      boundary = i;
      break;
    }
  }
  if (boundary < 0) {
    write(label.empty() ? fmt::format("{};", word) : fmt::format("{} {};", word, label));
    return;
  }
  // Inside a loop wrapper: tell the caller what to do.
  if (target == boundary - 1) {
    if (is_break) {
      fn().breaks = true;
      write("return 1;");
    } else if (!fn().copy_back.empty()) {
      write("{" + fn().copy_back + "; return;}");
    } else {
      write("return;");
    }
    return;
  }
  std::string code = std::string(is_break ? "b:" : "c:") + label;
  if (std::find(fn().escapes.begin(), fn().escapes.end(), code) == fn().escapes.end()) {
    fn().escapes.push_back(code);
  }
  write("return " + js_string_literal(code) + ";");
}

void JsLowering::loop_statement(const JsNode* n, const std::vector<std::string>& labels) {
  line(n);
  // A for…of left early (break, return, throw) closes its iterator.
  std::string cursor;
  if (n->kind == JsKind::ForOf) {
    cursor = temp("$it");
    write("try { ");
  }
  for (const auto& l : labels) write(l + ": ");
  jumps_.push_back(Jump{Jump::Loop, labels, n});
  switch (n->kind) {
    case JsKind::For:
      for_stmt(n);
      break;
    case JsKind::ForIn:
    case JsKind::ForOf:
      for_in_of(n, cursor);
      break;
    default:
      while_stmt(n);
      break;
  }
  jumps_.pop_back();
  if (!cursor.empty()) write(" } finally { " + cursor + ".c(); }");
}

// The body of a loop whose per-iteration bindings are captured, as a function
// called once per iteration: `if (($r = (function (i) {...})(i)) !== void 0)`
// followed by what the body's completion asks for.
void JsLowering::wrapped_body(const JsNode* loop, const JsNode* body,
                              const std::vector<std::string>& params,
                              const std::vector<std::string>& args, bool copy_back,
                              const std::function<void()>& pre) {
  std::string r = temp("$r");
  std::string l = copy_back ? temp("$l") : "";
  JsScope* owner = fn().scope ? fn().scope : real_function()->scope;
  line(body);
  write("if ((" + r + " = (function (" + join_list(params, ", ") + ") {");
  begin_function(nullptr, true, loop);
  prologue_here();
  if (copy_back) fn().copy_back = l + " = [" + join_list(params, ", ") + "]";
  declare_owned(owner, loop);
  std::erase_if(fn().vars, [&](const std::string& v) {
    return std::find(params.begin(), params.end(), v) != params.end();
  });
  out_.indent(1);
  if (pre) pre();
  if (body && body->kind == JsKind::Block) {
    statements(body->kids);
  } else {
    statement(body);
  }
  if (copy_back) {
    out_.newline();
    write(fn().copy_back + ";");
  }
  out_.indent(-1);
  out_.newline();
  bool breaks = fn().breaks, returns = fn().returns;
  std::vector<std::string> escapes = fn().escapes;
  end_function();
  write("})(" + join_list(args, ", ") + ")) !== void 0) {");
  out_.indent(1);
  if (breaks) {
    out_.newline();
    write("if (" + r + " === 1) break;");
  }
  if (returns) {
    out_.newline();
    if (fn().wrapped_loop) {
      fn().returns = true;
      write("if (typeof " + r + " === \"object\") return " + r + ";");
    } else {
      write("if (typeof " + r + " === \"object\") return " + r + ".v;");
    }
  }
  for (const auto& code : escapes) {
    out_.newline();
    write("if (" + r + " === " + js_string_literal(code) + ") ");
    jump(body, code.substr(2), code[0] == 'b');
  }
  out_.indent(-1);
  out_.newline();
  write("}");
  if (copy_back) {
    write(" else {");
    for (size_t i = 0; i < params.size(); ++i) {
      write(fmt::format(" {} = {}[{}];", params[i], l, i));
    }
    write(" }");
  }
}

void JsLowering::for_stmt(const JsNode* n) {
  const JsNode* init = n->kid(0);
  write("for (");
  if (init && init->kind == JsKind::VarDecl) {
    var_decl(init);
  } else if (init) {
    expression(init, 0);
  }
  write("; ");
  if (n->kid(1)) expression(n->kid(1), 0);
  write("; ");
  if (n->kid(2)) expression(n->kid(2), 0);
  write(")");
  if (!scopes_.loop_needs_wrap(n)) {
    block_body(n->kid(3));
    return;
  }
  std::vector<std::string> params;
  if (init && init->kind == JsKind::VarDecl && init->value != "var") {
    if (JsScope* head = scopes_.scope_of(n)) {
      for (const auto& [name, b] : head->names) params.push_back(b->emitted);
    }
  }
  write(" {");
  out_.indent(1);
  wrapped_body(n, n->kid(3), params, params, !params.empty(), nullptr);
  out_.indent(-1);
  out_.newline();
  write("}");
}

void JsLowering::for_in_of(const JsNode* n, const std::string& cursor) {
  bool of = n->kind == JsKind::ForOf;
  const JsNode* left = n->kid(0);
  bool declaration = left && left->kind == JsKind::VarDecl;
  const JsNode* target = declaration ? left->kid(0)->kid(0) : left;
  bool lexical = declaration && left->value != "var";
  bool wrap = scopes_.loop_needs_wrap(n);

  std::string value;  // the per-iteration value, as an expression
  if (of) {
    write("for (" + cursor + " = $wx.iter(");
    expression(n->kid(1), 2);
    write("); " + cursor + ".n();)");
    value = cursor + ".v";
  } else if (!wrap && !is_pattern(target)) {
    write("for (");
    if (target->kind == JsKind::Identifier) {
      write(name_of(target));
    } else {
      expression(target, 18);
    }
    write(" in ");
    expression(n->kid(1), 0);
    write(")");
    block_body(n->kid(2));
    return;
  } else {
    std::string k = temp("$k");
    write("for (" + k + " in ");
    expression(n->kid(1), 0);
    write(")");
    value = k;
  }

  write(" {");
  out_.indent(1);
  if (wrap && lexical) {
    // The loop variable is the wrapper's parameter: a fresh binding per iteration.
    std::string param = target->kind == JsKind::Identifier ? name_of(target) : scopes_.fresh("$v");
    std::function<void()> pre;
    if (target->kind != JsKind::Identifier) {
      pre = [&, param] {
        out_.newline();
        assign_from(target, param);
        write(";");
      };
    }
    wrapped_body(n, n->kid(2), {param}, {value}, false, pre);
  } else {
    line(n);
    assign_from(target, value);
    write(";");
    if (wrap) {
      wrapped_body(n, n->kid(2), {}, {}, false, nullptr);
    } else {
      const JsNode* body = n->kid(2);
      if (body && body->kind == JsKind::Block) {
        statements(body->kids);
      } else {
        statement(body);
      }
    }
  }
  out_.indent(-1);
  out_.newline();
  write("}");
}

void JsLowering::while_stmt(const JsNode* n) {
  bool is_while = n->kind == JsKind::While;
  const JsNode* test = n->kid(is_while ? 0 : 1);
  const JsNode* body = n->kid(is_while ? 1 : 0);
  auto body_part = [&] {
    if (!scopes_.loop_needs_wrap(n)) {
      block_body(body);
      return;
    }
    write(" {");
    out_.indent(1);
    wrapped_body(n, body, {}, {}, false, nullptr);
    out_.indent(-1);
    out_.newline();
    write("}");
  };
  if (is_while) {
    write("while (");
    expression(test, 0);
    write(")");
    body_part();
  } else {
    write("do");
    body_part();
    write(" while (");
    expression(test, 0);
    write(");");
  }
}

void JsLowering::try_stmt(const JsNode* n) {
  line(n);
  write("try");
  block_body(n->kid(0));
  if (const JsNode* c = n->kid(1)) {
    const JsNode* param = c->kid(0);
    if (param && param->kind == JsKind::Identifier) {
      write(" catch (" + name_of(param) + ")");
      block_body(c->kid(1));
    } else {
      std::string e = scopes_.fresh("$e");
      write(" catch (" + e + ") {");
      out_.indent(1);
      if (param) {
        out_.newline();
        assign_from(param, e);
        write(";");
      }
      if (c->kid(1)) statements(c->kid(1)->kids);
      out_.indent(-1);
      out_.newline();
      write("}");
    }
  }
  if (n->kid(2)) {
    write(" finally");
    block_body(n->kid(2));
  }
}

void JsLowering::switch_stmt(const JsNode* n) {
  for (size_t i = 1; i < n->kids.size(); ++i) hoisted_block_functions(n->kids[i]->kids, 1);
  line(n);
  write("switch (");
  expression(n->kid(0), 0);
  write(") {");
  jumps_.push_back(Jump{Jump::Switch, {}, n});
  for (size_t i = 1; i < n->kids.size(); ++i) {
    const JsNode* c = n->kids[i].get();
    line(c);
    if (c->kid(0)) {
      write("case ");
      expression(c->kid(0), 0);
      write(":");
    } else {
      write("default:");
    }
    out_.indent(1);
    for (size_t k = 1; k < c->kids.size(); ++k) statement(c->kids[k].get());
    out_.indent(-1);
  }
  jumps_.pop_back();
  out_.newline();
  write("}");
}

// ===========================================================================
// Destructuring

void JsLowering::assign_to(const JsNode* target, const std::function<void()>& value) {
  if (is_pattern(target)) {
    std::string t = temp();
    write(", " + t + " = ");
    value();
    destructure(target, t);
    return;
  }
  write(", ");
  expression(target, 18);
  write(" = ");
  value();
}

void JsLowering::assign_from(const JsNode* target, const std::string& source) {
  if (is_pattern(target)) {
    std::string t = temp();
    write(t + " = " + source);
    destructure(target, t);
    return;
  }
  expression(target, 18);
  write(" = " + source);
}

void JsLowering::destructure(const JsNode* pattern, const std::string& source) {
  // The value of one element, with its default applied.
  auto with_default = [&](const std::string& access, const JsNode* def) -> std::function<void()> {
    if (def == nullptr) return [this, access] { write(access); };
    return [this, access, def] {
      std::string d = temp("$d");
      write("(" + d + " = " + access + ") === void 0 ? ");
      expression(def, 3);
      write(" : " + d);
    };
  };
  if (pattern->kind == JsKind::ObjectPattern) {
    std::vector<std::string> used_keys;
    for (const auto& p : pattern->kids) {
      if (p->kind == JsKind::RestElement) {
        assign_to(p->kid(0), [&] {
          write("$wx.rest(" + source + ", [" + join_list(used_keys, ", ") + "])");
        });
        continue;
      }
      const JsNode* key = p->kid(0);
      std::string access;
      if (p->has(kFlagComputed)) {
        std::string k = temp("$k");
        write(", " + k + " = ");
        expression(key, 2);
        access = source + "[" + k + "]";
        used_keys.push_back(k);
      } else if (key->kind == JsKind::Identifier && is_js_identifier(key->value)) {
        access = source + "." + key->value;
        used_keys.push_back(js_string_literal(key->value));
      } else if (key->kind == JsKind::Number) {
        access = source + "[" + key->value + "]";
        used_keys.push_back("String(" + key->value + ")");
      } else {
        access = source + "[" + js_string_literal(key->value) + "]";
        used_keys.push_back(js_string_literal(key->value));
      }
      assign_to(p->kid(1), with_default(access, p->kid(2)));
    }
    return;
  }
  // Arrays and any other iterable.
  std::string a = temp("$a");
  write(", " + a + " = $wx.arr(" + source + ")");
  for (size_t i = 0; i < pattern->kids.size(); ++i) {
    const JsNode* el = pattern->kids[i].get();
    if (el == nullptr) continue;
    std::string access = fmt::format("{}[{}]", a, i);
    if (el->kind == JsKind::RestElement) {
      assign_to(el->kid(0), [&, i] { write(fmt::format("{}.slice({})", a, i)); });
    } else if (el->kind == JsKind::AssignPattern) {
      assign_to(el->kid(0), with_default(access, el->kid(1)));
    } else {
      assign_to(el, with_default(access, nullptr));
    }
  }
}

// ===========================================================================
// Functions and classes

// The formal parameters of the lowered function. As in ES2015, those from the
// first one with a default on are not formal (a function's `length` counts
// the ones before): they are read from `arguments` in the prologue.
std::vector<std::string> JsLowering::param_names(const JsNode* params) {
  std::vector<std::string> names;
  bool formal = true;
  for (const auto& p : params->kids) {
    if (p->has(kFlagRest)) break;
    if (p->kid(1)) formal = false;
    const JsNode* target = p->kid(0);
    std::string name = target->kind == JsKind::Identifier ? name_of(target) : scopes_.fresh("$p");
    names.push_back(formal ? name : "=" + name);  // "=" marks a name read from arguments
  }
  return names;
}

std::string JsLowering::formal_list(const std::vector<std::string>& names) {
  std::vector<std::string> formal;
  for (const auto& n : names) {
    if (n[0] != '=') formal.push_back(n);
  }
  return join_list(formal, ", ");
}

void JsLowering::param_prologue(const JsNode* params, const std::vector<std::string>& names) {
  for (size_t i = 0; i < params->kids.size(); ++i) {
    const JsNode* p = params->kids[i].get();
    const JsNode* target = p->kid(0);
    if (p->has(kFlagRest)) {
      std::string value = fmt::format("Array.prototype.slice.call(arguments, {})", i);
      if (target->kind == JsKind::Identifier) {
        declare(name_of(target));
        write(" " + name_of(target) + " = " + value + ";");
      } else {
        write(" ");
        assign_from(target, value);
        write(";");
      }
      break;
    }
    std::string name = names[i];
    if (name[0] == '=') {
      name = name.substr(1);
      declare(name);
      write(fmt::format(" {} = arguments[{}];", name, i));
    }
    if (const JsNode* def = p->kid(1)) {
      write(" if (" + name + " === void 0) " + name + " = ");
      expression(def, 2);
      write(";");
    }
    if (target->kind != JsKind::Identifier) {
      write(" ");
      assign_from(target, name);
      write(";");
    }
  }
}

void JsLowering::function_body(const JsNode* fn_node) {
  const JsNode* body = fn_node->kid(1);
  if (fn_node->has(kFlagExprBody)) {
    if (body->line != fn_node->line) {
      out_.indent(1);
      line(body);
      out_.indent(-1);
    } else {
      write(" ");
    }
    write("return ");
    expression(body, 0);
    write(";");
    if (out_.mapped_line() != fn_node->line) out_.newline();
    write("}");
    return;
  }
  out_.indent(1);
  statements(body->kids);
  out_.indent(-1);
  out_.newline();
  write("}");
}

void JsLowering::function_expr(const JsNode* fn_node, const std::string& head, bool arrowish) {
  JsScope* scope = scopes_.scope_of(fn_node);
  std::vector<std::string> names = param_names(fn_node->kid(0));
  begin_function(scope, arrowish, nullptr);
  write(head + "(" + formal_list(names) + ") {");
  prologue_here();
  declare_owned(scope, nullptr);
  param_prologue(fn_node->kid(0), names);
  function_body(fn_node);
  end_function();
}

bool JsLowering::field_inits(const JsNode* class_body, bool is_static, const std::string& target,
                             std::string_view lead) {
  bool any = false;
  for (const auto& m : class_body->kids) {
    if (m->kind != JsKind::ClassField || m->has(kFlagStatic) != is_static) continue;
    if (m->has(kFlagComputed)) {
      error(m.get(), "computed class field names are not supported");
      continue;
    }
    write(any ? std::string(", ") : std::string(lead));
    any = true;
    write(target);
    const JsNode* key = m->kid(0);
    if (key->kind == JsKind::Identifier && is_js_identifier(key->value)) {
      write("." + key->value);
    } else {
      write("[" + js_string_literal(key->value) + "]");
    }
    write(" = ");
    if (m->kid(1)) {
      expression(m->kid(1), 2);
    } else {
      write("void 0");
    }
  }
  return any;
}

void JsLowering::class_expr(const JsNode* cls) {
  const JsNode* body = cls->kid(1);
  bool derived = cls->kid(0) != nullptr;
  std::string name = cls->value.empty() ? scopes_.fresh("$class") : cls->value;
  std::string sup = derived ? scopes_.fresh("$super") : "";
  write("(function (" + sup + ") {");
  out_.indent(1);

  const JsNode* ctor = nullptr;
  if (body) {
    for (const auto& m : body->kids) {
      if (m->kind == JsKind::ClassMethod && m->value == "constructor") ctor = m.get();
    }
  }
  line(ctor ? ctor : cls);
  if (ctor) {
    const JsNode* fn_node = ctor->kid(1);
    JsScope* scope = scopes_.scope_of(fn_node);
    std::vector<std::string> names = param_names(fn_node->kid(0));
    // A derived class initialises its fields right after super() returns.
    pending_method_ = MethodInfo{sup, false, derived ? body : nullptr};
    begin_function(scope, false, nullptr);
    write("function " + name + "(" + formal_list(names) + ") {");
    prologue_here();
    declare_owned(scope, nullptr);
    write(" $wx.classCheck(this, " + name + ");");
    param_prologue(fn_node->kid(0), names);
    if (!derived && body && field_inits(body, false, "this", " ")) write(";");
    function_body(fn_node);
    end_function();
  } else {
    begin_function(nullptr, false, nullptr);
    write("function " + name + "() {");
    prologue_here();
    write(" $wx.classCheck(this, " + name + ");");
    if (derived) write(" $wx.sup(" + sup + ", this, arguments);");
    if (body && field_inits(body, false, "this", " ")) write(";");
    write(" }");
    end_function();
  }
  if (derived) {
    out_.newline();
    write("$wx.inherits(" + name + ", " + sup + ");");
  }
  if (body) {
    for (const auto& m : body->kids) {
      if (m->kind != JsKind::ClassMethod || m->value == "constructor") continue;
      bool is_static = m->has(kFlagStatic);
      std::string target = is_static ? name : name + ".prototype";
      line(m.get());
      write(m->value == "method" ? "$wx.method(" : "$wx.accessor(");
      write(target + ", ");
      if (m->has(kFlagComputed)) {
        expression(m->kid(0), 2);
      } else if (m->kid(0)->kind == JsKind::Number) {
        number(m->kid(0));
      } else {
        write(js_string_literal(m->kid(0)->value));
      }
      write(", ");
      if (m->value == "set") write("null, ");
      pending_method_ = MethodInfo{sup, is_static, nullptr};
      function_expr(m->kid(1), "function ", false);
      if (m->value == "get") write(", null");
      write(");");
    }
    out_.newline();
    if (field_inits(body, true, name, "")) write(";");
  }
  out_.newline();
  write("return " + name + ";");
  out_.indent(-1);
  out_.newline();
  write("})(");
  if (derived) expression(cls->kid(0), 2);
  write(")");
}

// ===========================================================================
// Expressions

void JsLowering::expression(const JsNode* n, int min_prec) {
  if (n == nullptr) {
    write("void 0");
    return;
  }
  bool parens = precedence(n) < min_prec;
  if (parens) write("(");
  switch (n->kind) {
    case JsKind::Identifier:
      write(name_of(n));
      break;
    case JsKind::This:
      write(this_expr());
      break;
    case JsKind::Super:
      error(n, "'super' can only be used in a call or a property access");
      break;
    case JsKind::Null:
      write("null");
      break;
    case JsKind::Boolean:
      write(n->value);
      break;
    case JsKind::Number:
      number(n);
      break;
    case JsKind::String:
      write(js_string_literal(n->value));
      break;
    case JsKind::Regex:
      regex(n);
      break;
    case JsKind::Template:
      template_literal(n);
      break;
    case JsKind::TaggedTemplate:
      tagged_template(n);
      break;
    case JsKind::Array:
      array_literal(n);
      break;
    case JsKind::Object:
      object_literal(n);
      break;
    case JsKind::Function:
      if (n->has(kFlagArrow)) {
        function_expr(n, "function ", true);
      } else {
        function_expr(n, n->value.empty() ? "function " : "function " + n->value, false);
      }
      break;
    case JsKind::Class:
      class_expr(n);
      break;
    case JsKind::Unary:
      if (n->value == "delete" && chain_has_optional(n->kid(0))) {
        optional_chain(n->kid(0), true);
        break;
      }
      if (n->value == "typeof" || n->value == "void" || n->value == "delete") {
        write(n->value + " ");
        expression(n->kid(0), 15);
      } else {
        write(n->value);
        expression(n->kid(0), n->value == "!" || n->value == "~" ? 15 : 16);
      }
      break;
    case JsKind::Update:
      if (n->has(kFlagPrefix)) {
        write(n->value);
        expression(n->kid(0), 18);
      } else {
        expression(n->kid(0), 18);
        write(n->value);
      }
      break;
    case JsKind::Binary: {
      const JsNode* l = n->kid(0);
      const JsNode* r = n->kid(1);
      if (n->value == "**") {
        write("Math.pow(");
        expression(l, 2);
        write(", ");
        expression(r, 2);
        write(")");
      } else if (n->value == "in") {
        write("(");
        expression(l, 11);
        write(" in ");
        expression(r, 11);
        write(")");
      } else {
        int p = binary_precedence(n->value);
        expression(l, p);
        write(" " + n->value + " ");
        soft_break(r);
        expression(r, p + 1);
      }
      break;
    }
    case JsKind::Logical:
      logical(n);
      break;
    case JsKind::Assign:
      assign(n);
      break;
    case JsKind::Conditional:
      expression(n->kid(0), 4);
      write(" ? ");
      soft_break(n->kid(1));
      expression(n->kid(1), 2);
      write(" : ");
      soft_break(n->kid(2));
      expression(n->kid(2), 2);
      break;
    case JsKind::Call:
      if (chain_has_optional(n)) {
        optional_chain(n, false);
      } else {
        call(n);
      }
      break;
    case JsKind::New:
      new_expr(n);
      break;
    case JsKind::Member:
      if (chain_has_optional(n)) {
        optional_chain(n, false);
      } else {
        member(n);
      }
      break;
    case JsKind::Sequence:
      for (size_t i = 0; i < n->kids.size(); ++i) {
        if (i) write(", ");
        expression(n->kids[i].get(), 2);
      }
      break;
    case JsKind::Paren:
      write("(");
      expression(n->kid(0), 0);
      write(")");
      break;
    case JsKind::JsxElement:
    case JsKind::JsxDocument:
      jsx(n);
      break;
    case JsKind::Spread:
      error(n, "spread ('...') is only allowed in calls, arrays and objects");
      break;
    case JsKind::ObjectPattern:
    case JsKind::ArrayPattern:
      error(n, "a destructuring pattern is only allowed as an assignment target");
      break;
    default:
      error(n, fmt::format("unexpected {} in an expression", js_kind_name(n->kind)));
      break;
  }
  if (parens) write(")");
}

void JsLowering::number(const JsNode* n) {
  const std::string& v = n->value;
  if (v.size() > 2 && v[0] == '0' && std::strchr("bBoO", v[1])) {
    int base = (v[1] == 'b' || v[1] == 'B') ? 2 : 8;
    double value = 0;
    for (size_t i = 2; i < v.size(); ++i) value = value * base + (v[i] - '0');
    write(fmt::format("{}", value));
    return;
  }
  write(v);
}

void JsLowering::regex(const JsNode* n) {
  std::string flags;
  bool dot_all = false;
  for (char f : n->extra) {
    if (f == 'u' || f == 'y') {
      error(n, fmt::format("the regular expression flag '{}' is not supported (the runtime is "
                           "ECMAScript 5.1)", f));
    } else if (f == 's') {
      dot_all = true;
    } else {
      flags += f;
    }
  }
  std::string pattern;
  bool in_class = false;
  const std::string& p = n->value;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      if (p[i + 1] == 'k' && i + 2 < p.size() && p[i + 2] == '<') {
        error(n, "named group references are not supported (the runtime is ECMAScript 5.1)");
      }
      pattern += c;
      pattern += p[++i];
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
    } else if (c == '[') {
      in_class = true;
    } else if (c == '(' && p.compare(i, 3, "(?<") == 0) {
      error(n, p.compare(i, 4, "(?<=") == 0 || p.compare(i, 4, "(?<!") == 0
                   ? "lookbehind assertions are not supported (the runtime is ECMAScript 5.1)"
                   : "named groups are not supported (the runtime is ECMAScript 5.1)");
    } else if (c == '.' && dot_all) {
      pattern += "[\\s\\S]";
      continue;
    }
    pattern += c;
  }
  write("/" + pattern + "/" + flags);
  out_.note_regex(RegexLiteral{pattern, flags, SourceLoc{module_.path, n->line, n->col},
                               static_cast<uint32_t>(n->value.size() + n->extra.size() + 2)});
}

void JsLowering::template_literal(const JsNode* n) {
  std::vector<std::string> pieces;
  write("(");
  bool first = true;
  for (size_t i = 0; i < n->kids.size(); ++i) {
    const JsNode* k = n->kids[i].get();
    if (i % 2 == 0) {
      if (k->value.empty()) continue;
      if (!first) write(" + ");
      write(js_string_literal(k->value));
    } else {
      if (!first) write(" + ");
      soft_break(k);
      write("String(");
      expression(k, 0);
      write(")");
    }
    first = false;
  }
  if (first) write("\"\"");
  write(")");
}

void JsLowering::tagged_template(const JsNode* n) {
  const JsNode* tpl = n->kid(1);
  std::vector<std::string> cooked, raw;
  for (size_t i = 0; i < tpl->kids.size(); i += 2) {
    cooked.push_back(js_string_literal(tpl->kids[i]->value));
    raw.push_back(js_string_literal(tpl->kids[i]->extra));
  }
  std::string strings = constants_.add(
      scopes_, "$tpl", "$wx.tpl([" + join_list(cooked, ", ") + "], [" + join_list(raw, ", ") + "])");
  expression(n->kid(0), 18);
  write("(" + strings);
  for (size_t i = 1; i < tpl->kids.size(); i += 2) {
    write(", ");
    expression(tpl->kids[i].get(), 2);
  }
  write(")");
}

// `[a, ...b, c]` → `[a].concat($wx.items(b), [c])`: concat copies; `$wx.items`
// turns any iterable into an array without holes, as iteration would.
void JsLowering::spread_list(const std::vector<const JsNode*>& items) {
  write("[");
  bool in_group = true;  // inside a `[...]` literal group
  bool group_empty = true;
  bool started_concat = false;
  for (const JsNode* item : items) {
    if (item && item->kind == JsKind::Spread) {
      if (in_group) write("]");
      write(started_concat ? ", " : ".concat(");
      started_concat = true;
      write("$wx.items(");
      expression(item->kid(0), 2);
      write(")");
      in_group = false;
      continue;
    }
    if (!in_group) {
      write(", [");
      in_group = true;
      group_empty = true;
    }
    if (!group_empty) write(", ");
    group_empty = false;
    if (item) {
      soft_break(item);
      expression(item, 2);
    }
  }
  if (in_group) write("]");
  if (started_concat) write(")");
}

void JsLowering::array_literal(const JsNode* n) {
  if (has_spread(n, 0)) {
    std::vector<const JsNode*> items;
    for (const auto& k : n->kids) items.push_back(k.get());
    spread_list(items);
    return;
  }
  write("[");
  for (size_t i = 0; i < n->kids.size(); ++i) {
    if (i) write(", ");
    if (const JsNode* k = n->kid(i)) {
      soft_break(k);
      expression(k, 2);
    }
  }
  if (!n->kids.empty() && n->kids.back() == nullptr) write(",");
  write("]");
}

bool JsLowering::has_spread(const JsNode* n, size_t first) const {
  for (size_t i = first; i < n->kids.size(); ++i) {
    if (n->kids[i] && n->kids[i]->kind == JsKind::Spread) return true;
  }
  return false;
}

void JsLowering::property_name(const JsNode* key) {
  if (key->kind == JsKind::Identifier && is_js_identifier(key->value)) {
    write(key->value);
  } else if (key->kind == JsKind::Number) {
    number(key);
  } else {
    write(js_string_literal(key->value));
  }
}

// The key of a property as an expression (for `$o[key]` and helpers).
void JsLowering::property_key(const JsNode* key, bool computed) {
  if (computed) {
    expression(key, 2);
  } else if (key->kind == JsKind::Number) {
    number(key);
  } else {
    write(js_string_literal(key->value));
  }
}

void JsLowering::object_literal(const JsNode* n) {
  // Properties up to the first spread or computed key fit an ES5 literal;
  // the rest are added one by one to a temporary, in order.
  auto is_proto = [](const JsNode* p) {
    return p->kind == JsKind::Property && p->value == "init" && !p->has(kFlagComputed) &&
           !p->has(kFlagShorthand) && p->kid(0)->value == "__proto__";
  };
  size_t simple = 0;
  while (simple < n->kids.size()) {
    const JsNode* p = n->kid(simple);
    if (p->kind == JsKind::Spread || p->has(kFlagComputed) || is_proto(p)) break;
    ++simple;
  }
  auto value_of = [&](const JsNode* p) {
    if (p->value == "method") {
      function_expr(p->kid(1), "function ", false);
    } else if (p->value == "shorthand-default") {
      error(p, "'=' in an object literal is only allowed in a destructuring pattern");
    } else {
      expression(p->kid(1), 2);
    }
  };
  std::string o = simple < n->kids.size() ? temp("$o") : "";
  if (!o.empty()) write("(" + o + " = ");
  write("{");
  for (size_t i = 0; i < simple; ++i) {
    const JsNode* p = n->kid(i);
    if (i) write(", ");
    soft_break(p);
    if (p->value == "get" || p->value == "set") {
      std::string head = p->value + " ";
      head += p->kid(0)->kind == JsKind::Identifier && is_js_identifier(p->kid(0)->value)
                  ? p->kid(0)->value
                  : js_string_literal(p->kid(0)->value);
      function_expr(p->kid(1), head, false);
      continue;
    }
    property_name(p->kid(0));
    write(": ");
    value_of(p);
  }
  write("}");
  if (o.empty()) return;
  for (size_t i = simple; i < n->kids.size(); ++i) {
    const JsNode* p = n->kid(i);
    write(", ");
    soft_break(p);
    if (p->kind == JsKind::Spread) {
      write("$wx.spread(" + o + ", ");
      expression(p->kid(0), 2);
      write(")");
    } else if (is_proto(p)) {
      write("$wx.setProto(" + o + ", ");
      expression(p->kid(1), 2);
      write(")");
    } else if (p->value == "get" || p->value == "set") {
      write("$wx.accessor(" + o + ", ");
      property_key(p->kid(0), p->has(kFlagComputed));
      write(", ");
      if (p->value == "set") write("null, ");
      function_expr(p->kid(1), "function ", false);
      if (p->value == "get") write(", null");
      write(", true)");
    } else {
      // Defined, not assigned: a computed "__proto__" is an ordinary key.
      write("$wx.prop(" + o + ", ");
      property_key(p->kid(0), p->has(kFlagComputed));
      write(", ");
      value_of(p);
      write(")");
    }
  }
  write(", " + o + ")");
}

void JsLowering::arguments_list(const JsNode* n, size_t first) {
  write("(");
  for (size_t i = first; i < n->kids.size(); ++i) {
    if (i > first) write(", ");
    soft_break(n->kid(i));
    expression(n->kid(i), 2);
  }
  write(")");
}

void JsLowering::super_call(const JsNode* n) {
  FnCtx* f = real_function();
  if (f->super_name.empty() || f->static_method) {
    error(n, "'super()' is only valid in the constructor of a class that extends another");
    return;
  }
  std::string self = this_expr();
  bool fields = f->derived_ctor_class != nullptr;
  if (fields) write("(");
  write("$wx.sup(" + f->super_name + ", " + self + ", ");
  std::vector<const JsNode*> items;
  for (size_t i = 1; i < n->kids.size(); ++i) items.push_back(n->kid(i));
  spread_list(items);
  write(")");
  if (fields) {
    field_inits(f->derived_ctor_class, false, self, ", ");
    write(", " + self + ")");
  }
}

void JsLowering::call(const JsNode* n) {
  const JsNode* callee = n->kid(0);
  if (callee->kind == JsKind::Super) {
    super_call(n);
    return;
  }
  if (callee->kind == JsKind::Identifier && callee->value == "static" && scopes_.binding_of(callee) == nullptr) {
    // `static` is a built-in handler of routes, not a function: it would
    // only fail at request time.
    error(callee, "static() serves a file only as a route call; write it after the route: "
                  "`get /file -> static(\"public/file\")`");
  }
  bool spread = has_spread(n, 1);
  bool super_member = callee->kind == JsKind::Member && callee->kid(0)->kind == JsKind::Super;
  auto spread_args = [&] {
    std::vector<const JsNode*> items;
    for (size_t i = 1; i < n->kids.size(); ++i) items.push_back(n->kid(i));
    spread_list(items);
  };
  if (super_member) {
    // super.m(args) → Parent.prototype.m.call(this, args)
    std::string self = this_expr();
    super_base(callee->kid(0));
    if (callee->has(kFlagComputed)) {
      write("[");
      expression(callee->kid(1), 0);
      write("]");
    } else {
      write("." + callee->kid(1)->value);
    }
    if (spread) {
      write(".apply(" + self + ", ");
      spread_args();
      write(")");
    } else {
      write(".call(" + self);
      for (size_t i = 1; i < n->kids.size(); ++i) {
        write(", ");
        expression(n->kid(i), 2);
      }
      write(")");
    }
    return;
  }
  if (!spread) {
    expression(callee, 18);
    arguments_list(n, 1);
    return;
  }
  if (callee->kind == JsKind::Member) {
    std::string o = temp("$o");
    write("(" + o + " = ");
    expression(callee->kid(0), 2);
    write(")");
    if (callee->has(kFlagComputed)) {
      write("[");
      expression(callee->kid(1), 0);
      write("]");
    } else {
      write("." + callee->kid(1)->value);
    }
    write(".apply(" + o + ", ");
  } else {
    expression(callee, 18);
    write(".apply(void 0, ");
  }
  spread_args();
  write(")");
}

void JsLowering::call_named(const std::string& callee, const std::vector<JsNodePtr>& args) {
  std::vector<const JsNode*> items;
  bool spread = false;
  for (const auto& a : args) {
    items.push_back(a.get());
    spread = spread || (a && a->kind == JsKind::Spread);
  }
  if (!spread) {
    write(callee + "(");
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) write(", ");
      expression(items[i], 2);
    }
    write(")");
    return;
  }
  write(callee + ".apply(void 0, ");
  spread_list(items);
  write(")");
}

void JsLowering::new_expr(const JsNode* n) {
  const JsNode* callee = n->kid(0);
  if (has_spread(n, 1)) {
    write("$wx.construct(");
    expression(callee, 2);
    write(", ");
    std::vector<const JsNode*> items;
    for (size_t i = 1; i < n->kids.size(); ++i) items.push_back(n->kid(i));
    spread_list(items);
    write(")");
    return;
  }
  bool simple = true;
  for (const JsNode* c = callee; c; c = c->kind == JsKind::Member ? c->kid(0) : nullptr) {
    if (c->kind != JsKind::Member && c->kind != JsKind::Identifier && c->kind != JsKind::This) {
      simple = false;
    }
  }
  write("new ");
  expression(callee, simple ? 18 : 20);
  arguments_list(n, 1);
}

// `super` as an object: the parent's prototype (or the parent, in static
// methods).
void JsLowering::super_base(const JsNode* at) {
  FnCtx* f = real_function();
  if (f->super_name.empty()) {
    error(at, "'super' is only valid in the methods of a class that extends another");
    return;
  }
  write(f->static_method ? f->super_name : f->super_name + ".prototype");
}

void JsLowering::member_key(const JsNode* n) {
  if (n->has(kFlagComputed)) {
    expression(n->kid(1), 2);
  } else {
    write(js_string_literal(n->kid(1)->value));
  }
}

void JsLowering::member(const JsNode* n) {
  const JsNode* obj = n->kid(0);
  if (obj->kind == JsKind::Super) {
    // super.x reads through the parent's accessors with this as receiver.
    write("$wx.superGet(");
    super_base(obj);
    write(", ");
    member_key(n);
    write(", " + this_expr() + ")");
    return;
  }
  if (obj->kind == JsKind::Number) {
    write("(");
    number(obj);
    write(")");
  } else {
    expression(obj, 18);
  }
  if (n->has(kFlagComputed)) {
    write("[");
    expression(n->kid(1), 0);
    write("]");
  } else {
    write("." + n->kid(1)->value);
  }
}

bool JsLowering::chain_has_optional(const JsNode* n) const {
  for (const JsNode* c = n; c && (c->kind == JsKind::Member || c->kind == JsKind::Call);
       c = c->kid(0)) {
    if (c->has(kFlagOptional)) return true;
  }
  return false;
}

// Applies links[i] (a property access or a call) to what was written before.
// `this_value` is the receiver for a call whose callee was split off.
void JsLowering::link(const std::vector<const JsNode*>& links, size_t i,
                      const std::string& this_value) {
  const JsNode* l = links[i];
  if (l->kind == JsKind::Member) {
    if (l->has(kFlagComputed)) {
      write("[");
      expression(l->kid(1), 0);
      write("]");
    } else {
      write("." + l->kid(1)->value);
    }
    return;
  }
  bool spread = has_spread(l, 1);
  if (!this_value.empty() || spread) {
    write(spread ? ".apply(" : ".call(");
    write(this_value.empty() ? "void 0" : this_value);
    if (spread) {
      write(", ");
      std::vector<const JsNode*> items;
      for (size_t k = 1; k < l->kids.size(); ++k) items.push_back(l->kid(k));
      spread_list(items);
    } else {
      for (size_t k = 1; k < l->kids.size(); ++k) {
        write(", ");
        expression(l->kid(k), 2);
      }
    }
    write(")");
    return;
  }
  arguments_list(l, 1);
}

// `a?.b.c(d)`: the value before each optional link is stored in a
// temporary and tested once; null or undefined short-circuits the rest of the
// chain to undefined. An optional call of a method (`a.b?.()`) keeps its
// receiver in a second temporary.
void JsLowering::optional_chain(const JsNode* n, bool is_delete) {
  std::vector<const JsNode*> links;
  const JsNode* base = n;
  while (base->kind == JsKind::Member || base->kind == JsKind::Call) {
    links.push_back(base);
    base = base->kid(0);
  }
  std::reverse(links.begin(), links.end());
  // `delete a?.b` is true when it short-circuits.
  const std::string short_value = is_delete ? "true" : "void 0";

  std::string head;      // temporary holding the value so far; "" = the base expression
  std::string receiver;  // when set, links[start] is a call on `receiver`
  size_t start = 0;
  auto write_head = [&] {
    if (head.empty()) {
      expression(base, 18);
      return;
    }
    write(head);
    if (!receiver.empty()) {
      link(links, start, receiver);
      ++start;
      receiver.clear();
    }
  };
  int opened = 0;
  for (size_t i = 0; i < links.size(); ++i) {
    if (!links[i]->has(kFlagOptional)) continue;
    std::string t = temp("$c");
    write("(");
    ++opened;
    bool method = links[i]->kind == JsKind::Call && i >= 1 && i - 1 >= start &&
                  links[i - 1]->kind == JsKind::Member;
    if (method) {
      std::string r = temp("$o");
      write("((" + r + " = ");
      write_head();
      for (size_t k = start; k + 1 < i; ++k) link(links, k, "");
      write("), (" + t + " = " + r);
      link(links, i - 1, "");
      write(")) == null ? " + short_value + " : ");
      head = t;
      receiver = r;
      start = i;
    } else {
      write("(" + t + " = ");
      write_head();
      for (size_t k = start; k < i; ++k) link(links, k, "");
      write(") == null ? " + short_value + " : ");
      head = t;
      start = i;
    }
  }
  if (is_delete) write("delete ");
  write_head();
  for (size_t k = start; k < links.size(); ++k) link(links, k, "");
  for (int k = 0; k < opened; ++k) write(")");
}

std::string JsLowering::reference(const JsNode* target) {
  if (target->kind == JsKind::Identifier) return name_of(target);
  if (target->kind == JsKind::Paren) return reference(target->kid(0));
  if (target->kind != JsKind::Member) {
    error(target, "invalid assignment target");
    return "void 0";
  }
  std::string o = temp("$o");
  write(o + " = ");
  expression(target->kid(0), 2);
  write(", ");
  if (!target->has(kFlagComputed)) return o + "." + target->kid(1)->value;
  std::string k = temp("$k");
  write(k + " = ");
  expression(target->kid(1), 2);
  write(", ");
  return o + "[" + k + "]";
}

void JsLowering::assign(const JsNode* n) {
  const JsNode* target = n->kid(0);
  const JsNode* value = n->kid(1);
  const std::string& op = n->value;
  if (op == "=" && is_pattern(target)) {
    std::string t = temp();
    write("(" + t + " = ");
    expression(value, 2);
    destructure(target, t);
    write(", " + t + ")");
    return;
  }
  if (op == "**=" || op == "&&=" || op == "||=" || op == "?\?=") {
    write("(");
    std::string ref = reference(target);
    if (op == "**=") {
      write(ref + " = Math.pow(" + ref + ", ");
      expression(value, 2);
      write(")");
    } else if (op == "?\?=") {
      std::string t = temp();
      write("(" + t + " = " + ref + ") != null ? " + t + " : (" + ref + " = ");
      expression(value, 2);
      write(")");
    } else {
      write(ref + (op == "&&=" ? " && (" : " || (") + ref + " = ");
      expression(value, 2);
      write(")");
    }
    write(")");
    return;
  }
  if (target->kind == JsKind::Member && target->kid(0)->kind == JsKind::Super) {
    if (op != "=") {
      error(n, fmt::format("'{}' on a 'super' property is not supported; use 'super.x = super.x ...'", op));
      return;
    }
    write("$wx.superSet(");
    super_base(target->kid(0));
    write(", ");
    member_key(target);
    write(", ");
    expression(value, 2);
    write(", " + this_expr() + ")");
    return;
  }
  expression(target, 18);
  write(" " + op + " ");
  soft_break(value);
  expression(value, 2);
}

void JsLowering::logical(const JsNode* n) {
  const JsNode* l = n->kid(0);
  const JsNode* r = n->kid(1);
  if (n->value != "??") {
    int p = n->value == "||" ? 4 : 5;
    expression(l, p);
    write(" " + n->value + " ");
    soft_break(r);
    expression(r, p + 1);
    return;
  }
  write("(");
  std::string v;
  if (l->kind == JsKind::Identifier) {
    v = name_of(l);
    write(v);
  } else {
    v = temp();
    write("(" + v + " = ");
    expression(l, 2);
    write(")");
  }
  write(" != null ? " + v + " : ");
  soft_break(r);
  expression(r, 2);
  write(")");
}

}  // namespace webx
