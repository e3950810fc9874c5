#include "fabric.h"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <utility>

namespace webx::fabric {

Fabric::~Fabric() {
  if (started_) {
    request_shutdown(kDefaultGrace);
    wait();
  }
  // Groups (and their loops) are destroyed after every loop thread has been
  // joined; loops that never ran tear themselves down here.
  groups_.clear();
}

ThreadLoopGroup& Fabric::add_group(std::string name, size_t loops) {
  if (started_) throw std::logic_error("Fabric::add_group after start");
  if (group(name) != nullptr)
    throw std::invalid_argument("duplicate thread loop group '" + name + "'");
  groups_.push_back(
      std::unique_ptr<ThreadLoopGroup>(new ThreadLoopGroup(*this, std::move(name), loops)));
  return *groups_.back();
}

ThreadLoopGroup* Fabric::group(std::string_view name) const {
  for (const auto& group : groups_) {
    if (group->name() == name) return group.get();
  }
  return nullptr;
}

void Fabric::start() {
  if (started_) throw std::logic_error("Fabric::start called twice");
  started_ = true;
  manager_ = std::thread([this] { manage(); });
}

void Fabric::request_shutdown(std::chrono::milliseconds grace) {
  {
    std::lock_guard lock(mutex_);
    if (shutdown_requested_) return;
    shutdown_requested_ = true;
    grace_ = grace;
  }
  cv_.notify_all();
}

Fabric::ShutdownReport Fabric::wait() {
  if (ThreadLoop::current() != nullptr) {
    // Waiting here would block a loop thread on the management thread, which
    // in turn waits for that loop to stop: a deadlock, so refuse loudly.
    std::fprintf(stderr, "webx fabric: Fabric::wait called on loop thread %s\n",
                 ThreadLoop::current()->name().c_str());
    std::abort();
  }
  if (!started_) throw std::logic_error("Fabric::wait before start");
  if (!waited_) {
    manager_.join();
    waited_ = true;
  }
  return report_;
}

void Fabric::notify_progress() {
  // Taking the mutex, even briefly, orders this notification after the
  // manager's last look at the loops' flags, so it cannot be lost between the
  // manager's check and its wait.
  { std::lock_guard lock(mutex_); }
  cv_.notify_all();
}

void Fabric::manage() {
  for (auto& group : groups_) {
    for (size_t i = 0; i < group->size(); ++i) group->loop(i).start_thread();
  }

  std::unique_lock lock(mutex_);
  cv_.wait(lock, [this] { return shutdown_requested_; });
  const auto deadline = std::chrono::steady_clock::now() + grace_;

  bool in_time = true;
  for (auto it = groups_.rbegin(); it != groups_.rend(); ++it) {
    ThreadLoopGroup& group = **it;
    lock.unlock();
    group.begin_drain();
    lock.lock();
    if (!cv_.wait_until(lock, deadline, [&group] { return group.drained(); })) in_time = false;
  }
  lock.unlock();

  for (auto& group : groups_) {
    for (size_t i = 0; i < group->size(); ++i) group->loop(i).request_stop();
  }
  ShutdownReport report;
  report.drained_in_time = in_time;
  for (auto& group : groups_) {
    for (size_t i = 0; i < group->size(); ++i) {
      ThreadLoop& loop = group->loop(i);
      loop.join_thread();
      const ThreadLoop::Stats stats = loop.stats();
      report.agents_abandoned += stats.agents_abandoned;
      report.messages_dropped += stats.messages_dropped;
      report.handles_force_closed += stats.handles_force_closed;
      if (stats.loop_close_result != 0) report.loops_closed_cleanly = false;
    }
    // Agents still waiting in the group port never ran, so they own nothing
    // of any loop and can be destroyed here, on the management thread.
    report.agents_abandoned += group->discard_queue();
  }
  report_ = report;
}

}  // namespace webx::fabric
