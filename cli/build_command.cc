// `webx build [DIR] [--emit ir|js]`: parse, check and lower a project.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "app.h"
#include "codegen.h"
#include "commands.h"
#include "ir_json.h"
#include "js_engine.h"
#include "prelude.h"
#include "project.h"
#include "test_codegen.h"

namespace webx::cli {

namespace {

struct BuildOptions {
  std::string dir = ".";
  std::string emit;
};

// What a route runs, in one line: "auth(1):user, findTodo(id):todo -> { } -> renderTodo".
std::string describe_route(const Route& r) {
  std::vector<std::string> parts;
  auto calls = [](const std::vector<Call>& list) {
    std::string out;
    for (const auto& c : list) {
      if (!out.empty()) out += ", ";
      out += c.name + (c.has_parens ? "(…)" : "");
      if (!c.out.empty()) out += ":" + c.out;
    }
    return out;
  };
  if (!r.pre_calls.empty()) parts.push_back(calls(r.pre_calls));
  if (r.body) {
    if (r.body->kind == BodyKind::Block) parts.push_back("{ js }");
    else parts.push_back(r.body->is_static ? "( static html )" : "( jsx )");
  }
  if (!r.post_calls.empty()) parts.push_back(calls(r.post_calls));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " -> ") + p;
  return out.empty() ? "(empty: 204)" : out;
}

using Preludes = std::vector<std::pair<std::string_view, std::string_view>>;  // (text, file name)

// The generated code must compile in the engine that will run it, after
// the scripts it is loaded after. A failure here is a compiler bug, reported
// at the user's line it came from rather than at request time.
void check_in_engine(JsEngine& engine, const Preludes& preludes, const GeneratedJs& js, DiagnosticSink& sink) {
  JsResult r;
  r.ok = true;
  for (const auto& [text, name] : preludes) {
    if (r.ok) r = engine.load(text, name);
  }
  if (r.ok) r = engine.load(js.code, js.filename);
  if (r.ok) return;
  std::optional<SourceLoc> at;
  for (const auto& f : r.error.frames) {
    if (f.file == js.filename && (at = js.source_of(f.line))) break;
  }
  Diagnostic& d = sink.error(at.value_or(SourceLoc{}),
                             fmt::format("internal compiler error: the generated JavaScript was "
                                         "rejected by the engine: {}: {}",
                                         r.error.name, r.error.message));
  d.hint = "please report this; `webx build --emit js` shows the generated code";
}

// Checks a generated script in one scratch engine: its regular expression
// literals (a literal the engine refuses is the user's error, at the
// literal; the engine would only refuse the whole script), then, when
// `load` (webx build), the script itself after its preludes. False when a
// literal was refused.
bool check_script(const GeneratedJs& js, const Preludes& preludes, bool load, DiagnosticSink& sink) {
  if (js.regexes.empty() && !load) return true;
  JsEngine engine(JsLimits{64u << 20, 5000});
  if (!http::check_regexes_in_engine(js, engine, sink)) return false;
  if (load) check_in_engine(engine, preludes, js, sink);
  return true;
}

int run_build(const BuildOptions& options) {
  std::optional<CompiledProject> compiled = compile_project(options.dir, true);
  if (!compiled) return 1;
  if (options.emit == "js") {
    std::cout << compiled->js.code;
  } else if (options.emit == "ir") {
    std::cout << program_to_json(compiled->project.program).dump(2) << '\n';
  } else {
    print_route_table(compiled->project, std::cout);
  }
  return 0;
}

}  // namespace

std::optional<CompiledProject> compile_project(const std::string& dir, bool check_generated) {
  DiagnosticSink sink;
  auto project = load_project(dir, sink);
  std::optional<GeneratedJs> js;
  if (project && !sink.has_errors()) js = generate_js(project->program, sink);
  if (js) check_script(*js, {{stdlib_prelude(), "webx-prelude.js"}}, check_generated, sink);
  std::vector<testing::ModuleTests> tests;
  if (js) {
    for (const auto& m : project->program.modules) {
      if (m->tests.empty()) continue;
      std::optional<GeneratedTests> generated = generate_tests(*m, sink);
      if (!generated ||
          !check_script(generated->script,
                        {{stdlib_prelude(), "webx-prelude.js"}, {stdlib_testing(), "webx-testing.js"}},
                        check_generated, sink)) {
        continue;
      }
      tests.push_back({m.get(), std::move(*generated)});
    }
  }
  sink.render(std::cerr, use_color(2));
  if (!project || sink.has_errors() || !js) return std::nullopt;
  return CompiledProject{std::move(*project), std::move(*js), std::move(tests)};
}

void print_route_table(const Project& project, std::ostream& out) {
  struct Row { std::string method, path, where, runs; };
  std::vector<Row> rows;
  for (const auto& m : project.program.modules) {
    for (const auto& r : m->routes) {
      rows.push_back({method_name(r.method), r.path_string(),
                      fmt::format("{}:{}", r.loc.file, r.loc.line), describe_route(r)});
    }
  }
  size_t wm = 6, wp = 4, ww = 5;
  for (const auto& r : rows) {
    wm = std::max(wm, r.method.size());
    wp = std::max(wp, r.path.size());
    ww = std::max(ww, r.where.size());
  }
  out << fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", "METHOD", wm, "PATH", wp, "WHERE", ww, "RUNS");
  for (const auto& r : rows) {
    out << fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", r.method, wm, r.path, wp, r.where, ww, r.runs);
  }
  out << fmt::format("{} route{}\n", rows.size(), rows.size() == 1 ? "" : "s");
}

Run setup_build(CLI::App& sub) {
  auto options = std::make_shared<BuildOptions>();
  sub.add_option("dir", options->dir, "Project folder (holding webx.config.json)")
      ->capture_default_str();
  sub.add_option("--emit", options->emit, "Print the program instead of the route table: ir (the checked IR as "
                  "JSON) or js (the generated ES5.1)")
      ->check(CLI::IsMember({"ir", "js"}));
  return [options] { return run_build(*options); };
}

}  // namespace webx::cli
