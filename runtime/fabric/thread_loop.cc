#include "thread_loop.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "fabric.h"
#include "thread_loop_group.h"

namespace webx::fabric {
namespace {

thread_local ThreadLoop* current_loop = nullptr;

// Stats have one writer, the loop thread, so a relaxed load and store is
// enough and avoids a locked instruction per agent on the hot path.
void bump(std::atomic<uint64_t>& counter, uint64_t n) {
  counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

void check_uv(int rc, const char* what) {
  if (rc != 0) throw std::runtime_error(std::string(what) + ": " + uv_strerror(rc));
}

// Close callback of the loop's own handles: they are members of the
// ThreadLoop, so there is nothing to free; the callback only has to exist so
// that uv_run keeps going until libuv is done with them.
void on_own_handle_closed(uv_handle_t*) {}

// Close callback for handles their owners left open. Their memory belongs to
// someone else, so it is not freed here.
void on_forced_handle_closed(uv_handle_t*) {}

}  // namespace

ThreadLoop* ThreadLoop::current() { return current_loop; }

bool AgentAddress::send(MessagePtr message) const {
  return loop != nullptr && loop->send(id, std::move(message));
}

ThreadLoop::ThreadLoop(ThreadLoopGroup& group, size_t index)
    : group_(group), index_(index), name_(group.name() + "-" + std::to_string(index)) {
  // Everything is initialised here, on the thread building the Fabric, so
  // ports accept agents and messages before the loop thread starts; the
  // thread's creation publishes this state to it.
  check_uv(uv_loop_init(&uv_loop_), "uv_loop_init");
  uv_loop_.data = this;
  check_uv(uv_async_init(&uv_loop_, &agent_async_, &ThreadLoop::on_agent_port), "uv_async_init");
  check_uv(uv_async_init(&uv_loop_, &message_async_, &ThreadLoop::on_message_port),
           "uv_async_init");
  check_uv(uv_async_init(&uv_loop_, &control_async_, &ThreadLoop::on_control), "uv_async_init");
  check_uv(uv_check_init(&uv_loop_, &check_), "uv_check_init");
  check_uv(uv_idle_init(&uv_loop_, &idle_), "uv_idle_init");
  agent_async_.data = message_async_.data = control_async_.data = this;
  check_.data = idle_.data = this;
}

ThreadLoop::~ThreadLoop() {
  if (!thread_started_) teardown_unstarted();
}

// A loop whose thread never ran (the Fabric was not started) is torn down on
// the destroying thread, which is the only one that can touch it by then.
void ThreadLoop::teardown_unstarted() {
  ThreadLoop* saved = current_loop;
  current_loop = this;
  begin_stop();
  while (uv_run(&uv_loop_, UV_RUN_DEFAULT) != 0) {
  }
  stats_.loop_close_result.store(uv_loop_close(&uv_loop_), std::memory_order_relaxed);
  current_loop = saved;
}

void ThreadLoop::check_thread(const char* function) const {
  if (current_loop != this) {
    std::fprintf(stderr, "webx fabric: ThreadLoop::%s called off the thread of loop %s\n", function,
                 name_.c_str());
    std::abort();
  }
}

// --- Any thread --------------------------------------------------------------

std::optional<AgentAddress> ThreadLoop::post(AgentPtr agent) {
  if (!agent) return std::nullopt;
  AgentAddress address{this, AgentId{next_id_.fetch_add(1, std::memory_order_relaxed)}};
  agent->loop_ = this;
  agent->id_ = address.id;
  if (is_current()) {
    // Skipping the port keeps a post followed by a send from this thread in
    // order: the agent exists before the message is looked up.
    if (draining_ || stopping_) return std::nullopt;
    admit(std::move(agent), false);
    return address;
  }
  if (!agent_port_.push(std::move(agent))) return std::nullopt;
  return address;
}

bool ThreadLoop::send(AgentId to, MessagePtr message) {
  if (!message) return false;
  if (is_current()) {
    if (stopping_) return false;
    if (!deliver(to, message)) {
      message.reset();
      bump(stats_.messages_dropped, 1);
    }
    return true;
  }
  return message_port_.push(Envelope{to, std::move(message)});
}

ThreadLoop::Stats ThreadLoop::stats() const {
  constexpr auto relaxed = std::memory_order_relaxed;
  Stats s;
  s.increments = stats_.increments.load(relaxed);
  s.agents_admitted = stats_.agents_admitted.load(relaxed);
  s.agents_taken_from_group = stats_.agents_taken_from_group.load(relaxed);
  s.agents_completed = stats_.agents_completed.load(relaxed);
  s.agents_failed = stats_.agents_failed.load(relaxed);
  s.agents_abandoned = stats_.agents_abandoned.load(relaxed);
  s.messages_delivered = stats_.messages_delivered.load(relaxed);
  s.messages_dropped = stats_.messages_dropped.load(relaxed);
  s.handles_force_closed = stats_.handles_force_closed.load(relaxed);
  s.loop_close_result = stats_.loop_close_result.load(relaxed);
  return s;
}

// --- Loop thread: public -----------------------------------------------------

uv_loop_t* ThreadLoop::uv() {
  check_thread("uv");
  return &uv_loop_;
}

AgentAddress ThreadLoop::spawn(AgentPtr agent) {
  check_thread("spawn");
  AgentAddress address{this, AgentId{next_id_.fetch_add(1, std::memory_order_relaxed)}};
  if (!agent) return address;
  agent->loop_ = this;
  agent->id_ = address.id;
  if (stopping_) {
    agent.reset();
    bump(stats_.agents_abandoned, 1);
    return address;
  }
  admit(std::move(agent), false);
  return address;
}

AgentAddress ThreadLoop::spawn_now(AgentPtr agent) {
  check_thread("spawn_now");
  if (!agent || running_ != nullptr || stopping_) return spawn(std::move(agent));
  AgentAddress address{this, AgentId{next_id_.fetch_add(1, std::memory_order_relaxed)}};
  agent->id_ = address.id;
  Agent* raw = enter(std::move(agent), false);
  run_one(raw);
  return address;
}

bool ThreadLoop::resume(AgentId id) {
  check_thread("resume");
  auto it = agents_.find(static_cast<uint64_t>(id));
  if (it == agents_.end()) return false;
  Agent* agent = it->second.get();
  if (agent->state_ == Agent::State::Paused) {
    make_runnable(agent);
  } else {
    agent->resume_pending_ = true;
  }
  return true;
}

void ThreadLoop::on_shutdown(std::function<void()> hook) {
  check_thread("on_shutdown");
  if (draining_) {
    // Registered after the hooks ran: the owner still needs to hear about it.
    hook();
    return;
  }
  shutdown_hooks_.push_back(std::move(hook));
}

bool ThreadLoop::draining() const {
  check_thread("draining");
  return draining_;
}

size_t ThreadLoop::agent_count() const {
  check_thread("agent_count");
  return agents_.size();
}

// --- Management thread -------------------------------------------------------

void ThreadLoop::start_thread() {
  thread_started_ = true;
  thread_ = std::thread([this] { thread_main(); });
}

void ThreadLoop::join_thread() {
  if (thread_.joinable()) thread_.join();
}

void ThreadLoop::request_drain() { control_.push(Command::Drain); }
void ThreadLoop::request_stop() { control_.push(Command::Stop); }

// --- Loop thread: the machinery ----------------------------------------------

void ThreadLoop::thread_main() {
  current_loop = this;
  // Pick up group work posted before the thread started, or park.
  after_work();
  // uv_run returns when no handle is active any more, which only happens once
  // begin_stop has closed the loop's own handles; if user code stops the loop
  // early with uv_stop, keep running until the fabric stops it.
  for (;;) {
    uv_run(&uv_loop_, UV_RUN_DEFAULT);
    if (stopping_ && !uv_loop_alive(&uv_loop_)) break;
  }
  stats_.loop_close_result.store(uv_loop_close(&uv_loop_), std::memory_order_relaxed);
  current_loop = nullptr;
}

void ThreadLoop::admit(AgentPtr agent, bool from_group) {
  make_runnable(enter(std::move(agent), from_group));
}

// Makes `agent` one of this loop's agents, not yet queued to run.
Agent* ThreadLoop::enter(AgentPtr agent, bool from_group) {
  Agent* raw = agent.get();
  raw->loop_ = this;
  raw->state_ = Agent::State::Runnable;
  agents_.emplace(static_cast<uint64_t>(raw->id_), std::move(agent));
  bump(stats_.agents_admitted, 1);
  if (from_group) bump(stats_.agents_taken_from_group, 1);
  drained_.store(false, std::memory_order_release);
  if (draining_) raw->on_shutdown();
  return raw;
}

void ThreadLoop::make_runnable(Agent* agent) {
  agent->state_ = Agent::State::Runnable;
  run_queue_.push_back(agent);
  if (run_queue_.size() == 1) {
    // The check handle runs a bounded batch once per loop iteration; the idle
    // handle only exists to keep uv_run from blocking in poll meanwhile.
    uv_check_start(&check_, &ThreadLoop::on_check);
    uv_idle_start(&idle_, [](uv_idle_t*) {});
    if (maybe_parked_) {
      group_.unpark(*this);
      maybe_parked_ = false;
    }
  }
}

void ThreadLoop::run_batch() {
  const uint64_t start = uv_hrtime();
  // Only agents already runnable when the batch starts run in it, so an agent
  // that yields waits for everyone ahead of it (round-robin), and agents made
  // runnable during the batch wait for the next iteration.
  const size_t count = std::min(run_queue_.size(), kMaxIncrementsPerIteration);
  for (size_t i = 0; i < count && !run_queue_.empty(); ++i) {
    Agent* agent = run_queue_.front();
    run_queue_.pop_front();
    run_one(agent);
    if (uv_hrtime() - start >= kIterationBudgetNs) break;
  }
  if (run_queue_.empty()) {
    uv_check_stop(&check_);
    uv_idle_stop(&idle_);
  }
}

void ThreadLoop::run_one(Agent* agent) {
  agent->state_ = Agent::State::Running;
  running_ = agent;
  Agent::Step step;
  try {
    step = agent->exec_inc();
    running_ = nullptr;
  } catch (...) {
    running_ = nullptr;
    // Exceptions stop at the loop thread: the agent is finished, and its
    // peers learn of it through their own timeouts or messages, never by an
    // exception crossing threads.
    bump(stats_.increments, 1);
    bump(stats_.agents_failed, 1);
    finish(agent);
    return;
  }
  bump(stats_.increments, 1);
  switch (step) {
    case Agent::Step::Yield:
      make_runnable(agent);
      break;
    case Agent::Step::Pause:
      // A waiting message or a resume that came while the agent was not
      // paused turns the pause into a yield: the agent may have decided to
      // pause before that news arrived. At worst it runs once more than
      // needed; a wake-up is never lost.
      if (agent->has_message() || agent->resume_pending_) {
        agent->resume_pending_ = false;
        make_runnable(agent);
      } else {
        agent->state_ = Agent::State::Paused;
      }
      break;
    case Agent::Step::Done:
      bump(stats_.agents_completed, 1);
      finish(agent);
      break;
  }
}

void ThreadLoop::finish(Agent* agent) {
  // Extracting first means the destructor runs with the table consistent, so
  // it may spawn, send or resume like any other loop code.
  auto node = agents_.extract(static_cast<uint64_t>(agent->id_));
}

void ThreadLoop::drain_agent_port() {
  if (agent_port_.drain(agent_scratch_) == 0) return;
  std::vector<AgentPtr> batch;
  batch.swap(agent_scratch_);
  for (AgentPtr& agent : batch) {
    if (stopping_) {
      agent.reset();
      bump(stats_.agents_abandoned, 1);
    } else {
      admit(std::move(agent), false);
    }
  }
  batch.clear();
  agent_scratch_.swap(batch);
}

void ThreadLoop::drain_message_port() {
  if (message_port_.drain(message_scratch_) == 0) return;
  std::vector<Envelope> batch;
  batch.swap(message_scratch_);
  bool agents_drained = false;
  for (Envelope& envelope : batch) {
    if (!stopping_ && !deliver(envelope.to, envelope.message) && !agents_drained) {
      // The sender may have posted the agent just before messaging it; the
      // agent then sits in the agent port, which is drained here once more
      // before the message is given up.
      agents_drained = true;
      drain_agent_port();
      deliver(envelope.to, envelope.message);
    }
    if (envelope.message) {
      bump(stats_.messages_dropped, 1);
      envelope.message.reset();
    }
  }
  batch.clear();
  message_scratch_.swap(batch);
}

// Moves `message` into the agent's inbox and resumes it if paused. Leaves
// `message` untouched and returns false when no such agent lives here.
bool ThreadLoop::deliver(AgentId to, MessagePtr& message) {
  auto it = agents_.find(static_cast<uint64_t>(to));
  if (it == agents_.end()) return false;
  Agent* agent = it->second.get();
  agent->inbox_.push_back(std::move(message));
  bump(stats_.messages_delivered, 1);
  if (agent->state_ == Agent::State::Paused) make_runnable(agent);
  return true;
}

void ThreadLoop::drain_control() {
  if (control_.drain(control_scratch_) == 0) return;
  std::vector<Command> batch;
  batch.swap(control_scratch_);
  for (Command command : batch) {
    if (command == Command::Drain) begin_drain();
    if (command == Command::Stop) begin_stop();
  }
  batch.clear();
  control_scratch_.swap(batch);
}

// Runs after every callback that may have changed the loop's work: takes group
// work when the rules allow it, and reports progress while draining.
void ThreadLoop::after_work() {
  if (stopping_) return;
  const bool idle = run_queue_.empty();
  const bool reserved = group_reserved_hint_.load(std::memory_order_acquire);
  bool look = reserved || (idle && !maybe_parked_);
  if (!look && group_.has_unreserved()) look = idle || agent_port_.empty();
  if (look) {
    ThreadLoopGroup::Take take = group_.take(*this, idle);
    maybe_parked_ = take.parked;
    if (take.agent) {
      take.agent->id_ = AgentId{next_id_.fetch_add(1, std::memory_order_relaxed)};
      admit(std::move(take.agent), true);
    }
  }
  if (draining_) check_drained();
}

void ThreadLoop::begin_drain() {
  if (draining_ || stopping_) return;
  draining_ = true;
  agent_port_.close();
  std::vector<Agent*> alive;
  alive.reserve(agents_.size());
  for (auto& entry : agents_) alive.push_back(entry.second.get());
  // Agents posted before the close are in flight and are admitted now; admit()
  // tells them about the shutdown since draining_ is already set.
  drain_agent_port();
  std::vector<std::function<void()>> hooks;
  hooks.swap(shutdown_hooks_);
  for (auto& hook : hooks) hook();
  // Nothing above finishes an agent (only an increment can), so every pointer
  // in `alive` is still valid.
  for (Agent* agent : alive) agent->on_shutdown();
  check_drained();
}

void ThreadLoop::check_drained() {
  if (drained_.load(std::memory_order_relaxed)) return;
  if (!agents_.empty() || !agent_port_.empty()) return;
  drained_.store(true, std::memory_order_release);
  if (thread_started_) group_.fabric_.notify_progress();
}

void ThreadLoop::begin_stop() {
  if (stopping_) return;
  // Owners of handles close them in their hooks; that must happen even when
  // the loop is stopped without having drained.
  begin_drain();
  stopping_ = true;
  // After these closes no other thread touches the async handles, so they can
  // be closed below.
  agent_port_.close();
  message_port_.close();
  control_.close();
  group_.leave(*this);

  drain_agent_port();
  std::vector<Envelope> messages;
  message_port_.drain(messages);
  bump(stats_.messages_dropped, messages.size());
  messages.clear();

  run_queue_.clear();
  auto agents = std::move(agents_);
  agents_.clear();
  bump(stats_.agents_abandoned, agents.size());
  // Destructors run here, on the loop thread, and may still close handles.
  agents.clear();

  uv_close(reinterpret_cast<uv_handle_t*>(&agent_async_), on_own_handle_closed);
  uv_close(reinterpret_cast<uv_handle_t*>(&message_async_), on_own_handle_closed);
  uv_close(reinterpret_cast<uv_handle_t*>(&control_async_), on_own_handle_closed);
  uv_close(reinterpret_cast<uv_handle_t*>(&check_), on_own_handle_closed);
  uv_close(reinterpret_cast<uv_handle_t*>(&idle_), on_own_handle_closed);
  uv_walk(
      &uv_loop_,
      [](uv_handle_t* handle, void* arg) {
        if (uv_is_closing(handle)) return;
        auto* self = static_cast<ThreadLoop*>(arg);
        bump(self->stats_.handles_force_closed, 1);
        uv_close(handle, on_forced_handle_closed);
      },
      this);
}

void ThreadLoop::on_agent_port(uv_async_t* handle) {
  auto* self = static_cast<ThreadLoop*>(handle->data);
  self->drain_agent_port();
  self->after_work();
}

void ThreadLoop::on_message_port(uv_async_t* handle) {
  auto* self = static_cast<ThreadLoop*>(handle->data);
  self->drain_message_port();
  self->after_work();
}

void ThreadLoop::on_control(uv_async_t* handle) {
  auto* self = static_cast<ThreadLoop*>(handle->data);
  self->drain_control();
  self->after_work();
}

void ThreadLoop::on_check(uv_check_t* handle) {
  auto* self = static_cast<ThreadLoop*>(handle->data);
  self->run_batch();
  self->after_work();
}

}  // namespace webx::fabric
