// How `webx test` shows results: the console report (a line per test, then
// each failure in the compiler's diagnostic shape with the request, the
// expectation and the response) and JUnit XML for CI systems.
#pragma once

#include <ostream>
#include <vector>

#include "test_runner.h"

namespace webx::cli {

// "  ✓ name (3 ms)" / "  ✗ name (3 ms)", with the module's path as a
// heading before its first test.
void print_test_line(std::ostream& out, const testing::TestResult& result, bool color);

// The failures of `results`, each as a diagnostic at its step plus the
// details; the source lines come from the modules' sources.
void print_failures(std::ostream& out, const std::vector<testing::TestResult>& results, bool color);

// A JUnit XML document: one <testsuite> per module, one <testcase> per
// test, <failure> for a failed expectation and <error> for anything else.
void write_junit(std::ostream& out, const std::vector<testing::TestResult>& results, double seconds);

}  // namespace webx::cli
