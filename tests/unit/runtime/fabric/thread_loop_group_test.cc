// ThreadLoopGroup: loops taking work from the group agent port.
#include "thread_loop_group.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "fabric.h"
#include "fabric_test_util.h"

namespace webx::fabric {
namespace {

using testing::Counter;
using Step = Agent::Step;

// Holds its loop in one long increment until released: a loop stuck in
// heavy work. (Blocking a loop is exactly what real agents must not do; the
// test does it to make "busy" unambiguous.)
class BlockingAgent : public Agent {
 public:
  BlockingAgent(Counter& started, const std::atomic<bool>& release)
      : started_(started), release_(release) {}
  Step exec_inc() override {
    started_.add();
    auto give_up = std::chrono::steady_clock::now() + testing::kTimeout;
    while (!release_ && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return Step::Done;
  }

 private:
  Counter& started_;
  const std::atomic<bool>& release_;
};

// Records which loop ran it.
class WhereAgent : public Agent {
 public:
  WhereAgent(std::atomic<ThreadLoop*>& where, Counter& done) : where_(where), done_(done) {}
  Step exec_inc() override {
    where_ = ThreadLoop::current();
    done_.add();
    return Step::Done;
  }

 private:
  std::atomic<ThreadLoop*>& where_;
  Counter& done_;
};

TEST_CASE("ThreadLoopGroup: an idle loop takes group work while another loop is busy") {
  // Everything the agents touch is declared before the fabric, so it outlives
  // the loop threads even when a failed REQUIRE ends the test early.
  Counter started, done;
  std::atomic<bool> release{false};
  std::atomic<ThreadLoop*> where{nullptr};
  Fabric fabric;
  ThreadLoopGroup& group = fabric.add_group("work", 2);
  fabric.start();
  group.loop(0).post(std::make_unique<BlockingAgent>(started, release));
  REQUIRE(started.wait_for(1));

  REQUIRE(group.post(std::make_unique<WhereAgent>(where, done)));
  bool ran = done.wait_for(1);
  release = true;
  REQUIRE(ran);
  CHECK(where.load() == &group.loop(1));
  CHECK(group.loop(1).stats().agents_taken_from_group == 1);
  CHECK(group.loop(0).stats().agents_taken_from_group == 0);
}

// Yields until a flag on its loop is raised by a group agent.
class SpinUntilFlagAgent : public Agent {
 public:
  SpinUntilFlagAgent(const bool& flag, Counter& done) : flag_(flag), done_(done) {}
  Step exec_inc() override {
    if (!flag_) return Step::Yield;
    done_.add();
    return Step::Done;
  }

 private:
  const bool& flag_;
  Counter& done_;
};

TEST_CASE("ThreadLoopGroup: when every loop is busy, a busy loop still takes group work") {
  bool flag = false;  // loop thread only
  Counter done;
  Fabric fabric;
  ThreadLoopGroup& group = fabric.add_group("work", 1);
  fabric.start();
  group.loop(0).post(std::make_unique<SpinUntilFlagAgent>(flag, done));
  // The spinning agent only ends once the group agent has run on its loop.
  group.post(std::make_unique<detail::FunctionAgent<std::function<void()>>>([&flag, &done] {
    flag = true;
    done.add();
  }));
  REQUIRE(done.wait_for(2));
  CHECK(group.loop(0).stats().agents_taken_from_group == 1);
}

// A few increments of work, so agents overlap on their loops.
class ShortAgent : public Agent {
 public:
  explicit ShortAgent(Counter& done) : done_(done) {}
  Step exec_inc() override {
    if (++ran_ < 3) return Step::Yield;
    done_.add();
    return Step::Done;
  }

 private:
  Counter& done_;
  int ran_ = 0;
};

TEST_CASE("ThreadLoopGroup: agents posted to the group from several threads all run once") {
  constexpr int kThreads = 4, kPerThread = 250;
  Counter done;
  std::atomic<int> refused{0};
  Fabric fabric;
  ThreadLoopGroup& group = fabric.add_group("work", 3);
  fabric.start();
  std::vector<std::thread> posters;
  for (int t = 0; t < kThreads; ++t) {
    posters.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        if (!group.post(std::make_unique<ShortAgent>(done))) ++refused;
      }
    });
  }
  for (auto& t : posters) t.join();
  REQUIRE(done.wait_for(kThreads * kPerThread));
  CHECK(refused == 0);

  Fabric::ShutdownReport report = fabric.shutdown();
  CHECK(report.drained_in_time);
  CHECK(report.agents_abandoned == 0);
  uint64_t taken = 0, completed = 0;
  for (size_t i = 0; i < group.size(); ++i) {
    taken += group.loop(i).stats().agents_taken_from_group;
    completed += group.loop(i).stats().agents_completed;
  }
  CHECK(taken == kThreads * kPerThread);
  CHECK(completed == kThreads * kPerThread);  // each agent ran exactly once
  CHECK(done.value() == kThreads * kPerThread);
  CHECK(group.queued() == 0);
}

TEST_CASE("ThreadLoopGroup: group work posted before start runs once the loops start") {
  Counter done;
  Fabric fabric;
  ThreadLoopGroup& group = fabric.add_group("work", 2);
  for (int i = 0; i < 10; ++i) REQUIRE(group.post(std::make_unique<ShortAgent>(done)));
  CHECK(group.queued() == 10);
  fabric.start();
  CHECK(done.wait_for(10));
}

}  // namespace
}  // namespace webx::fabric
