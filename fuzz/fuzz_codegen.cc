// fuzz_codegen: bytes as one .webx module; those that parse and check
// without errors → generate_js and generate_tests (compiler/codegen.h,
// test_codegen.h) → loaded into a fresh JsEngine after the prelude (and
// stdlib/testing.js for tests), exactly as `webx build` checks them →
// build_app (static templates rendered, the route table built) → every
// route matched by a path made from its own segments.
//
// Findings, besides the sanitizers: the engine rejecting generated code
// (a SyntaxError, or any other error while loading: generated code's top
// level only defines functions and modules), a code generator that fails
// without saying why, and a route the table cannot reach.
//
// Loading the prelude costs more than the rest of an input, so engines are
// reused across inputs; EngineCache says why that cannot make up findings.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "app.h"
#include "fuzz_support.h"
#include "js_engine.h"
#include "parse.h"
#include "prelude.h"
#include "route_table.h"
#include "sema.h"
#include "test_codegen.h"

namespace webx::fuzz {
namespace {

// Small: generated code for one fuzz input is tiny, and a limit keeps a
// runaway from costing the whole -rss_limit_mb.
constexpr JsLimits kLimits{size_t{32} << 20, 2000};
// A shared engine is replaced after this many loads, so what earlier inputs
// left behind stays bounded.
constexpr int kLoadsPerEngine = 256;

using Scripts = std::vector<std::pair<std::string_view, std::string_view>>;

std::string describe(const JsError& e) {
  std::string out = e.name + ": " + e.message;
  for (const JsStackFrame& f : e.frames) out += "\n  at " + f.function + " (" + f.file + ":" + std::to_string(f.line) + ")";
  return out;
}

// After the preludes: remembers every global, and tells whether a load has
// replaced one since (a handler called `$wx`, `JSON` or `Object`).
constexpr std::string_view kTaintCheck = R"(var $fuzzTainted = (function (g) {
  var names = Object.getOwnPropertyNames(g), saved = {};
  for (var i = 0; i < names.length; i++) saved[names[i]] = g[names[i]];
  return function () {
    for (var i = 0; i < names.length; i++) {
      var n = names[i], a = g[n], b = saved[n];
      if (n !== "$fuzzTainted" && a !== b && !(a !== a && b !== b)) return n;
    }
    return "";
  };
})(this);)";

std::unique_ptr<JsEngine> fresh_engine(const Scripts& preludes) {
  auto engine = std::make_unique<JsEngine>(kLimits);
  for (const auto& [text, name] : preludes) {
    JsResult r = engine->load(text, name);
    check(r.ok, "a prelude failed to load", describe(r.error));
  }
  return engine;
}

// An engine with `preludes` loaded, reused across inputs while nothing
// replaced a global of the preludes. A failed load is never trusted to it:
// the code is loaded again into a fresh engine, and only a failure there is
// a finding, so what earlier inputs left behind cannot make one up.
class EngineCache {
 public:
  explicit EngineCache(Scripts preludes) : preludes_(std::move(preludes)) {}

  // False when a regular expression literal is one the engine refuses: a
  // user's error that webx build reports (check_regex_literals), not a
  // finding.
  bool load(const GeneratedJs& js, const char* what) {
    if (!engine_ || loads_ >= kLoadsPerEngine) {
      engine_ = fresh_engine(preludes_);
      JsResult r = engine_->load(kTaintCheck, "fuzz-taint-check.js");
      check(r.ok, "the taint check failed to load", describe(r.error));
      loads_ = 0;
    }
    DiagnosticSink regex_errors;
    if (!http::check_regexes_in_engine(js, *engine_, regex_errors)) return false;
    ++loads_;
    JsResult r = engine_->load(js.code, js.filename);
    JsTextResult tainted = engine_->call_text("$fuzzTainted", {});
    if (!r.ok || !tainted.ok || !tainted.text.empty()) engine_.reset();
    if (r.ok) return true;
    r = fresh_engine(preludes_)->load(js.code, js.filename);
    if (r.ok || r.error.timed_out || r.error.out_of_memory) return true;
    std::string detail = describe(r.error) + "\n--- generated code ---\n" + js.code;
    if (r.error.name == "SyntaxError") {
      fail(std::string("the engine rejected the generated ") + what + " (SyntaxError)", detail);
    }
    fail(std::string("loading the generated ") + what + " failed", detail);
  }

 private:
  Scripts preludes_;
  std::unique_ptr<JsEngine> engine_;
  int loads_ = 0;
};

EngineCache& program_engine() {
  static EngineCache cache({{stdlib_prelude(), "webx-prelude.js"}});
  return cache;
}

EngineCache& tests_engine() {
  static EngineCache cache({{stdlib_prelude(), "webx-prelude.js"}, {stdlib_testing(), "webx-testing.js"}});
  return cache;
}

// Decoded segments that `route` matches: its literals, and a value of each
// parameter's type.
std::optional<std::vector<std::string>> segments_for(const Route& route) {
  std::vector<std::string> out;
  for (const PathSegment& seg : route.path) {
    switch (seg.kind) {
      case SegmentKind::Literal:
        if (seg.text.empty()) return std::nullopt;
        out.push_back(seg.text);
        break;
      case SegmentKind::Param:
        if (seg.type == "int") out.push_back("7");
        else if (seg.type == "number") out.push_back("2.5");
        else if (seg.type == "boolean") out.push_back("true");
        else out.push_back("s");
        break;
      case SegmentKind::Rest:
        out.push_back("r1");
        out.push_back("r2");
        break;
    }
  }
  return out;
}

}  // namespace
}  // namespace webx::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace webx;
  using namespace webx::fuzz;
  // ANTLR's caches grow with every new input: 2 GB, libFuzzer's limit,
  // after about a million of them.
  static uint64_t inputs = 0;
  if (++inputs % 20000 == 0) clear_parser_caches();
  DiagnosticSink sink;
  auto file = std::make_shared<SourceFile>("webx/app.webx", std::string(reinterpret_cast<const char*>(data), size));
  Program program;
  program.modules.push_back(parse_module(file, sink));
  if (sink.has_errors()) return 0;
  check_program(program, sink);
  if (sink.has_errors()) return 0;

  std::optional<GeneratedJs> js = generate_js(program, sink);
  std::ostringstream diagnostics;
  sink.render(diagnostics, false);
  check(js.has_value() == !sink.has_errors(), "generate_js's result disagrees with its diagnostics", diagnostics.str());
  if (!js) return 0;
  check(js->routes.size() == program.modules[0]->routes.size(), "a route missing from the generated code");
  for (uint32_t line = 1; line <= js->lines.size(); ++line) {
    if (auto loc = js->source_of(line)) {
      check(loc->file == file->path() && loc->line >= 1 && loc->line <= file->line_count(),
            "the line map points outside the source", format_loc(*loc));
    }
  }
  if (!program_engine().load(*js, "program")) return 0;

  const Module& module = *program.modules[0];
  if (!module.tests.empty()) {
    std::optional<GeneratedTests> tests = generate_tests(module, sink);
    diagnostics.str("");
    sink.render(diagnostics, false);
    check(tests.has_value() == !sink.has_errors(), "generate_tests's result disagrees with its diagnostics",
          diagnostics.str());
    if (tests) {
      check(tests->cases.size() == module.tests.size(), "a test missing from the generated tests");
      if (!tests_engine().load(tests->script, "tests")) return 0;
    }
  }

  Project project;
  project.root = ".";
  project.program = std::move(program);
  std::shared_ptr<const http::HttpApp> app = http::build_app(std::move(project), std::move(*js), true);
  for (const auto& m : app->project.program.modules) {
    for (const Route& route : m->routes) {
      std::optional<std::vector<std::string>> segments = segments_for(route);
      if (!segments) continue;
      http::RouteMatch match = app->table->match(route.method, *segments);
      check(match.kind == http::RouteMatch::Kind::Found, "a route its own path does not reach",
            http::route_key(route));
      check(match.route < app->actions.size(), "a match outside the table");
    }
  }
  return 0;
}
