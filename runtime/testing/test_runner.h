// The engine of `webx test` (docs/testing.md): runs a project's `test`
// blocks against the real server.
//
// Each module with tests gets a fresh runtime: a Service (JS actor with a
// fresh heap, one network loop) listening on an ephemeral port of
// 127.0.0.1, so tests of one file share global state and files never see
// each other's. The tests themselves run in a separate Duktape heap on the
// calling thread (compiler/test_codegen.h, stdlib/testing.js) and reach the
// program only through HTTP requests over a socket: every request goes
// through the parser, the router, the bindings and the actor exactly as in
// `webx run`. A client-side cookie jar, emptied before each test, makes
// session flows work as in a browser.
//
// Threads: called on one thread, which blocks while the tests run.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app.h"
#include "http_client.h"
#include "test_codegen.h"

namespace webx::testing {

struct TestResult {
  const Module* module = nullptr;
  const Test* test = nullptr;
  bool passed = false;
  double milliseconds = 0;
  // A failure: the step it happened at (null when the test could not even
  // start), and what happened there.
  const TestStep* step = nullptr;
  std::string message;   // a failed expectation: "expected ... to contain ..."
  std::string reason;    // why the comparison itself was impossible, or ""
  std::string expected;  // both sides as shown to the user (JSON-like)
  std::string actual;
  bool equality = false;  // an `==` check: worth a diff
  std::string error;      // a thrown error or a transport problem instead
  // The last exchange before the failure, when there was one.
  std::optional<ClientRequest> request;
  std::optional<ClientResponse> response;
};

struct TestRunOptions {
  std::string filter;  // only tests whose name contains it; "" = all
  // Called after each test, in order, e.g. to print progress.
  std::function<void(const TestResult&)> on_result;
  // Where the program's console.* lines go.
  std::function<void(std::string_view)> console;
};

// Whether `--filter` keeps `test`: its name contains `filter` ("" keeps all).
bool selected(const Test& test, const std::string& filter);

// The generated tests of one module (from generate_tests).
struct ModuleTests {
  const Module* module = nullptr;
  GeneratedTests tests;
};

// Runs `suites` against `app` (built in dev mode from the same project).
// Returns one result per test that passed the filter, in order.
std::vector<TestResult> run_tests(const std::shared_ptr<const http::HttpApp>& app,
                                  const std::vector<ModuleTests>& suites, const TestRunOptions& options);

}  // namespace webx::testing
