#include "js_scope.h"

namespace webx {

JsScope* JsScopes::new_scope(ScopeKind kind, JsScope* parent, const JsNode* node,
                             const JsNode* loop) {
  auto s = std::make_unique<JsScope>();
  s->kind = kind;
  s->parent = parent;
  s->function = kind == ScopeKind::Function ? s.get() : parent->function;
  s->loop = loop;
  if (node) scopes_by_node_[node] = s.get();
  if (kind == ScopeKind::Function) functions_.push_back(s.get());
  scopes_.push_back(std::move(s));
  return scopes_.back().get();
}

JsScope* JsScopes::begin_unit(const JsNode* node, bool global_top) {
  JsScope* s = new_scope(ScopeKind::Function, nullptr, node, nullptr);
  s->global_top = global_top;
  return s;
}

std::string JsScopes::fresh(const std::string& base) {
  std::string name;
  do {
    name = base + "$" + std::to_string(++counter_);
  } while (names_in_use_->count(name));
  names_in_use_->insert(name);
  return name;
}

JsBinding* JsScopes::declare(JsScope* scope, const std::string& name, BindingKind kind,
                             const JsNode* id) {
  if (auto it = scope->names.find(name); it != scope->names.end()) {
    if (id) bindings_by_node_[id] = it->second;
    return it->second;
  }
  // In a `global {}` block, var-level declarations and the block's own
  // top-level declarations are program globals.
  if (scope->function->global_top && kind != BindingKind::Catch &&
      (kind == BindingKind::Var || scope == scope->function)) {
    kind = BindingKind::Global;
  }
  auto b = std::make_unique<JsBinding>();
  b->name = name;
  b->emitted = name;
  b->kind = kind;
  b->scope = scope;
  b->loop = kind == BindingKind::Lexical ? scope->loop : nullptr;
  scope->names[name] = b.get();
  scope->function->owned.push_back(b.get());
  if (id) bindings_by_node_[id] = b.get();
  bindings_.push_back(std::move(b));
  return bindings_.back().get();
}

JsBinding* JsScopes::declare_var(JsScope* scope, const std::string& name) {
  return declare(scope->function, name, BindingKind::Var, nullptr);
}

void JsScopes::declare_pattern(JsScope* scope, const JsNode* p, BindingKind kind, bool is_let) {
  if (p == nullptr) return;
  switch (p->kind) {
    case JsKind::Identifier: {
      JsBinding* b = declare(scope, p->value, kind, p);
      b->is_let = b->is_let || is_let;
      return;
    }
    case JsKind::ObjectPattern:
      for (const auto& k : p->kids) {
        declare_pattern(scope, k->kind == JsKind::PatternProperty ? k->kid(1) : k->kid(0), kind,
                        is_let);
      }
      return;
    case JsKind::ArrayPattern:
      for (const auto& k : p->kids) declare_pattern(scope, k.get(), kind, is_let);
      return;
    case JsKind::AssignPattern:
    case JsKind::RestElement:
      declare_pattern(scope, p->kid(0), kind, is_let);
      return;
    default:
      return;
  }
}

// `var` declarations and function declarations anywhere in a function body
// (not inside nested functions) belong to the function. Function declarations
// in blocks follow the sloppy-mode (Annex B) rule: they are function-level.
void JsScopes::hoist_vars(JsScope* fn, const JsNode* n) {
  if (n == nullptr) return;
  switch (n->kind) {
    case JsKind::VarDecl:
      if (n->value == "var") {
        for (const auto& d : n->kids) declare_pattern(fn, d->kid(0), BindingKind::Var, false);
      }
      return;
    case JsKind::FunctionDecl:
      declare(fn, n->value, BindingKind::Var, nullptr);
      return;
    case JsKind::Block:
    case JsKind::If:
    case JsKind::For:
    case JsKind::ForIn:
    case JsKind::ForOf:
    case JsKind::While:
    case JsKind::DoWhile:
    case JsKind::Try:
    case JsKind::CatchClause:
    case JsKind::Switch:
    case JsKind::SwitchCase:
    case JsKind::Labeled:
      for (const auto& k : n->kids) hoist_vars(fn, k.get());
      return;
    default:
      return;
  }
}

void JsScopes::declare_lexical(JsScope* scope, const std::vector<JsNodePtr>& stmts,
                               size_t first) {
  for (size_t i = first; i < stmts.size(); ++i) {
    const JsNode* s = stmts[i].get();
    if (s == nullptr) continue;
    if (s->kind == JsKind::VarDecl && s->value != "var") {
      for (const auto& d : s->kids) {
        declare_pattern(scope, d->kid(0), BindingKind::Lexical, s->value == "let");
      }
    } else if (s->kind == JsKind::ClassDecl) {
      declare(scope, s->value, BindingKind::Lexical, nullptr);
    }
  }
}

JsBinding* JsScopes::resolve(JsScope* scope, const std::string& name, const JsNode* at) {
  JsBinding* found = nullptr;
  for (JsScope* s = scope; s; s = s->parent) {
    if (auto it = s->names.find(name); it != s->names.end()) {
      found = it->second;
      break;
    }
  }
  JsScope* target = found ? found->scope->function : nullptr;
  for (JsScope* f = scope->function; f != target; f = f->parent ? f->parent->function : nullptr) {
    f->outer_references.insert(name);
  }
  if (found) found->referenced = true;
  if (found && target != scope->function) found->captured = true;
  if (at) bindings_by_node_[at] = found;
  return found;
}

JsBinding* JsScopes::reference_name(JsScope* scope, const std::string& name) {
  return resolve(scope, name, nullptr);
}

void JsScopes::analyse_function_body(JsScope* fn, const JsNode* block) {
  if (block == nullptr) return;
  hoist_vars(fn, block);
  declare_lexical(fn, block->kids, 0);
  statements(fn, block->kids, 0);
}

void JsScopes::analyse_expression(JsScope* scope, const JsNode* expr) { expression(scope, expr); }

void JsScopes::statements(JsScope* scope, const std::vector<JsNodePtr>& stmts, size_t first) {
  for (size_t i = first; i < stmts.size(); ++i) statement(scope, stmts[i].get());
}

void JsScopes::statement(JsScope* scope, const JsNode* n) {
  if (n == nullptr) return;
  switch (n->kind) {
    case JsKind::Block: {
      JsScope* b = new_scope(ScopeKind::Block, scope, n, scope->loop);
      declare_lexical(b, n->kids, 0);
      statements(b, n->kids, 0);
      return;
    }
    case JsKind::VarDecl:
      for (const auto& d : n->kids) {
        pattern(scope, d->kid(0), true);
        expression(scope, d->kid(1));
      }
      return;
    case JsKind::FunctionDecl:
      resolve(scope, n->value, n);
      function(scope, n, false);
      return;
    case JsKind::ClassDecl:
      resolve(scope, n->value, n);
      class_node(scope, n);
      return;
    case JsKind::For: {
      JsScope* head = new_scope(ScopeKind::Block, scope, n, n);
      const JsNode* init = n->kid(0);
      if (init && init->kind == JsKind::VarDecl) {
        if (init->value != "var") {
          for (const auto& d : init->kids) {
            declare_pattern(head, d->kid(0), BindingKind::Lexical, init->value == "let");
          }
        }
        statement(head, init);
      } else {
        expression(head, init);
      }
      expression(head, n->kid(1));
      expression(head, n->kid(2));
      statement(head, n->kid(3));
      return;
    }
    case JsKind::ForIn:
    case JsKind::ForOf: {
      expression(scope, n->kid(1));
      JsScope* head = new_scope(ScopeKind::Block, scope, n, n);
      const JsNode* left = n->kid(0);
      if (left && left->kind == JsKind::VarDecl) {
        if (left->value != "var") {
          for (const auto& d : left->kids) {
            declare_pattern(head, d->kid(0), BindingKind::Lexical, left->value == "let");
          }
        }
        for (const auto& d : left->kids) pattern(head, d->kid(0), true);
      } else {
        pattern(head, left, false);
      }
      statement(head, n->kid(2));
      return;
    }
    case JsKind::While:
    case JsKind::DoWhile: {
      JsScope* head = new_scope(ScopeKind::Block, scope, n, n);
      bool is_while = n->kind == JsKind::While;
      expression(head, n->kid(is_while ? 0 : 1));
      statement(head, n->kid(is_while ? 1 : 0));
      return;
    }
    case JsKind::Try: {
      statement(scope, n->kid(0));
      if (const JsNode* c = n->kid(1)) {
        const JsNode* param = c->kid(0);
        bool native = param == nullptr || param->kind == JsKind::Identifier;
        JsScope* cs = new_scope(native ? ScopeKind::Catch : ScopeKind::Block, scope, c, scope->loop);
        if (param && native) {
          declare(cs, param->value, BindingKind::Catch, param);
        } else if (param) {
          declare_pattern(cs, param, BindingKind::Lexical, true);
          pattern(cs, param, true);
        }
        statement(cs, c->kid(1));
      }
      statement(scope, n->kid(2));
      return;
    }
    case JsKind::Switch: {
      expression(scope, n->kid(0));
      JsScope* b = new_scope(ScopeKind::Block, scope, n, scope->loop);
      for (size_t i = 1; i < n->kids.size(); ++i) declare_lexical(b, n->kids[i]->kids, 1);
      for (size_t i = 1; i < n->kids.size(); ++i) {
        const JsNode* c = n->kids[i].get();
        expression(b, c->kid(0));
        statements(b, c->kids, 1);
      }
      return;
    }
    case JsKind::If:
      expression(scope, n->kid(0));
      statement(scope, n->kid(1));
      statement(scope, n->kid(2));
      return;
    case JsKind::Labeled:
      statement(scope, n->kid(0));
      return;
    case JsKind::ExprStmt:
    case JsKind::Return:
    case JsKind::Throw:
      expression(scope, n->kid(0));
      return;
    default:
      return;
  }
}

void JsScopes::pattern(JsScope* scope, const JsNode* p, bool declaration) {
  if (p == nullptr) return;
  switch (p->kind) {
    case JsKind::Identifier:
      if (declaration) {
        // Declared when its scope was entered; link the node to it.
        for (JsScope* s = scope; s; s = s->parent) {
          if (auto it = s->names.find(p->value); it != s->names.end()) {
            bindings_by_node_[p] = it->second;
            return;
          }
        }
      }
      resolve(scope, p->value, p);
      return;
    case JsKind::ObjectPattern:
      for (const auto& k : p->kids) {
        if (k->kind == JsKind::PatternProperty) {
          if (k->has(kFlagComputed)) expression(scope, k->kid(0));
          pattern(scope, k->kid(1), declaration);
          expression(scope, k->kid(2));
        } else {
          pattern(scope, k->kid(0), declaration);
        }
      }
      return;
    case JsKind::ArrayPattern:
      for (const auto& k : p->kids) pattern(scope, k.get(), declaration);
      return;
    case JsKind::AssignPattern:
      pattern(scope, p->kid(0), declaration);
      expression(scope, p->kid(1));
      return;
    case JsKind::RestElement:
    case JsKind::Paren:
      pattern(scope, p->kid(0), declaration);
      return;
    default:
      expression(scope, p);
      return;
  }
}

void JsScopes::function(JsScope* scope, const JsNode* fn, bool name_binding) {
  JsScope* fs = new_scope(ScopeKind::Function, scope, fn, nullptr);
  if (name_binding && !fn->value.empty()) declare(fs, fn->value, BindingKind::Var, nullptr);
  const JsNode* params = fn->kid(0);
  for (const auto& p : params->kids) declare_pattern(fs, p->kid(0), BindingKind::Var, false);
  for (JsBinding* b : fs->owned) b->by_syntax = true;
  const JsNode* body = fn->kid(1);
  bool expr_body = fn->has(kFlagExprBody);
  // With parameter defaults, the body's declarations live in their own scope
  // (ES2015): a default's closure must not see them.
  bool param_expressions = false;
  for (const auto& p : params->kids) param_expressions = param_expressions || p->kid(1);
  JsScope* body_scope = fs;
  if (!expr_body) {
    hoist_vars(fs, body);
    if (param_expressions) body_scope = new_scope(ScopeKind::Block, fs, nullptr, nullptr);
    declare_lexical(body_scope, body->kids, 0);
  }
  for (const auto& p : params->kids) {
    pattern(fs, p->kid(0), true);
    expression(fs, p->kid(1));
  }
  if (expr_body) {
    expression(fs, body);
  } else {
    statements(body_scope, body->kids, 0);
  }
}

void JsScopes::class_node(JsScope* scope, const JsNode* cls) {
  expression(scope, cls->kid(0));
  // The generated class is a function (an IIFE) declaring the constructor
  // under the class's own name, so the class scope is a function scope.
  JsScope* cs = new_scope(ScopeKind::Function, scope, cls, nullptr);
  if (!cls->value.empty()) declare(cs, cls->value, BindingKind::Var, nullptr)->by_syntax = true;
  const JsNode* body = cls->kid(1);
  if (body == nullptr) return;
  for (const auto& m : body->kids) {
    if (m->has(kFlagComputed)) expression(cs, m->kid(0));
    if (m->kind == JsKind::ClassMethod) {
      function(cs, m->kid(1), false);
    } else if (m->kid(1)) {
      JsScope* fs = new_scope(ScopeKind::Function, cs, m.get(), nullptr);
      expression(fs, m->kid(1));
    }
  }
}

void JsScopes::expression(JsScope* scope, const JsNode* n) {
  if (n == nullptr) return;
  switch (n->kind) {
    case JsKind::Identifier:
      resolve(scope, n->value, n);
      return;
    case JsKind::Member:
      expression(scope, n->kid(0));
      if (n->has(kFlagComputed)) expression(scope, n->kid(1));
      return;
    case JsKind::Property:
      if (n->has(kFlagComputed)) expression(scope, n->kid(0));
      if (n->value == "init" || n->value == "shorthand-default") {
        expression(scope, n->kid(1));
      } else {
        function(scope, n->kid(1), false);
      }
      return;
    case JsKind::Function:
      function(scope, n, !n->has(kFlagArrow));
      return;
    case JsKind::Class:
      class_node(scope, n);
      return;
    case JsKind::Assign:
      pattern(scope, n->kid(0), false);
      expression(scope, n->kid(1));
      return;
    case JsKind::ObjectPattern:
    case JsKind::ArrayPattern:
      pattern(scope, n, false);
      return;
    case JsKind::JsxElement:
      if (is_component_tag(n->value)) {
        jsx_tags_[n] = resolve(scope, n->value.substr(0, n->value.find('.')), nullptr);
      }
      for (const auto& k : n->kids) expression(scope, k.get());
      return;
    default:
      for (const auto& k : n->kids) expression(scope, k.get());
      return;
  }
}

// Names block bindings (see the header) and marks the loops to wrap.
void JsScopes::finish() {
  for (JsScope* fn : functions_) {
    std::set<std::string> taken;
    for (JsBinding* b : fn->owned) {
      if (b->kind != BindingKind::Lexical || b->scope == fn) taken.insert(b->name);
    }
    for (JsBinding* b : fn->owned) {
      if (b->kind != BindingKind::Lexical || b->scope == fn) continue;
      if (taken.count(b->name) || fn->outer_references.count(b->name)) {
        b->emitted = fresh(b->name);
      }
      taken.insert(b->emitted);
    }
  }
  for (const auto& b : bindings_) {
    if (b->captured && b->loop) wrapped_loops_.insert(b->loop);
  }
}

JsBinding* JsScopes::binding_of(const JsNode* identifier) const {
  auto it = bindings_by_node_.find(identifier);
  return it == bindings_by_node_.end() ? nullptr : it->second;
}

JsScope* JsScopes::scope_of(const JsNode* node) const {
  auto it = scopes_by_node_.find(node);
  return it == scopes_by_node_.end() ? nullptr : it->second;
}

JsBinding* JsScopes::jsx_tag_binding(const JsNode* element) const {
  auto it = jsx_tags_.find(element);
  return it == jsx_tags_.end() ? nullptr : it->second;
}

}  // namespace webx
