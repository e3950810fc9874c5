// Test support: compiles one in-memory .webx module through the whole front
// end and the code generator.
#pragma once

#include <optional>
#include <sstream>
#include <string>

#include "codegen.h"
#include "parse.h"
#include "sema.h"

namespace webx::testing {

struct Compiled {
  Program program;
  std::optional<GeneratedJs> js;  // nullopt when anything reported an error
  std::string diagnostics;        // rendered, without colour
  bool parsed = false;            // the source parsed without errors
};

inline Compiled compile_source(const std::string& source, const std::string& name = "app.webx") {
  Compiled c;
  DiagnosticSink sink;
  auto file = std::make_shared<SourceFile>(name, source);
  sink.add_source(file);
  c.program.modules.push_back(parse_module(file, sink));
  c.parsed = !sink.has_errors();
  if (c.parsed) check_program(c.program, sink);
  if (!sink.has_errors()) c.js = generate_js(c.program, sink);
  if (sink.has_errors()) c.js.reset();
  std::ostringstream s;
  sink.render(s, false);
  c.diagnostics = s.str();
  return c;
}

}  // namespace webx::testing
