// Differential conformance tests (see README.md beside this file).
//
// js/NNN-topic.js: a plain modern-JS program. Node (the oracle, through
// run_node.js) runs it as is; WebX compiles it wrapped in `global { ... }` to
// ES5.1 and runs it in Duktape. The two outputs must be identical.
//
// jsx/NNN-topic.webx: a WebX module printing rendered JSX from its global code;
// the output must equal NNN-topic.out beside it, byte for byte.
//
// One TEST_CASE per case file ("conformance/js/NNN-topic",
// "conformance/jsx/NNN-topic"), generated from conformance_cases.inc (written
// by cases.cmake); without it, one TEST_CASE per corpus with a SUBCASE per file.
//
// Node runs once for all js cases; its answer is cached in the temp folder
// under a hash of run_node.js and every js case, so a ctest run (one process
// per test) does not start Node per test. WEBX_NODE overrides the node binary.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "run_script.h"

namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(WEBX_SOURCE_DIR) / "tests" / "conformance";
const fs::path kJsDir = kDir / "js";
const fs::path kJsxDir = kDir / "jsx";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Case names (file names without extension) in a corpus folder, sorted.
std::vector<std::string> case_names(const fs::path& dir, std::string_view ext) {
  std::vector<std::string> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string file = e.path().filename().string();
    if (!e.is_regular_file() || !ends_with(file, ext) || ends_with(file, ".node.js")) continue;
    out.push_back(file.substr(0, file.size() - ext.size()));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

// ---------------------------------------------------------------- the oracle

struct Oracle {
  std::map<std::string, std::string> outputs;  // case name -> Node's output
  std::string error;                           // why there are no outputs
};

std::uint64_t fnv1a(std::uint64_t h, const std::string& data) {
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

bool parse_oracle(const std::string& text, Oracle& oracle, std::string& why) {
  try {
    auto j = nlohmann::json::parse(text);
    if (!j.is_object()) {
      why = "run_node.js did not print a JSON object";
      return false;
    }
    for (const auto& [name, output] : j.items()) oracle.outputs[name] = output.get<std::string>();
    return true;
  } catch (const std::exception& e) {
    why = std::string("cannot parse run_node.js output: ") + e.what();
    return false;
  }
}

Oracle run_oracle() {
  Oracle oracle;
  // The cache key covers everything Node reads: the runner and every js file.
  std::uint64_t hash = fnv1a(14695981039346656037ull, read_file(kDir / "run_node.js"));
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kJsDir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) hash = fnv1a(fnv1a(hash, f.filename().string()), read_file(f));
  const char* node_env = std::getenv("WEBX_NODE");
  std::string node = node_env && *node_env ? node_env : "node";
  hash = fnv1a(hash, node);

  fs::path cache = fs::temp_directory_path() / fmt::format("webx-conformance-node-{:016x}.json", hash);
  std::string why;
  if (fs::exists(cache) && parse_oracle(read_file(cache), oracle, why)) return oracle;
  oracle.outputs.clear();

  fs::path err_file = fs::temp_directory_path() / fmt::format("webx-conformance-node-{}.err", ::getpid());
  std::string cmd = fmt::format("{} {} 2>{}", shell_quote(node), shell_quote((kDir / "run_node.js").string()),
                                shell_quote(err_file.string()));
  std::string out;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) {
    oracle.error = "cannot start: " + cmd;
    return oracle;
  }
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = ::pclose(pipe);
  std::string err = read_file(err_file);
  fs::remove(err_file);
  if (status != 0) {
    oracle.error = fmt::format(
        "Node.js (the oracle) failed: `{}` exited with status {}. Node 20 must be on PATH "
        "(or set WEBX_NODE).\n{}",
        cmd, status, err);
    return oracle;
  }
  if (!parse_oracle(out, oracle, why)) {
    oracle.error = why + "\n" + err;
    return oracle;
  }
  // Publish the cache atomically (several test processes may race here).
  fs::path tmp = cache;
  tmp += fmt::format(".{}.tmp", ::getpid());
  {
    std::ofstream(tmp, std::ios::binary) << out;
  }
  std::error_code ec;
  fs::rename(tmp, cache, ec);
  if (ec) fs::remove(tmp, ec);
  // Drop caches of earlier versions of the corpus.
  for (const auto& e : fs::directory_iterator(fs::temp_directory_path(), ec)) {
    std::string file = e.path().filename().string();
    if (file.rfind("webx-conformance-node-", 0) == 0 && ends_with(file, ".json") && e.path() != cache)
      fs::remove(e.path(), ec);
  }
  return oracle;
}

const Oracle& oracle() {
  static const Oracle o = run_oracle();
  return o;
}

// ---------------------------------------------------------------- comparing

std::string strip_trailing_newlines(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// "line N" of the first difference, to point at the right console.log.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream a(expected), b(actual);
  std::string la, lb;
  for (int line = 1;; ++line) {
    bool ha = static_cast<bool>(std::getline(a, la));
    bool hb = static_cast<bool>(std::getline(b, lb));
    if (!ha && !hb) return "outputs differ only in their trailing newline";
    if (ha != hb || la != lb)
      return fmt::format("first difference at output line {}:\n  expected: {}\n  actual:   {}", line,
                         ha ? la : "<end of output>", hb ? lb : "<end of output>");
  }
}

void compare(const fs::path& file, const std::string& expected, const webx::testing::ScriptRun& run,
             std::string_view note) {
  bool expect_throw = expected.rfind("THROWN: ", 0) == 0;
  bool same = expect_throw ? strip_trailing_newlines(run.output) == strip_trailing_newlines(expected)
                           : run.ok && run.output == expected;
  if (same) {
    CHECK(true);
    return;
  }
  std::string msg = fmt::format("{}\n", file.string());
  if (!run.ok && !expect_throw) msg += "the WebX run failed\n";
  msg += first_difference(expected, run.output) + "\n";
  msg += fmt::format("--- expected\n{}", expected);
  if (!ends_with(expected, "\n")) msg += "\n";
  msg += fmt::format("--- actual\n{}", run.output);
  if (!ends_with(run.output, "\n")) msg += "\n";
  if (!run.error.empty()) msg += fmt::format("--- error\n{}\n", run.error);
  if (!note.empty()) msg += std::string(note) + "\n";
  FAIL_CHECK(msg);
}

void check_js_case(const std::string& name) {
  const Oracle& o = oracle();
  REQUIRE_MESSAGE(o.error.empty(), o.error);
  fs::path file = kJsDir / (name + ".js");
  auto it = o.outputs.find(name);
  REQUIRE_MESSAGE(it != o.outputs.end(), "run_node.js gave no output for ", file.string());
  std::string source = read_file(file);
  auto run = webx::testing::run_webx_module("global {\n" + source + "\n}\n", "js/" + name + ".js");
  compare(file, it->second, run,
          "(expected = Node's output; the case is compiled wrapped in `global {`, so diagnostic "
          "lines are one more than the file's)");
}

void check_jsx_case(const std::string& name) {
  fs::path file = kJsxDir / (name + ".webx");
  fs::path out_file = kJsxDir / (name + ".out");
  REQUIRE_MESSAGE(fs::exists(out_file), "missing expected output ", out_file.string());
  auto run = webx::testing::run_webx_module(read_file(file), "jsx/" + name + ".webx");
  compare(file, read_file(out_file), run, "(expected = " + out_file.filename().string() + ")");
}

}  // namespace

// ---------------------------------------------------------------- the cases

#if __has_include("conformance_cases.inc")

#define WEBX_JS_CASE(name) \
  TEST_CASE("conformance/js/" name) { check_js_case(name); }
#define WEBX_JSX_CASE(name) \
  TEST_CASE("conformance/jsx/" name) { check_jsx_case(name); }
#include "conformance_cases.inc"
#undef WEBX_JS_CASE
#undef WEBX_JSX_CASE

namespace {
const std::vector<std::string> kGeneratedJs = {
#define WEBX_JS_CASE(name) name,
#define WEBX_JSX_CASE(name)
#include "conformance_cases.inc"
#undef WEBX_JS_CASE
#undef WEBX_JSX_CASE
};
const std::vector<std::string> kGeneratedJsx = {
#define WEBX_JS_CASE(name)
#define WEBX_JSX_CASE(name) name,
#include "conformance_cases.inc"
#undef WEBX_JS_CASE
#undef WEBX_JSX_CASE
};
}  // namespace

TEST_CASE("conformance/case list is up to date") {
  // CMake regenerates the list when files are added; this catches a stale one.
  CHECK(kGeneratedJs == case_names(kJsDir, ".js"));
  CHECK(kGeneratedJsx == case_names(kJsxDir, ".webx"));
}

#else

TEST_CASE("conformance/js") {
  for (const auto& name : case_names(kJsDir, ".js")) {
    SUBCASE(name.c_str()) { check_js_case(name); }
  }
}

TEST_CASE("conformance/jsx") {
  for (const auto& name : case_names(kJsxDir, ".webx")) {
    SUBCASE(name.c_str()) { check_jsx_case(name); }
  }
}

#endif

TEST_CASE("conformance/corpus is well formed") {
  auto js = case_names(kJsDir, ".js");
  auto jsx = case_names(kJsxDir, ".webx");
  CHECK(js.size() >= 150);
  CHECK(jsx.size() >= 40);
  for (const auto& name : jsx) {
    fs::path out = kJsxDir / (name + ".out");
    CHECK_MESSAGE(fs::exists(out), "missing ", out.string());
    if (fs::exists(out)) CHECK_MESSAGE(ends_with(read_file(out), "\n"), out.string(), " must end with a newline");
  }
  // Every sidecar belongs to a case.
  for (const auto& e : fs::directory_iterator(kJsDir)) {
    std::string file = e.path().filename().string();
    if (!ends_with(file, ".node.js")) continue;
    std::string name = file.substr(0, file.size() - std::string_view(".node.js").size());
    CHECK_MESSAGE(std::find(js.begin(), js.end(), name) != js.end(), "sidecar without a case: ", file);
  }
  // Node agrees on the set of cases.
  const Oracle& o = oracle();
  REQUIRE_MESSAGE(o.error.empty(), o.error);
  CHECK(o.outputs.size() == js.size());
}
