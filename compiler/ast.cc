#include "ast.h"

#include <cctype>

namespace webx {

const char* js_kind_name(JsKind kind) {
  switch (kind) {
    case JsKind::Program: return "Program";
    case JsKind::Block: return "Block";
    case JsKind::VarDecl: return "VarDecl";
    case JsKind::Declarator: return "Declarator";
    case JsKind::FunctionDecl: return "FunctionDecl";
    case JsKind::ClassDecl: return "ClassDecl";
    case JsKind::Empty: return "Empty";
    case JsKind::ExprStmt: return "ExprStmt";
    case JsKind::If: return "If";
    case JsKind::For: return "For";
    case JsKind::ForIn: return "ForIn";
    case JsKind::ForOf: return "ForOf";
    case JsKind::While: return "While";
    case JsKind::DoWhile: return "DoWhile";
    case JsKind::Continue: return "Continue";
    case JsKind::Break: return "Break";
    case JsKind::Return: return "Return";
    case JsKind::Throw: return "Throw";
    case JsKind::Try: return "Try";
    case JsKind::CatchClause: return "CatchClause";
    case JsKind::Switch: return "Switch";
    case JsKind::SwitchCase: return "SwitchCase";
    case JsKind::Labeled: return "Labeled";
    case JsKind::Debugger: return "Debugger";
    case JsKind::Params: return "Params";
    case JsKind::Param: return "Param";
    case JsKind::ClassBody: return "ClassBody";
    case JsKind::ClassMethod: return "ClassMethod";
    case JsKind::ClassField: return "ClassField";
    case JsKind::ObjectPattern: return "ObjectPattern";
    case JsKind::PatternProperty: return "PatternProperty";
    case JsKind::ArrayPattern: return "ArrayPattern";
    case JsKind::AssignPattern: return "AssignPattern";
    case JsKind::RestElement: return "RestElement";
    case JsKind::Identifier: return "Identifier";
    case JsKind::This: return "This";
    case JsKind::Super: return "Super";
    case JsKind::Null: return "Null";
    case JsKind::Boolean: return "Boolean";
    case JsKind::Number: return "Number";
    case JsKind::String: return "String";
    case JsKind::Regex: return "Regex";
    case JsKind::Template: return "Template";
    case JsKind::TemplateChunk: return "TemplateChunk";
    case JsKind::TaggedTemplate: return "TaggedTemplate";
    case JsKind::Array: return "Array";
    case JsKind::Object: return "Object";
    case JsKind::Property: return "Property";
    case JsKind::Spread: return "Spread";
    case JsKind::Function: return "Function";
    case JsKind::Class: return "Class";
    case JsKind::Unary: return "Unary";
    case JsKind::Update: return "Update";
    case JsKind::Binary: return "Binary";
    case JsKind::Logical: return "Logical";
    case JsKind::Assign: return "Assign";
    case JsKind::Conditional: return "Conditional";
    case JsKind::Call: return "Call";
    case JsKind::New: return "New";
    case JsKind::Member: return "Member";
    case JsKind::Sequence: return "Sequence";
    case JsKind::Paren: return "Paren";
    case JsKind::JsxElement: return "JsxElement";
    case JsKind::JsxAttributes: return "JsxAttributes";
    case JsKind::JsxAttribute: return "JsxAttribute";
    case JsKind::JsxSpreadAttribute: return "JsxSpreadAttribute";
    case JsKind::JsxText: return "JsxText";
    case JsKind::JsxExpression: return "JsxExpression";
    case JsKind::JsxDoctype: return "JsxDoctype";
    case JsKind::JsxDocument: return "JsxDocument";
  }
  return "?";
}

bool is_component_tag(const std::string& tag) {
  return !tag.empty() && (std::isupper(static_cast<unsigned char>(tag[0])) ||
                          tag.find('.') != std::string::npos);
}

bool jsx_is_static(const JsNode* n) {
  if (n == nullptr) return true;
  switch (n->kind) {
    case JsKind::JsxText:
    case JsKind::JsxDoctype:
      return true;
    case JsKind::JsxDocument:
    case JsKind::JsxAttributes:
      for (const auto& k : n->kids) {
        if (!jsx_is_static(k.get())) return false;
      }
      return true;
    case JsKind::JsxElement:
      if (is_component_tag(n->value)) return false;
      for (const auto& k : n->kids) {
        if (!jsx_is_static(k.get())) return false;
      }
      return true;
    case JsKind::JsxAttribute:
      return n->kids.empty() || n->kids[0]->kind == JsKind::String;
    case JsKind::JsxExpression:
      return n->kids.empty();  // `{/* comment */}`
    default:
      return false;
  }
}

void walk_variable_names(const JsNode* n, const std::function<void(const JsNode&)>& fn,
                         bool name_is_property) {
  if (n == nullptr) return;
  size_t key = SIZE_MAX;     // a kid that is a property name
  size_t method = SIZE_MAX;  // a kid that is a function named by its key
  switch (n->kind) {
    case JsKind::Identifier:
    case JsKind::FunctionDecl:
    case JsKind::Function:
    case JsKind::ClassDecl:
    case JsKind::Class:
      if (!n->value.empty() && !name_is_property) fn(*n);
      break;
    case JsKind::Member:
      if (!n->has(kFlagComputed)) key = 1;
      break;
    case JsKind::Property:  // value: "init", "method", "get", "set"…
    case JsKind::ClassMethod:
      if (n->kind == JsKind::ClassMethod || (n->value != "init" && n->value != "shorthand-default")) method = 1;
      [[fallthrough]];
    case JsKind::PatternProperty:
    case JsKind::ClassField:
      if (!n->has(kFlagComputed)) key = 0;
      break;
    default:
      break;
  }
  for (size_t i = 0; i < n->kids.size(); ++i) {
    if (i != key) walk_variable_names(n->kids[i].get(), fn, i == method);
  }
}

}  // namespace webx
