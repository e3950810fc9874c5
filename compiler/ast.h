// The AST of the JavaScript and JSX inside WebX bodies.
//
// One node type with a kind, a position, an optional string value and
// ordered children keeps the tree trivial to build, print as JSON and walk in
// a code generator, while the per-kind layout below documents what each
// child means. Absent optional children are nullptr so positions are stable.
//
// Plain data built by the front end; immutable afterwards and safe to read
// from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace webx {

enum class JsKind : uint8_t {
  // ---- statements -------------------------------------------------------
  Program,          // kids: statements (a body block's statements)
  Block,            // kids: statements
  VarDecl,          // value: "var"|"let"|"const"; kids: Declarator...
  Declarator,       // kids: [target (Identifier|ObjectPattern|ArrayPattern), init?]
  FunctionDecl,     // value: name; kids: [Params, Block]
  ClassDecl,        // value: name; kids: [superclass?, ClassBody]
  Empty,            //
  ExprStmt,         // kids: [expr]
  If,               // kids: [test, then, else?]
  For,              // kids: [init? (VarDecl|expr), test?, update?, body]
  ForIn,            // kids: [left (VarDecl with one Declarator w/o init | pattern expr), right, body]
  ForOf,            // kids: same as ForIn
  While,            // kids: [test, body]
  DoWhile,          // kids: [body, test]
  Continue,         // value: label or ""
  Break,            // value: label or ""
  Return,           // kids: [argument?]
  Throw,            // kids: [argument]
  Try,              // kids: [block, CatchClause?, finalizer Block?]
  CatchClause,      // kids: [param? (pattern), Block]
  Switch,           // kids: [discriminant, SwitchCase...]
  SwitchCase,       // kids: [test? (nullptr for default), statements...]
  Labeled,          // value: label; kids: [statement]
  Debugger,         //

  // ---- functions and classes -------------------------------------------
  Params,           // kids: Param...
  Param,            // flags: Rest; kids: [target pattern, default?]
  ClassBody,        // kids: ClassMethod | ClassField
  ClassMethod,      // value: "method"|"get"|"set"|"constructor"; flags: Static|Computed;
                    // kids: [key, Function]
  ClassField,       // flags: Static|Computed; kids: [key, value?]

  // ---- patterns (binding and assignment targets) ------------------------
  ObjectPattern,    // kids: PatternProperty | RestElement
  PatternProperty,  // flags: Computed|Shorthand; kids: [key, target, default?]
  ArrayPattern,     // kids: element? (nullptr for holes) where element is
                    //       AssignPattern | RestElement | target
  AssignPattern,    // kids: [target, default]
  RestElement,      // kids: [target]

  // ---- expressions ------------------------------------------------------
  Identifier,       // value: name
  This,
  Super,
  Null,
  Boolean,          // value: "true"|"false"
  Number,           // value: source text with numeric separators removed
  String,           // value: the decoded string (UTF-8)
  Regex,            // value: pattern; kids: none; flags stored in `extra`
  Template,         // kids: alternating TemplateChunk and expressions, starting and
                    //       ending with a TemplateChunk
  TemplateChunk,    // value: cooked text; extra: raw text
  TaggedTemplate,   // kids: [tag, Template]
  Array,            // kids: element? (nullptr for holes) or Spread
  Object,           // kids: Property | Spread
  Property,         // value: "init"|"get"|"set"|"method"; flags: Computed|Shorthand;
                    //        kids: [key, value]
  Spread,           // kids: [argument]
  Function,         // value: name or ""; flags: Arrow|ExprBody; kids: [Params, body]
  Class,            // value: name or ""; kids: [superclass?, ClassBody]
  Unary,            // value: operator ("!", "-", "typeof", ...); kids: [argument]
  Update,           // value: "++"|"--"; flags: Prefix; kids: [argument]
  Binary,           // value: operator ("+", "**", "===", "in", ">>>", ...); kids: [left, right]
  Logical,          // value: "&&"|"||"|"??"; kids: [left, right]
  Assign,           // value: operator ("=", "+=", "??=", ...); kids: [target, value]
  Conditional,      // kids: [test, consequent, alternate]
  Call,             // flags: Optional (this link is `?.(`); kids: [callee, args...]
  New,              // kids: [callee, args...]
  Member,           // flags: Optional|Computed; kids: [object, property]
                    //   (property: Identifier when not computed)
  Sequence,         // kids: expressions
  Paren,            // kids: [expr] (kept so `(a, b) => ...` errors can point precisely)

  // ---- JSX --------------------------------------------------------------
  JsxElement,       // value: tag name ("" for a fragment); flags: Void|SelfClosing|RawText;
                    // kids: [JsxAttributes, children...]
  JsxAttributes,    // kids: JsxAttribute | JsxSpreadAttribute
  JsxAttribute,     // value: name; kids: [value?] (String, expression; none = boolean true);
                    //   a quoted value is a String flagged RawText (HTML as written)
  JsxSpreadAttribute,  // kids: [expr]
  JsxText,          // value: text exactly as written
  JsxExpression,    // kids: [expr?] (empty for `{/* comment */}`)
  JsxDoctype,       // value: e.g. "<!DOCTYPE html>"
  JsxDocument,      // kids: JsxDoctype..., JsxElement (a doctype followed by an element)
};

// Bit flags; meaning depends on the kind (see above).
enum JsFlag : uint32_t {
  kFlagNone = 0,
  kFlagRest = 1u << 0,
  kFlagStatic = 1u << 1,
  kFlagComputed = 1u << 2,
  kFlagShorthand = 1u << 3,
  kFlagArrow = 1u << 4,
  kFlagExprBody = 1u << 5,
  kFlagPrefix = 1u << 6,
  kFlagOptional = 1u << 7,
  kFlagVoid = 1u << 8,
  kFlagSelfClosing = 1u << 9,
  kFlagRawText = 1u << 10,
  kFlagOptionalChainEnd = 1u << 11,  // outermost node of an optional chain `a?.b.c`
};

struct JsNode;
using JsNodePtr = std::unique_ptr<JsNode>;

struct JsNode {
  JsKind kind;
  uint32_t line = 0;  // position of the node's first token in its .webx file
  uint32_t col = 0;   // 1-based, code points
  uint32_t flags = 0;
  std::string value;
  std::string extra;  // regex flags, raw template text
  std::vector<JsNodePtr> kids;

  JsNode(JsKind k, uint32_t l, uint32_t c) : kind(k), line(l), col(c) {}
  bool has(JsFlag f) const { return (flags & f) != 0; }
  JsNode* kid(size_t i) const { return i < kids.size() ? kids[i].get() : nullptr; }
};

const char* js_kind_name(JsKind kind);

// `<Card>` or `<ui.Card>`: a tag that calls code instead of naming an element.
bool is_component_tag(const std::string& tag);
// A JSX tree whose output needs no JavaScript: no `{expression}`, expression
// attribute, spread or component tag.
bool jsx_is_static(const JsNode* n);

// Calls `fn` for every name in `n` that is a variable: declared or
// referenced (Identifier nodes), and the names of functions and classes
// (their nodes). Property names (`a.$x`, `{ $x: 1 }`, methods and other
// class members) are not variables. `name_is_property`: `n` is a method's
// function, named by its key.
void walk_variable_names(const JsNode* n, const std::function<void(const JsNode&)>& fn,
                         bool name_is_property = false);

}  // namespace webx
