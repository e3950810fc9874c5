// ServerAgent life cycle on a real loop (requests themselves are tested end
// to end in tests/e2e, over sockets).
#include "server.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <string>

#include "compile_source.h"
#include "fabric.h"

namespace webx::http {
namespace {

using Step = fabric::Agent::Step;

// Reads what the code under test writes to stderr while it is alive.
class StderrCapture {
 public:
  StderrCapture() : file_(std::tmpfile()), saved_(::dup(STDERR_FILENO)) {
    std::fflush(stderr);
    ::dup2(::fileno(file_), STDERR_FILENO);
  }
  ~StderrCapture() {
    restore();
    std::fclose(file_);
  }
  std::string text() {
    restore();
    std::string out;
    std::rewind(file_);
    char buffer[512];
    while (size_t n = std::fread(buffer, 1, sizeof buffer, file_)) out.append(buffer, n);
    return out;
  }

 private:
  void restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
    saved_ = -1;
  }
  std::FILE* file_;
  int saved_;
};

// Waits for shutdown, then spawns a ServerAgent on its draining loop: the
// agent is told to shut down before its first step.
class LateStarter : public fabric::Agent {
 public:
  LateStarter(const ServerContext& context, int fd) : context_(context), fd_(fd) {}
  Step exec_inc() override { return spawned_ ? Step::Done : Step::Pause; }
  void on_shutdown() override {
    loop().spawn(make_server_agent(context_, fd_));
    spawned_ = true;
    loop().resume(id());
  }

 private:
  const ServerContext& context_;
  int fd_;
  bool spawned_ = false;
};

TEST_CASE("ServerAgent: shut down before its first step, it closes its socket quietly") {
  ServerContext context;
  Listeners listeners;
  std::string error;
  REQUIRE_MESSAGE(listeners.open("127.0.0.1", 0, 1, error), error);
  int fd = listeners.release(0);
  StderrCapture captured;
  {
    fabric::Fabric fabric;
    fabric.add_group("network", 1).loop(0).post(std::make_unique<LateStarter>(context, fd));
    fabric.start();
    fabric::Fabric::ShutdownReport report = fabric.shutdown();
    CHECK(report.drained_in_time);
    CHECK(report.handles_force_closed == 0);
  }
  CHECK(captured.text() == "");
  CHECK(::fcntl(fd, F_GETFD) == -1);  // closed, not leaked
}

// Connects to 127.0.0.1:port, sends `request` and reads until the server
// closes (at most 5 s).
std::string exchange(uint16_t port, const std::string& request) {
  int client = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  timeval timeout{.tv_sec = 5, .tv_usec = 0};
  ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  REQUIRE(::send(client, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
  std::string answer;
  char buffer[1024];
  while (ssize_t n = ::recv(client, buffer, sizeof buffer, 0)) {
    REQUIRE(n > 0);  // closed by the server, not timed out
    answer.append(buffer, static_cast<size_t>(n));
  }
  ::close(client);
  return answer;
}

// Serves `request` from one ServerAgent on one network loop with `context`,
// and returns the answer; the server is shut down before returning.
std::string serve_once(const ServerContext& context, const std::string& request) {
  Listeners listeners;
  std::string error;
  REQUIRE_MESSAGE(listeners.open("127.0.0.1", 0, 1, error), error);
  fabric::Fabric fabric;
  fabric.add_group("network", 1).loop(0).post(make_server_agent(context, listeners.release(0)));
  fabric.start();
  std::string answer = exchange(listeners.port(), request);
  fabric.shutdown();
  return answer;
}

std::shared_ptr<const HttpApp> app_of(const char* source) {
  testing::Compiled c = testing::compile_source(source);
  REQUIRE_MESSAGE(c.js, c.diagnostics);
  Project project;
  project.root = ".";
  project.program = std::move(c.program);
  return build_app(std::move(project), std::move(*c.js), true);
}

// Answers every route as the actor does for one a hot reload removed:
// not in the loaded program, whose origin is `loaded`.
class RouteGoneExecutor final : public JsExecutor {
 public:
  explicit RouteGoneExecutor(std::shared_ptr<const HttpApp> loaded) : loaded_(std::move(loaded)) {}
  void execute(const std::string& route_key, std::string, std::string, fabric::AgentAddress reply_to) override {
    ++calls;
    auto outcome = std::make_unique<RouteOutcome>();
    outcome->error.name = "ReferenceError";
    outcome->error.message = "the route " + route_key + " is not in the loaded program";
    outcome->route_missing_in = loaded_;
    reply_to.send(std::move(outcome));
  }
  std::atomic<int> calls{0};

 private:
  std::shared_ptr<const HttpApp> loaded_;
};

TEST_CASE("RequestAgent: a route removed by a hot reload after routing is routed again by the loaded program") {
  std::shared_ptr<const HttpApp> before = app_of("get /page { return 1; }\nget /other { return 2; }\n");
  const std::string request = "GET /page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

  SUBCASE("the loaded program answers it: here a static page at the same path") {
    RouteGoneExecutor executor(app_of("get /page (<p>after the reload</p>)\n"));
    ServerContext context;
    context.app = before;  // this loop has not had its SwapApp yet
    context.executor = &executor;
    std::string answer = serve_once(context, request);
    CHECK(answer.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(answer.ends_with("\r\n\r\n<p>after the reload</p>"));
    CHECK(executor.calls == 1);
  }
  SUBCASE("no such route in the loaded program: 404, as for a request routed after the swap") {
    RouteGoneExecutor executor(app_of("get /other { return 2; }\n"));
    ServerContext context;
    context.app = before;
    context.executor = &executor;
    std::string answer = serve_once(context, request);
    CHECK(answer.starts_with("HTTP/1.1 404 Not Found\r\n"));
    CHECK(answer.ends_with("no route matches GET /page\n"));
  }
  SUBCASE("routed again only once: a second miss is the 500 it reports") {
    RouteGoneExecutor executor(before);
    ServerContext context;
    context.app = before;
    context.executor = &executor;
    StderrCapture captured;
    std::string answer = serve_once(context, request);
    CHECK(answer.starts_with("HTTP/1.1 500 Internal Server Error\r\n"));
    CHECK(executor.calls == 2);
    CHECK(captured.text().find("the route GET /page is not in the loaded program") != std::string::npos);
  }
}

TEST_CASE("ServerAgent: a client past the connection cap gets a whole 503 with Date") {
  ServerContext context;
  context.max_connections = 0;  // every client is past the cap
  std::string answer = serve_once(context, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");

  CHECK(answer.starts_with("HTTP/1.1 503 Service Unavailable\r\n"));
  CHECK(answer.find("\r\nDate: ") != std::string::npos);  // like every response (docs/server.md)
  CHECK(answer.find("\r\nRetry-After: 1\r\n") != std::string::npos);
  CHECK(answer.find("\r\nConnection: close\r\n") != std::string::npos);
  const std::string body = "503 Service Unavailable: the server is at its connection limit; retry in a moment\n";
  CHECK(answer.find(fmt::format("\r\nContent-Length: {}\r\n", body.size())) != std::string::npos);
  CHECK(answer.ends_with("\r\n\r\n" + body));
  CHECK(context.open_connections.load() == 0);
}

}  // namespace
}  // namespace webx::http
