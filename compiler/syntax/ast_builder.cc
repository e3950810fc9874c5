#include "ast_builder.h"

#include <cctype>

#include <fmt/format.h>

namespace webx::syntax {

namespace {

// The builder recurses once per nesting level of the tree; past this much
// stack the input is refused (the parser's own guard allows about as much).
constexpr ptrdiff_t kMaxBuilderStack = 4 * 1024 * 1024;

struct StackOverflowGuard {};

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool read_hex(std::string_view s, size_t& i, size_t digits, uint32_t& value) {
  value = 0;
  for (size_t k = 0; k < digits; ++k) {
    if (i + k >= s.size() || hex_value(s[i + k]) < 0) return false;
    value = value * 16 + static_cast<uint32_t>(hex_value(s[i + k]));
  }
  i += digits;
  return true;
}

std::string strip_quotes(const std::string& text) {
  return text.size() >= 2 ? text.substr(1, text.size() - 2) : std::string();
}

HttpMethod method_of(WebXParser::HttpMethodContext* ctx) {
  static const std::map<std::string, HttpMethod> kMethods = {
      {"get", HttpMethod::Get},         {"post", HttpMethod::Post},
      {"put", HttpMethod::Put},         {"patch", HttpMethod::Patch},
      {"delete", HttpMethod::Delete},   {"head", HttpMethod::Head},
      {"options", HttpMethod::Options}, {"connect", HttpMethod::Connect},
      {"trace", HttpMethod::Trace}};
  return kMethods.at(ctx->getText());
}

}  // namespace

std::string decode_js_string(std::string_view s, bool template_chunk) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\r' && template_chunk) {
      // Template literals normalise CRLF and CR to LF.
      out.push_back('\n');
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
      continue;
    }
    if (c != '\\' || i + 1 >= s.size()) {
      out.push_back(c);
      continue;
    }
    char e = s[++i];
    switch (e) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'v': out.push_back('\v'); break;
      case '0':
        if (i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
          out.push_back('0');  // legacy octal: keep as written
        } else {
          out.push_back('\0');
        }
        break;
      case '\r':
        if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        break;  // line continuation
      case '\n':
        break;
      case 'x': {
        size_t j = i + 1;
        uint32_t v;
        if (read_hex(s, j, 2, v)) {
          append_utf8(out, v);
          i = j - 1;
        } else {
          out.push_back('x');
        }
        break;
      }
      case 'u': {
        size_t j = i + 1;
        uint32_t v = 0;
        bool ok = false;
        if (j < s.size() && s[j] == '{') {
          size_t close = s.find('}', j);
          if (close != std::string_view::npos && close > j + 1 && close - j <= 7) {
            size_t k = j + 1;
            ok = read_hex(s, k, close - j - 1, v) && v <= 0x10FFFF;
            j = close + 1;
          }
        } else {
          ok = read_hex(s, j, 4, v);
          // Combine a surrogate pair written as two escapes.
          if (ok && v >= 0xD800 && v <= 0xDBFF && j + 5 < s.size() + 0 && s[j] == '\\' &&
              s[j + 1] == 'u') {
            size_t k = j + 2;
            uint32_t lo;
            if (read_hex(s, k, 4, lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
              v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
              j = k;
            }
          }
        }
        if (ok) {
          append_utf8(out, v);
          i = j - 1;
        } else {
          out.push_back('u');
        }
        break;
      }
      default:
        out.push_back(e);
        break;
    }
  }
  return out;
}

// ===========================================================================
// Helpers

SourceLoc AstBuilder::loc(antlr4::Token* t) const {
  if (t == nullptr) return SourceLoc{file_->path(), 0, 0};
  return SourceLoc{file_->path(), static_cast<uint32_t>(t->getLine()),
                   static_cast<uint32_t>(t->getCharPositionInLine() + 1)};
}

SourceLoc AstBuilder::loc(antlr4::ParserRuleContext* ctx) const {
  return loc(ctx ? ctx->getStart() : nullptr);
}

JsNodePtr AstBuilder::node(JsKind kind, antlr4::Token* at) {
  return std::make_unique<JsNode>(kind, at ? static_cast<uint32_t>(at->getLine()) : 0,
                                  at ? static_cast<uint32_t>(at->getCharPositionInLine() + 1) : 0);
}

JsNodePtr AstBuilder::node(JsKind kind, antlr4::ParserRuleContext* at) {
  return node(kind, at ? at->getStart() : nullptr);
}

void AstBuilder::error(antlr4::Token* at, std::string message, uint32_t length) {
  if (length == 0 && at != nullptr) length = static_cast<uint32_t>(at->getText().size());
  sink_.error(loc(at), std::move(message), length);
}

std::string AstBuilder::name(P::IdentifierContext* ctx) const {
  return ctx ? ctx->getText() : std::string();
}

// ===========================================================================
// Module

void AstBuilder::add_items(P::ProgramContext* program, Module& m) {
  char marker;
  stack_base_ = &marker;
  try {
    for (auto* it : program->item()) item(it, m, {});
  } catch (const StackOverflowGuard&) {
    // Reported where it was detected; the partial module is still useful.
  }
}

void AstBuilder::item(P::ItemContext* ctx, Module& m, const std::vector<PathSegment>& prefix) {
  if (auto* inc = ctx->includeDecl()) {
    if (!prefix.empty()) {
      error(inc->getStart(), "'include' is only allowed at the top level of a module");
      return;
    }
    if (inc->StringLiteral() == nullptr) return;
    Include i;
    i.loc = loc(inc->getStart());
    i.path_loc = loc(inc->StringLiteral()->getSymbol());
    i.path = decode_js_string(strip_quotes(inc->StringLiteral()->getText()), false);
    m.includes.push_back(std::move(i));
  } else if (auto* g = ctx->globalBlock()) {
    if (g->block() == nullptr) return;
    m.globals.push_back(Global{loc(g->getStart()), block(g->block()), false});
  } else if (auto* d = ctx->topLevelDeclaration()) {
    JsNodePtr stmt;
    if (d->variableStatement()) {
      stmt = var_statement(d->variableStatement()->varKind(),
                           d->variableStatement()->variableDeclaration(), d);
    } else if (d->functionDeclaration()) {
      auto* f = d->functionDeclaration();
      stmt = function_parts(f, name(f->identifier()), f->formalParameters(), f->functionBody());
      stmt->kind = JsKind::FunctionDecl;
    } else if (d->classDeclaration()) {
      auto* c = d->classDeclaration();
      stmt = class_parts(JsKind::ClassDecl, c, name(c->identifier()), c->classTail());
    }
    if (!stmt) return;
    auto blk = node(JsKind::Block, d);
    blk->kids.push_back(std::move(stmt));
    m.globals.push_back(Global{loc(d->getStart()), std::move(blk), true});
  } else if (auto* md = ctx->modelDecl()) {
    m.models.push_back(model(md));
  } else if (auto* h = ctx->handlerDecl()) {
    m.handlers.push_back(handler(h));
  } else if (auto* r = ctx->route()) {
    m.routes.push_back(route(r, prefix));
  } else if (auto* l = ctx->locationBlock()) {
    std::vector<PathSegment> inner = prefix;
    if (l->routePath()) {
      for (auto& seg : path(l->routePath())) inner.push_back(std::move(seg));
    }
    for (auto* it : l->item()) item(it, m, inner);
  } else if (auto* t = ctx->testBlock()) {
    if (!prefix.empty()) {
      error(t->getStart(), "'test' blocks are only allowed at the top level of a module");
      return;
    }
    m.tests.push_back(test(t));
  }
}

TypeRef AstBuilder::type_ref(P::TypeRefContext* ctx) {
  TypeRef t;
  if (ctx == nullptr) return t;
  t.loc = loc(ctx->getStart());
  t.name = name(ctx->identifier());
  t.array_depth = static_cast<uint32_t>(ctx->OpenBracket().size());
  if (auto* list = ctx->constraintList()) {
    for (auto* c : list->constraint()) {
      Constraint con;
      con.loc = loc(c->getStart());
      con.name = name(c->identifier());
      for (auto* a : c->constraintArg()) con.args.push_back(a->getText());
      t.constraints.push_back(std::move(con));
    }
  }
  return t;
}

Field AstBuilder::field(P::ModelFieldContext* ctx) {
  Field f;
  f.loc = loc(ctx->getStart());
  f.name = name(ctx->identifier());
  f.optional = ctx->QuestionMark() != nullptr;
  f.type = type_ref(ctx->typeRef());
  if (ctx->singleExpression()) f.default_value = expr(ctx->singleExpression());
  return f;
}

Model AstBuilder::model(P::ModelDeclContext* ctx) {
  Model m;
  m.loc = loc(ctx->identifier() ? ctx->identifier()->getStart() : ctx->getStart());
  m.name = name(ctx->identifier());
  if (auto* list = ctx->modelFieldList()) {
    for (auto* f : list->modelField()) m.fields.push_back(field(f));
  }
  return m;
}

Handler AstBuilder::handler(P::HandlerDeclContext* ctx) {
  Handler h;
  h.loc = loc(ctx->identifier() ? ctx->identifier()->getStart() : ctx->getStart());
  h.name = name(ctx->identifier());
  if (auto* ps = ctx->handlerParams()) {
    for (auto* p : ps->handlerParam()) {
      Param param;
      param.loc = loc(p->getStart());
      param.name = name(p->identifier());
      param.optional = p->QuestionMark() != nullptr || p->singleExpression() != nullptr;
      if (p->typeRef()) param.type = type_ref(p->typeRef());
      if (p->singleExpression()) param.default_value = expr(p->singleExpression());
      h.params.push_back(std::move(param));
    }
  }
  if (auto* b = ctx->handlerBody()) {
    if (b->block()) h.body = block_body(b->block());
    if (b->templateBody()) h.body = template_body(b->templateBody());
  }
  return h;
}

Body AstBuilder::block_body(P::BlockContext* ctx) {
  Body b;
  b.loc = loc(ctx->getStart());
  b.kind = BodyKind::Block;
  b.ast = block(ctx);
  return b;
}

Body AstBuilder::template_body(P::TemplateBodyContext* ctx) {
  Body b;
  b.loc = loc(ctx->getStart());
  b.kind = BodyKind::Template;
  auto nodes = ctx->jsxNode();
  if (!nodes.empty()) {
    if (nodes.size() == 1) {
      b.ast = jsx_node(nodes[0]);
    } else {
      // Several sibling nodes render one after the other, like a fragment.
      auto frag = node(JsKind::JsxElement, nodes[0]);
      frag->kids.push_back(node(JsKind::JsxAttributes, nodes[0]));
      for (auto* n : nodes) frag->kids.push_back(jsx_node(n));
      b.ast = std::move(frag);
    }
    b.is_static = jsx_is_static(b.ast.get());
  } else if (ctx->expression()) {
    b.ast = expression(ctx->expression());
  }
  return b;
}

std::vector<PathSegment> AstBuilder::path(P::RoutePathContext* ctx) {
  // Split the token sequence at slashes; each piece must be a single literal,
  // parameter or `*`.
  std::vector<PathSegment> out;
  std::vector<antlr4::tree::ParseTree*> piece;
  auto flush = [&] {
    if (piece.empty()) return;
    if (piece.size() > 1) {
      antlr4::Token* at = nullptr;
      for (auto* p : piece) {
        if (auto* pc = dynamic_cast<P::PathParamContext*>(p)) at = pc->getStart();
        if (auto* t = dynamic_cast<antlr4::tree::TerminalNode*>(p);
            t && t->getSymbol()->getType() == P::PathStar) {
          at = t->getSymbol();
        }
      }
      if (at == nullptr) at = dynamic_cast<antlr4::tree::TerminalNode*>(piece[1])->getSymbol();
      error(at, "a path parameter must be a whole segment", 1);
      piece.clear();
      return;
    }
    PathSegment seg;
    if (auto* pc = dynamic_cast<P::PathParamContext*>(piece[0])) {
      seg.loc = loc(pc->getStart());
      auto ids = pc->Identifier();
      seg.kind = SegmentKind::Param;
      seg.text = ids.empty() ? "" : ids[0]->getText();
      seg.type = ids.size() > 1 ? ids[1]->getText() : "string";
      if (!ids.empty()) seg.name_loc = loc(ids[0]->getSymbol());
      if (ids.size() > 1) seg.type_loc = loc(ids[1]->getSymbol());
      if (seg.type == "path") seg.kind = SegmentKind::Rest;
    } else {
      auto* t = dynamic_cast<antlr4::tree::TerminalNode*>(piece[0])->getSymbol();
      seg.loc = loc(t);
      if (t->getType() == P::PathStar) {
        seg.kind = SegmentKind::Rest;
        seg.text = "*";  // unnamed: the matched rest is available as req.params["*"]
        seg.type = "path";
      } else {
        seg.kind = SegmentKind::Literal;
        seg.text = t->getText();
      }
    }
    out.push_back(std::move(seg));
    piece.clear();
  };
  for (auto* child : ctx->children) {
    auto* t = dynamic_cast<antlr4::tree::TerminalNode*>(child);
    if (t && t->getSymbol()->getType() == P::PathSlash) {
      flush();
    } else {
      piece.push_back(child);
    }
  }
  flush();
  return out;
}

BodyFormat AstBuilder::body_format(P::BodyFormatContext* ctx) {
  BodyFormat f;
  f.loc = loc(ctx->getStart());
  auto fields = [&](P::FieldListContext* list, antlr4::tree::TerminalNode* paren) {
    if (list) {
      for (auto* fc : list->modelField()) f.fields.push_back(field(fc));
    }
    f.whole = paren == nullptr || list == nullptr;
  };
  if (auto* j = dynamic_cast<P::JsonBodyContext*>(ctx)) {
    f.kind = BodyFormatKind::Json;
    fields(j->fieldList(), j->OpenParen());
  } else if (auto* fm = dynamic_cast<P::FormBodyContext*>(ctx)) {
    f.kind = BodyFormatKind::Form;
    fields(fm->fieldList(), fm->OpenParen());
  } else if (dynamic_cast<P::TextBodyContext*>(ctx)) {
    f.kind = BodyFormatKind::Text;
    f.whole = true;
  } else if (auto* mb = dynamic_cast<P::ModelBodyContext*>(ctx)) {
    f.kind = BodyFormatKind::Model;
    f.model = name(mb->identifier());
    f.whole = true;
  }
  return f;
}

std::vector<Call> AstBuilder::calls(P::CallListContext* ctx) {
  std::vector<Call> out;
  if (ctx == nullptr) return out;
  for (auto* c : ctx->call()) {
    Call call;
    auto ids = c->identifier();
    call.loc = loc(c->getStart());
    call.name = ids.empty() ? "" : name(ids[0]);
    if (auto* args = c->arguments()) {
      call.has_parens = true;
      JsNode holder(JsKind::Call, 0, 0);
      arguments(args, holder);
      call.args = std::move(holder.kids);
    }
    if (ids.size() > 1) {
      call.out = name(ids[1]);
      call.out_loc = loc(ids[1]->getStart());
    }
    out.push_back(std::move(call));
  }
  return out;
}

Route AstBuilder::route(P::RouteContext* ctx, const std::vector<PathSegment>& prefix) {
  Route r;
  r.loc = loc(ctx->getStart());
  if (ctx->httpMethod()) r.method = method_of(ctx->httpMethod());
  r.path = prefix;
  if (ctx->routePath()) {
    for (auto& seg : path(ctx->routePath())) r.path.push_back(std::move(seg));
  }
  if (ctx->bodyFormat()) r.body_format = body_format(ctx->bodyFormat());
  r.pre_calls = calls(ctx->preCalls);
  if (auto* b = ctx->routeBody()) {
    if (b->block()) r.body = block_body(b->block());
    if (b->templateBody()) r.body = template_body(b->templateBody());
  }
  r.post_calls = calls(ctx->postCalls);
  return r;
}

Test AstBuilder::test(P::TestBlockContext* ctx) {
  Test t;
  t.loc = loc(ctx->getStart());
  if (ctx->StringLiteral()) t.name = decode_js_string(strip_quotes(ctx->StringLiteral()->getText()), false);
  for (auto* s : ctx->testStep()) t.steps.push_back(test_step(s));
  return t;
}

namespace {

// An expectation's comparison, normalised: `===` is `==`, `!==` is `!=`,
// `! contains` is `!contains`; none written is `==`.
std::string compare_op(WebXParser::CompareOpContext* op) {
  if (op == nullptr) return "==";
  std::string text = op->getText();  // the tokens' text without the space between
  if (text == "===") return "==";
  if (text == "!==") return "!=";
  return text;
}

}  // namespace

TestStep AstBuilder::test_step(P::TestStepContext* ctx) {
  TestStep s;
  s.loc = loc(ctx->getStart());
  if (auto* r = dynamic_cast<P::TestRequestContext*>(ctx)) {
    s.kind = TestStepKind::Request;
    if (r->httpMethod()) s.method = method_of(r->httpMethod());
    if (auto* target = r->testTarget()) {
      if (target->routePath()) {
        s.target = target->routePath()->getText();
      } else if (target->StringLiteral()) {
        auto str = node(JsKind::String, target->StringLiteral()->getSymbol());
        str->value = decode_js_string(strip_quotes(target->StringLiteral()->getText()), false);
        s.target_expr = std::move(str);
      } else if (target->templateLiteral()) {
        s.target_expr = template_literal(target->templateLiteral());
      }
    }
    if (auto* body = r->testRequestBody()) {
      if (auto* fb = dynamic_cast<P::TestFieldsBodyContext*>(body)) {
        s.body_kind = fb->Json() ? "json" : "form";
        for (auto* a : fb->namedArg()) {
          uint32_t flags = 0;
          auto key = property_key(a->propertyName(), flags);
          std::string key_name = key ? key->value : "";
          s.body_fields.emplace_back(key_name, expr(a->singleExpression()));
        }
      } else if (auto* vb = dynamic_cast<P::TestValueBodyContext*>(body)) {
        s.body_kind = vb->Json() ? "json" : "text";
        s.body_value = expr(vb->singleExpression());
      }
    }
    if (r->objectLiteral()) s.headers = object_literal(r->objectLiteral());
  } else if (auto* e = dynamic_cast<P::TestExpectContext*>(ctx)) {
    s.kind = TestStepKind::Expect;
    auto* x = e->expectation();
    if (auto* st = dynamic_cast<P::ExpectStatusContext*>(x)) {
      s.subject = ExpectSubject::Status;
      s.op = compare_op(st->compareOp());
      s.expected = expr(st->singleExpression());
    } else if (auto* h = dynamic_cast<P::ExpectHeaderContext*>(x)) {
      s.subject = ExpectSubject::Header;
      if (h->StringLiteral()) s.header_name = decode_js_string(strip_quotes(h->StringLiteral()->getText()), false);
      s.op = compare_op(h->compareOp());
      s.expected = expr(h->singleExpression());
    } else if (auto* b = dynamic_cast<P::ExpectBodyContext*>(x)) {
      s.subject = ExpectSubject::Body;
      s.op = compare_op(b->compareOp());
      s.expected = expr(b->singleExpression());
    } else if (auto* j = dynamic_cast<P::ExpectJsonContext*>(x)) {
      s.subject = ExpectSubject::Json;
      for (auto* p : j->jsonPath()) {
        if (p->identifierName()) {
          auto k = node(JsKind::String, p->identifierName());
          k->value = p->identifierName()->getText();
          s.json_path.push_back(std::move(k));
        } else {
          s.json_path.push_back(expr(p->singleExpression()));
        }
      }
      s.op = compare_op(j->compareOp());
      s.expected = expr(j->singleExpression());
    }
  } else if (auto* c = dynamic_cast<P::TestCaptureContext*>(ctx)) {
    s.kind = TestStepKind::Capture;
    s.capture_name = name(c->identifier());
    s.capture_value = expr(c->singleExpression());
  }
  return s;
}

// ===========================================================================
// Statements

JsNodePtr AstBuilder::block(P::BlockContext* ctx) {
  // Error recovery can leave a statement without its block (`global try`).
  if (ctx == nullptr) return nullptr;
  return statements(JsKind::Block, ctx, ctx->statement());
}

JsNodePtr AstBuilder::statements(JsKind kind, antlr4::ParserRuleContext* at,
                                 const std::vector<P::StatementContext*>& list) {
  auto n = node(kind, at);
  for (auto* s : list) {
    if (auto st = statement(s)) n->kids.push_back(std::move(st));
  }
  return n;
}

JsNodePtr AstBuilder::var_statement(P::VarKindContext* kind,
                                    const std::vector<P::VariableDeclarationContext*>& decls,
                                    antlr4::ParserRuleContext* at) {
  auto n = node(JsKind::VarDecl, at);
  n->value = kind ? kind->getText() : "var";
  for (auto* d : decls) {
    auto decl = node(JsKind::Declarator, d);
    decl->kids.push_back(binding_target(d->bindingTarget()));
    decl->kids.push_back(d->singleExpression() ? expr(d->singleExpression()) : nullptr);
    if (n->value == "const" && !decl->kids[1]) {
      error(d->getStop(), "missing initializer in const declaration");
    }
    n->kids.push_back(std::move(decl));
  }
  return n;
}

JsNodePtr AstBuilder::binding_target(P::BindingTargetContext* ctx) {
  if (ctx == nullptr) return nullptr;
  if (ctx->identifier()) {
    auto id = node(JsKind::Identifier, ctx);
    id->value = name(ctx->identifier());
    return id;
  }
  if (auto* op = ctx->objectPattern()) {
    auto n = node(JsKind::ObjectPattern, op);
    for (auto* pp : op->patternProperty()) {
      if (auto* rest = dynamic_cast<P::PatternRestContext*>(pp)) {
        auto r = node(JsKind::RestElement, rest);
        auto id = node(JsKind::Identifier, rest->identifier());
        id->value = name(rest->identifier());
        r->kids.push_back(std::move(id));
        n->kids.push_back(std::move(r));
      } else if (auto* keyed = dynamic_cast<P::PatternKeyedContext*>(pp)) {
        auto p = node(JsKind::PatternProperty, keyed);
        p->kids.push_back(property_key(keyed->propertyName(), p->flags));
        auto* be = keyed->bindingElement();
        p->kids.push_back(binding_target(be ? be->bindingTarget() : nullptr));
        p->kids.push_back(be && be->singleExpression() ? expr(be->singleExpression()) : nullptr);
        n->kids.push_back(std::move(p));
      } else if (auto* sh = dynamic_cast<P::PatternShorthandContext*>(pp)) {
        auto p = node(JsKind::PatternProperty, sh);
        p->flags |= kFlagShorthand;
        auto key = node(JsKind::Identifier, sh->identifier());
        key->value = name(sh->identifier());
        auto target = node(JsKind::Identifier, sh->identifier());
        target->value = key->value;
        p->kids.push_back(std::move(key));
        p->kids.push_back(std::move(target));
        p->kids.push_back(sh->singleExpression() ? expr(sh->singleExpression()) : nullptr);
        n->kids.push_back(std::move(p));
      }
    }
    return n;
  }
  if (auto* ap = ctx->arrayPattern()) {
    auto n = node(JsKind::ArrayPattern, ap);
    // Walk children to keep holes: `[, b]` has an empty first element.
    bool have_element = false;
    for (auto* child : ap->children) {
      if (auto* el = dynamic_cast<P::ArrayPatternElementContext*>(child)) {
        if (el->Ellipsis()) {
          auto r = node(JsKind::RestElement, el);
          r->kids.push_back(binding_target(el->bindingTarget()));
          n->kids.push_back(std::move(r));
        } else {
          n->kids.push_back(binding_element(el->bindingElement()));
        }
        have_element = true;
      } else if (auto* t = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
        if (t->getSymbol()->getType() == P::Comma) {
          if (!have_element) n->kids.push_back(nullptr);
          have_element = false;
        }
      }
    }
    return n;
  }
  return nullptr;
}

JsNodePtr AstBuilder::binding_element(P::BindingElementContext* ctx) {
  if (ctx == nullptr) return nullptr;
  auto target = binding_target(ctx->bindingTarget());
  if (!ctx->singleExpression()) return target;
  auto a = node(JsKind::AssignPattern, ctx);
  a->kids.push_back(std::move(target));
  a->kids.push_back(expr(ctx->singleExpression()));
  return a;
}

JsNodePtr AstBuilder::statement(P::StatementContext* ctx) {
  // Error recovery can leave a statement out (`put{while`).
  if (ctx == nullptr) return nullptr;
  char marker;
  if (stack_base_ - &marker > kMaxBuilderStack) {
    if (!depth_reported_) error(ctx->getStart(), "program nested too deeply", 1);
    depth_reported_ = true;
    throw StackOverflowGuard{};
  }
  if (ctx->block()) return block(ctx->block());
  if (auto* v = ctx->variableStatement()) {
    return var_statement(v->varKind(), v->variableDeclaration(), v);
  }
  if (auto* f = ctx->functionDeclaration()) {
    auto n = function_parts(f, name(f->identifier()), f->formalParameters(), f->functionBody());
    n->kind = JsKind::FunctionDecl;
    return n;
  }
  if (auto* c = ctx->classDeclaration()) {
    return class_parts(JsKind::ClassDecl, c, name(c->identifier()), c->classTail());
  }
  if (ctx->SemiColon()) return node(JsKind::Empty, ctx);
  if (auto* i = ctx->ifStatement()) {
    auto n = node(JsKind::If, i);
    n->kids.push_back(expression(i->expression()));
    auto stmts = i->statement();
    n->kids.push_back(stmts.size() > 0 ? statement(stmts[0]) : nullptr);
    n->kids.push_back(stmts.size() > 1 ? statement(stmts[1]) : nullptr);
    return n;
  }
  if (auto* it = ctx->iterationStatement()) return iteration(it);
  if (auto* c = ctx->continueStatement()) {
    auto n = node(JsKind::Continue, c);
    n->value = name(c->identifier());
    return n;
  }
  if (auto* b = ctx->breakStatement()) {
    auto n = node(JsKind::Break, b);
    n->value = name(b->identifier());
    return n;
  }
  if (auto* r = ctx->returnStatement()) {
    auto n = node(JsKind::Return, r);
    if (r->expression()) n->kids.push_back(expression(r->expression()));
    return n;
  }
  if (auto* t = ctx->throwStatement()) {
    auto n = node(JsKind::Throw, t);
    n->kids.push_back(expression(t->expression()));
    return n;
  }
  if (auto* t = ctx->tryStatement()) {
    auto n = node(JsKind::Try, t);
    n->kids.push_back(block(t->block()));
    if (auto* c = t->catchClause()) {
      auto cc = node(JsKind::CatchClause, c);
      cc->kids.push_back(binding_target(c->bindingTarget()));
      cc->kids.push_back(c->block() ? block(c->block()) : nullptr);
      n->kids.push_back(std::move(cc));
    } else {
      n->kids.push_back(nullptr);
    }
    n->kids.push_back(t->finallyClause() && t->finallyClause()->block()
                          ? block(t->finallyClause()->block())
                          : nullptr);
    return n;
  }
  if (auto* s = ctx->switchStatement()) {
    auto n = node(JsKind::Switch, s);
    n->kids.push_back(expression(s->expression()));
    bool seen_default = false;
    for (auto* c : s->switchCase()) {
      auto sc = node(JsKind::SwitchCase, c);
      if (c->Case()) {
        sc->kids.push_back(expression(c->expression()));
      } else {
        if (seen_default) error(c->getStart(), "more than one 'default' clause in switch");
        seen_default = true;
        sc->kids.push_back(nullptr);
      }
      for (auto* st : c->statement()) sc->kids.push_back(statement(st));
      n->kids.push_back(std::move(sc));
    }
    return n;
  }
  if (auto* l = ctx->labelledStatement()) {
    auto n = node(JsKind::Labeled, l);
    n->value = name(l->identifier());
    n->kids.push_back(statement(l->statement()));
    return n;
  }
  if (ctx->Debugger()) return node(JsKind::Debugger, ctx);
  if (auto* e = ctx->expressionStatement()) {
    auto n = node(JsKind::ExprStmt, e);
    n->kids.push_back(expression(e->expression()));
    return n;
  }
  return nullptr;
}

JsNodePtr AstBuilder::iteration(P::IterationStatementContext* ctx) {
  if (auto* d = dynamic_cast<P::DoStatementContext*>(ctx)) {
    auto n = node(JsKind::DoWhile, d);
    n->kids.push_back(statement(d->statement()));
    n->kids.push_back(expression(d->expression()));
    return n;
  }
  if (auto* w = dynamic_cast<P::WhileStatementContext*>(ctx)) {
    auto n = node(JsKind::While, w);
    n->kids.push_back(expression(w->expression()));
    n->kids.push_back(statement(w->statement()));
    return n;
  }
  if (auto* f = dynamic_cast<P::ForStatementContext*>(ctx)) {
    auto n = node(JsKind::For, f);
    if (auto* init = f->forInit()) {
      if (init->varKind()) {
        n->kids.push_back(var_statement(init->varKind(), init->variableDeclaration(), init));
      } else {
        n->kids.push_back(expression(init->expression()));
      }
    } else {
      n->kids.push_back(nullptr);
    }
    // The test and update expressions are told apart by which `;` they follow.
    JsNodePtr test, update;
    int semicolons = 0;
    for (auto* child : f->children) {
      if (auto* t = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
        if (t->getSymbol()->getType() == P::SemiColon) ++semicolons;
      } else if (auto* e = dynamic_cast<P::ExpressionContext*>(child)) {
        (semicolons == 1 ? test : update) = expression(e);
      }
    }
    n->kids.push_back(std::move(test));
    n->kids.push_back(std::move(update));
    n->kids.push_back(statement(f->statement()));
    return n;
  }
  if (auto* f = dynamic_cast<P::ForInOfStatementContext*>(ctx)) {
    auto n = node(f->Of() ? JsKind::ForOf : JsKind::ForIn, f);
    auto* b = f->forBinding();
    if (b && b->varKind()) {
      auto decl = node(JsKind::VarDecl, b);
      decl->value = b->varKind()->getText();
      auto d = node(JsKind::Declarator, b->bindingTarget());
      d->kids.push_back(binding_target(b->bindingTarget()));
      d->kids.push_back(nullptr);
      decl->kids.push_back(std::move(d));
      n->kids.push_back(std::move(decl));
    } else if (b) {
      n->kids.push_back(to_pattern(expr(b->singleExpression())));
    } else {
      n->kids.push_back(nullptr);
    }
    n->kids.push_back(expression(f->expression()));
    n->kids.push_back(statement(f->statement()));
    return n;
  }
  return nullptr;
}

JsNodePtr AstBuilder::params(antlr4::ParserRuleContext* at, P::FormalParametersContext* ctx) {
  auto ps = node(JsKind::Params, at);
  if (ctx == nullptr) return ps;
  auto list = ctx->formalParameter();
  for (size_t i = 0; i < list.size(); ++i) {
    auto* p = list[i];
    auto param = node(JsKind::Param, p);
    if (p->Ellipsis()) {
      param->flags |= kFlagRest;
      if (i + 1 != list.size()) error(p->getStart(), "a rest parameter must be last");
    }
    param->kids.push_back(binding_target(p->bindingTarget()));
    param->kids.push_back(p->singleExpression() ? expr(p->singleExpression()) : nullptr);
    ps->kids.push_back(std::move(param));
  }
  return ps;
}

JsNodePtr AstBuilder::function_parts(antlr4::ParserRuleContext* at, const std::string& fn_name,
                                     P::FormalParametersContext* formal,
                                     P::FunctionBodyContext* body) {
  auto fn = node(JsKind::Function, at);
  fn->value = fn_name;
  fn->kids.push_back(params(at, formal));
  if (body) {
    fn->kids.push_back(statements(JsKind::Block, body, body->statement()));
  } else {
    fn->kids.push_back(node(JsKind::Block, at));
  }
  return fn;
}

JsNodePtr AstBuilder::property_key(P::PropertyNameContext* ctx, uint32_t& flags) {
  if (ctx == nullptr) return nullptr;
  if (ctx->identifierName()) {
    auto k = node(JsKind::Identifier, ctx);
    k->value = ctx->identifierName()->getText();
    return k;
  }
  if (ctx->StringLiteral()) {
    auto k = node(JsKind::String, ctx);
    k->value = decode_js_string(strip_quotes(ctx->StringLiteral()->getText()), false);
    return k;
  }
  if (ctx->NumericLiteral()) {
    auto k = node(JsKind::Number, ctx);
    k->value = ctx->NumericLiteral()->getText();
    std::erase(k->value, '_');
    return k;
  }
  flags |= kFlagComputed;
  return expr(ctx->singleExpression());
}

JsNodePtr AstBuilder::method(P::MethodDefinitionContext* ctx, uint32_t flags, bool in_class) {
  auto m = node(in_class ? JsKind::ClassMethod : JsKind::Property, ctx);
  m->flags |= flags;
  auto key = property_key(ctx->propertyName(), m->flags);
  m->value = ctx->Get() ? "get" : ctx->Set() ? "set" : "method";
  if (in_class && !m->has(kFlagComputed) && !m->has(kFlagStatic) && key &&
      key->value == "constructor" && m->value == "method") {
    m->value = "constructor";
  }
  std::string fn_name = key && !m->has(kFlagComputed) ? key->value : "";
  m->kids.push_back(std::move(key));
  m->kids.push_back(function_parts(ctx, fn_name, ctx->formalParameters(), ctx->functionBody()));
  return m;
}

JsNodePtr AstBuilder::class_parts(JsKind kind, antlr4::ParserRuleContext* at,
                                  const std::string& class_name, P::ClassTailContext* tail) {
  auto c = node(kind, at);
  c->value = class_name;
  if (tail == nullptr) return c;
  c->kids.push_back(tail->Extends() ? expr(tail->singleExpression()) : nullptr);
  auto body = node(JsKind::ClassBody, tail);
  bool has_constructor = false;
  for (auto* m : tail->classMember()) {
    if (auto* cm = dynamic_cast<P::ClassMethodContext*>(m)) {
      auto meth = method(cm->methodDefinition(), cm->Static() ? uint32_t{kFlagStatic} : 0u, true);
      if (meth->value == "constructor") {
        if (has_constructor) error(cm->getStart(), "a class may only have one constructor");
        has_constructor = true;
      }
      body->kids.push_back(std::move(meth));
    } else if (auto* cf = dynamic_cast<P::ClassFieldContext*>(m)) {
      auto f = node(JsKind::ClassField, cf);
      if (cf->Static()) f->flags |= kFlagStatic;
      f->kids.push_back(property_key(cf->propertyName(), f->flags));
      f->kids.push_back(cf->singleExpression() ? expr(cf->singleExpression()) : nullptr);
      body->kids.push_back(std::move(f));
    }
  }
  c->kids.push_back(std::move(body));
  return c;
}

// ===========================================================================
// Expressions

JsNodePtr AstBuilder::expression(P::ExpressionContext* ctx) {
  if (ctx == nullptr) return nullptr;
  auto list = ctx->singleExpression();
  if (list.size() == 1) return expr(list[0]);
  auto seq = node(JsKind::Sequence, ctx);
  for (auto* e : list) seq->kids.push_back(expr(e));
  return seq;
}

JsNodePtr AstBuilder::expr(P::SingleExpressionContext* ctx) {
  if (ctx == nullptr) return nullptr;
  char marker;
  if (stack_base_ - &marker > kMaxBuilderStack) {
    if (!depth_reported_) error(ctx->getStart(), "expression nested too deeply", 1);
    depth_reported_ = true;
    throw StackOverflowGuard{};
  }
  return expr_inner(ctx);
}

void AstBuilder::arguments(P::ArgumentsContext* ctx, JsNode& call) {
  if (ctx == nullptr) return;
  for (auto* a : ctx->argument()) {
    auto value = expr(a->singleExpression());
    if (a->Ellipsis()) {
      auto spread = node(JsKind::Spread, a);
      spread->kids.push_back(std::move(value));
      call.kids.push_back(std::move(spread));
    } else {
      call.kids.push_back(std::move(value));
    }
  }
}

JsNodePtr AstBuilder::arrow(P::ArrowFunctionContext* ctx) {
  auto fn = node(JsKind::Function, ctx);
  fn->flags |= kFlagArrow;
  auto* ps = ctx->arrowParameters();
  if (ps && ps->identifier()) {
    auto list = node(JsKind::Params, ps);
    auto p = node(JsKind::Param, ps);
    auto id = node(JsKind::Identifier, ps);
    id->value = name(ps->identifier());
    p->kids.push_back(std::move(id));
    p->kids.push_back(nullptr);
    list->kids.push_back(std::move(p));
    fn->kids.push_back(std::move(list));
  } else {
    fn->kids.push_back(params(ctx, ps ? ps->formalParameters() : nullptr));
  }
  auto* body = ctx->arrowBody();
  if (body && body->functionBody()) {
    fn->kids.push_back(statements(JsKind::Block, body, body->functionBody()->statement()));
  } else if (body) {
    fn->flags |= kFlagExprBody;
    fn->kids.push_back(expr(body->singleExpression()));
  }
  return fn;
}

JsNodePtr AstBuilder::new_target(P::NewTargetContext* ctx) {
  if (ctx == nullptr) return nullptr;
  if (ctx->identifier()) {
    auto id = node(JsKind::Identifier, ctx);
    id->value = name(ctx->identifier());
    return id;
  }
  if (ctx->This()) return node(JsKind::This, ctx);
  if (ctx->New()) {
    auto n = node(JsKind::New, ctx);
    n->kids.push_back(new_target(ctx->newTarget()));
    arguments(ctx->arguments(), *n);
    return n;
  }
  if (ctx->OpenParen()) {
    auto n = node(JsKind::Paren, ctx);
    n->kids.push_back(expression(ctx->expression()));
    return n;
  }
  auto m = node(JsKind::Member, ctx);
  m->kids.push_back(new_target(ctx->newTarget()));
  if (ctx->identifierName()) {
    auto prop = node(JsKind::Identifier, ctx->identifierName());
    prop->value = ctx->identifierName()->getText();
    m->kids.push_back(std::move(prop));
  } else {
    m->flags |= kFlagComputed;
    m->kids.push_back(expression(ctx->expression()));
  }
  return m;
}

JsNodePtr AstBuilder::literal(P::LiteralContext* ctx) {
  if (ctx->NullLiteral()) return node(JsKind::Null, ctx);
  if (ctx->BooleanLiteral()) {
    auto n = node(JsKind::Boolean, ctx);
    n->value = ctx->getText();
    return n;
  }
  if (ctx->NumericLiteral()) {
    auto n = node(JsKind::Number, ctx);
    n->value = ctx->getText();
    std::erase(n->value, '_');
    return n;
  }
  if (ctx->StringLiteral()) {
    auto n = node(JsKind::String, ctx);
    n->value = decode_js_string(strip_quotes(ctx->getText()), false);
    return n;
  }
  auto n = node(JsKind::Regex, ctx);
  const std::string text = ctx->getText();
  size_t end = text.rfind('/');
  n->value = text.substr(1, end - 1);
  n->extra = text.substr(end + 1);
  for (char f : n->extra) {
    if (std::string_view("gimsuy").find(f) == std::string_view::npos ||
        n->extra.find(f) != n->extra.rfind(f)) {
      error(ctx->getStart(), fmt::format("invalid regular expression flags '{}'", n->extra));
      break;
    }
  }
  return n;
}

JsNodePtr AstBuilder::template_literal(P::TemplateLiteralContext* ctx) {
  auto t = node(JsKind::Template, ctx);
  std::string raw;
  auto chunk = [&](antlr4::ParserRuleContext* at) {
    auto c = node(JsKind::TemplateChunk, at);
    c->extra = raw;
    c->value = decode_js_string(raw, true);
    t->kids.push_back(std::move(c));
    raw.clear();
  };
  for (auto* part : ctx->templatePart()) {
    if (part->TemplateChars()) {
      raw += part->getText();
    } else {
      chunk(part);
      t->kids.push_back(expression(part->expression()));
    }
  }
  chunk(ctx);
  return t;
}

JsNodePtr AstBuilder::array_literal(P::ArrayLiteralContext* ctx) {
  auto a = node(JsKind::Array, ctx);
  bool have_element = false;
  for (auto* child : ctx->children) {
    if (auto* el = dynamic_cast<P::ArrayElementContext*>(child)) {
      auto value = expr(el->singleExpression());
      if (el->Ellipsis()) {
        auto s = node(JsKind::Spread, el);
        s->kids.push_back(std::move(value));
        value = std::move(s);
      }
      a->kids.push_back(std::move(value));
      have_element = true;
    } else if (auto* t = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
      if (t->getSymbol()->getType() == P::Comma) {
        if (!have_element) a->kids.push_back(nullptr);
        have_element = false;
      }
    }
  }
  return a;
}

JsNodePtr AstBuilder::object_literal(P::ObjectLiteralContext* ctx) {
  auto o = node(JsKind::Object, ctx);
  for (auto* pa : ctx->propertyAssignment()) {
    if (auto* k = dynamic_cast<P::PropertyKeyedContext*>(pa)) {
      auto p = node(JsKind::Property, k);
      p->value = "init";
      p->kids.push_back(property_key(k->propertyName(), p->flags));
      p->kids.push_back(expr(k->singleExpression()));
      o->kids.push_back(std::move(p));
    } else if (auto* m = dynamic_cast<P::PropertyMethodContext*>(pa)) {
      o->kids.push_back(method(m->methodDefinition(), 0, false));
    } else if (auto* s = dynamic_cast<P::PropertySpreadContext*>(pa)) {
      auto sp = node(JsKind::Spread, s);
      sp->kids.push_back(expr(s->singleExpression()));
      o->kids.push_back(std::move(sp));
    } else if (auto* sd = dynamic_cast<P::PropertyShorthandDefaultContext*>(pa)) {
      // `{ a = 1 }` is only meaningful as a destructuring target; to_pattern
      // accepts it, and anywhere else it is an error.
      auto p = node(JsKind::Property, sd);
      p->value = "shorthand-default";
      p->flags |= kFlagShorthand;
      auto key = node(JsKind::Identifier, sd->identifier());
      key->value = name(sd->identifier());
      p->kids.push_back(std::move(key));
      p->kids.push_back(expr(sd->singleExpression()));
      o->kids.push_back(std::move(p));
    } else if (auto* sh = dynamic_cast<P::PropertyShorthandContext*>(pa)) {
      auto p = node(JsKind::Property, sh);
      p->value = "init";
      p->flags |= kFlagShorthand;
      auto key = node(JsKind::Identifier, sh->identifier());
      key->value = name(sh->identifier());
      auto value = node(JsKind::Identifier, sh->identifier());
      value->value = key->value;
      p->kids.push_back(std::move(key));
      p->kids.push_back(std::move(value));
      o->kids.push_back(std::move(p));
    }
  }
  return o;
}

// Reinterprets an expression parsed as an object or array literal as a
// destructuring target (`[a, b] = [b, a]`, `for ({x} of list)`).
JsNodePtr AstBuilder::to_pattern(JsNodePtr n) {
  if (!n) return n;
  auto bad = [&](const JsNode& at) {
    sink_.error(SourceLoc{file_->path(), at.line, at.col}, "invalid assignment target", 1);
  };
  switch (n->kind) {
    case JsKind::Identifier:
    case JsKind::Member:
      return n;
    case JsKind::Paren:
      return to_pattern(std::move(n->kids[0]));
    case JsKind::Array: {
      auto p = std::make_unique<JsNode>(JsKind::ArrayPattern, n->line, n->col);
      for (auto& el : n->kids) {
        if (!el) {
          p->kids.push_back(nullptr);
        } else if (el->kind == JsKind::Spread) {
          auto r = std::make_unique<JsNode>(JsKind::RestElement, el->line, el->col);
          r->kids.push_back(to_pattern(std::move(el->kids[0])));
          p->kids.push_back(std::move(r));
        } else if (el->kind == JsKind::Assign && el->value == "=") {
          auto a = std::make_unique<JsNode>(JsKind::AssignPattern, el->line, el->col);
          a->kids.push_back(to_pattern(std::move(el->kids[0])));
          a->kids.push_back(std::move(el->kids[1]));
          p->kids.push_back(std::move(a));
        } else {
          p->kids.push_back(to_pattern(std::move(el)));
        }
      }
      return p;
    }
    case JsKind::Object: {
      auto p = std::make_unique<JsNode>(JsKind::ObjectPattern, n->line, n->col);
      for (auto& prop : n->kids) {
        if (prop->kind == JsKind::Spread) {
          auto r = std::make_unique<JsNode>(JsKind::RestElement, prop->line, prop->col);
          r->kids.push_back(to_pattern(std::move(prop->kids[0])));
          p->kids.push_back(std::move(r));
          continue;
        }
        if (prop->kind != JsKind::Property ||
            (prop->value != "init" && prop->value != "shorthand-default")) {
          bad(*prop);
          continue;
        }
        auto pp = std::make_unique<JsNode>(JsKind::PatternProperty, prop->line, prop->col);
        pp->flags = prop->flags;
        if (prop->value == "shorthand-default") {
          auto target = std::make_unique<JsNode>(JsKind::Identifier, prop->line, prop->col);
          target->value = prop->kids[0]->value;
          pp->kids.push_back(std::move(prop->kids[0]));
          pp->kids.push_back(std::move(target));
          pp->kids.push_back(std::move(prop->kids[1]));
        } else {
          JsNodePtr value = std::move(prop->kids[1]);
          JsNodePtr def;
          if (value->kind == JsKind::Assign && value->value == "=") {
            def = std::move(value->kids[1]);
            value = std::move(value->kids[0]);
          }
          pp->kids.push_back(std::move(prop->kids[0]));
          pp->kids.push_back(to_pattern(std::move(value)));
          pp->kids.push_back(std::move(def));
        }
        p->kids.push_back(std::move(pp));
      }
      return p;
    }
    default:
      bad(*n);
      return n;
  }
}

JsNodePtr AstBuilder::expr_inner(P::SingleExpressionContext* ctx) {
  using std::move;
  // Operands of a binary alternative are its first and last child expressions.
  auto binary = [&](JsKind kind, const std::string& op) {
    std::vector<P::SingleExpressionContext*> operands;
    for (auto* child : ctx->children) {
      if (auto* e = dynamic_cast<P::SingleExpressionContext*>(child)) operands.push_back(e);
    }
    auto n = node(kind, ctx);
    n->value = op;
    n->kids.push_back(operands.size() > 0 ? expr(operands.front()) : nullptr);
    n->kids.push_back(operands.size() > 1 ? expr(operands.back()) : nullptr);
    return n;
  };
  // `>` tokens joined into `>>`/`>>>` must be adjacent: `a > > b` is an error.
  auto check_adjacent = [&](const std::vector<antlr4::tree::TerminalNode*>& parts) {
    for (size_t i = 1; i < parts.size(); ++i) {
      auto* prev = parts[i - 1]->getSymbol();
      auto* cur = parts[i]->getSymbol();
      if (cur->getStartIndex() != prev->getStopIndex() + 1) {
        error(cur, "unexpected space inside a shift operator", 1);
        return;
      }
    }
  };

  if (auto* c = dynamic_cast<P::FunctionExprContext*>(ctx)) {
    auto* f = c->functionExpression();
    return function_parts(f, name(f->identifier()), f->formalParameters(), f->functionBody());
  }
  if (auto* c = dynamic_cast<P::ArrowExprContext*>(ctx)) return arrow(c->arrowFunction());
  if (auto* c = dynamic_cast<P::ClassExprContext*>(ctx)) {
    return class_parts(JsKind::Class, c, name(c->identifier()), c->classTail());
  }
  if (auto* c = dynamic_cast<P::IndexExprContext*>(ctx)) {
    auto n = node(JsKind::Member, ctx);
    n->flags |= kFlagComputed | (c->QuestionDot() ? uint32_t{kFlagOptional} : 0u);
    n->kids.push_back(expr(c->singleExpression()));
    n->kids.push_back(expression(c->expression()));
    return n;
  }
  if (auto* c = dynamic_cast<P::MemberExprContext*>(ctx)) {
    auto n = node(JsKind::Member, ctx);
    if (c->QuestionDot()) n->flags |= kFlagOptional;
    n->kids.push_back(expr(c->singleExpression()));
    auto prop = node(JsKind::Identifier, c->identifierName());
    prop->value = c->identifierName() ? c->identifierName()->getText() : "";
    n->kids.push_back(move(prop));
    return n;
  }
  if (auto* c = dynamic_cast<P::NewExprContext*>(ctx)) {
    auto n = node(JsKind::New, ctx);
    n->kids.push_back(new_target(c->newTarget()));
    arguments(c->arguments(), *n);
    return n;
  }
  if (auto* c = dynamic_cast<P::CallExprContext*>(ctx)) {
    auto n = node(JsKind::Call, ctx);
    if (c->QuestionDot()) n->flags |= kFlagOptional;
    n->kids.push_back(expr(c->singleExpression()));
    arguments(c->arguments(), *n);
    return n;
  }
  if (auto* c = dynamic_cast<P::TaggedTemplateExprContext*>(ctx)) {
    auto n = node(JsKind::TaggedTemplate, ctx);
    n->kids.push_back(expr(c->singleExpression()));
    n->kids.push_back(template_literal(c->templateLiteral()));
    return n;
  }
  if (auto* c = dynamic_cast<P::PostfixExprContext*>(ctx)) {
    auto n = node(JsKind::Update, ctx);
    n->value = c->op->getText();
    n->kids.push_back(to_pattern(expr(c->singleExpression())));
    return n;
  }
  if (auto* c = dynamic_cast<P::AsExprContext*>(ctx)) return expr(c->singleExpression());
  if (auto* c = dynamic_cast<P::UnaryExprContext*>(ctx)) {
    std::string op = c->op->getText();
    if (op == "++" || op == "--") {
      auto n = node(JsKind::Update, ctx);
      n->value = op;
      n->flags |= kFlagPrefix;
      n->kids.push_back(to_pattern(expr(c->singleExpression())));
      return n;
    }
    auto n = node(JsKind::Unary, ctx);
    n->value = op;
    n->kids.push_back(expr(c->singleExpression()));
    return n;
  }
  if (dynamic_cast<P::PowerExprContext*>(ctx)) return binary(JsKind::Binary, "**");
  if (auto* c = dynamic_cast<P::MultiplicativeExprContext*>(ctx)) {
    return binary(JsKind::Binary, c->op->getText());
  }
  if (auto* c = dynamic_cast<P::AdditiveExprContext*>(ctx)) {
    return binary(JsKind::Binary, c->op->getText());
  }
  if (auto* c = dynamic_cast<P::ShiftExprContext*>(ctx)) {
    if (c->LeftShift()) return binary(JsKind::Binary, "<<");
    auto gts = c->MoreThan();
    check_adjacent(gts);
    return binary(JsKind::Binary, gts.size() == 3 ? ">>>" : ">>");
  }
  if (auto* c = dynamic_cast<P::RelationalExprContext*>(ctx)) {
    return binary(JsKind::Binary, c->op->getText());
  }
  if (dynamic_cast<P::InstanceofExprContext*>(ctx)) return binary(JsKind::Binary, "instanceof");
  if (dynamic_cast<P::InExprContext*>(ctx)) return binary(JsKind::Binary, "in");
  if (auto* c = dynamic_cast<P::EqualityExprContext*>(ctx)) {
    return binary(JsKind::Binary, c->op->getText());
  }
  if (dynamic_cast<P::BitAndExprContext*>(ctx)) return binary(JsKind::Binary, "&");
  if (dynamic_cast<P::BitXorExprContext*>(ctx)) return binary(JsKind::Binary, "^");
  if (dynamic_cast<P::BitOrExprContext*>(ctx)) return binary(JsKind::Binary, "|");
  if (dynamic_cast<P::LogicalAndExprContext*>(ctx)) return binary(JsKind::Logical, "&&");
  if (dynamic_cast<P::LogicalOrExprContext*>(ctx)) return binary(JsKind::Logical, "||");
  if (dynamic_cast<P::NullishExprContext*>(ctx)) return binary(JsKind::Logical, "??");
  if (auto* c = dynamic_cast<P::ConditionalExprContext*>(ctx)) {
    auto n = node(JsKind::Conditional, ctx);
    for (size_t i = 0; i < 3; ++i) n->kids.push_back(expr(c->singleExpression(i)));
    return n;
  }
  if (auto* c = dynamic_cast<P::AssignmentExprContext*>(ctx)) {
    auto* op = c->assignmentOperator();
    std::string text;
    std::vector<antlr4::tree::TerminalNode*> parts;
    for (auto* child : op->children) {
      auto* t = dynamic_cast<antlr4::tree::TerminalNode*>(child);
      parts.push_back(t);
      text += t->getText();
    }
    check_adjacent(parts);
    auto n = node(JsKind::Assign, ctx);
    n->value = text;
    auto target = expr(c->singleExpression(0));
    if (text == "=") {
      target = to_pattern(std::move(target));
    } else if (target && target->kind != JsKind::Identifier && target->kind != JsKind::Member) {
      error(c->singleExpression(0)->getStart(), "invalid assignment target", 1);
    }
    n->kids.push_back(std::move(target));
    n->kids.push_back(expr(c->singleExpression(1)));
    return n;
  }
  if (dynamic_cast<P::ThisExprContext*>(ctx)) return node(JsKind::This, ctx);
  if (dynamic_cast<P::SuperExprContext*>(ctx)) return node(JsKind::Super, ctx);
  if (auto* c = dynamic_cast<P::IdentifierExprContext*>(ctx)) {
    auto n = node(JsKind::Identifier, ctx);
    n->value = name(c->identifier());
    return n;
  }
  if (auto* c = dynamic_cast<P::LiteralExprContext*>(ctx)) return literal(c->literal());
  if (auto* c = dynamic_cast<P::TemplateExprContext*>(ctx)) {
    return template_literal(c->templateLiteral());
  }
  if (auto* c = dynamic_cast<P::ArrayExprContext*>(ctx)) return array_literal(c->arrayLiteral());
  if (auto* c = dynamic_cast<P::ObjectExprContext*>(ctx)) {
    return object_literal(c->objectLiteral());
  }
  if (auto* c = dynamic_cast<P::ParenExprContext*>(ctx)) {
    auto n = node(JsKind::Paren, ctx);
    n->kids.push_back(expression(c->expression()));
    return n;
  }
  if (auto* c = dynamic_cast<P::JsxExprContext*>(ctx)) return jsx_node(c->jsxNode());
  return node(JsKind::Null, ctx);
}

// ===========================================================================
// JSX

JsNodePtr AstBuilder::jsx_node(P::JsxNodeContext* ctx) {
  auto doctypes = ctx->Doctype();
  auto element = jsx_element(ctx->jsxElement());
  if (doctypes.empty()) return element;
  auto doc = node(JsKind::JsxDocument, ctx);
  for (auto* d : doctypes) {
    auto n = node(JsKind::JsxDoctype, d->getSymbol());
    n->value = d->getText();
    doc->kids.push_back(std::move(n));
  }
  doc->kids.push_back(std::move(element));
  return doc;
}

JsNodePtr AstBuilder::jsx_element(P::JsxElementContext* ctx) {
  if (ctx == nullptr) return nullptr;
  auto el = node(JsKind::JsxElement, ctx);
  // The opening name, if any, comes before `</`.
  P::JsxElementNameContext* open_name = nullptr;
  for (auto* n : ctx->jsxElementName()) {
    if (!ctx->JsxCloseOpen() ||
        n->getStart()->getTokenIndex() < ctx->JsxCloseOpen()->getSymbol()->getTokenIndex()) {
      open_name = n;
    }
  }
  el->value = open_name ? open_name->getText() : "";
  if (ctx->JsxVoidGt()) el->flags |= kFlagVoid;
  if (ctx->JsxSlashGt()) el->flags |= kFlagSelfClosing;
  if (el->value == "script" || el->value == "style") el->flags |= kFlagRawText;
  // Mismatched closing tags are reported by the lexer, which pairs tags.

  auto attrs = node(JsKind::JsxAttributes, ctx);
  for (auto* a : ctx->jsxAttribute()) {
    if (auto* na = dynamic_cast<P::JsxNamedAttributeContext*>(a)) {
      auto attr = node(JsKind::JsxAttribute, na);
      attr->value = na->JsxName()->getText();
      if (auto* v = na->jsxAttributeValue()) {
        if (v->JsxString()) {
          auto s = node(JsKind::String, v);
          s->value = strip_quotes(v->JsxString()->getText());  // HTML-style: no escapes
          s->flags |= kFlagRawText;  // written as HTML, emitted as written
          attr->kids.push_back(std::move(s));
        } else {
          attr->kids.push_back(expression(v->expression()));
        }
      }
      attrs->kids.push_back(std::move(attr));
    } else if (auto* sa = dynamic_cast<P::JsxSpreadAttributeContext*>(a)) {
      auto spread = node(JsKind::JsxSpreadAttribute, sa);
      spread->kids.push_back(expr(sa->singleExpression()));
      attrs->kids.push_back(std::move(spread));
    }
  }
  el->kids.push_back(std::move(attrs));

  for (auto* child : ctx->jsxChild()) {
    if (child->JsxText()) {
      // Adjacent text tokens (the lexer splits at a lone `<`) merge into one.
      if (!el->kids.empty() && el->kids.back()->kind == JsKind::JsxText) {
        el->kids.back()->value += child->getText();
      } else {
        auto t = node(JsKind::JsxText, child);
        t->value = child->getText();
        el->kids.push_back(std::move(t));
      }
    } else if (child->Doctype()) {
      auto d = node(JsKind::JsxDoctype, child);
      d->value = child->getText();
      el->kids.push_back(std::move(d));
    } else if (child->jsxElement()) {
      el->kids.push_back(jsx_element(child->jsxElement()));
    } else {
      auto e = node(JsKind::JsxExpression, child);
      if (child->expression()) e->kids.push_back(expression(child->expression()));
      el->kids.push_back(std::move(e));
    }
  }
  return el;
}

}  // namespace webx::syntax
