#include "thread_loop_group.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace webx::fabric {

ThreadLoopGroup::ThreadLoopGroup(Fabric& fabric, std::string name, size_t loops)
    : fabric_(fabric), name_(std::move(name)) {
  if (loops == 0) throw std::invalid_argument("thread loop group '" + name_ + "' needs a loop");
  loops_.reserve(loops);
  for (size_t i = 0; i < loops; ++i)
    loops_.push_back(std::unique_ptr<ThreadLoop>(new ThreadLoop(*this, i)));
}

ThreadLoopGroup::~ThreadLoopGroup() {
  // Loops that never ran tear down here and leave the group, which needs the
  // group's mutex and lists to be alive, so they go first.
  loops_.clear();
}

bool ThreadLoopGroup::post(AgentPtr agent) {
  if (!agent) return false;
  ThreadLoop* woken = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    queue_.push_back(std::move(agent));
    if (!parked_.empty()) {
      // Reserve the agent for an idle loop, so that a busy loop looking at the
      // port before the idle one wakes up leaves it alone.
      woken = parked_.back();
      parked_.pop_back();
      woken->group_parked_ = false;
      woken->group_reserved_ = true;
      woken->group_reserved_hint_.store(true, std::memory_order_release);
      ++reserved_;
    }
    update_unreserved();
  }
  // Woken outside the group mutex: the wake-up takes the loop's control queue
  // mutex, and no lock is ever taken while holding the group's.
  if (woken != nullptr) woken->control_.wake();
  return true;
}

size_t ThreadLoopGroup::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

ThreadLoopGroup::Take ThreadLoopGroup::take(ThreadLoop& loop, bool idle) {
  Take result;
  std::lock_guard lock(mutex_);
  if (loop.group_left_) return result;
  if (loop.group_reserved_) {
    loop.group_reserved_ = false;
    loop.group_reserved_hint_.store(false, std::memory_order_relaxed);
    --reserved_;
  }
  // A reservation is a count, not a particular agent, so the loop that held
  // one simply takes the oldest agent; without one it takes only an agent no
  // other loop was promised.
  if (queue_.size() > reserved_) {
    result.agent = std::move(queue_.front());
    queue_.pop_front();
    // Cleared under the group mutex so the management thread, which reads the
    // port and then the loops' flags, never sees the agent in neither place.
    loop.drained_.store(false, std::memory_order_release);
    if (loop.group_parked_) {
      parked_.erase(std::find(parked_.begin(), parked_.end(), &loop));
      loop.group_parked_ = false;
    }
  } else if (idle && !loop.group_parked_) {
    parked_.push_back(&loop);
    loop.group_parked_ = true;
  }
  result.parked = loop.group_parked_;
  update_unreserved();
  return result;
}

void ThreadLoopGroup::unpark(ThreadLoop& loop) {
  std::lock_guard lock(mutex_);
  if (!loop.group_parked_) return;
  parked_.erase(std::find(parked_.begin(), parked_.end(), &loop));
  loop.group_parked_ = false;
}

void ThreadLoopGroup::leave(ThreadLoop& loop) {
  std::lock_guard lock(mutex_);
  if (loop.group_parked_) {
    parked_.erase(std::find(parked_.begin(), parked_.end(), &loop));
    loop.group_parked_ = false;
  }
  if (loop.group_reserved_) {
    loop.group_reserved_ = false;
    loop.group_reserved_hint_.store(false, std::memory_order_relaxed);
    --reserved_;
  }
  loop.group_left_ = true;
  update_unreserved();
}

void ThreadLoopGroup::begin_drain() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  for (auto& loop : loops_) loop->request_drain();
}

bool ThreadLoopGroup::drained() const {
  {
    std::lock_guard lock(mutex_);
    if (!queue_.empty()) return false;
  }
  return std::all_of(loops_.begin(), loops_.end(),
                     [](const std::unique_ptr<ThreadLoop>& loop) { return loop->drained(); });
}

size_t ThreadLoopGroup::discard_queue() {
  std::deque<AgentPtr> discarded;
  {
    std::lock_guard lock(mutex_);
    discarded.swap(queue_);
    reserved_ = 0;
    update_unreserved();
  }
  return discarded.size();
}

void ThreadLoopGroup::update_unreserved() {
  unreserved_.store(queue_.size() - reserved_, std::memory_order_relaxed);
}

}  // namespace webx::fabric
