// Hot reload's decisions: which modules run their global code again, and
// which settings of an edited config apply.
#include "reloader.h"

#include <doctest/doctest.h>

#include "compile_source.h"

namespace webx::http {
namespace {

Program program(std::vector<std::pair<std::string, std::string>> files) {
  Program p;
  for (auto& [name, source] : files) {
    testing::Compiled c = testing::compile_source(source, name);
    REQUIRE_MESSAGE(c.parsed, c.diagnostics);
    for (auto& m : c.program.modules) p.modules.push_back(std::move(m));
  }
  return p;
}

TEST_CASE("compare_programs: template edits keep state, global edits rerun, new and removed modules") {
  Program before = program({{"a.webx", "global { let n = 0; }\nget /a (<p>a</p>)\n"},
                            {"b.webx", "const items = [];\nget /b (<p>b</p>)\n"},
                            {"gone.webx", "get /g (<p>g</p>)\n"}});
  Program after = program({{"a.webx", "global { let n = 0; }\nget /a (<p>changed</p>)\n"},
                           {"b.webx", "const items = [1];\nget /b (<p>b</p>)\n"},
                           {"new.webx", "global { let fresh = 1; }\n"}});
  ModuleChanges c = compare_programs(before, after);
  CHECK(c.rerun == std::vector<std::string>{"b.webx", "new.webx"});
  CHECK(c.removed == std::vector<std::string>{"gone.webx"});
  CHECK(c.changed == std::vector<std::string>{"a.webx", "b.webx", "new.webx"});
  // Comments and layout in global code are not changes of it.
  Program spaced = program({{"a.webx", "global {\n  // count\n  let n = 0;\n}\nget /a (<p>a</p>)\n"}});
  Program plain = program({{"a.webx", "global { let n = 0; }\nget /a (<p>a</p>)\n"}});
  CHECK(compare_programs(plain, spaced).rerun.empty());
}

TEST_CASE("reconcile_config: live settings apply, start-up ones are put back and named") {
  Config running;
  running.port = 8080;
  running.cors.allow_origin = {"https://a.example"};

  SUBCASE("the same config: nothing changed") {
    Config next = running;
    ConfigChanges c = reconcile_config(running, next);
    CHECK_FALSE(c.changed);
    CHECK(c.restart.empty());
  }
  SUBCASE("cors, src and the description apply") {
    Config next = running;
    next.cors.allow_origin = {"*"};
    next.src = "pages";
    next.description = "new";
    ConfigChanges c = reconcile_config(running, next);
    CHECK(c.changed);
    CHECK(c.restart.empty());
    CHECK(next.cors.allow_origin == std::vector<std::string>{"*"});
    CHECK(next.src == "pages");
  }
  SUBCASE("port, limits, rateLimit, logLevel, host and tls keep their start-up values") {
    Config next = running;
    next.port = 9090;
    next.host = "0.0.0.0";
    next.log_level = LogLevel::Debug;
    next.rate_limit.max_requests = 5;
    next.tls = TlsConfig{"cert.pem", "key.pem"};
    next.limits.max_body_bytes = 10;
    next.cors.max_age_seconds = 5;  // live, alongside
    ConfigChanges c = reconcile_config(running, next);
    CHECK(c.changed);
    CHECK(c.restart == std::vector<std::string>{"port", "host", "logLevel", "rateLimit", "tls", "limits"});
    CHECK(next.port == 8080);
    CHECK(next.host == running.host);
    CHECK(next.log_level == running.log_level);
    CHECK(next.rate_limit == running.rate_limit);
    CHECK_FALSE(next.tls.has_value());
    CHECK(next.limits == running.limits);
    CHECK(next.cors.max_age_seconds == 5);
  }
}

}  // namespace
}  // namespace webx::http
