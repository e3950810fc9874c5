// A fixed project for the HTTP fuzz targets, compiled once per process from
// source held in memory.
//
// Used on libFuzzer's one thread.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "app.h"
#include "compile_source.h"

namespace webx::fuzz {

// The app of a fixed program: front end, code generation and build_app,
// as `webx run` does it (without the disk). Aborts when the fixture itself
// does not compile, which is a mistake in the target, not a finding.
inline std::shared_ptr<const http::HttpApp> compile_app(const std::string& source, Config config,
                                                        bool dev) {
  testing::Compiled c = testing::compile_source(source);
  if (!c.js) {
    std::fprintf(stderr, "fuzz fixture does not compile:\n%s", c.diagnostics.c_str());
    std::abort();
  }
  Project project;
  project.root = ".";
  project.config = std::move(config);
  project.program = std::move(c.program);
  return http::build_app(std::move(project), std::move(*c.js), dev);
}

}  // namespace webx::fuzz
