// The `webx` subcommands. Each registers its options on the CLI11 app and
// returns the function that runs it; main.cc walks one table of them, which
// drives both `--help` and dispatch.
#pragma once

#include <functional>
#include <ostream>

#include <CLI/CLI.hpp>

#include "codegen.h"
#include "project.h"
#include "test_runner.h"

namespace webx::cli {

using Run = std::function<int()>;

struct Command {
  const char* name;
  const char* summary;
  Run (*setup)(CLI::App& sub);
};

Run setup_build(CLI::App& sub);
Run setup_run(CLI::App& sub);
Run setup_test(CLI::App& sub);
Run setup_new(CLI::App& sub);

// A checked project with its generated program and tests, as `build`, `run`
// and `test` start from. The diagnostics are printed on stderr; nullopt
// when there were errors. `check_generated` also loads the generated code
// into a scratch engine (what `webx build` promises).
struct CompiledProject {
  Project project;
  GeneratedJs js;
  std::vector<testing::ModuleTests> tests;
};
std::optional<CompiledProject> compile_project(const std::string& dir, bool check_generated);

// The route table as `webx build` and `webx run` print it.
void print_route_table(const Project& project, std::ostream& out);

// Colours only when writing to a terminal that wants them.
bool use_color(int fd);

}  // namespace webx::cli
