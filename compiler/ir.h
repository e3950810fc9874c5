// The WebX IR: what a program is, independent of how it was written.
//
// The front end (compiler/syntax) produces one Module per file; the project
// loader (project.h) gathers them into a Program, flattening `location`
// nesting into full route paths. The runtime only ever sees this IR (never
// ANTLR parse trees). JS and JSX bodies are ASTs (ast.h) the code generator
// walks.
//
// Plain data; immutable once built, safe to share read-only across threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ast.h"
#include "source.h"

namespace webx {

enum class HttpMethod : uint8_t { Get, Post, Put, Patch, Delete, Head, Options, Connect, Trace };
const char* method_name(HttpMethod m);  // "GET", ...

// A constraint on a scalar field: minLength(1), pattern(/x/), ...
struct Constraint {
  SourceLoc loc;
  std::string name;
  std::vector<std::string> args;  // literal source text of each argument
};

// A field or parameter type: `string`, `string[maxLength(200)]`, `Todo[]`.
struct TypeRef {
  SourceLoc loc;
  std::string name;           // scalar or model name
  uint32_t array_depth = 0;   // number of trailing []
  std::vector<Constraint> constraints;
  std::string display() const;  // as written, without constraints: "Todo[]"
};

struct Field {
  SourceLoc loc;
  std::string name;
  bool optional = false;
  TypeRef type;
  JsNodePtr default_value;  // expression or nullptr
};

struct Model {
  SourceLoc loc;
  std::string name;
  std::vector<Field> fields;
};

struct Param {
  SourceLoc loc;
  std::string name;
  bool optional = false;
  std::optional<TypeRef> type;
  JsNodePtr default_value;
};

enum class BodyKind : uint8_t { Block, Template };

// A `{ JS }` or `( JSX )` body.
struct Body {
  SourceLoc loc;
  BodyKind kind = BodyKind::Block;
  JsNodePtr ast;  // Block for Block bodies; the template expression for Template bodies
  // A template whose output does not depend on any expression (no `{...}`
  // and no component tags); the code generator may fold it at build time.
  bool is_static = false;
};

struct Handler {
  SourceLoc loc;
  std::string name;
  std::vector<Param> params;
  Body body;
  size_t min_args() const;
};

enum class SegmentKind : uint8_t { Literal, Param, Rest };

struct PathSegment {
  SourceLoc loc;        // the segment's first character (`(` for a parameter)
  SourceLoc name_loc;   // parameter name
  SourceLoc type_loc;   // parameter type (invalid when the type was omitted)
  SegmentKind kind = SegmentKind::Literal;
  std::string text;  // literal text (URL-decoded form as written) or parameter name
  std::string type;  // for Param: string|number|int|boolean; Rest: "path"
};

enum class BodyFormatKind : uint8_t { None, Json, Form, Text, Model };

struct BodyFormat {
  SourceLoc loc;
  BodyFormatKind kind = BodyFormatKind::None;
  std::vector<Field> fields;  // json(...)/form(...) fields; empty = whole body as `body`
  bool whole = false;         // `json`/`form` without a field list, `text`, or a model
  std::string model;          // for Model
};

struct Call {
  SourceLoc loc;
  std::string name;
  std::vector<JsNodePtr> args;  // expressions (Spread allowed)
  bool has_parens = false;
  std::string out;  // binding name after `:`, or ""
  SourceLoc out_loc;
};

struct Route {
  SourceLoc loc;
  HttpMethod method = HttpMethod::Get;
  std::vector<PathSegment> path;  // full path, location prefixes included
  BodyFormat body_format;
  std::vector<Call> pre_calls;
  std::optional<Body> body;
  std::vector<Call> post_calls;
  std::string path_string() const;  // "/todos/(id: number)"
};

struct Global {
  SourceLoc loc;
  JsNodePtr ast;  // Block of statements: a `global {}` block or one top-level declaration
  bool top_level_declaration = false;
};

struct Include {
  SourceLoc loc;       // the `include` keyword
  SourceLoc path_loc;  // the string literal
  std::string path;    // as written
  std::string resolved;  // display path of the included module, filled by the project loader
};

// ---- tests -------------------------------------------------------------

enum class TestStepKind : uint8_t { Request, Expect, Capture };

enum class ExpectSubject : uint8_t { Status, Header, Body, Json };

struct TestStep {
  SourceLoc loc;
  TestStepKind kind = TestStepKind::Request;
  // Request
  HttpMethod method = HttpMethod::Get;
  std::string target;            // bare path, when written literally
  JsNodePtr target_expr;         // string or template literal otherwise
  std::string body_kind;         // "", "json", "form", "text"
  std::vector<std::pair<std::string, JsNodePtr>> body_fields;  // json(...)/form(...) fields
  JsNodePtr body_value;          // json(expr) / text(expr)
  JsNodePtr headers;             // Object expression after `with`
  // Expect
  ExpectSubject subject = ExpectSubject::Status;
  std::string header_name;
  std::vector<JsNodePtr> json_path;  // String (from `.name`) or index expressions
  std::string op;                    // "==", "!=", "<", ..., "contains", "matches"; "" = "=="
  JsNodePtr expected;
  // Capture
  std::string capture_name;
  JsNodePtr capture_value;
  // Every JavaScript expression of the step, in source order.
  std::vector<const JsNode*> expressions() const;
};

struct Test {
  SourceLoc loc;
  std::string name;
  std::vector<TestStep> steps;
};

// One .webx/.wx file.
struct Module {
  std::string path;  // display path, relative to the project root
  SourceFilePtr source;
  std::vector<Include> includes;
  std::vector<Global> globals;  // in source order
  std::vector<Model> models;
  std::vector<Handler> handlers;
  std::vector<Route> routes;    // in source order, locations flattened
  std::vector<Test> tests;
  // Handlers and models whose declaration has a syntax error, and may be
  // missing above: not reported again as unknown where they are used.
  std::vector<std::string> broken_names;
};

// Everything the runtime needs: modules in load order (every module after
// the modules it includes).
struct Program {
  std::vector<std::unique_ptr<Module>> modules;
};

// What each module can see: itself and every module it includes, directly
// or not (the handlers and models it may use).
using Visibility = std::map<const Module*, std::set<const Module*>>;
Visibility module_visibility(const Program& program);

// The hint for `what`, defined in `defined_in`, used where `from` cannot
// see it: "'shout' is defined in webx/lib/util.webx; add `include
// "lib/util.webx"` to webx/b.webx".
std::string include_hint(const Module& from, const Module& defined_in, const std::string& what);

}  // namespace webx
