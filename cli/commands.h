// The `webx` subcommands. Each registers its options on the CLI11 app and
// returns the function that runs it; main.cc walks one table of them, which
// drives both `--help` and dispatch.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace webx::cli {

using Run = std::function<int()>;

struct Command {
  const char* name;
  const char* summary;
  Run (*setup)(CLI::App& sub);
};

Run setup_build(CLI::App& sub);

// Colours only when writing to a terminal that wants them.
bool use_color(int fd);

}  // namespace webx::cli
