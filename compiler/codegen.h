// Code generation: a checked Program → one ES5.1 script for Duktape.
//
// The script defines, in module load order:
//  - every handler as a global function of the same name;
//  - every `global {}` block and top-level declaration as `$global_N()`;
//    the names they declare are program globals (one realm for the project);
//  - every route as `$route_N($ctx)`, which binds the path parameters, body
//    fields, `query` and `req` from $ctx, runs the pre-calls, the body and the
//    post-calls, and returns the route's value (see stdlib/webx.js `$wx.run`);
//  - `$wx.defineModule(path, [globals...])` per module; `$wx.init()` runs the
//    global code once.
// It needs the stdlib prelude loaded first. Every generated line maps back to
// the .webx position it came from, so a runtime error can name the user's line.
//
// Pure function of the IR; safe to call from any thread on its own Program.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.h"
#include "ir.h"

namespace webx {

struct CompiledRoute {
  const Module* module = nullptr;
  const Route* route = nullptr;
  std::string function;  // "$route_N"
};

// A regular expression literal of the program, lowered (`pattern` and
// `flags` are what the engine compiles) and where it was written.
struct RegexLiteral {
  std::string pattern, flags;
  SourceLoc loc;
  uint32_t length = 1;  // of the literal in the source
};

struct GeneratedJs {
  std::string code;
  std::string filename = "webx-program.js";  // the name errors report for generated lines
  std::vector<CompiledRoute> routes;         // one per route, in program order

  // The .webx position a generated line (1-based) came from.
  std::optional<SourceLoc> source_of(uint32_t generated_line) const;

  struct LinePos {
    uint32_t file = 0;  // index into files; 0 = not mapped
    uint32_t line = 0;
    uint32_t col = 0;
  };
  std::vector<std::string> files;
  std::vector<LinePos> lines;  // index = generated line - 1
  std::vector<RegexLiteral> regexes;
};

// Reports each regular expression literal of `js` that the engine refuses:
// only the engine knows its dialect, so `compile` evaluates a JavaScript
// expression there and returns the error message when it throws. True when
// all of them compile.
bool check_regex_literals(const GeneratedJs& js,
                          const std::function<std::optional<std::string>(const std::string& expr)>& compile,
                          DiagnosticSink& sink);

// Lowers every handler, route and global of `program`. Constructs that cannot
// be lowered are reported to `sink` at their position; then nullopt.
std::optional<GeneratedJs> generate_js(const Program& program, DiagnosticSink& sink);

// The HTML of a template marked static (Body::is_static), rendered at build
// time; the runtime serves it without running JavaScript.
std::string render_static_template(const JsNode& template_ast);

// The template of a handler as a render plan, a JavaScript array literal
// that $wx.plan hands to the engine (runtime/js/html_natives.cc): static
// HTML, and children and attributes from expressions made of the handler's
// `params`, `.name`, string and number literals and `+`. Nullopt when the
// template uses anything else (components, spreads, calls, ...): the
// handler then always runs as JavaScript.
//
//   plan := [op...]       op := "html" | [1, expr] (child) | [2, " name", expr] (attribute)
//   expr := [0, param index] | [1, expr, "name"] | [2, "string"] | [3, number] | [4, expr, expr] (+)
std::optional<std::string> jsx_render_plan(const JsNode& template_ast, const std::vector<std::string>& params);

// Text made safe for HTML, as JSX escapes it: & < > " ' become entities.
std::string escape_html(std::string_view text);

}  // namespace webx
