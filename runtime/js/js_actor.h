// JsActor: the one agent that owns the Duktape heap.
//
// The whole program and the stdlib prelude live in one JsEngine, created on
// the actor's own thread (a one-loop `js` group of the fabric) and touched
// by nothing else. Everyone else talks to it by message, and every message
// is one of a closed set (ActorMessage): load a program, swap in a new
// version of it (hot reload: modules changed, added or removed), execute a
// route. An ExecuteRoute carries the route's key, its bindings as JSON and
// the address of the request agent that asked; the actor answers that
// address with a RouteOutcome, which lands on the requester's loop and
// resumes it (the backchannel). A request agent whose client went away is
// gone by then, and the fabric drops the answer.
//
// The actor runs one message per increment, so its loop stays responsive to
// shutdown; each route call is bounded by the engine's time limit and heap
// cap, and neither a timeout nor running out of memory ends the actor.
//
// Shutdown is the fabric's drain of the `js` group (after the network group
// has drained, so requests in flight get their answers): the actor answers
// what is still queued, then finishes.
//
// Threads: constructed anywhere, then owned and run by its loop's thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "agent.h"
#include "js_engine.h"

namespace webx {

// A program as the actor loads it: generated code and the route functions
// by route key ("GET /todos/(id: number)"), so a request routed by one
// version of the program still reaches the same route in the next.
struct ActorProgram {
  std::string code;
  std::string filename;
  std::unordered_map<std::string, std::string> route_functions;  // key -> "$route_N"
  // What the program was built from, opaque to the actor (the HTTP layer's
  // app): handed back with a RouteOutcome for a route the program does not
  // have, so the requester can route again by the version now loaded.
  std::shared_ptr<const void> origin;
};

// The first program: its global code runs once.
struct LoadProgram {
  ActorProgram program;
};

// Hot reload: the new program's functions replace the old ones; only the
// modules listed in `rerun` run their global code (again), those in
// `removed` are forgotten, every other module keeps its variables.
struct SwapProgram {
  ActorProgram program;
  std::vector<std::string> rerun;    // module paths, in load order
  std::vector<std::string> removed;  // module paths
};

struct ExecuteRoute {
  std::string route_key;
  std::string context_json;  // $ctx: {params, query, body?}
  std::string request_json;  // req: {method, url, path, query, headers, cookies, ip, body, params}
  fabric::AgentAddress reply_to;
};

struct ActorMessage final : fabric::Message {
  std::variant<LoadProgram, SwapProgram, ExecuteRoute> body;
  explicit ActorMessage(decltype(body) b) : body(std::move(b)) {}
};

// The answer to an ExecuteRoute.
// The response $wx.run made (stdlib/webx.js), or what went wrong.
struct RouteOutcome final : fabric::Message {
  bool ok = false;
  // ok:
  int status = 0;
  std::string type;  // the Content-Type, or empty for none
  std::string body;
  std::string file;  // a file to serve (static()), or empty
  std::vector<std::pair<std::string, std::string>> headers;
  // !ok: what the script threw, timed_out, out_of_memory.
  JsError error;
  // !ok because the route is not in the loaded program (a hot reload
  // removed it after the request was routed): the loaded program's origin.
  std::shared_ptr<const void> route_missing_in;
};

struct JsActorOptions {
  JsLimits limits;
  // Where console.* lines and the actor's own problems go (stdout/stderr by
  // default). Called on the actor's thread.
  std::function<void(std::string_view)> console;
  std::function<void(std::string_view)> problem;
  // At most this often, after a route, a line on `stats` with the heap in
  // use and the routes run so far (logLevel debug; the soak benchmark reads
  // it). 0: never.
  uint32_t stats_interval_ms = 0;
  std::function<void(std::string_view)> stats;
};

class JsActor final : public fabric::Agent {
 public:
  explicit JsActor(JsActorOptions options);
  ~JsActor() override;

  Step exec_inc() override;
  void on_shutdown() override;

 private:
  void handle(LoadProgram& message);
  void handle(SwapProgram& message);
  void handle(ExecuteRoute& message);
  bool load(const ActorProgram& program);
  void run_global_code();

  JsActorOptions options_;
  std::unique_ptr<JsEngine> engine_;  // created on the actor's thread
  bool engine_failed_ = false;
  // Why no program is loaded (the engine did not start, or the program
  // threw while loading); every route is answered with it until one loads.
  std::string not_loaded_ = "no program has been loaded";
  std::unordered_map<std::string, std::string> routes_;
  std::shared_ptr<const void> origin_;  // of the loaded program
  bool stopping_ = false;
  uint64_t routes_run_ = 0;
  std::chrono::steady_clock::time_point last_stats_{};
};

}  // namespace webx
