// MpscQueue: the inbox behind every port of a thread loop.
//
// Many threads push; one thread (the consumer, normally a loop thread) takes
// everything queued at once. When a push turns the queue from empty to
// non-empty it wakes the consumer with uv_async_send on the async handle given
// at construction. libuv coalesces wake-ups, so the consumer must drain the
// queue fully on every wake-up; a push that finds the queue already non-empty
// needs no wake-up of its own, because the consumer has not yet taken the item
// that caused the earlier one and will take both together.
//
// The queue is a vector behind a mutex. The mutex is held only to append one
// item, to swap the whole vector out, or to close, never while items are being
// processed, so a consumer never waits on a producer's work (at most on one
// append). The wake-up is sent under the same mutex so that close() can
// guarantee that no producer touches the async handle afterwards, which is what
// makes it safe for the consumer to uv_close the handle right after closing.
//
// Thread safety (libuv docs style):
//   push, empty, size, wake, closed  — any thread.
//   drain, close                     — the consumer thread only.
#pragma once

#include <uv.h>

#include <cstddef>
#include <mutex>
#include <utility>
#include <vector>

namespace webx::fabric {

template <class T>
class MpscQueue {
 public:
  // `wake` may be null (nobody is woken), otherwise it must be an initialised
  // uv_async_t that stays open until close() has returned.
  explicit MpscQueue(uv_async_t* wake = nullptr) : wake_(wake) {}
  MpscQueue(const MpscQueue&) = delete;
  MpscQueue& operator=(const MpscQueue&) = delete;

  // Appends `item` and wakes the consumer if the queue was empty. Returns false
  // once the queue is closed; `item` is then left untouched, so the caller
  // still owns it (and decides on its own thread what to do with it).
  bool push(T&& item) {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    items_.push_back(std::move(item));
    if (items_.size() == 1 && wake_ != nullptr) uv_async_send(wake_);
    return true;
  }

  // Moves every queued item into `out` (which is cleared first) in push order.
  // The vectors are swapped, so the consumer's buffer is reused by producers
  // and a steady stream of items allocates nothing. Returns the count taken.
  size_t drain(std::vector<T>& out) {
    out.clear();
    std::lock_guard lock(mutex_);
    std::swap(out, items_);
    return out.size();
  }

  // Sends a wake-up without queueing anything, unless the queue is closed.
  // Used when the consumer has work to find elsewhere (a group port).
  void wake() {
    std::lock_guard lock(mutex_);
    if (!closed_ && wake_ != nullptr) uv_async_send(wake_);
  }

  // Rejects every later push and wake. Items already queued stay until drained.
  // After close() returns, no thread will call uv_async_send on `wake` again.
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }

  bool closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
  }

  // Snapshots: the answer may be stale as soon as it is returned, except on
  // the consumer thread after close(), where emptiness is final once seen.
  bool empty() const {
    std::lock_guard lock(mutex_);
    return items_.empty();
  }
  size_t size() const {
    std::lock_guard lock(mutex_);
    return items_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::vector<T> items_;
  bool closed_ = false;
  uv_async_t* const wake_;
};

}  // namespace webx::fabric
