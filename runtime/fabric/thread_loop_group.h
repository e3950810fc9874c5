// ThreadLoopGroup: loops with one purpose (network, compute, the JS actor…)
// and a shared agent port.
//
// An agent posted to the group runs on whichever loop of the group is free
// first. Loops take from the group port as follows:
//   - A loop whose run queue is empty (idle) takes one agent if any is
//     waiting; otherwise it parks in the group. Posting to the group wakes one
//     parked loop and reserves an agent for it, so that agent goes to an idle
//     loop and not to a busy one.
//   - A busy loop whose own agent port is empty takes one unreserved agent per
//     iteration. This only happens when no loop was parked at the time of the
//     post, i.e. every loop was busy, and keeps group work moving even when
//     every loop runs endless (yielding) agents.
// Agents in the group port are therefore never stranded: each is either
// reserved for a woken loop or visible to every loop that looks.
//
// Threads: created by Fabric::add_group on the thread that builds the Fabric,
// destroyed with the Fabric. The group mutex guards the port, the parked list
// and the reservations; it is held only for a few pointer moves, never while
// an agent runs, and no other lock is taken while holding it.
//
// Thread safety: name, size, loop, post, queued — any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "agent.h"
#include "thread_loop.h"

namespace webx::fabric {

class Fabric;

class ThreadLoopGroup {
 public:
  ~ThreadLoopGroup();
  ThreadLoopGroup(const ThreadLoopGroup&) = delete;
  ThreadLoopGroup& operator=(const ThreadLoopGroup&) = delete;

  const std::string& name() const { return name_; }
  size_t size() const { return loops_.size(); }
  ThreadLoop& loop(size_t index) const { return *loops_.at(index); }

  // Queues `agent` on the group port for the first free loop of the group.
  // Returns false once the group drains for shutdown; the agent is then
  // destroyed on the calling thread.
  bool post(AgentPtr agent);

  // Agents waiting in the group port (a snapshot).
  size_t queued() const;

 private:
  friend class Fabric;
  friend class ThreadLoop;

  struct Take {
    AgentPtr agent;
    bool parked = false;  // the loop is now parked in the group
  };

  ThreadLoopGroup(Fabric& fabric, std::string name, size_t loops);

  // Loop threads (see the class comment for the rules).
  Take take(ThreadLoop& loop, bool idle);
  void unpark(ThreadLoop& loop);
  void leave(ThreadLoop& loop);
  bool has_unreserved() const { return unreserved_.load(std::memory_order_relaxed) > 0; }

  // Management thread.
  void begin_drain();
  bool drained() const;
  // After every loop has stopped: destroys what is left in the port.
  size_t discard_queue();

  void update_unreserved();  // with mutex_ held

  Fabric& fabric_;
  const std::string name_;
  std::vector<std::unique_ptr<ThreadLoop>> loops_;

  mutable std::mutex mutex_;
  std::deque<AgentPtr> queue_;
  std::vector<ThreadLoop*> parked_;
  size_t reserved_ = 0;
  bool closed_ = false;
  // queue_.size() - reserved_, readable without the mutex as a hint for busy
  // loops deciding whether to look at all.
  std::atomic<size_t> unreserved_{0};
};

}  // namespace webx::fabric
