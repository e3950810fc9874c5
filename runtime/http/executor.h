// The seam between the network loops and whatever runs JavaScript.
//
// A request agent whose route needs JavaScript builds the route's bindings
// (route_context.h), hands them to the server's JsExecutor with its own
// address, and pauses; the executor sees to it that exactly one
// RouteOutcome message reaches that address, which lands on the agent's
// loop message port and resumes it. ActorExecutor sends the work to the
// JS actor (runtime/js/js_actor.h); tests may plug in their own.
#pragma once

#include <string>

#include "agent.h"
#include "js_actor.h"

namespace webx::http {

class JsExecutor {
 public:
  virtual ~JsExecutor() = default;
  // Called on a network loop thread; must not block it. `route_key` names
  // the route (RouteAction::key); `context_json` and `request_json` are its
  // `$ctx` and `req` (RouteContext).
  virtual void execute(const std::string& route_key, std::string context_json, std::string request_json,
                       fabric::AgentAddress reply_to) = 0;
};

// Sends every route to the JS actor at `actor`.
class ActorExecutor final : public JsExecutor {
 public:
  explicit ActorExecutor(fabric::AgentAddress actor) : actor_(actor) {}
  void execute(const std::string& route_key, std::string context_json, std::string request_json,
               fabric::AgentAddress reply_to) override;

 private:
  fabric::AgentAddress actor_;
};

}  // namespace webx::http
