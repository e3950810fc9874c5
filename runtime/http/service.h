// Service: one running WebX program, as `webx run` and `webx test` use it.
//
// It wires the thread fabric the way docs/architecture.md draws it: a
// one-loop `js` group holding the JsActor (the program loaded into it), then
// a `network` group with one ServerAgent per loop, each on its own listening
// socket. The `js` group is added first so it drains after the network
// group: requests in flight at shutdown still get their answers. Callers may
// add groups of their own (hot reload's `dev` loop) before start().
//
// Threads: built, started and stopped by one thread (the management side);
// everything inside runs on the fabric's loops.
#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "agent.h"
#include "app.h"
#include "executor.h"
#include "fabric.h"
#include "server.h"

namespace webx::http {

struct ServiceOptions {
  bool access_log = false;
  bool debug_log = false;
  std::FILE* log = stdout;
  // console.* lines of the program; null keeps the actor's default (stdout).
  std::function<void(std::string_view)> console;
};

class Service {
 public:
  // Posts the actor (with the app's program) and one server per listener;
  // nothing runs before start().
  Service(std::shared_ptr<const HttpApp> app, Listeners& listeners, size_t threads,
          ServiceOptions options = {});
  ~Service();  // stops with the default grace if still running
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  fabric::Fabric& fabric() { return fabric_; }
  const fabric::AgentAddress& actor() const { return actor_; }
  const std::vector<fabric::AgentAddress>& servers() const { return servers_; }
  const ServerContext& context() const { return context_; }

  void start() {
    fabric_.start();
    started_ = true;
  }
  fabric::Fabric::ShutdownReport stop(std::chrono::milliseconds grace);

 private:
  fabric::AgentAddress actor_;
  std::unique_ptr<ActorExecutor> executor_;
  std::unique_ptr<RateLimiter> rate_limiter_;
  ServerContext context_;
  std::vector<fabric::AgentAddress> servers_;
  bool started_ = false;
  bool stopped_ = false;
  // Last, so it is destroyed first: its agents use the context above.
  fabric::Fabric fabric_;
};

}  // namespace webx::http
