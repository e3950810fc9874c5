#include "service.h"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

#include "js_actor.h"

namespace webx::http {

namespace {

// Descriptors kept back from client connections: listeners, the loops' own
// (epoll, eventfds, timers' fds), files being served, the reserve each
// server holds, the JS actor and stdio.
constexpr int64_t kDescriptorsKeptBack = 64;

// The connection cap: the descriptor limit, raised to the hard limit first
// (as servers commonly do), less what is kept back.
int64_t connection_cap() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024 - kDescriptorsKeptBack;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur == RLIM_INFINITY) return INT64_MAX;
  return std::max<int64_t>(static_cast<int64_t>(limit.rlim_cur) - kDescriptorsKeptBack, 1);
}

}  // namespace

Service::Service(std::shared_ptr<const HttpApp> app, Listeners& listeners, size_t threads,
                 ServiceOptions options) {
  const Config& config = app->config();
  fabric::ThreadLoopGroup& js_group = fabric_.add_group("js", 1);
  fabric::ThreadLoopGroup& network = fabric_.add_group("network", threads);
  JsActorOptions actor_options;
  actor_options.limits.heap_bytes = config.limits.js_heap_bytes;
  actor_options.limits.timeout_ms =
      static_cast<uint32_t>(config.limits.js_timeout_ms.value_or(app->dev ? 1000 : 5000));
  if (options.console) actor_options.console = std::move(options.console);
  if (options.debug_log) {
    actor_options.stats_interval_ms = 10000;
    actor_options.stats = [](std::string_view line) { std::fprintf(stderr, "webx: %.*s\n", int(line.size()), line.data()); };
  }
  actor_ = *js_group.loop(0).post(std::make_unique<JsActor>(std::move(actor_options)));
  actor_.send(std::make_unique<ActorMessage>(LoadProgram{actor_program(app)}));

  executor_ = std::make_unique<ActorExecutor>(actor_);
  context_.app = std::move(app);
  context_.limits = config.limits;
  context_.executor = executor_.get();
  context_.access_log = options.access_log;
  context_.debug_log = options.debug_log;
  context_.log = options.log;
  context_.max_connections = connection_cap();
  if (config.rate_limit.max_requests > 0) {
    rate_limiter_ = std::make_unique<RateLimiter>(config.rate_limit.window_ms, config.rate_limit.max_requests);
    context_.rate_limiter = rate_limiter_.get();
  }
  for (size_t i = 0; i < threads; ++i) {
    servers_.push_back(*network.loop(i).post(make_server_agent(context_, listeners.release(i))));
  }
}

Service::~Service() {
  if (started_ && !stopped_) stop(fabric::Fabric::kDefaultGrace);
}

fabric::Fabric::ShutdownReport Service::stop(std::chrono::milliseconds grace) {
  stopped_ = true;
  return fabric_.shutdown(grace);
}

}  // namespace webx::http
