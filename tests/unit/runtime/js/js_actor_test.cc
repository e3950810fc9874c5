// JsActor: the program loaded once, routes executed by message and answered
// on the backchannel, state kept between requests and across a swap of
// unchanged modules, and an endless route interrupted without ending the
// actor.
#include "js_actor.h"

#include <doctest/doctest.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "../../../support/compile_source.h"
#include "../fabric/fabric_test_util.h"
#include "fabric.h"

namespace webx {
namespace {

using fabric::testing::Counter;
using nlohmann::json;

// Collects the outcomes that reach it, for the test thread to read.
struct Outcomes {
  std::mutex mutex;
  std::vector<RouteOutcome> list;
  Counter count;
};

class Collector final : public fabric::Agent {
 public:
  explicit Collector(Outcomes& out) : out_(out) {}
  Step exec_inc() override {
    while (fabric::MessagePtr m = take_message()) {
      if (auto outcome = fabric::message_cast<RouteOutcome>(m)) {
        {
          std::lock_guard lock(out_.mutex);
          out_.list.push_back(std::move(*outcome));
        }
        out_.count.add();
      }
    }
    return Step::Pause;
  }

 private:
  Outcomes& out_;
};

ActorProgram program_of(const testing::Compiled& c) {
  ActorProgram p;
  p.code = c.js->code;
  p.filename = c.js->filename;
  for (const CompiledRoute& r : c.js->routes) {
    p.route_functions[std::string(method_name(r.route->method)) + " " + r.route->path_string()] = r.function;
  }
  return p;
}

struct ActorFixture {
  Outcomes outcomes;
  fabric::Fabric fabric;
  fabric::AgentAddress actor;
  fabric::AgentAddress collector;

  explicit ActorFixture(uint32_t timeout_ms = 2000) {
    JsActorOptions options;
    options.limits = JsLimits{32u << 20, timeout_ms};
    options.problem = [](std::string_view) {};
    actor = *fabric.add_group("js", 1).loop(0).post(std::make_unique<JsActor>(std::move(options)));
    collector = *fabric.add_group("test", 1).loop(0).post(std::make_unique<Collector>(outcomes));
    fabric.start();
  }
  void send(auto body) { actor.send(std::make_unique<ActorMessage>(std::move(body))); }
  void execute(const std::string& key, json ctx = json::object()) {
    send(ExecuteRoute{key, ctx.dump(), R"({"headers":{}})", collector});
  }
  // The n-th outcome (1-based), once it has arrived.
  RouteOutcome outcome(int n) {
    REQUIRE(outcomes.count.wait_for(n));
    std::lock_guard lock(outcomes.mutex);
    return outcomes.list.at(static_cast<size_t>(n - 1));
  }
  json body(int n) {
    RouteOutcome o = outcome(n);
    REQUIRE_MESSAGE(o.ok, o.error.name << ": " << o.error.message);
    CHECK(o.status == 200);
    CHECK(o.type == "application/json; charset=utf-8");
    CHECK(o.file.empty());
    return json::parse(o.body);
  }
};

const char* kCounter = R"(
global { let count = 0; }
post /hit { count++; return { count }; }
get /spin { while (true) {} }
)";

TEST_CASE("JsActor: routes run by message, answered on the backchannel, state kept") {
  testing::Compiled c = testing::compile_source(kCounter);
  REQUIRE_MESSAGE(c.js, c.diagnostics);
  ActorFixture f;
  f.send(LoadProgram{program_of(c)});
  for (int i = 0; i < 5; ++i) f.execute("POST /hit");
  CHECK(f.body(5) == json({{"count", 5}}));
  f.execute("GET /nope");
  RouteOutcome missing = f.outcome(6);
  CHECK_FALSE(missing.ok);
  CHECK(missing.error.message.find("GET /nope") != std::string::npos);
}

TEST_CASE("JsActor: an endless route is interrupted and the actor goes on") {
  testing::Compiled c = testing::compile_source(kCounter);
  REQUIRE(c.js);
  ActorFixture f(200);
  f.send(LoadProgram{program_of(c)});
  f.execute("POST /hit");
  f.execute("GET /spin");
  f.execute("POST /hit");
  RouteOutcome spun = f.outcome(2);
  CHECK_FALSE(spun.ok);
  CHECK(spun.error.timed_out);
  CHECK(f.body(3) == json({{"count", 2}}));
}

TEST_CASE("JsActor: a swap keeps the state of modules whose global code did not change") {
  testing::Compiled v1 = testing::compile_source(R"(
global { const items = []; }
post /add { items.push(items.length); return { n: items.length, v: 1 }; }
)");
  testing::Compiled v2 = testing::compile_source(R"(
global { const items = []; }
post /add { items.push(items.length); return { n: items.length, v: 2 }; }
)");
  REQUIRE(v1.js);
  REQUIRE(v2.js);
  ActorFixture f;
  f.send(LoadProgram{program_of(v1)});
  f.execute("POST /add");
  f.execute("POST /add");
  CHECK(f.body(2) == json({{"n", 2}, {"v", 1}}));
  f.send(SwapProgram{program_of(v2), {}, {}});
  f.execute("POST /add");
  CHECK(f.body(3) == json({{"n", 3}, {"v", 2}}));  // new code, old state
  f.send(SwapProgram{program_of(v2), {"app.webx"}, {}});
  f.execute("POST /add");
  CHECK(f.body(4) == json({{"n", 1}, {"v", 2}}));  // its global code ran again
}


TEST_CASE("JsActor: a route the swap removed is answered with the loaded program's origin") {
  testing::Compiled v1 = testing::compile_source("get /gone { return 1; }\nget /kept { return 2; }\n");
  testing::Compiled v2 = testing::compile_source("get /kept { return 3; }\n");
  REQUIRE(v1.js);
  REQUIRE(v2.js);
  auto origin_v1 = std::make_shared<const int>(1);
  auto origin_v2 = std::make_shared<const int>(2);
  ActorFixture f;
  ActorProgram p1 = program_of(v1);
  p1.origin = origin_v1;
  ActorProgram p2 = program_of(v2);
  p2.origin = origin_v2;
  f.send(LoadProgram{p1});
  f.execute("GET /gone");
  CHECK(f.body(1) == 1);
  f.send(SwapProgram{p2, {}, {}});
  f.execute("GET /gone");  // routed by v1, run after the swap
  RouteOutcome o = f.outcome(2);
  CHECK_FALSE(o.ok);
  CHECK(o.error.message == "the route GET /gone is not in the loaded program");
  CHECK(o.route_missing_in == origin_v2);
  f.execute("GET /kept");
  CHECK(f.body(3) == 3);
  CHECK_FALSE(f.outcome(3).route_missing_in);
}

TEST_CASE("JsActor: before a program loads, and after one fails to, routes are answered with why") {
  ActorFixture f;
  f.execute("GET /x");
  RouteOutcome early = f.outcome(1);
  CHECK_FALSE(early.ok);
  CHECK(early.error.message == "no program has been loaded");
  ActorProgram broken;
  broken.code = "throw new Error('broken at load');";
  broken.filename = "broken.js";
  broken.route_functions["GET /x"] = "$route_0";
  f.send(LoadProgram{broken});
  f.execute("GET /x");
  RouteOutcome failed = f.outcome(2);
  CHECK_FALSE(failed.ok);
  CHECK(failed.error.message.find("broken at load") != std::string::npos);
}

TEST_CASE("JsActor: global code that throws makes every route 500 with why, until a swap runs it through") {
  const char* source = R"(
global { var a = 1; if (!globalThis.fixed) throw new Error("setup failed"); }
global { var b = 2; }
get /ab { return { a, b }; }
)";
  testing::Compiled v1 = testing::compile_source(source);
  REQUIRE(v1.js);
  ActorFixture f;
  f.send(LoadProgram{program_of(v1)});
  f.execute("GET /ab");
  RouteOutcome failed = f.outcome(1);
  CHECK_FALSE(failed.ok);
  CHECK(failed.error.message.find("the program's global code failed: Error: setup failed") != std::string::npos);
  // A later version whose global code succeeds: the module runs again, and
  // so does the one the failure left out (b).
  ActorProgram v2 = program_of(v1);
  v2.code = "globalThis.fixed = true;\n" + v2.code;
  f.send(SwapProgram{v2, {"app.webx"}, {}});
  f.execute("GET /ab");
  CHECK(f.body(2) == json({{"a", 1}, {"b", 2}}));
}

}  // namespace
}  // namespace webx
