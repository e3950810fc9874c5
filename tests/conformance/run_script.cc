// Compiles one WebX module and runs its global code in a fresh engine.
#include "run_script.h"

#include <fmt/format.h>


#include "../support/compile_source.h"
#include "js_engine.h"
#include "prelude.h"

namespace webx::testing {

namespace {

std::string describe(const JsError& e, const GeneratedJs& js) {
  std::string out = fmt::format("{}: {}", e.name.empty() ? "thrown" : e.name, e.message);
  for (const auto& f : e.frames) {
    if (f.file != js.filename) continue;
    auto loc = js.source_of(f.line);
    out += fmt::format("\n  at {} (generated line {}{})", f.function.empty() ? "<anonymous>" : f.function,
                       f.line, loc ? fmt::format(" = {}:{}:{}", loc->file, loc->line, loc->col) : "");
  }
  return out;
}

}  // namespace

ScriptRun run_webx_module(std::string_view webx_source, std::string_view display_name) {
  ScriptRun run;
  Compiled c = compile_source(std::string(webx_source), std::string(display_name));
  if (!c.js) {
    run.error = c.diagnostics;
    return run;
  }
  const GeneratedJs* js = &*c.js;
  JsEngine engine(JsLimits{64u << 20, 5000});
  engine.set_console([&](std::string_view line) {
    run.output += line;
    run.output += '\n';
  });
  JsResult r = engine.load(stdlib_prelude(), "webx-prelude.js");
  if (!r.ok) {
    run.error = "the prelude failed: " + r.error.name + ": " + r.error.message;
    return run;
  }
  r = engine.load(js->code, js->filename);
  if (r.ok) r = engine.call("$wx.init");
  if (!r.ok) {
    if (r.error.timed_out || r.error.out_of_memory) {
      run.error = describe(r.error, *js);
      return run;
    }
    run.output += "THROWN: " + (r.error.name.empty() ? std::string("value") : r.error.name) + "\n";
    run.error = describe(r.error, *js) + "\n--- generated\n" + js->code;
  }
  run.ok = true;
  return run;
}

}  // namespace webx::testing
