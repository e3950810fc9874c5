#include "rate_limiter.h"

#include <functional>

namespace webx::http {

RateLimiter::RateLimiter(uint64_t window_ms, uint64_t max_requests)
    : window_(std::chrono::milliseconds(window_ms)), max_requests_(max_requests) {}

RateLimiter::Decision RateLimiter::admit(std::string_view client, Clock::time_point now) {
  Shard& shard = shards_[AddressHash{}(client) % kShards];
  std::lock_guard lock(shard.mutex);
  if (now - shard.last_sweep >= window_) {
    std::erase_if(shard.windows, [&](const auto& entry) { return now - entry.second.start >= window_; });
    shard.last_sweep = now;
  }
  auto it = shard.windows.find(client);
  if (it == shard.windows.end()) {
    if (shard.windows.size() >= kMaxClientsPerShard) return {true, max_requests_ - 1, 0};
    it = shard.windows.emplace(std::string(client), Window{now, 0}).first;
  } else if (now - it->second.start >= window_) {
    it->second = Window{now, 0};
  }
  Window& w = it->second;
  if (w.count >= max_requests_) {
    const auto left = w.start + window_ - now;
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(left).count();
    return {false, 0, static_cast<uint64_t>(seconds < 1 ? 1 : seconds)};
  }
  ++w.count;
  return {true, max_requests_ - w.count, 0};
}

size_t RateLimiter::tracked_clients() {
  size_t n = 0;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    n += shard.windows.size();
  }
  return n;
}

}  // namespace webx::http
