// Code generation for `test` blocks: one module's tests → one ES5.1 script
// for the test runner's own Duktape heap (not the program's: tests talk to
// the program only over HTTP, docs/testing.md).
//
// Each test becomes `function $test_N($t)`. Its steps call the runner's
// object $t (stdlib/testing.js): `$t.request(step, ...)` sends a request and
// binds `status`, `headers`, `body` and `json` of its response; `$t.expect(
// step, op, actual, expected)` checks one expectation, with both sides as
// functions so that a failing expression is reported at its step; a capture
// `let x = e` is a variable of the test. Steps are numbered in source order,
// so the runner maps a failure back to the step's .webx position.
//
// Pure function of the IR; safe to call from any thread on its own module.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "codegen.h"
#include "diagnostics.h"
#include "ir.h"

namespace webx {

struct GeneratedTests {
  struct Case {
    const Test* test = nullptr;
    std::string function;  // "$test_N"
  };
  // The script, its filename ("<module path> (tests)") and its source map;
  // `routes` is empty.
  GeneratedJs script;
  std::vector<Case> cases;  // in source order
};

// Lowers every test of `module`. Constructs that cannot be lowered are
// reported to `sink` at their position; then nullopt.
std::optional<GeneratedTests> generate_tests(const Module& module, DiagnosticSink& sink);

}  // namespace webx
