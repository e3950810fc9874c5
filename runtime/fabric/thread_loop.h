// ThreadLoop: one thread, one libuv loop, many agents.
//
// The loop runs agents in increments, round-robin: every runnable agent gets
// one exec_inc() before any gets a second. Work per libuv iteration is bounded
// (kMaxIncrementsPerIteration increments or kIterationBudgetNs of wall time,
// whichever comes first). Batches run in a check handle, right after libuv has
// polled for I/O, so an agent resumed by a read runs in the same iteration;
// while agents are runnable an idle handle keeps libuv from blocking in poll,
// so I/O callbacks, timers and port wake-ups are served between batches and a
// long-running agent cannot starve them.
//
// Each loop has two ports, MPSC queues that any thread may push to, each woken
// by its own uv_async_t and drained fully on every wake-up:
//   - the agent port: agents posted to run on this loop (post, run);
//   - the message port: messages addressed to an agent on this loop (send).
// A third, private queue carries the management thread's commands (drain,
// stop) and wake-ups for work waiting in the group port.
//
// When its own run queue is empty a loop takes agents from its group's agent
// port (see ThreadLoopGroup); an idle loop parks in the group and is woken
// when an agent is posted there.
//
// Threads: a ThreadLoop is created by its ThreadLoopGroup (on the thread that
// builds the Fabric), run by its own thread, and started, drained, stopped and
// joined by the Fabric's management thread. It is destroyed with its Fabric,
// after its thread has been joined, so a ThreadLoop* (and an AgentAddress)
// stays valid for the Fabric's whole life. No function here ever makes the
// loop thread wait for another thread's work: ports hold their mutex only to
// append or swap a vector.
//
// Thread safety of the public functions:
//   name, group, index, is_current, current, post, run, send, stats
//                                                  — any thread.
//   uv, spawn, spawn_now, resume, on_shutdown, draining, agent_count
//                                                  — the loop's own thread only
//     (inside exec_inc, a function given to run, or a libuv callback of this
//     loop); calling them elsewhere aborts with a message.
#pragma once

#include <uv.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "agent.h"
#include "mpsc_queue.h"

namespace webx::fabric {

class ThreadLoopGroup;

namespace detail {

// Runs a function once, as a one-increment agent (see ThreadLoop::run). Owned
// and run by its loop like any other agent.
template <class F>
class FunctionAgent final : public Agent {
 public:
  explicit FunctionAgent(F fn) : fn_(std::move(fn)) {}
  Step exec_inc() override {
    if constexpr (std::is_invocable_v<F&, ThreadLoop&>) {
      fn_(loop());
    } else {
      fn_();
    }
    return Step::Done;
  }

 private:
  F fn_;
};

}  // namespace detail

class ThreadLoop {
 public:
  // Upper bounds on agent work in one libuv loop iteration, so I/O is polled
  // at least every millisecond or so while agents are busy (plus the length of
  // the longest single increment, which the loop cannot interrupt).
  static constexpr size_t kMaxIncrementsPerIteration = 256;
  static constexpr uint64_t kIterationBudgetNs = 1'000'000;

  // Counters for tests, logs and the shutdown report. Each is updated by the
  // loop thread only and read with relaxed atomics, so a snapshot taken on
  // another thread may lag slightly but is never torn.
  struct Stats {
    uint64_t increments = 0;               // exec_inc calls
    uint64_t agents_admitted = 0;          // agents that joined this loop
    uint64_t agents_taken_from_group = 0;  // of which came from the group port
    uint64_t agents_completed = 0;         // returned Done
    uint64_t agents_failed = 0;            // threw from exec_inc
    uint64_t agents_abandoned = 0;         // destroyed unfinished at stop
    uint64_t messages_delivered = 0;       // reached an agent's inbox
    uint64_t messages_dropped = 0;         // addressed to no live agent
    uint64_t handles_force_closed = 0;     // left open by their owners at stop
    int loop_close_result = 1;             // uv_loop_close's result; 1 = not closed yet
  };

  ~ThreadLoop();
  ThreadLoop(const ThreadLoop&) = delete;
  ThreadLoop& operator=(const ThreadLoop&) = delete;

  // "<group>-<index>", for logs and thread names.
  const std::string& name() const { return name_; }
  ThreadLoopGroup& group() const { return group_; }
  size_t index() const { return index_; }

  // Whether the calling thread is this loop's thread.
  bool is_current() const { return current() == this; }
  // The loop whose thread is calling, or null on any other thread.
  static ThreadLoop* current();

  // Hands `agent` to this loop; it will run here from now on. Returns the
  // agent's address, or nullopt if the loop no longer accepts agents (it is
  // draining or stopped), in which case the agent is destroyed on the calling
  // thread. Agents posted from one thread start in the order posted. Posting
  // from the loop's own thread admits the agent at once.
  std::optional<AgentAddress> post(AgentPtr agent);

  // Runs `fn` once on this loop's thread, as an agent posted to this loop.
  // `fn` may take a ThreadLoop& (this loop) or nothing. Returns false, and
  // never runs `fn`, when post would refuse the agent. This is how code on
  // another thread creates libuv handles (servers, timers) on this loop.
  template <class F>
  bool run(F&& fn) {
    using Fn = std::decay_t<F>;
    return post(std::make_unique<detail::FunctionAgent<Fn>>(std::forward<F>(fn))).has_value();
  }

  // Sends `message` to the agent `to` on this loop. The agent finds it with
  // take_message(); a paused agent is resumed. Returns false only when the
  // loop has stopped, in which case the message is destroyed on the calling
  // thread. A message to an agent that has finished (or never existed) is
  // destroyed on the loop thread and counted in Stats::messages_dropped.
  // Messages from one sender to one agent arrive in the order sent.
  bool send(AgentId to, MessagePtr message);

  Stats stats() const;

  // --- The loop's own thread only -------------------------------------------

  // The libuv loop, for creating handles that belong to this thread. Whoever
  // opens a handle must uv_close it (and free it only in the close callback)
  // before the loop stops: register an on_shutdown hook, or close it from the
  // owning agent before it returns Done or in its destructor. Handles still
  // open when the loop stops are closed by the loop and counted as a leak in
  // Stats::handles_force_closed; their memory must outlive the Fabric.
  uv_loop_t* uv();

  // Admits `agent` to this loop at once, even while draining (in-flight work
  // may need helpers, e.g. a connection spawning its request agents). Once
  // the loop is stopping the agent is destroyed immediately instead.
  AgentAddress spawn(AgentPtr agent);

  // Like spawn, but runs the agent's first increment right away instead of
  // in the loop's next batch, when called from a libuv callback (a read).
  // Called from inside another agent's increment it behaves as spawn, so
  // increments never nest. For agents whose first step is usually all the
  // work (a request answered from memory): the answer leaves in the same
  // callback that brought the question.
  AgentAddress spawn_now(AgentPtr agent);

  // Makes a paused agent runnable again; used by libuv callbacks (a read, a
  // timer) that an agent was waiting for. If the agent is not paused, the
  // resume is remembered and its next Pause is treated as a Yield, so a
  // resume is never lost (at worst the agent runs once more than needed).
  // Returns false if no such agent lives here.
  bool resume(AgentId id);

  // Registers `hook` to run once on this thread when the loop starts draining
  // (or stops without draining). Non-agent owners of handles, such as a TCP
  // listener, close their handles here.
  void on_shutdown(std::function<void()> hook);

  // Whether the loop has started shutting down (no longer accepts posts).
  bool draining() const;
  // Agents living on this loop: runnable, running or paused.
  size_t agent_count() const;

 private:
  friend class ThreadLoopGroup;
  friend class Fabric;

  enum class Command { Drain, Stop };
  struct Envelope {
    AgentId to;
    MessagePtr message;
  };

  ThreadLoop(ThreadLoopGroup& group, size_t index);

  // Management thread.
  void start_thread();
  void join_thread();
  void request_drain();
  void request_stop();
  // Any thread: true once the loop, while draining, had no agent left.
  bool drained() const { return drained_.load(std::memory_order_acquire); }

  // Loop thread.
  void thread_main();
  void check_thread(const char* function) const;
  void admit(AgentPtr agent, bool from_group);
  Agent* enter(AgentPtr agent, bool from_group);
  void make_runnable(Agent* agent);
  void run_batch();
  void run_one(Agent* agent);
  void finish(Agent* agent);
  void drain_agent_port();
  void drain_message_port();
  bool deliver(AgentId to, MessagePtr& message);
  void drain_control();
  void after_work();
  void begin_drain();
  void begin_stop();
  void check_drained();
  void teardown_unstarted();

  static void on_agent_port(uv_async_t* handle);
  static void on_message_port(uv_async_t* handle);
  static void on_control(uv_async_t* handle);
  static void on_check(uv_check_t* handle);

  ThreadLoopGroup& group_;
  const size_t index_;
  const std::string name_;

  uv_loop_t uv_loop_;
  uv_async_t agent_async_;
  uv_async_t message_async_;
  uv_async_t control_async_;
  uv_check_t check_;  // runs agent batches after each poll
  uv_idle_t idle_;    // active while agents are runnable: poll must not block

  MpscQueue<AgentPtr> agent_port_{&agent_async_};
  MpscQueue<Envelope> message_port_{&message_async_};
  MpscQueue<Command> control_{&control_async_};

  std::atomic<uint64_t> next_id_{1};
  std::thread thread_;
  bool thread_started_ = false;  // management thread only

  // Loop thread only.
  std::unordered_map<uint64_t, AgentPtr> agents_;
  std::deque<Agent*> run_queue_;
  Agent* running_ = nullptr;  // the agent inside exec_inc, if any
  std::vector<std::function<void()>> shutdown_hooks_;
  std::vector<AgentPtr> agent_scratch_;
  std::vector<Envelope> message_scratch_;
  std::vector<Command> control_scratch_;
  bool draining_ = false;
  bool stopping_ = false;
  // Whether this loop may be parked in its group; a stale true only costs a
  // lock, so the loop keeps this hint instead of locking on every wake-up.
  bool maybe_parked_ = false;

  // Written by the loop thread, read by the management thread.
  std::atomic<bool> drained_{false};

  // Guarded by the group's mutex (see ThreadLoopGroup); `group_reserved_hint_`
  // mirrors `group_reserved_` so the loop can skip the lock when it is false.
  bool group_parked_ = false;
  bool group_reserved_ = false;
  bool group_left_ = false;
  std::atomic<bool> group_reserved_hint_{false};

  struct AtomicStats {
    std::atomic<uint64_t> increments{0};
    std::atomic<uint64_t> agents_admitted{0};
    std::atomic<uint64_t> agents_taken_from_group{0};
    std::atomic<uint64_t> agents_completed{0};
    std::atomic<uint64_t> agents_failed{0};
    std::atomic<uint64_t> agents_abandoned{0};
    std::atomic<uint64_t> messages_delivered{0};
    std::atomic<uint64_t> messages_dropped{0};
    std::atomic<uint64_t> handles_force_closed{0};
    std::atomic<int> loop_close_result{1};
  } stats_;
};

}  // namespace webx::fabric
