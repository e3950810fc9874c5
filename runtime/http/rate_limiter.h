// Rate limiting (config `rateLimit`, docs/security.md): per client address,
// fixed windows of `windowMs`, at most `maxRequests` requests in each; the
// request past that is answered 429 with Retry-After (whole seconds until
// the window ends).
//
// One limiter serves every network loop, so a client spreading its
// connections over the loops gets no more than the limit. Addresses are
// spread over shards, each behind its own mutex, held for a hash lookup.
// Memory is bounded: windows that have ended are swept once per window,
// and a shard holding kMaxClientsPerShard live windows admits new clients
// without counting them (fails open) rather than grow or refuse everyone.
//
// Threads: admit() is safe from any thread.
#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace webx::http {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr size_t kShards = 16;
  static constexpr size_t kMaxClientsPerShard = 65536;

  RateLimiter(uint64_t window_ms, uint64_t max_requests);

  struct Decision {
    bool allowed = true;
    uint64_t remaining = 0;        // requests left in this window
    uint64_t retry_after_s = 0;    // when refused: seconds until the window ends, at least 1
  };

  // Counts a request from `client` at `now`.
  Decision admit(std::string_view client, Clock::time_point now = Clock::now());

  // Clients with a window in their shard (for tests and diagnostics).
  size_t tracked_clients();

 private:
  struct Window {
    Clock::time_point start;
    uint64_t count = 0;
  };
  // Lets windows be found by a string_view, without a string per request.
  struct AddressHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Window, AddressHash, std::equal_to<>> windows;
    Clock::time_point last_sweep{};
  };

  Clock::duration window_;
  uint64_t max_requests_;
  std::array<Shard, kShards> shards_;
};

}  // namespace webx::http
