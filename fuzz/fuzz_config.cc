// fuzz_config: bytes as webx.config.json → parse_config (compiler/config.h)
// → diagnostics rendered with and without colour. A config comes back
// exactly when no error was reported, and its values are in range.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>

#include "config.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace webx;
  DiagnosticSink sink;
  auto file = std::make_shared<SourceFile>("webx.config.json", std::string(reinterpret_cast<const char*>(data), size));
  sink.add_source(file);
  std::optional<Config> config = parse_config(file, sink);
  fuzz::check(config.has_value() == !sink.has_errors(), "parse_config's result disagrees with its diagnostics");
  for (const Diagnostic& d : sink.all()) {
    fuzz::check(!d.message.empty(), "a diagnostic without a message");
    if (d.loc.valid()) {
      fuzz::check(d.loc.line <= file->line_count(), "a diagnostic past the end of the file",
                  format_loc(d.loc) + ": " + d.message);
    }
  }
  std::ostringstream plain, colour;
  sink.render(plain, false);
  sink.render(colour, true);
  if (config) {
    fuzz::check(!config->src.empty(), "an empty src folder was accepted");
    fuzz::check(config->src[0] != '/' && config->src[0] != '\\', "an absolute src folder was accepted", config->src);
    fuzz::check(config->port >= 1, "port 0 was accepted");
    fuzz::check(config->limits.max_header_bytes >= 1024 && config->limits.max_body_bytes > 0,
                "a limit below its minimum was accepted");
  }
  return 0;
}
