// Fabric: the thread loop groups of a process and the management thread that
// starts them and shuts them down.
//
// Typical use (the `webx run` main thread):
//
//   Fabric fabric;
//   ThreadLoopGroup& js = fabric.add_group("js", 1);
//   ThreadLoopGroup& net = fabric.add_group("network", cores);
//   fabric.start();
//   ... post agents, e.g. net.loop(i).run(open_listener) ...
//   Fabric::ShutdownReport report = fabric.wait();  // until request_shutdown
//
// Shutdown, run by the management thread once request_shutdown was called:
//   1. Groups drain one at a time, in the reverse order they were added, so a
//      group may rely on the groups added before it (the network group on the
//      JS actor) until its own agents are done. Draining a group closes its
//      agent port and the agent ports of its loops (posts are refused from then
//      on), runs each loop's on_shutdown hooks and tells every agent
//      (Agent::on_shutdown). Messages are still delivered, so paused agents
//      can get their answers and finish.
//   2. One deadline, `grace` after the request, bounds all the draining. A
//      group counts as drained when its port is empty and none of its loops
//      has an agent left.
//   3. Every loop then stops: agents still alive are destroyed on their loop
//      thread, queued agents and messages are discarded, the loop closes its
//      own handles and any handle still open (each in a close callback), runs
//      until all close callbacks have fired, and calls uv_loop_close. The
//      management thread joins the loop threads and writes the report.
//
// Threads: a Fabric is owned by the thread that creates it (the owner). The
// management thread is the only one that starts, stops or joins loop threads;
// loop threads never wait for it or for each other.
//
// Thread safety:
//   add_group, start, wait, shutdown, the destructor — the owner thread only
//     (add_group before start; wait and shutdown never from a loop thread).
//   request_shutdown, group — any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "agent.h"
#include "thread_loop.h"
#include "thread_loop_group.h"

namespace webx::fabric {

class Fabric {
 public:
  static constexpr std::chrono::milliseconds kDefaultGrace{5000};

  struct ShutdownReport {
    bool drained_in_time = true;        // every group drained before the deadline
    uint64_t agents_abandoned = 0;      // destroyed unfinished when loops stopped
    uint64_t messages_dropped = 0;      // over the whole run, see ThreadLoop::Stats
    uint64_t handles_force_closed = 0;  // left open by their owners
    bool loops_closed_cleanly = true;   // every uv_loop_close returned 0
  };

  Fabric() = default;
  // Shuts down with kDefaultGrace if still running, then destroys the groups.
  ~Fabric();
  Fabric(const Fabric&) = delete;
  Fabric& operator=(const Fabric&) = delete;

  // Adds a group of `loops` loops (at least one). Before start() only. Agents
  // may be posted to the group and its loops at once; they run after start().
  ThreadLoopGroup& add_group(std::string name, size_t loops);

  // The group called `name`, or null. Groups never change after start().
  ThreadLoopGroup* group(std::string_view name) const;

  // Starts the management thread, which starts every loop thread. Once only.
  void start();

  // Asks the management thread to shut down, allowing `grace` for in-flight
  // agents to finish. Returns at once; safe from any thread, loop threads
  // included (e.g. a signal watcher on a loop). Only the first call counts.
  void request_shutdown(std::chrono::milliseconds grace = kDefaultGrace);

  // Blocks until shutdown has completed (someone must request it) and returns
  // the report. Calling it again returns the same report.
  ShutdownReport wait();

  ShutdownReport shutdown(std::chrono::milliseconds grace = kDefaultGrace) {
    request_shutdown(grace);
    return wait();
  }

 private:
  friend class ThreadLoop;

  void manage();
  // Loop threads: something a draining group waits for may have changed.
  void notify_progress();

  std::vector<std::unique_ptr<ThreadLoopGroup>> groups_;
  std::thread manager_;
  bool started_ = false;   // owner thread
  bool waited_ = false;    // owner thread
  ShutdownReport report_;  // written by the manager, read after joining it

  std::mutex mutex_;
  std::condition_variable cv_;
  bool shutdown_requested_ = false;                  // guarded by mutex_
  std::chrono::milliseconds grace_ = kDefaultGrace;  // guarded by mutex_
};

}  // namespace webx::fabric
