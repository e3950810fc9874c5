// `webx build` as users run it: the real binary on real project folders,
// checking exit codes, the route table, --emit ir and diagnostics on stderr.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

struct Result {
  int status;
  std::string out;  // stdout and stderr, in that order
};

Result run(const std::string& args) {
  fs::path err = fs::temp_directory_path() / ("webx-cli-err-" + std::to_string(::getpid()));
  std::string cmd = std::string(WEBX_BINARY) + " " + args + " 2>" + err.string();
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  std::ifstream e(err);
  out += std::string(std::istreambuf_iterator<char>(e), {});
  fs::remove(err);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

fs::path make_project(const std::string& name, const std::string& config,
                      const std::string& source) {
  fs::path dir = fs::temp_directory_path() / ("webx-cli-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir / "webx");
  std::ofstream(dir / "webx.config.json") << config;
  std::ofstream(dir / "webx" / "app.webx") << source;
  return dir;
}

}  // namespace

TEST_CASE("webx build prints the route table and exits 0 on a valid project") {
  auto r = run("build " + std::string(WEBX_SOURCE_DIR) + "/tests/e2e/projects/spec-todo");
  CHECK(r.status == 0);
  CHECK(r.out.find("METHOD") != std::string::npos);
  CHECK(r.out.find("GET     /todos/(id: number)") != std::string::npos);
  CHECK(r.out.find("5 routes") != std::string::npos);
}

TEST_CASE("webx build --emit ir prints the IR as JSON") {
  auto r = run("build --emit ir " + std::string(WEBX_SOURCE_DIR) + "/tests/e2e/projects/spec-todo");
  REQUIRE(r.status == 0);
  auto ir = nlohmann::json::parse(r.out);
  REQUIRE(ir["modules"].size() == 1);
  CHECK(ir["modules"][0]["routes"].size() == 5);
  CHECK(ir["modules"][0]["routes"][1]["method"] == "POST");
  CHECK(ir["modules"][0]["routes"][1]["path"] == "/todos");
}

TEST_CASE("webx build reports every error with a caret, without colour when piped, exit 1") {
  auto dir = make_project("bad", "{\"name\": \"bad\"}\n",
                          "get /a json(x: int) { return 1 }\n"
                          "get /b -> nope() { }\n");
  auto r = run("build " + dir.string());
  CHECK(r.status == 1);
  CHECK(r.out.find("webx/app.webx:1:8: error: a GET route cannot have a request body") !=
        std::string::npos);
  CHECK(r.out.find("webx/app.webx:2:11: error: unknown handler 'nope'") != std::string::npos);
  CHECK(r.out.find(" 2 | get /b -> nope() { }\n   |           ^~~~\n") != std::string::npos);
  CHECK(r.out.find("2 errors generated.") != std::string::npos);
  CHECK(r.out.find('\x1b') == std::string::npos);
}

TEST_CASE("webx build: a syntax error is not followed by what it causes") {
  // The handler's declaration is broken: its uses are not "unknown", and
  // the checks find nothing more in its lines; the other routes are checked.
  auto dir = make_project("cascade", "{\"name\": \"cascade\"}\n",
                          "handler row(t: string) (<li>{t</li>)\n"
                          "get /a -> row(\"x\")\n"
                          "get /b -> nope()\n");
  auto r = run("build " + dir.string());
  CHECK(r.status == 1);
  CHECK(r.out.find("webx/app.webx:1:25: error: unterminated JSX element <li>") != std::string::npos);
  CHECK(r.out.find("unknown handler 'row'") == std::string::npos);
  CHECK(r.out.find("webx/app.webx:3:11: error: unknown handler 'nope'") != std::string::npos);
  CHECK(r.out.find("2 errors generated.") != std::string::npos);
}

TEST_CASE("webx build reports a regular expression the engine refuses at the literal") {
  auto dir = make_project("regex", "{\"name\": \"regex\"}\n",
                          "get /a { return /+a/.test(\"x\"); }\n"
                          "get /b { return /ok/.test(\"x\"); }\n"
                          "test \"t\" {\n  get /a\n  expect body matches /(x/i\n}\n");
  auto r = run("build " + dir.string());
  CHECK(r.status == 1);
  CHECK(r.out.find("webx/app.webx:1:17: error: invalid regular expression: ") != std::string::npos);
  CHECK(r.out.find(" 1 | get /a { return /+a/.test(\"x\"); }\n   |                 ^~~~\n") != std::string::npos);
  CHECK(r.out.find("webx/app.webx:5:23: error: invalid regular expression: ") != std::string::npos);
  CHECK(r.out.find("internal compiler error") == std::string::npos);
  CHECK(r.out.find("2 errors generated.") != std::string::npos);
}

TEST_CASE("webx build validates the config and names the bad key") {
  auto dir = make_project("badconfig", "{\n  \"name\": \"x\",\n  \"prot\": 80\n}\n", "");
  auto r = run("build " + dir.string());
  CHECK(r.status == 1);
  CHECK(r.out.find("webx.config.json:3:3: error: unknown key 'prot'") != std::string::npos);
  CHECK(r.out.find("did you mean 'port'?") != std::string::npos);
}

TEST_CASE("webx build without a project explains what is missing") {
  fs::path empty = fs::temp_directory_path() / ("webx-cli-empty-" + std::to_string(::getpid()));
  fs::create_directories(empty);
  auto r = run("build " + empty.string());
  CHECK(r.status == 1);
  CHECK(r.out.find("no webx.config.json found") != std::string::npos);
  fs::remove_all(empty);
}

TEST_CASE("webx --version and --help") {
  auto r = run("--version");
  CHECK(r.status == 0);
  CHECK(r.out.rfind("webx ", 0) == 0);
  r = run("build --help");
  CHECK(r.status == 0);
  CHECK(r.out.find("--emit") != std::string::npos);
}

TEST_CASE("webx build --emit js prints the lowered program") {
  fs::path dir = make_project("emit-js", R"({"name": "t"})", R"(
handler card(title: string) (<li class="card">{title}</li>)
get /items/(id: int) {
  const { a, ...rest } = { a: id, b: 2 };
  return [a, rest.b].map(x => x ** 2);
}
)");
  Result r = run("build " + dir.string() + " --emit js");
  INFO(r.out);
  CHECK(r.status == 0);
  CHECK(r.out.find("function card(title) {") != std::string::npos);
  CHECK(r.out.find("function $route_0($ctx) {") != std::string::npos);
  CHECK(r.out.find("$wx.rest(") != std::string::npos);
  CHECK(r.out.find("Math.pow(x, 2)") != std::string::npos);
  CHECK(r.out.find("=>") == std::string::npos);
  CHECK(r.out.find("const ") == std::string::npos);
}

TEST_CASE("webx build rejects constructs the runtime cannot run, at their position") {
  fs::path dir = make_project("unsupported", R"({"name": "t"})",
                              "get /x {\n  return /a/u.test(\"a\");\n}\n");
  Result r = run("build " + dir.string());
  CHECK(r.status == 1);
  CHECK(r.out.find("webx/app.webx:2:10: error: the regular expression flag 'u' is not supported") !=
        std::string::npos);
}

TEST_CASE("webx build: static() inside JavaScript is an error with the route form as the fix") {
  fs::path dir = make_project("static-js", R"({"name": "t"})",
                              "get /x {\n  return static(\"public/a.txt\");\n}\n"
                              "get /y { const static2 = 1; return static2; }\n");
  Result r = run("build " + dir.string());
  CHECK(r.status == 1);
  CHECK(r.out.find("webx/app.webx:2:10: error: static() serves a file only as a route call") != std::string::npos);
  CHECK(r.out.find("1 error generated.") != std::string::npos);
}

TEST_CASE("webx build: a global with a handler's name is an error (it would replace the handler)") {
  fs::path dir = make_project("global-handler", R"({"name": "t"})",
                              "const page = 1;\nhandler page() { return 2; }\nget /b -> page\n");
  Result r = run("build " + dir.string());
  CHECK(r.status == 1);
  CHECK(r.out.find("webx/app.webx:1:1: error: global code declares 'page', which is also a handler") !=
        std::string::npos);
  CHECK(r.out.find("webx/app.webx:2:9: note: the handler is defined here") != std::string::npos);
}

TEST_CASE("webx build warns when JavaScript calls a handler of a module it does not include") {
  fs::path dir = make_project("unincluded", "{}\n",
                              "get /a { return shout(\"hi\"); }\n"
                              "get /b { const shout = (s) => s; return shout(\"x\"); }\n"
                              "get /c { return [1].map(x => shout(String(x))); }\n");
  fs::create_directories(dir / "webx" / "lib");
  std::ofstream(dir / "webx" / "lib" / "util.webx") << "handler shout(s: string) { return s.toUpperCase(); }\n";
  auto r = run("build " + dir.string());
  CHECK(r.status == 0);  // a warning: the program runs (one realm)
  CHECK(r.out.find("webx/app.webx:1:17: warning: handler 'shout' is used, but its module is not included") !=
        std::string::npos);
  CHECK(r.out.find("hint: 'shout' is defined in ") != std::string::npos);
  CHECK(r.out.find("webx/lib/util.webx; add `include \"lib/util.webx\"` to ") != std::string::npos);
  CHECK(r.out.find("1 warning generated.") != std::string::npos);  // once per module; not the local `shout`

  std::ofstream(dir / "webx" / "app.webx", std::ios::app) << "include \"lib/util.webx\"\n";
  r = run("build " + dir.string());
  CHECK(r.status == 0);
  CHECK(r.out.find("warning") == std::string::npos);
}

TEST_CASE("every golden program builds, and its JavaScript loads in the engine") {
  fs::path golden = fs::path(WEBX_SOURCE_DIR) / "tests" / "golden" / "valid";
  int count = 0;
  for (const auto& e : fs::directory_iterator(golden)) {
    fs::path input = e.path();
    std::string ext = input.extension().string();
    fs::path dir;
    if (e.is_directory()) {
      dir = input;
    } else if (ext == ".webx" || ext == ".wx") {
      std::ifstream in(input);
      std::string source((std::istreambuf_iterator<char>(in)), {});
      dir = make_project("golden-" + input.stem().string(), R"({"name": "golden"})", source);
      if (ext == ".wx") fs::rename(dir / "webx" / "app.webx", dir / "webx" / "app.wx");
    } else {
      continue;
    }
    CAPTURE(input.filename().string());
    Result r = run("build " + dir.string() + " --emit js");
    INFO(r.out.substr(0, 2000));
    CHECK(r.status == 0);
    ++count;
  }
  CHECK(count >= 25);
}
