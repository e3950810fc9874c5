// `webx test [DIR] [--filter TEXT] [--reporter console|junit] [--out FILE]`:
// check the project like `webx build`, then run its `test` blocks against
// the real server (docs/testing.md).
#include <signal.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "app.h"
#include "commands.h"
#include "test_report.h"
#include "test_runner.h"

namespace webx::cli {

namespace {

struct TestOptions {
  std::string dir = ".";
  std::string filter;
  std::string reporter = "console";
  std::string out;
};

int run_test_command(const TestOptions& options) {
  std::optional<CompiledProject> compiled = compile_project(options.dir, false);
  if (!compiled) return 1;
  signal(SIGPIPE, SIG_IGN);  // a server closing on the client is an error code

  size_t total = 0, selected = 0;
  for (const auto& suite : compiled->tests) {
    for (const auto& c : suite.tests.cases) {
      ++total;
      if (testing::selected(*c.test, options.filter)) ++selected;
    }
  }
  std::vector<testing::ModuleTests> suites = std::move(compiled->tests);
  std::shared_ptr<const http::HttpApp> app =
      http::build_app(std::move(compiled->project), std::move(compiled->js), /*dev=*/true);

  // JUnit without --out takes stdout; the human report goes to stderr then.
  const bool xml_on_stdout = options.reporter == "junit" && options.out.empty();
  std::ostream& human = xml_on_stdout ? std::cerr : std::cout;
  const bool color = use_color(xml_on_stdout ? 2 : 1);
  if (selected == 0) {
    if (total > 0) {
      std::cerr << fmt::format("webx: error: no test name contains \"{}\" ({} test{} in the project)\n",
                               options.filter, total, total == 1 ? "" : "s");
      return 1;
    }
    human << "no tests found (write `test \"name\" { ... }` blocks in any .webx file)\n";
  }

  testing::TestRunOptions run;
  run.filter = options.filter;
  const Module* heading = nullptr;
  run.on_result = [&](const testing::TestResult& r) {
    if (r.module != heading) {
      heading = r.module;
      human << r.module->path << '\n';
    }
    print_test_line(human, r, color);
    human.flush();
  };
  run.console = [](std::string_view line) { std::cerr << "console: " << line << '\n'; };
  const auto started = std::chrono::steady_clock::now();
  std::vector<testing::TestResult> results = testing::run_tests(app, suites, run);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  size_t failed = 0;
  for (const auto& r : results) failed += r.passed ? 0 : 1;
  print_failures(human, results, color);
  human << fmt::format("\n{} passed, {} failed ({:.0f} ms)\n", results.size() - failed, failed, seconds * 1000);

  if (options.reporter == "junit") {
    if (xml_on_stdout) {
      write_junit(std::cout, results, seconds);
    } else {
      std::ofstream file(options.out);
      write_junit(file, results, seconds);
      file.close();
      if (!file) {
        std::cerr << fmt::format("webx: error: cannot write {}\n", options.out);
        return 1;
      }
    }
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace

Run setup_test(CLI::App& sub) {
  auto options = std::make_shared<TestOptions>();
  sub.add_option("dir", options->dir, "Project folder (holding webx.config.json)")->capture_default_str();
  sub.add_option("--filter", options->filter, "Run only the tests whose name contains TEXT");
  sub.add_option("--reporter", options->reporter, "console (default) or junit (JUnit XML)")
      ->check(CLI::IsMember({"console", "junit"}));
  sub.add_option("--out", options->out, "Write the JUnit XML to FILE instead of stdout");
  return [options] { return run_test_command(*options); };
}

}  // namespace webx::cli
