// ServerAgent life cycle on a real loop (requests themselves are tested end
// to end in tests/e2e, over sockets).
#include "server.h"

#include <doctest/doctest.h>

#include <fcntl.h>
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

}  // namespace
}  // namespace webx::http
