// fuzz_frontend: bytes as one .webx module → the front end (lexer, parser,
// AST builder, then the semantic checks, which load_project runs even on a
// module with syntax errors) → diagnostics, rendered with and without colour
// (the caret code must hold on any line, column and length), or the IR as
// JSON when there were none.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>

#include "fuzz_support.h"
#include "ir_json.h"
#include "parse.h"
#include "sema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace webx;
  // ANTLR's caches grow with every new input: 2 GB, libFuzzer's limit,
  // after about a million of them.
  static uint64_t inputs = 0;
  if (++inputs % 20000 == 0) clear_parser_caches();
  DiagnosticSink sink;
  auto file = std::make_shared<SourceFile>("webx/app.webx", std::string(reinterpret_cast<const char*>(data), size));
  Program program;
  program.modules.push_back(parse_module(file, sink));
  fuzz::check(program.modules.back() != nullptr, "parse_module returned no module");
  check_program(program, sink);
  sink.sort();
  for (const Diagnostic& d : sink.all()) {
    fuzz::check(!d.message.empty(), "a diagnostic without a message");
    if (d.loc.valid()) {
      fuzz::check(d.loc.file == file->path(), "a diagnostic in another file", d.loc.file);
      fuzz::check(d.loc.line <= file->line_count() + 1, "a diagnostic past the end of the file",
                  format_loc(d.loc) + ": " + d.message);
    }
  }
  std::ostringstream plain, colour;
  sink.render(plain, false);
  sink.render(colour, true);
  if (!sink.has_errors()) {
    (void)program_to_json(program, true).dump();
  } else {
    fuzz::check(!plain.str().empty(), "errors rendered as nothing");
  }
  return 0;
}
