// The HTTP/1.1 server: listening sockets, and one ServerAgent per network
// loop that accepts connections and runs their requests as agents.
//
// Start-up (on the thread running `webx run`): Listeners::open binds one
// listening socket per network loop (SO_REUSEPORT, so the kernel spreads
// connections over the loops); then a ServerAgent is posted to each loop
// with its socket. Each connection lives on the loop that accepted it; each
// request is a RequestAgent on that loop, answered on the loop itself
// (static templates, files, errors) or by the JsExecutor.
//
// Shutdown: when the fabric drains the network group, every ServerAgent
// closes its listener, closes idle connections and lets busy ones finish
// their requests (answered with `Connection: close`); it is done when its
// last connection has closed, which is what the fabric waits for.
//
// Threads: Listeners belong to the thread that opened them until their
// sockets are handed to the agents; a ServerAgent and everything it owns
// live on its loop's thread. ServerContext is shared read-only.
#pragma once

#include <atomic>
#include <cstdint>
#include <climits>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "agent.h"
#include "app.h"
#include "executor.h"
#include "rate_limiter.h"

namespace webx::http {

// Shared by every loop's server; immutable while serving.
struct ServerContext {
  std::shared_ptr<const HttpApp> app;  // the program at start-up (see SwapApp)
  LimitsConfig limits;                 // from the config, fixed for the server's life
  JsExecutor* executor = nullptr;
  RateLimiter* rate_limiter = nullptr;  // null: config `rateLimit` is off
  bool access_log = false;  // one line per request on `log`
  bool debug_log = false;   // protocol errors and connection problems on stderr
  std::FILE* log = stdout;
  // Requests still unanswered when the shutdown grace ran out (their
  // connections were cut off), summed over the loops.
  mutable std::atomic<uint64_t> requests_cut_off{0};
  // Open client connections over all loops, and the most there may be; a
  // client past the cap is answered 503 (Retry-After: 1) and closed.
  mutable std::atomic<int64_t> open_connections{0};
  int64_t max_connections = INT64_MAX;
};

// Bound, listening TCP sockets (one per loop), not yet owned by libuv.
class Listeners {
 public:
  Listeners() = default;
  Listeners(Listeners&&) noexcept;
  Listeners& operator=(Listeners&&) noexcept;
  ~Listeners();  // closes sockets never handed over

  // Resolves `host`, binds `count` sockets to host:port (port 0: one free
  // port, shared by all) and listens. On failure returns false and sets
  // `error` to one line, e.g. "cannot listen on 127.0.0.1:8080: address
  // already in use".
  bool open(const std::string& host, uint16_t port, size_t count, std::string& error);

  uint16_t port() const { return port_; }
  // "127.0.0.1:8080" or "[::1]:8080".
  std::string address() const;
  // Hands socket `i` over; the caller (a ServerAgent) closes it from now on.
  int release(size_t i);

 private:
  std::vector<int> fds_;
  std::string host_;
  bool ipv6_ = false;
  uint16_t port_ = 0;
};

// Creates the agent that serves one loop from the listening socket `fd`.
fabric::AgentPtr make_server_agent(const ServerContext& context, int fd);

// Sent to a server agent (hot reload): requests from now on are routed by
// `app`; requests already running finish with the app they started with.
struct SwapApp final : fabric::Message {
  std::shared_ptr<const HttpApp> app;
  explicit SwapApp(std::shared_ptr<const HttpApp> a) : app(std::move(a)) {}
};

}  // namespace webx::http
