// Helpers shared by the fabric tests: a counter the test thread can wait on,
// and small message types.
//
// Waits use a generous timeout only so that a broken fabric fails a test
// instead of hanging the suite; no test asserts on how fast anything is.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "agent.h"

namespace webx::fabric::testing {

constexpr std::chrono::seconds kTimeout{20};

// Tests declare counters and other state shared with agents before the
// Fabric, so that it outlives the loop threads.
//
// A count that any thread may raise and the test thread may wait on. Waiting
// also orders everything the raising threads did before add() before whatever
// the test thread does after the wait returns.
class Counter {
 public:
  void add(int n = 1) {
    // Notifying under the lock keeps the waiter from returning (and the test
    // from destroying the counter) before this call is done with it.
    std::lock_guard lock(mutex_);
    value_ += n;
    cv_.notify_all();
  }
  bool wait_for(int target, std::chrono::milliseconds timeout = kTimeout) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return value_ >= target; });
  }
  int value() {
    std::lock_guard lock(mutex_);
    return value_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int value_ = 0;
};

struct IntMessage : Message {
  explicit IntMessage(int v, AgentAddress r = {}) : value(v), reply_to(r) {}
  int value;
  AgentAddress reply_to;
};

}  // namespace webx::fabric::testing
