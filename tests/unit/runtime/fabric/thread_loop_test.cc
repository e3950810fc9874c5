// ThreadLoop: increments, round-robin interleaving, pause/resume by message
// and by resume(), messaging across loops, running code and libuv handles on a
// loop, and what happens to exceptions and misaddressed messages.
#include "thread_loop.h"

#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "fabric.h"
#include "fabric_test_util.h"

namespace webx::fabric {
namespace {

using testing::Counter;
using testing::IntMessage;
using Step = Agent::Step;

// A fabric with a single loop, the usual setting of these tests.
struct OneLoop {
  Fabric fabric;
  ThreadLoop& loop = fabric.add_group("test", 1).loop(0);
};

// Counts its increments and checks that every one of them, and its
// destructor, runs on its own loop's thread.
class CountingAgent : public Agent {
 public:
  CountingAgent(int increments, Counter& done, std::atomic<int>& wrong_thread)
      : increments_(increments), done_(done), wrong_thread_(wrong_thread) {}
  ~CountingAgent() override {
    if (ThreadLoop::current() != &loop()) ++wrong_thread_;
    done_.add(ran_);
  }
  Step exec_inc() override {
    if (ThreadLoop::current() != &loop()) ++wrong_thread_;
    ++ran_;
    return ran_ < increments_ ? Step::Yield : Step::Done;
  }

 private:
  int increments_;
  int ran_ = 0;
  Counter& done_;
  std::atomic<int>& wrong_thread_;
};

TEST_CASE("ThreadLoop: an agent runs in increments on the loop thread until it is done") {
  Counter increments;
  std::atomic<int> wrong_thread{0};
  OneLoop f;
  auto address = f.loop.post(std::make_unique<CountingAgent>(7, increments, wrong_thread));
  REQUIRE(address.has_value());
  CHECK(address->loop == &f.loop);
  f.fabric.start();

  REQUIRE(increments.wait_for(7));
  CHECK(increments.value() == 7);
  CHECK(wrong_thread == 0);
  ThreadLoop::Stats stats = f.loop.stats();
  CHECK(stats.increments == 7);
  CHECK(stats.agents_completed == 1);
  CHECK(stats.agents_admitted == 1);
  CHECK(ThreadLoop::current() == nullptr);  // the test thread is no loop thread
}

// Appends "<name><increment>" to a trace kept on the loop thread.
class TracingAgent : public Agent {
 public:
  TracingAgent(char name, int increments, std::vector<std::string>& trace, Counter& done)
      : name_(name), increments_(increments), trace_(trace), done_(done) {}
  Step exec_inc() override {
    trace_.push_back(std::string(1, name_) + std::to_string(ran_));
    if (++ran_ < increments_) return Step::Yield;
    done_.add();
    return Step::Done;
  }

 private:
  char name_;
  int increments_;
  int ran_ = 0;
  std::vector<std::string>& trace_;
  Counter& done_;
};

TEST_CASE("ThreadLoop: many agents on one loop interleave round-robin") {
  std::vector<std::string> trace;  // touched only by the loop thread until `done`
  Counter done;
  OneLoop f;
  // Posted before start, so all three are runnable from the first iteration.
  f.loop.post(std::make_unique<TracingAgent>('a', 3, trace, done));
  f.loop.post(std::make_unique<TracingAgent>('b', 2, trace, done));
  f.loop.post(std::make_unique<TracingAgent>('c', 3, trace, done));
  f.fabric.start();

  REQUIRE(done.wait_for(3));
  CHECK(trace == std::vector<std::string>{"a0", "b0", "c0", "a1", "b1", "c1", "a2", "c2"});
}

// Yields until a flag set by someone else on the same loop is raised.
class WaitForFlagAgent : public Agent {
 public:
  WaitForFlagAgent(const bool& flag, Counter& done) : flag_(flag), done_(done) {}
  Step exec_inc() override {
    ++increments;
    if (!flag_) return Step::Yield;
    done_.add();
    return Step::Done;
  }
  int increments = 0;

 private:
  const bool& flag_;
  Counter& done_;
};

TEST_CASE("ThreadLoop: an agent that never stops yielding does not hold up agents posted later") {
  bool flag = false;  // loop thread only
  Counter done;
  OneLoop f;
  f.fabric.start();
  f.loop.post(std::make_unique<WaitForFlagAgent>(flag, done));
  // Only this later agent can end the first one, so both finishing proves
  // they shared the loop.
  f.loop.run([&flag, &done] {
    flag = true;
    done.add();
  });
  CHECK(done.wait_for(2));
}

TEST_CASE("ThreadLoop: busy agents do not starve libuv timers on the same loop") {
  bool fired = false;  // loop thread only
  Counter done;
  constexpr int kAgents = 500;  // more than one iteration's increment bound
  OneLoop f;
  for (int i = 0; i < kAgents; ++i) f.loop.post(std::make_unique<WaitForFlagAgent>(fired, done));
  f.loop.run([&fired](ThreadLoop& loop) {
    auto* timer = new uv_timer_t;
    uv_timer_init(loop.uv(), timer);
    timer->data = &fired;
    uv_timer_start(
        timer,
        [](uv_timer_t* t) {
          *static_cast<bool*>(t->data) = true;
          uv_close(reinterpret_cast<uv_handle_t*>(t),
                   [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
        },
        5, 0);
  });
  f.fabric.start();
  // The agents yield until the timer fires; they can only finish if the loop
  // polls for timers while they are all runnable.
  CHECK(done.wait_for(kAgents));
  CHECK(f.fabric.shutdown().handles_force_closed == 0);
}

// Reports its address, pauses, and finishes with the value of the first
// IntMessage it receives.
class WaitForMessageAgent : public Agent {
 public:
  WaitForMessageAgent(Counter& paused, Counter& done, std::atomic<int>& value,
                      std::atomic<int>& increments)
      : paused_(paused), done_(done), value_(value), increments_(increments) {}
  Step exec_inc() override {
    ++increments_;
    MessagePtr message = take_message();
    if (!message) {
      paused_.add();
      return Step::Pause;
    }
    auto typed = message_cast<IntMessage>(message);
    value_ = typed ? typed->value : -1;
    if (ThreadLoop::current() != &loop()) value_ = -2;
    done_.add();
    return Step::Done;
  }

 private:
  Counter& paused_;
  Counter& done_;
  std::atomic<int>& value_;
  std::atomic<int>& increments_;
};

TEST_CASE("ThreadLoop: a paused agent is resumed on its loop by a message from another thread") {
  Counter paused, done;
  std::atomic<int> value{0}, increments{0};
  OneLoop f;
  auto address =
      f.loop.post(std::make_unique<WaitForMessageAgent>(paused, done, value, increments));
  REQUIRE(address);
  f.fabric.start();
  REQUIRE(paused.wait_for(1));

  CHECK(address->send(std::make_unique<IntMessage>(42)));
  REQUIRE(done.wait_for(1));
  CHECK(value == 42);
  // One increment before the pause and one for the message: a paused agent
  // is not run until something arrives for it.
  CHECK(increments == 2);
  CHECK(f.loop.stats().messages_delivered == 1);
}

// Receives a message while it is running, then pauses without looking.
class BusyThenPauseAgent : public Agent {
 public:
  BusyThenPauseAgent(Counter& running, const std::atomic<bool>& sent, Counter& done)
      : running_(running), sent_(sent), done_(done) {}
  Step exec_inc() override {
    if (++ran_ == 1) {
      running_.add();
      // Deliberately hold the loop (tests only) until the test thread's send
      // has returned, so the message is queued while this agent runs.
      auto give_up = std::chrono::steady_clock::now() + testing::kTimeout;
      while (!sent_ && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
      return Step::Pause;
    }
    if (take_message()) done_.add();
    return Step::Done;
  }

 private:
  Counter& running_;
  const std::atomic<bool>& sent_;
  Counter& done_;
  int ran_ = 0;
};

TEST_CASE("ThreadLoop: a message sent while the agent runs wakes it after it pauses") {
  Counter running, done;
  std::atomic<bool> sent{false};
  OneLoop f;
  auto address = f.loop.post(std::make_unique<BusyThenPauseAgent>(running, sent, done));
  f.fabric.start();
  REQUIRE(running.wait_for(1));
  CHECK(address->send(std::make_unique<IntMessage>(1)));
  sent = true;
  CHECK(done.wait_for(1));
}

// Pauses on its second increment without looking at its inbox, as an agent
// does that checked before a message came in.
class PauseBlindlyAgent : public Agent {
 public:
  explicit PauseBlindlyAgent(Counter& done) : done_(done) {}
  Step exec_inc() override {
    ++ran_;
    if (ran_ == 1) return Step::Yield;
    if (ran_ == 2) return Step::Pause;
    done_.add();
    return Step::Done;
  }

 private:
  Counter& done_;
  int ran_ = 0;
};

TEST_CASE("ThreadLoop: a message that arrives before the agent pauses is not lost") {
  Counter done;
  OneLoop f;
  auto target = f.loop.post(std::make_unique<PauseBlindlyAgent>(done));
  // Runs between the target's first and second increments (round-robin) and
  // drops a message into its inbox while it is runnable.
  f.loop.run([target] { target->send(std::make_unique<IntMessage>(7)); });
  f.fabric.start();
  CHECK(done.wait_for(1));
}

TEST_CASE("ThreadLoop: a resume that comes before the agent pauses is not lost") {
  Counter done;
  std::atomic<bool> resumed{false};
  OneLoop f;
  auto target = f.loop.post(std::make_unique<PauseBlindlyAgent>(done));
  // Runs between the target's first and second increments, as an I/O
  // callback would, and resumes it while it is still runnable.
  f.loop.run([target, &resumed](ThreadLoop& loop) { resumed = loop.resume(target->id); });
  f.fabric.start();
  CHECK(done.wait_for(1));
  CHECK(resumed);
}

TEST_CASE("ThreadLoop: a libuv timer on the loop resumes a paused agent") {
  Counter paused, done;
  std::atomic<int> value{0}, increments{0};
  OneLoop f;
  f.fabric.start();
  auto address =
      f.loop.post(std::make_unique<WaitForMessageAgent>(paused, done, value, increments));
  REQUIRE(paused.wait_for(1));
  // The timer callback runs on the loop thread and uses the local send path.
  f.loop.run([agent = *address](ThreadLoop& loop) {
    auto* timer = new uv_timer_t;
    uv_timer_init(loop.uv(), timer);
    timer->data = new AgentAddress(agent);
    uv_timer_start(
        timer,
        [](uv_timer_t* t) {
          auto* to = static_cast<AgentAddress*>(t->data);
          to->send(std::make_unique<IntMessage>(5));
          delete to;
          uv_close(reinterpret_cast<uv_handle_t*>(t),
                   [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
        },
        1, 0);
  });
  REQUIRE(done.wait_for(1));
  CHECK(value == 5);
}

// Ping-pong between two loops: the pinger sends a number with its address as
// reply-to and pauses; the ponger answers with the number plus one.
class Ponger : public Agent {
 public:
  explicit Ponger(std::atomic<int>& wrong_thread) : wrong_thread_(wrong_thread) {}
  Step exec_inc() override {
    if (ThreadLoop::current() != &loop()) ++wrong_thread_;
    while (MessagePtr message = take_message()) {
      auto ping = message_cast<IntMessage>(message);
      if (!ping) continue;
      if (ping->value < 0) return Step::Done;
      ping->reply_to.send(std::make_unique<IntMessage>(ping->value + 1));
    }
    return Step::Pause;
  }

 private:
  std::atomic<int>& wrong_thread_;
};

class Pinger : public Agent {
 public:
  Pinger(AgentAddress ponger, int rounds, Counter& done, std::atomic<int>& wrong_thread)
      : ponger_(ponger), rounds_(rounds), done_(done), wrong_thread_(wrong_thread) {}
  Step exec_inc() override {
    if (ThreadLoop::current() != &loop()) ++wrong_thread_;
    if (MessagePtr message = take_message()) {
      auto pong = message_cast<IntMessage>(message);
      if (!pong || pong->value != next_ + 1) ++wrong_thread_;
      next_ += 2;
    }
    if (next_ >= 2 * rounds_) {
      ponger_.send(std::make_unique<IntMessage>(-1));
      done_.add(next_ / 2);
      return Step::Done;
    }
    ponger_.send(std::make_unique<IntMessage>(next_, address()));
    return Step::Pause;
  }

 private:
  AgentAddress ponger_;
  int rounds_;
  int next_ = 0;
  Counter& done_;
  std::atomic<int>& wrong_thread_;
};

TEST_CASE("ThreadLoop: agents on two loops exchange messages both ways") {
  std::atomic<int> errors{0};
  Counter done;
  constexpr int kRounds = 2000;
  Fabric fabric;
  ThreadLoopGroup& group = fabric.add_group("pair", 2);
  auto ponger = group.loop(1).post(std::make_unique<Ponger>(errors));
  REQUIRE(ponger);
  group.loop(0).post(std::make_unique<Pinger>(*ponger, kRounds, done, errors));
  fabric.start();
  REQUIRE(done.wait_for(kRounds));
  CHECK(errors == 0);
  Fabric::ShutdownReport report = fabric.shutdown();
  CHECK(report.drained_in_time);  // the ponger ended on the -1 message
  CHECK(report.agents_abandoned == 0);
  CHECK(group.loop(0).stats().messages_delivered == kRounds);
  CHECK(group.loop(1).stats().messages_delivered == kRounds + 1);
}

// Checks every producer's messages arrive in the order sent.
class CollectorAgent : public Agent {
 public:
  CollectorAgent(int producers, int per_producer, Counter& done)
      : next_(producers, 0), expected_(producers * per_producer), done_(done) {}
  Step exec_inc() override {
    while (MessagePtr message = take_message()) {
      auto item = message_cast<IntMessage>(message);
      int producer = item->value / 1'000'000;
      int seq = item->value % 1'000'000;
      if (seq != next_[producer]) ++out_of_order;
      next_[producer] = seq + 1;
      ++received;
    }
    if (received < expected_) return Step::Pause;
    done_.add(out_of_order == 0 ? 1 : 0);
    return Step::Done;
  }
  int out_of_order = 0;
  int received = 0;

 private:
  std::vector<int> next_;
  int expected_;
  Counter& done_;
};

TEST_CASE("ThreadLoop: messages from several threads all arrive, each sender's in order") {
  constexpr int kProducers = 4, kPerProducer = 5000;
  Counter done;
  OneLoop f;
  f.fabric.start();
  auto collector = f.loop.post(std::make_unique<CollectorAgent>(kProducers, kPerProducer, done));
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([p, collector] {
      for (int i = 0; i < kPerProducer; ++i)
        collector->send(std::make_unique<IntMessage>(p * 1'000'000 + i));
    });
  }
  for (auto& t : producers) t.join();
  REQUIRE(done.wait_for(1));
  CHECK(done.value() == 1);  // 1 means in order; 0 would mean out of order
  CHECK(f.loop.stats().messages_delivered == kProducers * kPerProducer);
}

TEST_CASE("ThreadLoop: a message posted right after its agent reaches it") {
  // The agent port and the message port are separate queues; the loop must
  // not conclude that the agent does not exist because it read the message
  // port first.
  constexpr int kAgents = 300;
  Counter paused, done;
  std::atomic<int> value{0}, increments{0};
  OneLoop f;
  f.fabric.start();
  for (int i = 0; i < kAgents; ++i) {
    auto address =
        f.loop.post(std::make_unique<WaitForMessageAgent>(paused, done, value, increments));
    REQUIRE(address);
    CHECK(address->send(std::make_unique<IntMessage>(i)));
  }
  CHECK(done.wait_for(kAgents));
  CHECK(f.loop.stats().messages_dropped == 0);
}

TEST_CASE("ThreadLoop: run() executes a function on the loop thread") {
  Counter done;
  std::atomic<ThreadLoop*> seen{nullptr};
  OneLoop f;
  f.fabric.start();
  CHECK(f.loop.run([&](ThreadLoop& loop) {
    seen = ThreadLoop::current();
    if (&loop == ThreadLoop::current() && loop.is_current()) done.add();
  }));
  REQUIRE(done.wait_for(1));
  CHECK(seen.load() == &f.loop);
}

class ThrowingAgent : public Agent {
 public:
  Step exec_inc() override { throw std::runtime_error("handler failed"); }
};

TEST_CASE("ThreadLoop: an exception from an agent stays on the loop thread") {
  Counter increments;
  std::atomic<int> wrong_thread{0};
  OneLoop f;
  f.loop.post(std::make_unique<ThrowingAgent>());
  f.loop.post(std::make_unique<CountingAgent>(3, increments, wrong_thread));
  f.fabric.start();
  REQUIRE(increments.wait_for(3));
  CHECK(f.loop.stats().agents_failed == 1);
  CHECK(f.loop.stats().agents_completed == 1);
}

TEST_CASE("ThreadLoop: a message to a finished agent is dropped and counted") {
  Counter increments;
  std::atomic<int> wrong_thread{0};
  OneLoop f;
  f.fabric.start();
  auto address = f.loop.post(std::make_unique<CountingAgent>(1, increments, wrong_thread));
  REQUIRE(increments.wait_for(1));
  CHECK(address->send(std::make_unique<IntMessage>(1)));  // accepted by the loop...
  f.fabric.shutdown();
  CHECK(f.loop.stats().messages_dropped == 1);  // ...and dropped there
  CHECK(f.loop.stats().messages_delivered == 0);
}

// Spawns a child on its own loop and waits for the child's message.
class ParentAgent : public Agent {
 public:
  explicit ParentAgent(Counter& done) : done_(done) {}
  Step exec_inc() override {
    if (!spawned_) {
      spawned_ = true;
      AgentAddress parent = address();
      loop().spawn(std::make_unique<detail::FunctionAgent<std::function<void()>>>(
          [parent] { parent.send(std::make_unique<IntMessage>(3)); }));
      return Step::Pause;
    }
    if (auto message = take_message()) done_.add(message_cast<IntMessage>(message)->value);
    return Step::Done;
  }

 private:
  Counter& done_;
  bool spawned_ = false;
};

TEST_CASE("ThreadLoop: an agent spawns another on its loop and hears back from it") {
  Counter done;
  OneLoop f;
  f.loop.post(std::make_unique<ParentAgent>(done));
  f.fabric.start();
  REQUIRE(done.wait_for(3));
  f.fabric.shutdown();  // so the parent's completion is counted before it is read
  CHECK(f.loop.stats().agents_completed == 2);
}


// Records in `order` when its increments run, relative to its spawner.
class LoggingAgent : public Agent {
 public:
  LoggingAgent(std::vector<std::string>& order, Counter& done) : order_(order), done_(done) {}
  ~LoggingAgent() override { done_.add(); }
  Step exec_inc() override {
    order_.push_back("increment " + std::to_string(++ran_));
    return ran_ < 2 ? Step::Yield : Step::Done;
  }

 private:
  std::vector<std::string>& order_;
  Counter& done_;
  int ran_ = 0;
};

struct SpawnNowTest {
  std::vector<std::string> order;  // touched only on the loop thread until `done`
  Counter done;
  uv_timer_t timer;
};

TEST_CASE("ThreadLoop: spawn_now runs the first increment inside a libuv callback, the rest later") {
  SpawnNowTest t;
  OneLoop f;
  f.loop.run([&t](ThreadLoop& loop) {
    uv_timer_init(loop.uv(), &t.timer);
    t.timer.data = &t;
    uv_timer_start(
        &t.timer,
        [](uv_timer_t* timer) {
          auto* test = static_cast<SpawnNowTest*>(timer->data);
          test->order.push_back("callback");
          ThreadLoop::current()->spawn_now(std::make_unique<LoggingAgent>(test->order, test->done));
          test->order.push_back("callback returns");
          uv_close(reinterpret_cast<uv_handle_t*>(timer), nullptr);
        },
        0, 0);
  });
  f.fabric.start();
  REQUIRE(t.done.wait_for(1));
  CHECK(t.order == std::vector<std::string>{"callback", "increment 1", "callback returns", "increment 2"});
}

// Spawns with spawn_now from inside its own increment.
class NestingAgent : public Agent {
 public:
  NestingAgent(std::vector<std::string>& order, Counter& done) : order_(order), done_(done) {}
  Step exec_inc() override {
    order_.push_back("parent");
    loop().spawn_now(std::make_unique<LoggingAgent>(order_, done_));
    order_.push_back("parent returns");
    return Step::Done;
  }

 private:
  std::vector<std::string>& order_;
  Counter& done_;
};

TEST_CASE("ThreadLoop: spawn_now inside an increment queues the agent instead of nesting") {
  std::vector<std::string> order;
  Counter done;
  OneLoop f;
  f.loop.post(std::make_unique<NestingAgent>(order, done));
  f.fabric.start();
  REQUIRE(done.wait_for(1));
  CHECK(order == std::vector<std::string>{"parent", "parent returns", "increment 1", "increment 2"});
}

}  // namespace
}  // namespace webx::fabric
