// `webx run [DIR] [--prod] [--port N] [--host H] [--threads N]`: check the
// project like `webx build`, then serve it on the thread fabric until
// SIGINT or SIGTERM (docs/server.md).
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "app.h"
#include "codegen.h"
#include "commands.h"
#include "project.h"
#include "reloader.h"
#include "request_parser.h"
#include "server.h"
#include "service.h"

namespace webx::cli {

namespace {

// In-flight requests get this long to finish once a stop is asked for.
constexpr std::chrono::milliseconds kShutdownGrace{5000};

struct RunOptions {
  std::string dir = ".";
  bool prod = false;
  std::optional<uint32_t> port;
  std::string host;
  size_t threads = 0;
};

int run_server(const RunOptions& options) {
  const size_t threads =
      options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  // The sockets listen before the sources are parsed: a port in use is
  // reported at once, and clients connecting during start-up wait in the
  // backlog instead of being refused. (Without a readable config there is
  // nothing to listen on; load_project below says what is wrong.)
  http::Listeners listeners;
  if (std::optional<Config> early = read_project_config(options.dir)) {
    http::RequestParser::set_global_header_limit(early->limits.max_header_bytes);
    const std::string host = options.host.empty() ? early->host : options.host;
    const auto port = static_cast<uint16_t>(options.port.value_or(early->port));
    std::string error;
    if (!listeners.open(host, port, threads, error)) {
      std::cerr << "webx: error: " << error << '\n';
      return 1;
    }
  }

  std::optional<CompiledProject> compiled = compile_project(options.dir, false);
  if (!compiled) return 1;
  const bool dev = !options.prod;
  std::shared_ptr<const http::HttpApp> app =
      http::build_app(std::move(compiled->project), std::move(compiled->js), dev);
  const Config& config = app->config();
  if (config.tls) {
    std::cerr << "webx: warning: `tls` in webx.config.json is not supported yet: serving plain HTTP "
                 "(put a TLS-terminating proxy in front)\n";
  }

  // Signals are taken by this thread alone (sigwait below): blocked here
  // before any other thread exists, so every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // A peer that disconnects mid-write is an error code, not a signal.
  signal(SIGPIPE, SIG_IGN);

  http::ServiceOptions service_options;
  service_options.debug_log = config.log_level == LogLevel::Debug;
  service_options.access_log = service_options.debug_log || (dev && config.log_level == LogLevel::Info);
  http::Service service(app, listeners, threads, std::move(service_options));
  if (dev) {
    // Hot reload has its own loop: parsing a project never holds up serving.
    http::ReloaderOptions reload;
    reload.project_dir = options.dir;
    reload.app = app;
    reload.actor = service.actor();
    reload.servers = service.servers();
    reload.color = use_color(2);
    service.fabric().add_group("dev", 1).loop(0).post(http::make_reloader(std::move(reload)));
  }

  std::cout << fmt::format("webx {} · {} · {} network thread{}{}\n", WEBX_VERSION, dev ? "dev" : "prod",
                           threads, threads == 1 ? "" : "s",
                           config.name.empty() ? "" : " · " + config.name);
  std::cout << "listening on http://" << listeners.address() << '\n';
  if (dev) print_route_table(app->project, std::cout);
  std::cout.flush();
  service.start();

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  if (config.log_level >= LogLevel::Info) {
    std::cout << fmt::format("stopping ({}): finishing requests in flight\n",
                             signal_number == SIGINT ? "SIGINT" : "SIGTERM");
    std::cout.flush();
  }
  fabric::Fabric::ShutdownReport report = service.stop(kShutdownGrace);
  const uint64_t cut_off = service.context().requests_cut_off.load();
  if (!report.drained_in_time) {
    std::cerr << fmt::format("webx: warning: {} request{} still in flight after {} s {} cut off\n",
                             cut_off, cut_off == 1 ? "" : "s", kShutdownGrace.count() / 1000,
                             cut_off == 1 ? "was" : "were");
  }
  return 0;
}

}  // namespace

Run setup_run(CLI::App& sub) {
  auto options = std::make_shared<RunOptions>();
  sub.add_option("dir", options->dir, "Project folder (holding webx.config.json)")->capture_default_str();
  sub.add_flag("--prod", options->prod,
               "Production mode: no route table, no access log, generic error pages");
  sub.add_option("--port", options->port, "TCP port (default: config `port`; 0 picks a free one)")
      ->check(CLI::Range(0, 65535));
  sub.add_option("--host", options->host, "Address to listen on (default: config `host`)");
  sub.add_option("--threads", options->threads, "Network threads (default: one per core)")
      ->check(CLI::Range(1, 256));
  return [options] { return run_server(*options); };
}

}  // namespace webx::cli
