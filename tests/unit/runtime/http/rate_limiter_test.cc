#include "rate_limiter.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

using webx::http::RateLimiter;
using namespace std::chrono_literals;

TEST_CASE("RateLimiter: a fixed window per client, then 429 with the seconds left") {
  RateLimiter limiter(10000, 3);
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  for (uint64_t left : {2u, 1u, 0u}) {
    RateLimiter::Decision d = limiter.admit("10.0.0.1", t0);
    CHECK(d.allowed);
    CHECK(d.remaining == left);
  }
  RateLimiter::Decision refused = limiter.admit("10.0.0.1", t0 + 2500ms);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after_s == 8);  // 7.5 s left, rounded up
  CHECK_FALSE(limiter.admit("10.0.0.1", t0 + 9999ms).allowed);
  CHECK(limiter.admit("10.0.0.1", t0 + 9999ms).retry_after_s == 1);  // never 0
  // Another client has its own window.
  CHECK(limiter.admit("10.0.0.2", t0 + 2500ms).allowed);
  // The window ends: counting starts again.
  RateLimiter::Decision next = limiter.admit("10.0.0.1", t0 + 10s);
  CHECK(next.allowed);
  CHECK(next.remaining == 2);
}

TEST_CASE("RateLimiter: ended windows are swept, so memory follows the clients of one window") {
  RateLimiter limiter(1000, 5);
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  for (int i = 0; i < 1000; ++i) limiter.admit("client-" + std::to_string(i), t0);
  CHECK(limiter.tracked_clients() == 1000);
  // A shard is swept when it is next used after its windows ended; 500
  // clients use every shard.
  for (int i = 0; i < 500; ++i) limiter.admit("late-" + std::to_string(i), t0 + 1500ms);
  CHECK(limiter.tracked_clients() == 500);
}

TEST_CASE("RateLimiter: threads share one count per client") {
  RateLimiter limiter(60000, 1000);
  std::vector<std::thread> threads;
  std::atomic<int> allowed{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) allowed += limiter.admit("same").allowed ? 1 : 0;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(allowed.load() == 1000);
}
