// Golden tests: .webx programs with their expected IR or diagnostics.
//
// tests/golden/valid/NAME.webx (or a project folder NAME/) must build with no
// error, and its IR (compact form) must equal NAME.ir.json beside it.
// tests/golden/invalid/NAME.webx (or NAME/) states each expected diagnostic
// in a comment `// error L:C: message` (or `// warning ...`) in the file the
// diagnostic points into; the build must produce exactly those.
//
// Set WEBX_UPDATE_GOLDEN=1 to rewrite the .ir.json files after reviewing a
// change to the IR.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <unistd.h>

#include "codegen.h"
#include "ir_json.h"
#include "project.h"

namespace fs = std::filesystem;

namespace {

const fs::path kGolden = fs::path(WEBX_SOURCE_DIR) / "tests" / "golden";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Makes a project folder for a case: a directory case is copied as is; a
// single file becomes webx/<file> with a minimal config. Paths in
// diagnostics are then relative to the project ("webx/app.webx").
fs::path stage(const fs::path& input) {
  fs::path dir = fs::temp_directory_path() / ("webx-golden-" + std::to_string(::getpid())) /
                 input.filename();
  fs::remove_all(dir);
  fs::create_directories(dir);
  if (fs::is_directory(input)) {
    fs::copy(input, dir, fs::copy_options::recursive);
  } else {
    fs::create_directories(dir / "webx");
    fs::copy_file(input, dir / "webx" / input.filename());
    std::ofstream(dir / "webx.config.json") << "{\"name\": \"golden\"}\n";
  }
  return dir;
}

struct Loaded {
  std::optional<webx::Project> project;
  webx::DiagnosticSink sink;
};

void load(const fs::path& dir, Loaded& out) {
  fs::path cwd = fs::current_path();
  fs::current_path(dir);
  out.project = webx::load_project(".", out.sink);
  fs::current_path(cwd);
}

std::string rendered(const webx::DiagnosticSink& sink) {
  std::ostringstream s;
  sink.render(s, false);
  return s.str();
}

std::vector<fs::path> cases(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    auto ext = e.path().extension();
    if (e.is_directory() || ext == ".webx" || ext == ".wx") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("golden: valid programs build and match their IR") {
  bool update = std::getenv("WEBX_UPDATE_GOLDEN") != nullptr;
  auto list = cases(kGolden / "valid");
  REQUIRE(list.size() >= 25);
  for (const auto& input : list) {
    CAPTURE(input.filename().string());
    Loaded l;
    load(stage(input), l);
    REQUIRE(l.project.has_value());
    INFO(rendered(l.sink));
    CHECK(l.sink.error_count() == 0);
    CHECK(l.sink.warning_count() == 0);
    // Every valid program lowers to ES5.1 (`webx build` also loads it in the
    // engine; see cli_build_test.cc).
    webx::DiagnosticSink codegen_sink;
    auto js = webx::generate_js(l.project->program, codegen_sink);
    CHECK_MESSAGE(js.has_value(), rendered(codegen_sink));
    CHECK_MESSAGE(codegen_sink.warning_count() == 0, rendered(codegen_sink));
    std::string ir = webx::program_to_json(l.project->program, true).dump(1) + "\n";
    fs::path expected_path = input;
    expected_path.replace_extension(".ir.json");
    if (fs::is_directory(input)) expected_path = input.string() + ".ir.json";
    if (update) {
      std::ofstream(expected_path, std::ios::binary) << ir;
      continue;
    }
    REQUIRE_MESSAGE(fs::exists(expected_path),
                    "missing " << expected_path << " (run with WEBX_UPDATE_GOLDEN=1)");
    CHECK(ir == read_file(expected_path));
  }
}

TEST_CASE("golden: invalid programs report exactly the expected diagnostics") {
  auto list = cases(kGolden / "invalid");
  REQUIRE(list.size() >= 20);
  const std::regex expect_re(R"(//\s*(error|warning)\s+(\d+):(\d+):\s*(.*?)\s*$)");
  for (const auto& input : list) {
    CAPTURE(input.filename().string());
    fs::path dir = stage(input);
    std::multiset<std::string> expected;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      auto ext = e.path().extension();
      if (ext != ".webx" && ext != ".wx") continue;
      std::string display = e.path().lexically_relative(dir).string();
      std::istringstream lines(read_file(e.path()));
      std::string line;
      while (std::getline(lines, line)) {
        std::smatch m;
        if (std::regex_search(line, m, expect_re)) {
          expected.insert(fmt::format("{}:{}:{}: {}: {}", display, m[2].str(), m[3].str(),
                                      m[1].str(), m[4].str()));
        }
      }
    }
    REQUIRE_MESSAGE(!expected.empty(), "no `// error L:C: message` expectations in the case");
    Loaded l;
    load(dir, l);
    std::multiset<std::string> actual;
    for (const auto& d : l.sink.all()) {
      if (d.severity == webx::Severity::Note) continue;
      actual.insert(fmt::format("{}:{}:{}: {}: {}", d.loc.file, d.loc.line, d.loc.col,
                                d.severity == webx::Severity::Error ? "error" : "warning",
                                d.message));
    }
    std::ostringstream diff;
    for (const auto& e : expected) {
      if (!actual.count(e)) diff << "missing:    " << e << "\n";
    }
    for (const auto& a : actual) {
      if (!expected.count(a)) diff << "unexpected: " << a << "\n";
    }
    INFO(rendered(l.sink));
    CHECK_MESSAGE(expected == actual, diff.str());
  }
}
