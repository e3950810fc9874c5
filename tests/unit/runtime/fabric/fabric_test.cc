// Fabric: starting groups and shutting down with work in flight.
#include "fabric.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "fabric_test_util.h"

namespace webx::fabric {
namespace {

using namespace std::chrono_literals;
using testing::Counter;
using testing::IntMessage;
using Step = Agent::Step;

TEST_CASE("Fabric: shutting down an idle fabric is clean") {
  Fabric fabric;
  fabric.add_group("a", 2);
  fabric.add_group("b", 1);
  fabric.start();
  Fabric::ShutdownReport report = fabric.shutdown();
  CHECK(report.drained_in_time);
  CHECK(report.agents_abandoned == 0);
  CHECK(report.handles_force_closed == 0);
  CHECK(report.loops_closed_cleanly);
  CHECK(fabric.group("a")->loop(1).stats().loop_close_result == 0);
  CHECK(fabric.group("missing") == nullptr);
}

// Works through many increments; counts whether it finished.
class LongAgent : public Agent {
 public:
  LongAgent(int increments, Counter& started, std::atomic<int>& finished,
            std::atomic<int>& destroyed)
      : increments_(increments), started_(started), finished_(finished), destroyed_(destroyed) {}
  ~LongAgent() override { ++destroyed_; }
  Step exec_inc() override {
    if (ran_++ == 0) started_.add();
    if (ran_ < increments_) return Step::Yield;
    ++finished_;
    return Step::Done;
  }

 private:
  int increments_;
  int ran_ = 0;
  Counter& started_;
  std::atomic<int>& finished_;
  std::atomic<int>& destroyed_;
};

TEST_CASE("Fabric: agents in flight at shutdown finish within the grace period") {
  constexpr int kAgents = 40;
  Counter started;
  std::atomic<int> finished{0}, destroyed{0};
  Fabric fabric;
  ThreadLoopGroup& group = fabric.add_group("work", 2);
  fabric.start();
  for (int i = 0; i < kAgents; ++i) {
    group.post(std::make_unique<LongAgent>(2000, started, finished, destroyed));
  }
  REQUIRE(started.wait_for(1));
  Fabric::ShutdownReport report = fabric.shutdown(std::chrono::milliseconds(testing::kTimeout));
  CHECK(report.drained_in_time);
  CHECK(report.agents_abandoned == 0);
  CHECK(finished == kAgents);
  CHECK(destroyed == kAgents);
  CHECK(report.loops_closed_cleanly);
}

// Pauses forever and ignores the shutdown notice.
class StuckAgent : public Agent {
 public:
  StuckAgent(Counter& paused, std::atomic<int>& destroyed_on_loop)
      : paused_(paused), destroyed_on_loop_(destroyed_on_loop) {}
  ~StuckAgent() override {
    if (ThreadLoop::current() == &loop()) ++destroyed_on_loop_;
  }
  Step exec_inc() override {
    paused_.add();
    return Step::Pause;
  }

 private:
  Counter& paused_;
  std::atomic<int>& destroyed_on_loop_;
};

TEST_CASE("Fabric: agents that do not finish are destroyed on their loop after the bound") {
  Counter paused;
  std::atomic<int> destroyed_on_loop{0};
  Fabric fabric;
  ThreadLoopGroup& group = fabric.add_group("work", 2);
  fabric.start();
  for (int i = 0; i < 6; ++i) group.post(std::make_unique<StuckAgent>(paused, destroyed_on_loop));
  REQUIRE(paused.wait_for(6));

  Fabric::ShutdownReport report = fabric.shutdown(50ms);
  CHECK_FALSE(report.drained_in_time);
  CHECK(report.agents_abandoned == 6);
  CHECK(destroyed_on_loop == 6);
  CHECK(report.loops_closed_cleanly);
  CHECK(report.handles_force_closed == 0);
}

// A long-lived agent, like a server or an actor, that winds down when told.
class ServiceAgent : public Agent {
 public:
  ServiceAgent(Counter& ready, std::atomic<int>& post_refused, std::atomic<int>& group_refused)
      : ready_(ready), post_refused_(post_refused), group_refused_(group_refused) {}
  Step exec_inc() override {
    if (stopping_) return Step::Done;
    ready_.add();
    return Step::Pause;
  }
  void on_shutdown() override {
    // New work is refused from now on, on the loop and on the group.
    if (!loop().post(std::make_unique<ServiceAgent>(ready_, post_refused_, group_refused_))) {
      ++post_refused_;
    }
    if (!loop().group().post(
            std::make_unique<ServiceAgent>(ready_, post_refused_, group_refused_))) {
      ++group_refused_;
    }
    stopping_ = true;
    loop().resume(id());
  }

 private:
  Counter& ready_;
  std::atomic<int>& post_refused_;
  std::atomic<int>& group_refused_;
  bool stopping_ = false;
};

TEST_CASE("Fabric: on shutdown, posts are refused and long-lived agents wind down") {
  Counter ready;
  std::atomic<int> post_refused{0}, group_refused{0};
  Fabric fabric;
  ThreadLoopGroup& group = fabric.add_group("service", 1);
  fabric.start();
  auto service =
      group.loop(0).post(std::make_unique<ServiceAgent>(ready, post_refused, group_refused));
  REQUIRE(ready.wait_for(1));

  Fabric::ShutdownReport report = fabric.shutdown(std::chrono::milliseconds(testing::kTimeout));
  CHECK(report.drained_in_time);
  CHECK(report.agents_abandoned == 0);
  CHECK(post_refused == 1);
  CHECK(group_refused == 1);

  // After shutdown nothing is accepted, and the caller keeps ownership until
  // the refused object is destroyed on its own thread.
  CHECK_FALSE(group.loop(0).run([] {}));
  CHECK_FALSE(group.post(std::make_unique<ServiceAgent>(ready, post_refused, group_refused)));
  CHECK_FALSE(service->send(std::make_unique<IntMessage>(1)));
}

// The actor side: answers each request after a couple of increments, and
// ends when told to shut down and nothing is left to answer.
class Actor : public Agent {
 public:
  Step exec_inc() override {
    if (MessagePtr message = take_message()) {
      auto request = message_cast<IntMessage>(message);
      request->reply_to.send(std::make_unique<IntMessage>(request->value * 2));
    }
    if (has_message()) return Step::Yield;
    return stopping_ ? Step::Done : Step::Pause;
  }
  void on_shutdown() override {
    stopping_ = true;
    loop().resume(id());
  }

 private:
  bool stopping_ = false;
};

// The network side: a request that needs the actor's answer to finish.
class Requester : public Agent {
 public:
  Requester(AgentAddress actor, int value, Counter& answered, std::atomic<int>& wrong)
      : actor_(actor), value_(value), answered_(answered), wrong_(wrong) {}
  Step exec_inc() override {
    // Some work before asking, so requests are still in flight at shutdown.
    if (++ran_ < 50) return Step::Yield;
    if (ran_ == 50) {
      if (!actor_.send(std::make_unique<IntMessage>(value_, address()))) ++wrong_;
      return Step::Pause;
    }
    MessagePtr message = take_message();
    if (!message) return Step::Pause;
    if (message_cast<IntMessage>(message)->value != value_ * 2) ++wrong_;
    answered_.add();
    return Step::Done;
  }

 private:
  AgentAddress actor_;
  int value_;
  int ran_ = 0;
  Counter& answered_;
  std::atomic<int>& wrong_;
};

TEST_CASE("Fabric: groups drain in reverse order, so requests still get the actor's answers") {
  constexpr int kRequests = 60;
  Counter answered;
  std::atomic<int> wrong{0};
  Fabric fabric;
  ThreadLoopGroup& js = fabric.add_group("js", 1);  // added first, drained last
  ThreadLoopGroup& net = fabric.add_group("network", 2);
  auto actor = js.loop(0).post(std::make_unique<Actor>());
  REQUIRE(actor);
  fabric.start();

  for (int i = 0; i < kRequests; ++i) {
    REQUIRE(net.post(std::make_unique<Requester>(*actor, i, answered, wrong)));
  }
  // Shut down at once: every request is still in flight.
  Fabric::ShutdownReport report = fabric.shutdown(std::chrono::milliseconds(testing::kTimeout));
  CHECK(report.drained_in_time);
  CHECK(report.agents_abandoned == 0);
  CHECK(report.messages_dropped == 0);
  CHECK(answered.value() == kRequests);
  CHECK(wrong == 0);
}

TEST_CASE("Fabric: shutdown can be requested from a loop thread") {
  Fabric fabric;
  ThreadLoopGroup& group = fabric.add_group("work", 1);
  fabric.start();
  group.loop(0).run([&fabric] { fabric.request_shutdown(); });
  Fabric::ShutdownReport report = fabric.wait();
  CHECK(report.drained_in_time);
  CHECK(report.loops_closed_cleanly);
}

TEST_CASE("Fabric: handles opened on a loop are closed before the loop is closed") {
  // A repeating timer per loop, closed by an on_shutdown hook as a TCP
  // listener would be, and one handle left open on purpose, which the loop
  // closes itself and reports.
  static uv_timer_t leftover;  // must outlive the fabric: the loop closes it
  std::atomic<int> closed_by_owner{0};
  Counter opened;
  {
    Fabric fabric;
    ThreadLoopGroup& group = fabric.add_group("io", 2);
    fabric.start();
    for (size_t i = 0; i < group.size(); ++i) {
      group.loop(i).run([&closed_by_owner, &opened](ThreadLoop& loop) {
        auto* timer = new uv_timer_t;
        uv_timer_init(loop.uv(), timer);
        timer->data = &closed_by_owner;
        uv_timer_start(
            timer, [](uv_timer_t*) {}, 1, 1);
        loop.on_shutdown([timer] {
          uv_close(reinterpret_cast<uv_handle_t*>(timer), [](uv_handle_t* h) {
            ++*static_cast<std::atomic<int>*>(h->data);
            delete reinterpret_cast<uv_timer_t*>(h);
          });
        });
        opened.add();
      });
    }
    group.loop(0).run([&opened](ThreadLoop& loop) {
      uv_timer_init(loop.uv(), &leftover);
      uv_timer_start(
          &leftover, [](uv_timer_t*) {}, 1, 1);
      opened.add();
    });
    REQUIRE(opened.wait_for(3));
    Fabric::ShutdownReport report = fabric.shutdown();
    CHECK(report.drained_in_time);
    CHECK(report.handles_force_closed == 1);
    CHECK(report.loops_closed_cleanly);
  }
  CHECK(closed_by_owner == 2);
}

// Counts its destruction; finishes at once if it ever runs.
class FlaggedAgent : public Agent {
 public:
  FlaggedAgent(std::atomic<int>& destroyed, std::atomic<int>& ran)
      : destroyed_(destroyed), ran_(ran) {}
  ~FlaggedAgent() override { ++destroyed_; }
  Step exec_inc() override {
    ++ran_;
    return Step::Done;
  }

 private:
  std::atomic<int>& destroyed_;
  std::atomic<int>& ran_;
};

TEST_CASE("Fabric: a fabric that never started destroys its queued agents") {
  std::atomic<int> destroyed{0}, ran{0};
  {
    Fabric fabric;
    ThreadLoopGroup& group = fabric.add_group("work", 2);
    for (int i = 0; i < 3; ++i) group.post(std::make_unique<FlaggedAgent>(destroyed, ran));
    group.loop(1).post(std::make_unique<FlaggedAgent>(destroyed, ran));
    group.loop(1).send(AgentId{1}, std::make_unique<IntMessage>(1));
  }
  CHECK(destroyed == 4);
  CHECK(ran == 0);
}

}  // namespace
}  // namespace webx::fabric
