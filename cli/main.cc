// webx: the WebX command line. Thin by design: each subcommand lives in its
// own file and calls into the compiler and runtime libraries.
#include <cstdlib>
#include <iostream>

#include <unistd.h>

#include "commands.h"

namespace webx::cli {

bool use_color(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  if (no_color != nullptr && *no_color != '\0') return false;
  if (term != nullptr && std::string(term) == "dumb") return false;
  return isatty(fd) != 0;
}

namespace {

const Command kCommands[] = {
    {"new", "Create a project: an htmx app with tests", setup_new},
    {"build", "Parse and check a project, print its routes (or its IR)", setup_build},
    {"run", "Check a project and serve it over HTTP", setup_run},
    {"test", "Check a project and run its test blocks against the real server", setup_test},
};

}  // namespace
}  // namespace webx::cli

int main(int argc, char** argv) {
  using namespace webx::cli;
  CLI::App app{"WebX: a small language and toolchain for htmx-first web backends", "webx"};
  app.set_version_flag("--version", std::string("webx ") + WEBX_VERSION);
  app.require_subcommand(1);
  Run run;
  for (const auto& command : kCommands) {
    CLI::App* sub = app.add_subcommand(command.name, command.summary);
    Run r = command.setup(*sub);
    sub->callback([&run, r] { run = r; });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return run ? run() : 1;
}
