// Agents and messages: the units of work and communication of the fabric.
//
// An Agent does its work in increments: its loop calls exec_inc() (the seeds'
// execInc) whenever it has CPU time for it, and the agent answers what should
// happen next: run again later (Yield), wait for a message or a resume
// (Pause), or be destroyed (Done). Agents never block; an agent that waits for
// I/O, a timer or another thread's answer pauses and is resumed by its loop.
//
// A Message is anything sent to an agent by address. Subclasses carry typed
// payloads (for example a JS actor's ExecuteRoute request and its result);
// message_cast recovers the type. Messages are moved through the queues and
// always destroyed on some thread that owns them at that moment: the receiving
// loop once delivered, the sender if the send was refused.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <utility>

namespace webx::fabric {

class ThreadLoop;

// Identifies an agent within its loop. Ids are never reused by a loop, so a
// message to an agent that has finished is recognised and dropped instead of
// reaching a newer agent.
enum class AgentId : uint64_t {};

class Message {
 public:
  virtual ~Message() = default;
};
using MessagePtr = std::unique_ptr<Message>;

// Takes ownership of `message` as a T if it is one; otherwise returns null and
// leaves `message` as it was, so the caller can try another type.
template <class T>
std::unique_ptr<T> message_cast(MessagePtr& message) {
  if (auto* typed = dynamic_cast<T*>(message.get())) {
    message.release();
    return std::unique_ptr<T>(typed);
  }
  return nullptr;
}

// Where to send a message to reach one agent: its loop and its id. A plain
// value, safe to copy into messages (the reply-to of a request). The loop
// pointer stays valid for the lifetime of the Fabric that created the loop.
struct AgentAddress {
  ThreadLoop* loop = nullptr;
  AgentId id{};

  // Sends `message` to the agent. Thread-safe; see ThreadLoop::send.
  bool send(MessagePtr message) const;

  friend bool operator==(const AgentAddress&, const AgentAddress&) = default;
};

// Base class of everything that runs on a thread loop.
//
// Owned by exactly one loop once admitted, and then used only on that loop's
// thread: exec_inc, on_shutdown and the destructor all run there. Before
// admission an agent is a plain object moved through a port; it must not be
// touched by its former owner after being posted.
//
// Not thread-safe; none of its members may be called from another thread.
class Agent {
 public:
  enum class Step {
    Yield,  // run again after the other runnable agents had their turn
    Pause,  // do not run until a message arrives or the loop resumes the agent
    Done,   // the work is finished; the loop destroys the agent
  };

  Agent() = default;
  Agent(const Agent&) = delete;
  Agent& operator=(const Agent&) = delete;
  virtual ~Agent() = default;

  // Executes one increment of the agent's work. Runs on the owning loop's
  // thread. Should return quickly: every other agent and all I/O on the loop
  // wait while it runs. An exception escaping it is caught by the loop, which
  // then destroys the agent (counted as failed); it never crosses threads.
  virtual Step exec_inc() = 0;

  // Called once on the owning loop's thread when the loop starts draining for
  // shutdown, also for paused agents. Long-lived agents (servers, actors) use
  // it to wind down: for example resume themselves with loop().resume(id())
  // and then return Done. The default does nothing; an agent that ignores it
  // is destroyed unfinished when the shutdown bound expires.
  virtual void on_shutdown() {}

 protected:
  // The loop running this agent. Valid from admission on, that is inside
  // exec_inc, on_shutdown and the destructor.
  ThreadLoop& loop() const { return *loop_; }
  AgentId id() const { return id_; }
  AgentAddress address() const { return {loop_, id_}; }

  // Takes the oldest message delivered to this agent, or null if there is
  // none. Messages may arrive while the agent is runnable; they wait here, and
  // returning Pause with messages waiting keeps the agent runnable, so no
  // message is ever missed between a check and a pause.
  MessagePtr take_message() {
    if (inbox_.empty()) return nullptr;
    MessagePtr message = std::move(inbox_.front());
    inbox_.pop_front();
    return message;
  }
  bool has_message() const { return !inbox_.empty(); }

 private:
  friend class ThreadLoop;
  enum class State { Queued, Runnable, Running, Paused };

  ThreadLoop* loop_ = nullptr;
  AgentId id_{};
  State state_ = State::Queued;
  // Set by ThreadLoop::resume while the agent is not paused, so that its next
  // Pause does not lose that resume.
  bool resume_pending_ = false;
  std::deque<MessagePtr> inbox_;
};

using AgentPtr = std::unique_ptr<Agent>;

}  // namespace webx::fabric
