// Lowering of the JS/JSX AST to ECMAScript 5.1 text (the engine of codegen).
//
// One JsLowering emits one unit (a handler, route or global block) into a
// JsWriter shared by the whole program. Everything ES2015+ is rewritten here:
// block scoping follows the names chosen by JsScopes (all declarations of a
// function become one `var` list), loops whose per-iteration bindings are
// captured get their body wrapped in a function, arrows capture `this` and
// `arguments` of the enclosing function, classes become constructor
// functions, and JSX becomes string concatenation (jsx_lower.cc).
//
// Used on the compiler's thread only.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ast.h"
#include "codegen.h"
#include "diagnostics.h"
#include "ir.h"
#include "js_scope.h"

namespace webx {

// The generated text plus, for each generated line, the .webx position it
// came from.
class JsWriter {
 public:
  struct Pos {
    uint32_t file = 0;  // index into files(); 0 = unmapped
    uint32_t line = 0;
    uint32_t col = 0;
  };

  JsWriter();
  void write(std::string_view s) { code_ += s; }
  void newline();
  void indent(int delta) { indent_ += delta; }
  // Maps the current generated line to a position unless it already has one.
  void mark(uint32_t file, uint32_t line, uint32_t col);
  uint32_t mapped_line() const { return lines_.back().line; }
  size_t size() const { return code_.size(); }
  void insert(size_t at, std::string_view s) { code_.insert(at, s); }
  char at(size_t i) const { return i < code_.size() ? code_[i] : '\0'; }
  std::string_view text_from(size_t at) const { return std::string_view(code_).substr(at); }
  uint32_t file_index(const std::string& path);

  const std::string& code() const { return code_; }
  const std::vector<Pos>& lines() const { return lines_; }
  const std::vector<std::string>& files() const { return files_; }
  // Every regular expression literal written, as the engine will get it.
  void note_regex(RegexLiteral r) { regexes_.push_back(std::move(r)); }
  const std::vector<RegexLiteral>& regexes() const { return regexes_; }

 private:
  std::vector<RegexLiteral> regexes_;
  std::string code_;
  std::vector<Pos> lines_;  // index = generated line - 1
  std::vector<std::string> files_;
  int indent_ = 0;
};

// Constants hoisted to the top of the generated program: folded templates and
// tagged-template string arrays.
struct JsConstants {
  std::vector<std::string> declarations;  // "name = value"
  std::string add(JsScopes& names, const std::string& base, std::string value);
};

// JSON-style string literal for JS source (non-ASCII as \u escapes).
std::string js_string_literal(std::string_view utf8);
// An ASCII JS identifier (usable after `.` and as a plain property name).
bool is_js_identifier(std::string_view s);

// Whether `s` is a word ES5.1 reserves in non-strict code (keywords, future
// reserved words, `null`, `true`, `false`): it cannot name a variable.
bool is_js_reserved_word(std::string_view s);
std::string join_list(const std::vector<std::string>& items, std::string_view separator);

class JsLowering {
 public:
  JsLowering(JsWriter& out, JsScopes& scopes, DiagnosticSink& sink, const Module& module,
             const std::map<std::string, const Handler*>& handlers, JsConstants& constants);

  // A function around a unit: `function name(params) {` prologue, body, `}`.
  // `body` is called between the braces and emits the statements.
  template <typename Body>
  void unit_function(const std::string& name, const std::string& params, JsScope* scope,
                     const JsNode* at, Body&& body) {
    begin_function(scope, false, nullptr);
    write("function " + name + "(" + params + ") {");
    prologue_here();
    declare_owned(scope, nullptr);
    out_.indent(1);
    body();
    out_.indent(-1);
    line(at);
    write("}");
    end_function();
  }

  void statement(const JsNode* n);
  void statements(const std::vector<JsNodePtr>& list, size_t first = 0);
  void expression(const JsNode* n, int min_prec = 0);
  // Declares a binding of the current unit (route bindings) in the prologue.
  void declare(const std::string& emitted_name);
  // `callee(args)`, with spread arguments supported.
  void call_named(const std::string& callee, const std::vector<JsNodePtr>& args);
  std::string temp(const std::string& base = "");
  void write(std::string_view s) { out_.write(s); }
  void line(const JsNode* at);  // a new line, mapped to `at`
  std::vector<std::string> param_names(const JsNode* params);
  std::string formal_list(const std::vector<std::string>& names);
  void param_prologue(const JsNode* params, const std::vector<std::string>& names);
  bool ok() const { return ok_; }

 private:
  struct Jump {
    // Boundary: a loop wrapper function starts here; Barrier: a real
    // function starts here (no jump crosses it).
    enum Kind { Loop, Switch, Label, Boundary, Barrier } kind;
    std::vector<std::string> labels;
    const JsNode* node = nullptr;
  };
  struct FnCtx {
    JsScope* scope = nullptr;  // nullptr for loop wrappers
    bool arrowish = false;     // `this`/`arguments` belong to the enclosing function
    const JsNode* wrapped_loop = nullptr;
    size_t prologue_at = 0;
    std::vector<std::string> vars;
    std::string this_name, args_name;
    size_t jump_base = 0;
    // Loop wrappers: how the body ended.
    std::string copy_back;  // "$l = [i]" for `for (let i ...)`
    bool breaks = false, returns = false;
    std::vector<std::string> escapes;  // "b:label" / "c:label"
    // Methods: the class's parent, for `super`.
    std::string super_name;
    bool static_method = false;
    const JsNode* derived_ctor_class = nullptr;  // ClassBody whose fields follow super()
  };

  struct MethodInfo {
    std::string super_name;
    bool is_static = false;
    const JsNode* derived_ctor_class = nullptr;
  };
  void begin_function(JsScope* scope, bool arrowish, const JsNode* wrapped_loop);
  void prologue_here();
  void end_function();
  FnCtx& fn() { return fns_.back(); }
  FnCtx* real_function();
  std::string this_expr();
  std::string arguments_expr();
  void error(const JsNode* at, const std::string& message);
  void soft_break(const JsNode* n);
  const JsNode* owner_loop(const JsBinding* b) const;
  void declare_owned(const JsScope* fn_scope, const JsNode* loop);
  std::string name_of(const JsNode* id);

  // statements
  void block_body(const JsNode* body);  // a statement as a block's contents
  void var_decl(const JsNode* n);
  void class_decl(const JsNode* n);
  void for_stmt(const JsNode* n);
  void for_in_of(const JsNode* n, const std::string& cursor);
  void while_stmt(const JsNode* n);
  void loop_statement(const JsNode* n, const std::vector<std::string>& labels);
  void wrapped_body(const JsNode* loop, const JsNode* body, const std::vector<std::string>& params,
                    const std::vector<std::string>& args, bool copy_back,
                    const std::function<void()>& pre);
  void jump(const JsNode* at, const std::string& label, bool is_break);
  void try_stmt(const JsNode* n);
  void switch_stmt(const JsNode* n);
  void return_stmt(const JsNode* n);
  void hoisted_block_functions(const std::vector<JsNodePtr>& list, size_t first);

  // expressions
  void function_expr(const JsNode* fn, const std::string& head, bool arrowish);
  void function_body(const JsNode* fn);
  void class_expr(const JsNode* cls);
  void object_literal(const JsNode* n);
  void array_literal(const JsNode* n);
  void spread_list(const std::vector<const JsNode*>& items);
  void template_literal(const JsNode* n);
  void tagged_template(const JsNode* n);
  void call(const JsNode* n);
  void new_expr(const JsNode* n);
  void member(const JsNode* n);
  void optional_chain(const JsNode* n, bool is_delete);
  void super_base(const JsNode* at);
  void member_key(const JsNode* member);  // the key of a member access as an expression
  void link(const std::vector<const JsNode*>& links, size_t i, const std::string& this_value);
  bool chain_has_optional(const JsNode* n) const;
  std::string reference(const JsNode* target);  // writes setup, returns an lvalue text
  void assign(const JsNode* n);
  void logical(const JsNode* n);
  void super_call(const JsNode* n);
  void arguments_list(const JsNode* n, size_t first);
  bool has_spread(const JsNode* n, size_t first) const;
  void property_key(const JsNode* key, bool computed);
  void property_name(const JsNode* key);
  void number(const JsNode* n);
  void regex(const JsNode* n);
  // Destructuring: assigns `source` (a JS expression, evaluated once) to the
  // pattern; emits a comma expression.
  void destructure(const JsNode* pattern, const std::string& source);
  // `, target = value` (value written by `value`); patterns destructure.
  void assign_to(const JsNode* target, const std::function<void()>& value);
  // `target = source` as a comma expression without the leading comma.
  void assign_from(const JsNode* target, const std::string& source);
  // `target.f = v` for each field; `lead` goes before the first one, ", "
  // between them. Returns whether any was written.
  bool field_inits(const JsNode* class_body, bool is_static, const std::string& target,
                   std::string_view lead);

  // JSX (jsx_lower.cc): an element becomes one string concatenation, text
  // accumulating in `text` until an expression needs to be written.
  struct JsxOut {
    std::string text;
    bool any = false;  // something was written already (the next piece needs ` + `)
  };
  void jsx(const JsNode* n);
  std::string html_constant(const std::string& html);  // a hoisted `new $wx.Html(...)`
  void jsx_node(const JsNode* n, JsxOut& o, bool verbatim);
  void jsx_element(const JsNode* n, JsxOut& o, bool verbatim);
  void jsx_attributes(const JsNode* attrs, JsxOut& o);
  void jsx_component(const JsNode* n, JsxOut& o);
  void jsx_expression_begin(JsxOut& o, const JsNode* at);
  void jsx_finish(JsxOut& o);
  // `list` of a `{list.map(handler)}` child naming a handler; else null.
  const JsNode* mapped_handler_list(const JsNode* e) const;

  JsWriter& out_;
  JsScopes& scopes_;
  DiagnosticSink& sink_;
  const Module& module_;
  const std::map<std::string, const Handler*>& handlers_;
  JsConstants& constants_;
  uint32_t file_;
  std::vector<FnCtx> fns_;
  std::vector<Jump> jumps_;
  MethodInfo pending_method_;  // for the next begin_function (a class method)
  bool ok_ = true;
};

}  // namespace webx
