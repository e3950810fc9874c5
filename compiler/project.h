// A WebX project on disk: webx.config.json plus the modules under its `src`
// folder, loaded, included in dependency order and checked.
//
// Used by one thread at a time.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "config.h"
#include "diagnostics.h"
#include "ir.h"

namespace webx {

// The config file that marks a project's folder.
inline constexpr const char* kConfigFileName = "webx.config.json";

struct Project {
  std::filesystem::path root;      // folder holding webx.config.json
  std::filesystem::path src_dir;   // root / config.src
  Config config;
  Program program;                 // modules in load order (includes first)
};

// Finds webx.config.json in `dir` (or, when absent there, in its parents),
// validates it, parses every .webx/.wx file under `src`, resolves includes
// and runs the semantic checks. Everything wrong is reported to `sink`.
// Returns nullopt only when there is no project to speak of (no config file,
// or a config so broken nothing else can be trusted); otherwise returns the
// project even if its modules have errors, so callers can still show what
// was understood.
std::optional<Project> load_project(const std::filesystem::path& dir, DiagnosticSink& sink);

// Only the first step of load_project: the config of the project in `dir`,
// or nullopt when there is none or it is invalid (load_project says why).
// For callers that need a setting before the sources are parsed.
std::optional<Config> read_project_config(const std::filesystem::path& dir);

}  // namespace webx
