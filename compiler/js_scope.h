// Scope analysis of a JS/JSX unit (a handler, a route, a global block), for
// the ES5.1 lowering in codegen.
//
// ES5.1 has only function scope, so the lowering declares every binding of a
// function in one `var` list. That is only correct if names do not collide:
// this pass resolves every identifier to its binding and then gives each
// block-scoped binding (`let`, `const`, `class`) the name it will have in the
// generated code — its own name when hoisting it cannot capture another
// reference, a fresh `name$N` otherwise. It also finds the loops whose
// per-iteration bindings are captured by a closure: those loops get their
// body wrapped in a function so each iteration has its own binding.
//
// Built and used on one thread (the compiler's); holds pointers into the AST,
// which must outlive it.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ast.h"

namespace webx {

struct JsScope;

enum class BindingKind : uint8_t {
  Var,       // `var`, a parameter, a function declaration, a named function expression's name
  Lexical,   // `let`, `const`, `class` in a block
  Catch,     // a catch clause parameter (ES5 scopes it natively)
  Global,    // a top-level declaration of a `global {}` block: a program global
};

struct JsBinding {
  std::string name;     // as written
  std::string emitted;  // in the generated code
  BindingKind kind = BindingKind::Var;
  bool is_let = false;        // `let` (reset to undefined when declared without a value)
  bool captured = false;      // referenced from a function nested in the declaring one
  bool referenced = false;    // some reference resolved to it (or a declaration of its name)
  bool by_syntax = false;     // a parameter or function/class name: never in a `var` list
  JsScope* scope = nullptr;   // declaring scope
  const JsNode* loop = nullptr;  // innermost loop of its function whose iteration owns it
};

enum class ScopeKind : uint8_t { Function, Block, Catch };

struct JsScope {
  ScopeKind kind = ScopeKind::Block;
  JsScope* parent = nullptr;
  JsScope* function = nullptr;   // the nearest Function scope (itself for one)
  const JsNode* loop = nullptr;  // innermost loop of the same function containing this scope
  bool global_top = false;       // the top level of a `global {}` block
  std::map<std::string, JsBinding*> names;
  // Function scopes: every binding they own, in declaration order, and the
  // names of references in their subtree that resolve outside of them.
  std::vector<JsBinding*> owned;
  std::set<std::string> outer_references;
};

// The analysis of one unit. `names_in_use` is every identifier of the program,
// so fresh names never collide with user names.
class JsScopes {
 public:
  explicit JsScopes(std::unordered_set<std::string>* names_in_use) : names_in_use_(names_in_use) {}

  // Opens the unit's function scope. `global_top` makes its top-level
  // declarations program globals. Then declare the unit's own bindings
  // (parameters, route bindings) and analyse its code.
  JsScope* begin_unit(const JsNode* node, bool global_top);
  JsBinding* declare_var(JsScope* scope, const std::string& name);
  void analyse_function_body(JsScope* fn, const JsNode* block);  // statements of a Block
  void analyse_expression(JsScope* scope, const JsNode* expr);
  // Records a reference by name (route calls, component tags).
  JsBinding* reference_name(JsScope* scope, const std::string& name);
  // Names bindings; call once after the whole unit was analysed.
  void finish();

  JsBinding* binding_of(const JsNode* identifier) const;  // declaration or reference; null = global
  JsScope* scope_of(const JsNode* node) const;              // scopes opened by a node
  JsBinding* jsx_tag_binding(const JsNode* element) const;  // `Foo` of `<Foo.Bar>`
  bool loop_needs_wrap(const JsNode* loop) const { return wrapped_loops_.count(loop) != 0; }
  std::string fresh(const std::string& base);

 private:
  JsScope* new_scope(ScopeKind kind, JsScope* parent, const JsNode* node, const JsNode* loop);
  JsBinding* declare(JsScope* scope, const std::string& name, BindingKind kind, const JsNode* id);
  void declare_pattern(JsScope* scope, const JsNode* pattern, BindingKind kind, bool is_let);
  void hoist_vars(JsScope* fn, const JsNode* n);
  void declare_lexical(JsScope* scope, const std::vector<JsNodePtr>& stmts, size_t first);
  void statement(JsScope* scope, const JsNode* n);
  void statements(JsScope* scope, const std::vector<JsNodePtr>& stmts, size_t first);
  void expression(JsScope* scope, const JsNode* n);
  void pattern(JsScope* scope, const JsNode* n, bool declaration);
  void function(JsScope* scope, const JsNode* fn, bool name_binding);
  void class_node(JsScope* scope, const JsNode* cls);
  JsBinding* resolve(JsScope* scope, const std::string& name, const JsNode* at);

  std::unordered_set<std::string>* names_in_use_;
  std::vector<std::unique_ptr<JsScope>> scopes_;
  std::vector<std::unique_ptr<JsBinding>> bindings_;
  std::unordered_map<const JsNode*, JsBinding*> bindings_by_node_;
  std::unordered_map<const JsNode*, JsScope*> scopes_by_node_;
  std::unordered_map<const JsNode*, JsBinding*> jsx_tags_;
  std::unordered_set<const JsNode*> wrapped_loops_;
  std::vector<JsScope*> functions_;
  int counter_ = 0;
};

}  // namespace webx
