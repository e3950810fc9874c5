// ServerAgent life cycle on a real loop (requests themselves are tested end
// to end in tests/e2e, over sockets).
#include "server.h"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <string>

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

TEST_CASE("ServerAgent: a client past the connection cap gets a whole 503 with Date") {
  ServerContext context;
  context.max_connections = 0;  // every client is past the cap
  Listeners listeners;
  std::string error;
  REQUIRE_MESSAGE(listeners.open("127.0.0.1", 0, 1, error), error);
  fabric::Fabric fabric;
  fabric.add_group("network", 1).loop(0).post(make_server_agent(context, listeners.release(0)));
  fabric.start();

  int client = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(listeners.port());
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  timeval timeout{.tv_sec = 5, .tv_usec = 0};
  ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string request = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  REQUIRE(::send(client, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
  std::string answer;
  char buffer[1024];
  while (ssize_t n = ::recv(client, buffer, sizeof buffer, 0)) {
    REQUIRE(n > 0);  // closed by the server, not timed out
    answer.append(buffer, static_cast<size_t>(n));
  }
  ::close(client);
  fabric.shutdown();

  CHECK(answer.starts_with("HTTP/1.1 503 Service Unavailable\r\n"));
  CHECK(answer.find("\r\nDate: ") != std::string::npos);  // like every response (docs/server.md)
  CHECK(answer.find("\r\nRetry-After: 1\r\n") != std::string::npos);
  CHECK(answer.find("\r\nConnection: close\r\n") != std::string::npos);
  CHECK(answer.find("\r\nContent-Length: 46\r\n") != std::string::npos);
  CHECK(answer.ends_with("\r\n\r\nthe server is at its connection limit; retry\r\n"));
  CHECK(context.open_connections.load() == 0);
}

}  // namespace
}  // namespace webx::http
