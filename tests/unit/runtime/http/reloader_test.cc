// Hot reload's decision: which modules run their global code again.
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

}  // namespace
}  // namespace webx::http
