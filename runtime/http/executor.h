// The seam between the network loops and whatever runs JavaScript.
//
// A request agent whose route needs JavaScript hands it to the app's
// JsExecutor and pauses; the executor answers with exactly one JsReply
// message to the agent's address, which lands on the agent's loop message
// port and resumes it. The Duktape actor (issue 5) implements this
// interface; until then UnavailableExecutor answers 501.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "agent.h"
#include "app.h"
#include "request.h"
#include "route_table.h"

namespace webx::http {

// What the route's JavaScript produced. Moved through the fabric's queues.
struct JsReply final : fabric::Message {
  int status = 500;
  std::string content_type;  // empty: none
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // `static(path)` computed in JavaScript: the network loop serves the file
  // (with all the checks of a static route) instead of `body`.
  std::optional<std::string> file;
};

class JsExecutor {
 public:
  virtual ~JsExecutor() = default;
  // Called on a network loop thread; must not block it. Answers `reply_to`
  // with one JsReply, now or later, from any thread. A reply to an agent
  // that is gone (its client disconnected) is dropped by the fabric.
  virtual void execute(const RouteAction& action, const RouteMatch& match, const Request& request,
                       fabric::AgentAddress reply_to) = 0;
};

// Answers every JavaScript route with 501, naming the route in dev mode.
class UnavailableExecutor final : public JsExecutor {
 public:
  explicit UnavailableExecutor(bool dev) : dev_(dev) {}
  void execute(const RouteAction& action, const RouteMatch& match, const Request& request,
               fabric::AgentAddress reply_to) override;

 private:
  bool dev_;
};

}  // namespace webx::http
