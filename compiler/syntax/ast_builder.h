// Turns a WebX parse tree into a Module (IR + JS/JSX AST).
//
// Besides copying structure, it reports what the grammar deliberately leaves
// loose: path parameters that are not whole segments, invalid assignment
// targets, `> >` written with a space as a shift, mismatched JSX tags, and
// unsupported constructs with a clear message. It bounds its own recursion
// so a pathological tree ends in a diagnostic.
//
// Used by one thread at a time.
#pragma once

#include <memory>
#include <string>

#include "WebXParser.h"
#include "diagnostics.h"
#include "ir.h"

namespace webx::syntax {

class AstBuilder {
 public:
  AstBuilder(const SourceFilePtr& file, DiagnosticSink& sink) : file_(file), sink_(sink) {}

  // Adds the items of `program` to `m` (one parse of a whole file, or of
  // one region of a file with syntax errors).
  void add_items(WebXParser::ProgramContext* program, Module& m);

 private:
  using P = WebXParser;

  // ---- WebX items ----
  void item(P::ItemContext* ctx, Module& m, const std::vector<PathSegment>& prefix);
  Model model(P::ModelDeclContext* ctx);
  Field field(P::ModelFieldContext* ctx);
  TypeRef type_ref(P::TypeRefContext* ctx);
  Handler handler(P::HandlerDeclContext* ctx);
  Body template_body(P::TemplateBodyContext* ctx);
  Body block_body(P::BlockContext* ctx);
  Route route(P::RouteContext* ctx, const std::vector<PathSegment>& prefix);
  std::vector<PathSegment> path(P::RoutePathContext* ctx);
  BodyFormat body_format(P::BodyFormatContext* ctx);
  std::vector<Call> calls(P::CallListContext* ctx);
  Test test(P::TestBlockContext* ctx);
  TestStep test_step(P::TestStepContext* ctx);

  // ---- statements ----
  JsNodePtr block(P::BlockContext* ctx);
  JsNodePtr statements(JsKind kind, antlr4::ParserRuleContext* at,
                       const std::vector<P::StatementContext*>& list);
  JsNodePtr statement(P::StatementContext* ctx);
  JsNodePtr var_statement(P::VarKindContext* kind,
                          const std::vector<P::VariableDeclarationContext*>& decls,
                          antlr4::ParserRuleContext* at);
  JsNodePtr binding_target(P::BindingTargetContext* ctx);
  JsNodePtr binding_element(P::BindingElementContext* ctx);
  JsNodePtr iteration(P::IterationStatementContext* ctx);
  JsNodePtr function_parts(antlr4::ParserRuleContext* at, const std::string& name,
                           P::FormalParametersContext* params, P::FunctionBodyContext* body);
  JsNodePtr params(antlr4::ParserRuleContext* at, P::FormalParametersContext* ctx);
  JsNodePtr class_parts(JsKind kind, antlr4::ParserRuleContext* at, const std::string& name,
                        P::ClassTailContext* tail);
  JsNodePtr method(P::MethodDefinitionContext* ctx, uint32_t flags, bool in_class);
  JsNodePtr property_key(P::PropertyNameContext* ctx, uint32_t& flags);

  // ---- expressions ----
  JsNodePtr expression(P::ExpressionContext* ctx);
  JsNodePtr expr(P::SingleExpressionContext* ctx);
  JsNodePtr expr_inner(P::SingleExpressionContext* ctx);
  JsNodePtr arrow(P::ArrowFunctionContext* ctx);
  JsNodePtr new_target(P::NewTargetContext* ctx);
  void arguments(P::ArgumentsContext* ctx, JsNode& call);
  JsNodePtr literal(P::LiteralContext* ctx);
  JsNodePtr template_literal(P::TemplateLiteralContext* ctx);
  JsNodePtr array_literal(P::ArrayLiteralContext* ctx);
  JsNodePtr object_literal(P::ObjectLiteralContext* ctx);
  JsNodePtr to_pattern(JsNodePtr node);

  // ---- JSX ----
  JsNodePtr jsx_node(P::JsxNodeContext* ctx);
  JsNodePtr jsx_element(P::JsxElementContext* ctx);

  // ---- helpers ----
  JsNodePtr node(JsKind kind, antlr4::ParserRuleContext* at);
  JsNodePtr node(JsKind kind, antlr4::Token* at);
  SourceLoc loc(antlr4::Token* t) const;
  SourceLoc loc(antlr4::ParserRuleContext* ctx) const;
  void error(antlr4::Token* at, std::string message, uint32_t length = 0);
  std::string name(P::IdentifierContext* ctx) const;

  const SourceFilePtr& file_;
  DiagnosticSink& sink_;
  const char* stack_base_ = nullptr;
  bool depth_reported_ = false;
};

// Decodes the escapes of a JavaScript string literal body (without quotes).
std::string decode_js_string(std::string_view body, bool template_chunk);

}  // namespace webx::syntax
