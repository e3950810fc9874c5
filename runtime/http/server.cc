#include "server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

#include <fmt/format.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "answer.h"
#include "error_page.h"
#include "request_parser.h"
#include "route_context.h"
#include "response.h"
#include "static_files.h"
#include "text.h"
#include "thread_loop.h"
#include "url.h"

namespace webx::http {
namespace {

using fabric::Agent;
using fabric::ThreadLoop;

// Requests parsed ahead on one connection while earlier ones are answered.
constexpr size_t kMaxInFlight = 32;
constexpr size_t kReadBufferBytes = 64 * 1024;
constexpr size_t kFileChunkBytes = 64 * 1024;
// A streaming response reads its next chunk only while less than this is
// waiting for the socket, so a slow reader does not pull a file into memory.
constexpr size_t kWriteHighWater = 256 * 1024;
// After refusing a request whose body may still be coming, the connection
// reads and discards for this long before closing, so the client sees the
// answer instead of a reset.
constexpr uint64_t kLingerMs = 2000;
constexpr int kBacklog = 1024;


class ServerAgent;
class Connection;
class RequestAgent;

// One response in a connection's pipeline, in request order.
struct Slot {
  RequestAgent* agent = nullptr;  // answering it; null once done or detached
  std::string bytes;              // response bytes not yet handed to the socket
  bool done = false;
  bool close = false;  // the connection closes after this response
  // For the access log.
  std::string method;
  std::string target;
  uint64_t start_ns = 0;
  int status = 0;
  uint64_t body_bytes = 0;
};

// ---------------------------------------------------------------------------
// Static files: opened, checked and read on libuv's file system threads.

// One piece of file work, owned by itself while it runs on a worker thread
// and by its agent on the loop in between. When the agent goes away while
// the work runs, it clears `agent` and the completion cleans up instead.
struct FileJob {
  uv_work_t work;
  RequestAgent* agent = nullptr;
  // In (set on the loop before the first run).
  std::string root;
  std::string path;  // root + "/" + relative path
  bool want_body = true;
  std::string if_none_match, if_modified_since;
  bool has_inm = false, has_ims = false;
  // Out.
  int status = 0;  // 0 = ok, else an error status to answer with
  std::string message;
  int fd = -1;
  uint64_t size = 0;
  std::time_t mtime = 0;
  std::string etag;
  bool unchanged = false;  // the client's copy is current: 304
  uint64_t offset = 0;  // of the next chunk to read
  std::string chunk;
  bool short_read = false;  // the file shrank while it was being sent

  static void open_work(uv_work_t* w);
  static void read_work(uv_work_t* w);
  static void after(uv_work_t* w, int status);
  void close_file() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  // A file that could not be opened: 404 only when it is not there, 403
  // when it may not be read; anything else (out of file descriptors or
  // memory, an I/O error) is the server's trouble, 503, never cached as a
  // missing file.
  void fail(int error) {
    switch (error) {
      case ENOENT: case ENOTDIR: case ENAMETOOLONG: case ELOOP:
        status = 404;
        message = "no such file";
        break;
      case EACCES: case EPERM:
        status = 403;
        message = "permission denied";
        break;
      default:
        status = 503;
        message = std::string("cannot open the file now: ") + std::strerror(error);
        break;
    }
  }
  void read_chunk() {
    size_t want = static_cast<size_t>(std::min<uint64_t>(kFileChunkBytes, size - offset));
    chunk.resize(want);
    size_t got = 0;
    while (got < want) {
      ssize_t n = ::pread(fd, chunk.data() + got, want - got, static_cast<off_t>(offset + got));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    chunk.resize(got);
    if (got < want) short_read = true;
    offset += got;
  }
};

void FileJob::open_work(uv_work_t* w) {
  auto* job = static_cast<FileJob*>(w->data);
  char resolved[PATH_MAX];
  if (::realpath(job->path.c_str(), resolved) == nullptr) return job->fail(errno);
  if (!is_inside(job->root, resolved)) {
    job->status = 403;
    job->message = "the path leads outside the project";
    return;
  }
  job->fd = ::open(resolved, O_RDONLY | O_CLOEXEC);
  if (job->fd < 0) return job->fail(errno);
  struct stat st;
  if (::fstat(job->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    job->close_file();
    job->status = 404;
    job->message = "not a file";
    return;
  }
  job->size = static_cast<uint64_t>(st.st_size);
  job->mtime = st.st_mtim.tv_sec;
  job->etag = make_etag(job->size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  job->unchanged = not_modified(job->has_inm ? &job->if_none_match : nullptr,
                                   job->has_ims ? &job->if_modified_since : nullptr, job->etag,
                                   job->mtime);
  if (job->want_body && !job->unchanged) job->read_chunk();
}

void FileJob::read_work(uv_work_t* w) { static_cast<FileJob*>(w->data)->read_chunk(); }

// ---------------------------------------------------------------------------

class ServerAgent final : public Agent {
 public:
  ServerAgent(const ServerContext& context, int fd);
  ~ServerAgent() override;

  Step exec_inc() override;
  void on_shutdown() override;

  const ServerContext& context() const { return context_; }
  const std::shared_ptr<const HttpApp>& app() const { return app_; }
  ThreadLoop& thread_loop() { return loop(); }
  bool draining() const { return draining_; }
  void remove(Connection* connection);
  char* read_buffer() { return read_buffer_.get(); }

 private:
  // Accepting is done here rather than by uv_listen, so that running out of
  // file descriptors pauses it (libuv's own accept loop spins on EMFILE
  // when its reserve descriptor has been taken by another thread).
  static void on_readable(uv_poll_t* poll, int status, int events);
  void accept_pending();
  bool shed_one();
  static void refuse_busy(int client);
  void pause_accepting();
  void resume_accepting();
  void close_listener();

  const ServerContext& context_;
  std::shared_ptr<const HttpApp> app_;
  int fd_;                        // the listening socket, non-blocking; -1 once closed
  uv_poll_t* poll_ = nullptr;     // readiness of fd_; freed in its close callback
  uv_timer_t* retry_ = nullptr;   // resumes accepting after a pause; freed likewise
  bool accept_paused_ = false;
  // Held open so that, out of descriptors, one can be freed to accept a
  // waiting client just to tell it 503 (see shed_one); -1 when another
  // thread took the number in the meantime.
  int reserve_fd_ = -1;
  bool started_ = false;
  bool draining_ = false;
  std::unordered_set<Connection*> connections_;
  std::unique_ptr<char[]> read_buffer_{new char[kReadBufferBytes]};
};

// One client connection. Owned by its ServerAgent's loop: created when
// accepted, freed in the close callback of its last libuv handle.
class Connection {
 public:
  explicit Connection(ServerAgent& server);
  // Takes over the accepted socket `fd` (closed on failure) and starts
  // reading.
  bool open(int fd);

  // --- for request agents (same loop) ---
  // Where the slot's response bytes go: straight into the output buffer
  // when the slot heads the pipeline (no copy, no allocation once the
  // buffer has grown), else the slot's own buffer until its turn.
  std::string& buffer(Slot* slot) {
    return !slots_.empty() && slots_.front().get() == slot ? out_ : slot->bytes;
  }
  // Bytes were added to buffer(slot): send what can be sent.
  void wrote(Slot* slot);
  // The slot's response is whole.
  void complete(Slot* slot, int status, uint64_t body_bytes, bool close);
  void agent_gone(Slot* slot);
  bool draining() const { return server_ == nullptr || server_->draining(); }
  size_t buffered() const;
  const ServerContext& context() const { return context_; }
  const std::string& peer() const { return peer_; }
  void wait_for_drain(RequestAgent* agent) { drain_waiter_ = agent; }

  // --- for the server ---
  void begin_drain();
  void close_now();
  size_t unanswered() const {
    size_t n = 0;
    for (const auto& slot : slots_) n += slot->done ? 0 : 1;
    return n + (parser_.in_request() ? 1 : 0);
  }
  void detach_server() { server_ = nullptr; }

 private:
  enum class State { Open, Closing, Lingering, Closed };
  struct WriteReq {
    uv_write_t req;
    std::string data;
  };

  static void on_alloc(uv_handle_t* handle, size_t suggested, uv_buf_t* buf);
  static void on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);
  static void on_write(uv_write_t* req, int status);
  static void on_timer(uv_timer_t* timer);
  static void on_shutdown_done(uv_shutdown_t* req, int status);
  static void on_closed(uv_handle_t* handle);

  void process(const char* data, size_t length);
  void dispatch(Request request);
  void fail(const ParseError& error);
  void flush();
  void write_out();
  void after_output();
  void resume_input();
  void maybe_send_continue();
  void arm_timer();
  void set_timer(uint64_t due);
  void stop_reading();
  void start_reading();
  void finish_closing();
  void log_slot(const Slot& slot);
  bool idle() const { return slots_.empty() && !parser_.in_request() && out_.empty() && !writing_; }

  ServerAgent* server_;
  const ServerContext& context_;
  ThreadLoop& loop_;
  uv_tcp_t tcp_;
  uv_timer_t timer_;
  uv_shutdown_t shutdown_req_;
  int open_handles_ = 0;
  State state_ = State::Open;
  RequestParser parser_;
  std::deque<std::unique_ptr<Slot>> slots_;
  std::string out_;        // bytes waiting for the socket (after a partial write)
  bool writing_ = false;   // a uv_write is in flight
  std::string pending_in_;  // bytes read but not parsed (too many requests in flight)
  bool reading_ = false;
  bool linger_ = false;          // input may be left unread when closing
  bool request_timer_ = false;   // request_deadline_ is set for the request arriving
  // One timer per connection, moved only when a deadline comes closer: on
  // expiry it checks what the connection is doing, so the common path (a
  // request answered at once) never touches libuv's timer heap.
  uint64_t timer_due_ = 0;  // loop time the timer fires at; 0 = not running
  uint64_t last_active_ = 0;
  uint64_t request_deadline_ = 0;
  RequestAgent* drain_waiter_ = nullptr;
  std::string peer_;
};

// One request: an agent on the connection's loop.
class RequestAgent final : public Agent {
 public:
  RequestAgent(Connection* connection, Slot* slot, Request request, std::shared_ptr<const HttpApp> app)
      : connection_(connection), slot_(slot), request_(std::move(request)), app_(std::move(app)),
        context_(connection->context()) {}
  ~RequestAgent() override;

  Step exec_inc() override;
  void on_shutdown() override {
    if (connection_ == nullptr) loop().resume(id());
  }

  // The connection is gone: nothing more is written anywhere.
  void detach() {
    connection_ = nullptr;
    slot_ = nullptr;
    if (phase_ == Phase::AwaitDrain) loop().resume(id());
  }
  void drained() { loop().resume(id()); }
  void file_done() {
    job_running_ = false;
    loop().resume(id());
  }

 private:
  enum class Phase { Start, AwaitJs, AwaitFile, AwaitDrain, Finished };

  Step start();
  Step route();
  Step on_outcome(RouteOutcome& outcome);
  Step serve_file(const std::string& relative);
  Step file_step();
  Step next_chunk();

  bool head_only() const { return request_.method == HttpMethod::Head; }
  bool closing() const {
    return !request_.keep_alive || request_.upgrade || connection_->draining();
  }
  Step respond(int status, std::string_view type, std::string_view body,
               std::string_view headers = {});
  Step respond_error(int status, std::string_view message, std::string_view headers = {});
  void begin_head(std::string& out, int status, std::string_view type, uint64_t length,
                  std::string_view headers);

  Connection* connection_;
  Slot* slot_;
  Request request_;
  std::shared_ptr<const HttpApp> app_;  // the program this request was routed by
  const ServerContext& context_;
  Phase phase_ = Phase::Start;
  FileJob* job_ = nullptr;  // file work in progress or between chunks
  bool job_running_ = false;
  bool head_sent_ = false;
  uint64_t sent_ = 0;  // body bytes of a streamed file handed to the connection
  bool close_ = false;
  bool preflight_ = false;  // a CORS preflight: its CORS headers are already set
  bool rerouted_ = false;   // routed again after a hot reload removed its route
};

// ---------------------------------------------------------------------------
// FileJob completion (loop thread).

void FileJob::after(uv_work_t* w, int status) {
  auto* job = static_cast<FileJob*>(w->data);
  if (job->agent == nullptr) {
    job->close_file();
    delete job;
    return;
  }
  if (status == UV_ECANCELED) job->status = 503;
  job->agent->file_done();
}

// ---------------------------------------------------------------------------
// ServerAgent

ServerAgent::ServerAgent(const ServerContext& context, int fd) : context_(context), app_(context.app), fd_(fd) {}

ServerAgent::~ServerAgent() {
  // Reached with connections left only when the fabric stops the loop after
  // the shutdown grace: they are cut off.
  close_listener();
  std::vector<Connection*> left(connections_.begin(), connections_.end());
  context_.open_connections.fetch_sub(static_cast<int64_t>(left.size()), std::memory_order_relaxed);
  connections_.clear();
  uint64_t unanswered = 0;
  for (Connection* c : left) unanswered += c->unanswered();
  if (unanswered > 0) context_.requests_cut_off.fetch_add(unanswered, std::memory_order_relaxed);
  for (Connection* c : left) {
    c->detach_server();
    c->close_now();
  }
}

Agent::Step ServerAgent::exec_inc() {
  // Shutdown can reach an agent before its first step (it was admitted to a
  // loop that was already draining): on_shutdown has closed the socket, and
  // there is nothing to start.
  if (!started_ && draining_) return Step::Done;
  if (!started_) {
    started_ = true;
    int rc = fd_ >= 0 && ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK) == 0 ? 0 : UV_EBADF;
    if (rc == 0) {
      poll_ = new uv_poll_t;
      retry_ = new uv_timer_t;
      rc = uv_poll_init(loop().uv(), poll_, fd_);
      if (rc != 0) {
        delete poll_;
        poll_ = nullptr;
      }
      uv_timer_init(loop().uv(), retry_);
      retry_->data = this;
    }
    if (rc == 0) {
      poll_->data = this;
      rc = uv_poll_start(poll_, UV_READABLE, &ServerAgent::on_readable);
      reserve_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    }
    if (rc != 0) {
      std::fprintf(stderr, "webx: error: cannot serve on %s: %s\n", loop().name().c_str(),
                   uv_strerror(rc));
      close_listener();
      return Step::Done;
    }
  }
  while (fabric::MessagePtr message = take_message()) {
    if (auto swap = fabric::message_cast<SwapApp>(message)) app_ = std::move(swap->app);
  }
  if (draining_ && connections_.empty()) return Step::Done;
  return Step::Pause;
}

void ServerAgent::on_shutdown() {
  draining_ = true;
  close_listener();
  std::vector<Connection*> all(connections_.begin(), connections_.end());
  for (Connection* c : all) c->begin_drain();
  loop().resume(id());
}

void ServerAgent::close_listener() {
  if (poll_ != nullptr) {
    uv_close(reinterpret_cast<uv_handle_t*>(poll_), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
    poll_ = nullptr;
  }
  if (retry_ != nullptr) {
    uv_close(reinterpret_cast<uv_handle_t*>(retry_), [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
    retry_ = nullptr;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (reserve_fd_ >= 0) ::close(reserve_fd_);
  reserve_fd_ = -1;
}

void ServerAgent::remove(Connection* connection) {
  if (connections_.erase(connection) > 0) context_.open_connections.fetch_sub(1, std::memory_order_relaxed);
  if (draining_ && connections_.empty()) loop().resume(id());
  // A descriptor came free: waiting clients need not wait for the timer.
  if (accept_paused_) resume_accepting();
}

void ServerAgent::on_readable(uv_poll_t* poll, int status, int) {
  auto* self = static_cast<ServerAgent*>(poll->data);
  if (status != 0) {
    if (self->context_.debug_log) std::fprintf(stderr, "webx: accept failed: %s\n", uv_strerror(status));
    return;
  }
  self->accept_pending();
}

// Takes the connections waiting in the backlog, a bounded number per
// wake-up so one loop's burst does not starve its open connections.
void ServerAgent::accept_pending() {
  constexpr int kAcceptsPerWakeup = 128;
  for (int i = 0; i < kAcceptsPerWakeup && fd_ >= 0; ++i) {
    int client = ::accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (client < 0) {
      const int error = errno;
      if (error == EAGAIN || error == EWOULDBLOCK) return;
      if (error == EINTR || error == ECONNABORTED || error == EPROTO) continue;
      if (context_.debug_log) std::fprintf(stderr, "webx: accept failed: %s\n", std::strerror(error));
      // Out of descriptors: each waiting client is told 503 while the
      // reserve descriptor lasts. Then (or out of memory) they wait in the
      // backlog until a connection closes or the retry timer fires.
      if ((error == EMFILE || error == ENFILE) && shed_one()) continue;
      pause_accepting();
      return;
    }
    if (context_.open_connections.fetch_add(1, std::memory_order_relaxed) >= context_.max_connections) {
      context_.open_connections.fetch_sub(1, std::memory_order_relaxed);
      refuse_busy(client);
      continue;
    }
    auto* connection = new Connection(*this);
    connections_.insert(connection);
    if (!connection->open(client)) connection->close_now();
  }
}

// Answers a client the server has no room for with 503 and closes it.
// What the client already sent is read first, so the close does not reset
// the connection before the answer is read.
void ServerAgent::refuse_busy(int client) {
  char sink[4096];
  while (::recv(client, sink, sizeof sink, 0) > 0) {
  }
  std::string out;
  append_refusal(out, ParseError{503, "the server is at its connection limit; retry in a moment", "Retry-After: 1\r\n"});
  [[maybe_unused]] ssize_t sent = ::send(client, out.data(), out.size(), MSG_NOSIGNAL);
  ::shutdown(client, SHUT_WR);
  ::close(client);
}

// Out of descriptors below the connection cap (files and other threads
// use them too): frees the reserve descriptor to accept one waiting client
// and refuse it with 503. False when there is no reserve or no client.
bool ServerAgent::shed_one() {
  if (reserve_fd_ < 0) return false;
  ::close(reserve_fd_);
  reserve_fd_ = -1;
  int client = ::accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (client >= 0) refuse_busy(client);
  reserve_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  return client >= 0;
}

void ServerAgent::pause_accepting() {
  if (accept_paused_ || poll_ == nullptr) return;
  accept_paused_ = true;
  uv_poll_stop(poll_);
  constexpr uint64_t kRetryMs = 100;
  uv_timer_start(retry_, [](uv_timer_t* t) { static_cast<ServerAgent*>(t->data)->resume_accepting(); }, kRetryMs, 0);
}

void ServerAgent::resume_accepting() {
  if (!accept_paused_ || poll_ == nullptr || draining_) return;
  accept_paused_ = false;
  if (reserve_fd_ < 0) reserve_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  uv_timer_stop(retry_);
  uv_poll_start(poll_, UV_READABLE, &ServerAgent::on_readable);
}

// ---------------------------------------------------------------------------
// Connection

Connection::Connection(ServerAgent& server)
    : server_(&server),
      context_(server.context()),
      loop_(server.thread_loop()),
      parser_(ParserLimits{context_.limits.max_header_bytes, context_.limits.max_body_bytes}) {
  uv_tcp_init(loop_.uv(), &tcp_);
  uv_timer_init(loop_.uv(), &timer_);
  tcp_.data = timer_.data = this;
  open_handles_ = 2;
}

bool Connection::open(int fd) {
  if (uv_tcp_open(&tcp_, fd) != 0) {
    ::close(fd);
    return false;
  }
  uv_tcp_nodelay(&tcp_, 1);
  sockaddr_storage addr{};
  int len = sizeof addr;
  if (uv_tcp_getpeername(&tcp_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    char name[INET6_ADDRSTRLEN] = "";
    if (addr.ss_family == AF_INET6) {
      uv_ip6_name(reinterpret_cast<sockaddr_in6*>(&addr), name, sizeof name);
    } else {
      uv_ip4_name(reinterpret_cast<sockaddr_in*>(&addr), name, sizeof name);
    }
    peer_ = name;
  }
  start_reading();
  arm_timer();
  return true;
}

void Connection::start_reading() {
  if (reading_ || state_ == State::Closed) return;
  reading_ = uv_read_start(reinterpret_cast<uv_stream_t*>(&tcp_), &Connection::on_alloc,
                           &Connection::on_read) == 0;
}

void Connection::stop_reading() {
  if (!reading_) return;
  uv_read_stop(reinterpret_cast<uv_stream_t*>(&tcp_));
  reading_ = false;
}

void Connection::on_alloc(uv_handle_t* handle, size_t, uv_buf_t* buf) {
  auto* self = static_cast<Connection*>(handle->data);
  // Every connection of a loop reads into its server's one buffer: bytes
  // are parsed (copied into requests) before the next read.
  // (A connection loses its server only when it is closed, reading stopped.)
  *buf = uv_buf_init(self->server_->read_buffer(), kReadBufferBytes);
}

void Connection::on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  auto* self = static_cast<Connection*>(stream->data);
  if (nread == 0) return;
  if (nread < 0) {
    if (nread != UV_EOF) {
      self->close_now();
      return;
    }
    self->stop_reading();
    if (self->state_ == State::Lingering) {
      self->close_now();
      return;
    }
    // The client has said all it will. Requests already in flight are still
    // answered (it may only have closed its sending side).
    if (self->slots_.empty() && !self->writing_ && self->out_.empty()) {
      self->close_now();
    } else if (self->state_ == State::Open) {
      self->state_ = State::Closing;
      self->pending_in_.clear();
    }
    return;
  }
  if (self->state_ == State::Lingering || self->state_ == State::Closing) return;  // discarded
  self->process(buf->base, static_cast<size_t>(nread));
}

void Connection::process(const char* data, size_t length) {
  while (length > 0 && state_ == State::Open) {
    if (slots_.size() >= kMaxInFlight) {
      pending_in_.append(data, length);
      stop_reading();
      break;
    }
    RequestParser::Result r = parser_.feed(data, length);
    data += r.consumed;
    length -= r.consumed;
    if (r.status == RequestParser::Status::Complete) {
      dispatch(parser_.take());
    } else if (r.status == RequestParser::Status::Failed) {
      fail(parser_.error());
      break;
    } else {
      break;
    }
  }
  if (state_ == State::Open) {
    maybe_send_continue();
    arm_timer();
  }
}

void Connection::dispatch(Request request) {
  request_timer_ = false;
  request.keep_alive = request.keep_alive && !request.upgrade;
  auto slot = std::make_unique<Slot>();
  if (context_.access_log) {
    slot->method = request.method_name;
    slot->target = request.target;
    slot->start_ns = uv_hrtime();
  }
  if (!request.keep_alive) {
    // Nothing after a closing request is read.
    state_ = State::Closing;
    pending_in_.clear();
    stop_reading();
  }
  request.client_address = peer_;
  auto agent = std::make_unique<RequestAgent>(this, slot.get(), std::move(request), server_->app());
  slot->agent = agent.get();
  slots_.push_back(std::move(slot));
  // Most requests are answered in their first increment, from memory: run
  // it now, while the request is hot, and send the answer from this read.
  loop_.spawn_now(std::move(agent));
}

void Connection::fail(const ParseError& error) {
  // Answered in order, after the requests before it, by the connection itself.
  auto slot = std::make_unique<Slot>();
  const size_t body_bytes = append_refusal(slot->bytes, error);
  slot->done = true;
  slot->close = true;
  slot->status = error.status;
  slot->body_bytes = body_bytes;
  slot->method = "-";
  slot->target = "(malformed request)";
  slot->start_ns = uv_hrtime();
  if (context_.debug_log) {
    std::fprintf(stderr, "webx: %s: refused a request: %d %s\n", peer_.c_str(), error.status,
                 log_text(error.message).c_str());
  }
  slots_.push_back(std::move(slot));
  state_ = State::Closing;
  linger_ = true;
  request_timer_ = false;
  pending_in_.clear();
  flush();
}

void Connection::wrote(Slot* slot) {
  if (!slots_.empty() && slots_.front().get() == slot) flush();
}

void Connection::complete(Slot* slot, int status, uint64_t body_bytes, bool close) {
  slot->done = true;
  slot->agent = nullptr;
  slot->status = status;
  slot->body_bytes += body_bytes;
  slot->close = close;
  flush();
}

void Connection::agent_gone(Slot* slot) {
  // An agent that ends without answering (it threw, or the loop is stopping)
  // leaves a hole in the pipeline; nothing after it can be sent in order.
  slot->agent = nullptr;
  if (!slot->done) close_now();
}

size_t Connection::buffered() const {
  return out_.size() + uv_stream_get_write_queue_size(reinterpret_cast<const uv_stream_t*>(&tcp_));
}

// Moves finished responses, in order, to the socket.
void Connection::flush() {
  if (state_ == State::Closed) return;
  bool close_after = false;
  while (!slots_.empty()) {
    Slot& head = *slots_.front();
    if (out_.empty()) {
      out_.swap(head.bytes);
    } else if (!head.bytes.empty()) {
      out_.append(head.bytes);
    }
    head.bytes.clear();
    if (!head.done) break;
    log_slot(head);
    close_after = close_after || head.close;
    slots_.pop_front();
    if (close_after) break;
  }
  if (close_after) {
    state_ = State::Closing;
    // Requests after a closing response are never answered.
    for (auto& slot : slots_) {
      if (slot->agent != nullptr) slot->agent->detach();
    }
    slots_.clear();
  }
  write_out();
  after_output();
}

void Connection::write_out() {
  if (writing_ || out_.empty() || state_ == State::Closed) return;
  uv_buf_t buf = uv_buf_init(out_.data(), static_cast<unsigned>(out_.size()));
  int n = uv_try_write(reinterpret_cast<uv_stream_t*>(&tcp_), &buf, 1);
  if (n == static_cast<int>(out_.size())) {
    out_.clear();
    return;
  }
  if (n < 0 && n != UV_EAGAIN) {
    close_now();
    return;
  }
  auto* w = new WriteReq;
  w->req.data = this;
  w->data = out_.substr(n > 0 ? static_cast<size_t>(n) : 0);
  out_.clear();
  uv_buf_t rest = uv_buf_init(w->data.data(), static_cast<unsigned>(w->data.size()));
  if (uv_write(&w->req, reinterpret_cast<uv_stream_t*>(&tcp_), &rest, 1, &Connection::on_write) != 0) {
    delete w;
    close_now();
    return;
  }
  writing_ = true;
}

void Connection::on_write(uv_write_t* req, int status) {
  auto* w = reinterpret_cast<WriteReq*>(req);
  auto* self = static_cast<Connection*>(req->data);
  delete w;
  if (self->state_ == State::Closed) return;
  self->writing_ = false;
  if (status != 0) {
    self->close_now();
    return;
  }
  self->last_active_ = uv_now(self->loop_.uv());
  self->write_out();
  self->after_output();
}

// What follows output progress: a streaming agent may read on, requests
// waiting in pending_in_ may be parsed, and a closing connection may close.
void Connection::after_output() {
  if (state_ == State::Closed) return;
  if (drain_waiter_ != nullptr && buffered() < kWriteHighWater) {
    RequestAgent* waiter = drain_waiter_;
    drain_waiter_ = nullptr;
    waiter->drained();
  }
  if (state_ == State::Open) {
    if (!pending_in_.empty() && slots_.size() < kMaxInFlight) resume_input();
    if (state_ == State::Open) {
      if (draining() && idle()) {
        close_now();
        return;
      }
      maybe_send_continue();
      arm_timer();
    }
  }
  if (state_ == State::Closing && slots_.empty() && out_.empty() && !writing_) finish_closing();
}

void Connection::resume_input() {
  std::string input;
  input.swap(pending_in_);
  process(input.data(), input.size());
  if (pending_in_.empty() && state_ == State::Open) start_reading();
}

void Connection::maybe_send_continue() {
  // `100 Continue` belongs to the request being received, so it waits until
  // every earlier response is out. A request its route refuses gets the
  // refusal instead, and its body is never asked for.
  if (!parser_.wants_continue() || !slots_.empty()) return;
  parser_.continue_sent();
  if (server_ == nullptr) return;
  if (std::optional<ParseError> refusal = refuse_by_route(*server_->app(), parser_.current(), nullptr)) {
    fail(*refusal);
    return;
  }
  out_.append("HTTP/1.1 100 Continue\r\n\r\n");
  write_out();
}

void Connection::set_timer(uint64_t due) {
  if (timer_due_ != 0 && timer_due_ <= due) return;
  timer_due_ = due;
  const uint64_t now = uv_now(loop_.uv());
  uv_timer_start(&timer_, &Connection::on_timer, due > now ? due - now : 0, 0);
}

void Connection::arm_timer() {
  if (state_ != State::Open) return;
  const auto& limits = context_.limits;
  const uint64_t now = uv_now(loop_.uv());
  if (parser_.in_request()) {
    // One deadline for the whole request from its first bytes: trickling
    // bytes does not buy more time.
    if (!request_timer_) {
      request_timer_ = true;
      request_deadline_ = now + limits.request_timeout_ms;
    }
    set_timer(request_deadline_);
    return;
  }
  request_timer_ = false;
  last_active_ = now;
  set_timer(now + limits.idle_timeout_ms);
}

void Connection::on_timer(uv_timer_t* timer) {
  auto* self = static_cast<Connection*>(timer->data);
  self->timer_due_ = 0;
  if (self->state_ == State::Lingering) {
    self->close_now();
    return;
  }
  const auto& limits = self->context_.limits;
  const uint64_t now = uv_now(self->loop_.uv());
  if (self->state_ == State::Open && self->parser_.in_request() && self->request_timer_) {
    if (now < self->request_deadline_) {
      self->set_timer(self->request_deadline_);
      return;
    }
    self->fail(ParseError{408,
                          fmt::format("the request was not complete within {} ms", limits.request_timeout_ms),
                          {}});
    return;
  }
  if (!self->slots_.empty() && !self->writing_) {
    // Requests are being answered (their own limits apply); look again later.
    self->set_timer(now + limits.idle_timeout_ms);
    return;
  }
  // Idle, or waiting for a client that does not read what it was sent.
  const uint64_t due = self->last_active_ + limits.idle_timeout_ms;
  if (now < due) {
    self->set_timer(due);
    return;
  }
  self->close_now();
}

void Connection::finish_closing() {
  if (!linger_) {
    close_now();
    return;
  }
  // Half-close and drain what the client still sends, so the answer is not
  // lost to a reset, but only for a moment.
  state_ = State::Lingering;
  timer_due_ = 0;
  set_timer(uv_now(loop_.uv()) + kLingerMs);
  shutdown_req_.data = this;
  if (uv_shutdown(&shutdown_req_, reinterpret_cast<uv_stream_t*>(&tcp_), &Connection::on_shutdown_done) != 0) {
    close_now();
    return;
  }
  start_reading();
}

void Connection::on_shutdown_done(uv_shutdown_t* req, int status) {
  auto* self = static_cast<Connection*>(req->data);
  if (status != 0 && self->state_ != State::Closed) self->close_now();
}

void Connection::begin_drain() {
  if (state_ == State::Open && idle()) {
    close_now();
    return;
  }
  // Busy: its requests finish with `Connection: close` (RequestAgent asks
  // draining()); a request still arriving may complete within its deadline.
  if (state_ == State::Open && !parser_.in_request()) {
    state_ = State::Closing;
    pending_in_.clear();
    stop_reading();
  }
}

void Connection::close_now() {
  if (state_ == State::Closed) return;
  state_ = State::Closed;
  for (auto& slot : slots_) {
    if (slot->agent != nullptr) slot->agent->detach();
  }
  slots_.clear();
  drain_waiter_ = nullptr;
  stop_reading();
  uv_close(reinterpret_cast<uv_handle_t*>(&tcp_), &Connection::on_closed);
  uv_close(reinterpret_cast<uv_handle_t*>(&timer_), &Connection::on_closed);
}

void Connection::on_closed(uv_handle_t* handle) {
  auto* self = static_cast<Connection*>(handle->data);
  if (--self->open_handles_ > 0) return;
  if (self->server_ != nullptr) self->server_->remove(self);
  delete self;
}

void Connection::log_slot(const Slot& slot) {
  if (!context_.access_log) return;
  double ms = static_cast<double>(uv_hrtime() - slot.start_ns) / 1e6;
  std::string line = fmt::format("{} {} {} {}B {:.2f}ms\n", slot.method, slot.target, slot.status,
                                 slot.body_bytes, ms);
  // One write per line keeps lines whole when several loops log at once.
  std::fwrite(line.data(), 1, line.size(), context_.log);
  std::fflush(context_.log);
}

// ---------------------------------------------------------------------------
// RequestAgent

RequestAgent::~RequestAgent() {
  if (job_ != nullptr) {
    if (job_running_) {
      job_->agent = nullptr;  // the completion frees it
    } else {
      job_->close_file();
      delete job_;
    }
  }
  if (connection_ != nullptr && slot_ != nullptr && slot_->agent == this) {
    // Destroyed unanswered: the loop is stopping after the shutdown grace.
    context_.requests_cut_off.fetch_add(1, std::memory_order_relaxed);
    connection_->agent_gone(slot_);
  }
}

Agent::Step RequestAgent::exec_inc() {
  if (connection_ == nullptr) {
    // The client is gone. Work still running elsewhere finishes on its own
    // (a JS reply is dropped; file work cleans up after itself).
    return Step::Done;
  }
  switch (phase_) {
    case Phase::Start: return start();
    case Phase::AwaitJs: {
      fabric::MessagePtr message = take_message();
      if (!message) return Step::Pause;
      std::unique_ptr<RouteOutcome> outcome = fabric::message_cast<RouteOutcome>(message);
      if (!outcome) return Step::Pause;
      return on_outcome(*outcome);
    }
    case Phase::AwaitFile:
      if (job_running_) return Step::Pause;
      return file_step();
    case Phase::AwaitDrain: return next_chunk();
    case Phase::Finished: return Step::Done;
  }
  return Step::Done;
}

Agent::Step RequestAgent::start() {
  if (context_.rate_limiter != nullptr) {
    RateLimiter::Decision d = context_.rate_limiter->admit(request_.client_address);
    if (!d.allowed) {
      std::string headers;
      append_header(headers, "Retry-After", std::to_string(d.retry_after_s));
      return respond_error(429, fmt::format("too many requests from {}; retry in {} s", request_.client_address,
                                            d.retry_after_s),
                           headers);
    }
  }
  return route();
}

Agent::Step RequestAgent::route() {
  RouteDecision d = decide_route(*app_, request_);
  switch (d.kind) {
    case RouteDecision::Kind::Respond:
      preflight_ = d.preflight;
      return respond(d.status, d.type, d.body(), d.headers);
    case RouteDecision::Kind::ServeFile: return serve_file(d.file);
    case RouteDecision::Kind::RunJs:
      phase_ = Phase::AwaitJs;
      context_.executor->execute(d.action->key, std::move(d.context_json), std::move(d.request_json), address());
      return Step::Pause;
  }
  return respond_error(500, "unknown route decision");
}

void RequestAgent::begin_head(std::string& out, int status, std::string_view type, uint64_t length,
                              std::string_view headers) {
  close_ = closing();
  append_response_head(out, *app_, request_, status, type, length, headers, preflight_, close_);
}

Agent::Step RequestAgent::respond(int status, std::string_view type, std::string_view body,
                                  std::string_view headers) {
  std::string& out = connection_->buffer(slot_);
  begin_head(out, status, type, body.size(), headers);
  const bool with_body = !head_only() && status != 204 && status != 304;
  if (with_body) out.append(body);
  phase_ = Phase::Finished;
  connection_->complete(slot_, status, with_body ? body.size() : 0, close_);
  slot_ = nullptr;
  return Step::Done;
}

Agent::Step RequestAgent::respond_error(int status, std::string_view message, std::string_view headers) {
  return respond(status, kTextType, error_body(status, message), headers);
}

Agent::Step RequestAgent::on_outcome(RouteOutcome& outcome) {
  if (outcome.route_missing_in && !rerouted_) {
    // Routed just before a hot reload removed the route: the program now
    // loaded decides (another route, a 404…), as it does for requests
    // routed after the swap. This loop may not have had its SwapApp yet.
    rerouted_ = true;
    app_ = std::static_pointer_cast<const HttpApp>(outcome.route_missing_in);
    phase_ = Phase::Start;
    return route();
  }
  if (!outcome.ok) {
    ErrorResponse e = js_error_response(*app_, outcome.error, request_);
    std::fprintf(stderr, "%s\n", e.log_line.c_str());
    return respond(e.status, e.content_type, e.body);
  }
  if (!outcome.file.empty()) return serve_file(outcome.file);
  std::string headers;
  for (const auto& [name, value] : outcome.headers) {
    if (!safe_header(name, value)) {
      std::fprintf(stderr, "webx: error: %s %s: the route set an invalid header `%s`\n",
                   request_.method_name.c_str(), request_.target.c_str(), log_text(name).c_str());
      return respond_error(500, app_->dev ? fmt::format("the route set an invalid header `{}` "
                                                        "(names are tokens; values have no CR or LF)", name)
                                          : std::string("internal error"));
    }
    append_header(headers, name, value);
  }
  return respond(outcome.status, outcome.type, outcome.body, headers);
}

Agent::Step RequestAgent::serve_file(const std::string& relative) {
  if (std::optional<std::string> why = unsafe_static_path(relative)) return respond_error(403, *why);
  auto* job = new FileJob;
  job->agent = this;
  job->work.data = job;
  job->root = app_->root;
  job->path = app_->root + "/" + relative;
  job->want_body = !head_only();
  if (const std::string* v = request_.header("if-none-match")) job->if_none_match = *v, job->has_inm = true;
  if (const std::string* v = request_.header("if-modified-since")) {
    job->if_modified_since = *v;
    job->has_ims = true;
  }
  job_ = job;
  job_running_ = true;
  phase_ = Phase::AwaitFile;
  if (uv_queue_work(loop().uv(), &job->work, &FileJob::open_work, &FileJob::after) != 0) {
    job_running_ = false;
    return respond_error(503, "cannot read files right now");
  }
  return Step::Pause;
}

Agent::Step RequestAgent::file_step() {
  FileJob& job = *job_;
  if (job.status != 0) {
    int status = job.status;
    std::string message = job.message;
    return respond_error(status, message);
  }
  if (!head_sent_) {
    head_sent_ = true;
    std::string headers;
    append_header(headers, "ETag", job.etag);
    append_header(headers, "Last-Modified", format_http_date(job.mtime));
    if (app_->dev) append_header(headers, "Cache-Control", "no-cache");
    if (job.unchanged || head_only()) {
      begin_head(connection_->buffer(slot_), job.unchanged ? 304 : 200, content_type_for(job.path),
                 job.size, headers);
      job.close_file();
      phase_ = Phase::Finished;
      connection_->complete(slot_, job.unchanged ? 304 : 200, 0, close_);
      slot_ = nullptr;
      return Step::Done;
    }
    begin_head(connection_->buffer(slot_), 200, content_type_for(job.path), job.size, headers);
  }
  sent_ += job.chunk.size();
  connection_->buffer(slot_).append(job.chunk);
  job.chunk.clear();
  if (job.short_read || sent_ >= job.size) {
    job.close_file();
    phase_ = Phase::Finished;
    // A file that shrank under us cannot keep its Content-Length promise:
    // the connection closes so the client sees a truncated response.
    connection_->complete(slot_, 200, sent_, close_ || job.short_read);
    slot_ = nullptr;
    return Step::Done;
  }
  connection_->wrote(slot_);
  if (connection_ == nullptr) return Step::Done;
  return next_chunk();
}

Agent::Step RequestAgent::next_chunk() {
  if (connection_->buffered() >= kWriteHighWater) {
    phase_ = Phase::AwaitDrain;
    connection_->wait_for_drain(this);
    return Step::Pause;
  }
  phase_ = Phase::AwaitFile;
  job_running_ = true;
  if (uv_queue_work(loop().uv(), &job_->work, &FileJob::read_work, &FileJob::after) != 0) {
    job_running_ = false;
    job_->short_read = true;
    return file_step();
  }
  return Step::Pause;
}

}  // namespace

// ---------------------------------------------------------------------------
// JS executor

void ActorExecutor::execute(const std::string& route_key, std::string context_json, std::string request_json,
                            fabric::AgentAddress reply_to) {
  auto message = std::make_unique<ActorMessage>(
      ExecuteRoute{route_key, std::move(context_json), std::move(request_json), reply_to});
  if (!actor_.send(std::move(message))) {
    // The actor's loop has stopped (shutdown): answer for it.
    auto outcome = std::make_unique<RouteOutcome>();
    outcome->error.name = "Error";
    outcome->error.message = "the JavaScript engine has stopped";
    reply_to.send(std::move(outcome));
  }
}

// ---------------------------------------------------------------------------
// Listeners

Listeners::Listeners(Listeners&& other) noexcept { *this = std::move(other); }

Listeners& Listeners::operator=(Listeners&& other) noexcept {
  std::swap(fds_, other.fds_);
  std::swap(host_, other.host_);
  std::swap(ipv6_, other.ipv6_);
  std::swap(port_, other.port_);
  return *this;
}

Listeners::~Listeners() {
  for (int fd : fds_) {
    if (fd >= 0) ::close(fd);
  }
}

int Listeners::release(size_t i) {
  int fd = fds_.at(i);
  fds_[i] = -1;
  return fd;
}

std::string Listeners::address() const {
  return ipv6_ ? fmt::format("[{}]:{}", host_, port_) : fmt::format("{}:{}", host_, port_);
}

namespace {

std::string bind_error(int err) {
  switch (err) {
    case EADDRINUSE: return "address already in use";
    case EACCES: return "permission denied (ports below 1024 need privileges)";
    case EADDRNOTAVAIL: return "the address is not one of this machine's";
    default: return std::strerror(err);
  }
}

int make_socket(const addrinfo& ai, bool reuse_port) {
  int fd = ::socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol);
  if (fd < 0) return -1;
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (reuse_port) ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  return fd;
}

}  // namespace

bool Listeners::open(const std::string& host, uint16_t port, size_t count, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    error = fmt::format("cannot listen on {}:{}: cannot resolve `{}`: {}", host, port, host,
                        gai_strerror(rc));
    return false;
  }
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> guard(found, freeaddrinfo);
  const addrinfo& ai = *found;
  sockaddr_storage addr{};
  std::memcpy(&addr, ai.ai_addr, ai.ai_addrlen);
  ipv6_ = ai.ai_family == AF_INET6;
  char name[INET6_ADDRSTRLEN] = "";
  if (ipv6_) {
    inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&addr)->sin6_addr, name, sizeof name);
  } else {
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&addr)->sin_addr, name, sizeof name);
  }
  host_ = name;
  auto fail = [&](int err) {
    error = fmt::format("cannot listen on {}:{}: {}", ipv6_ ? "[" + host_ + "]" : host_, port,
                        bind_error(err));
    for (int fd : fds_) ::close(fd);
    fds_.clear();
    return false;
  };
  if (port != 0) {
    // SO_REUSEPORT would let a second server by the same user share the
    // port silently; a plain bind first makes "in use" an error.
    int probe = make_socket(ai, false);
    if (probe < 0) return fail(errno);
    if (::bind(probe, ai.ai_addr, ai.ai_addrlen) != 0) {
      int err = errno;
      ::close(probe);
      return fail(err);
    }
    ::close(probe);
  }
  port_ = port;
  for (size_t i = 0; i < count; ++i) {
    int fd = make_socket(ai, true);
    if (fd < 0) return fail(errno);
    fds_.push_back(fd);
    if (ipv6_) {
      reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port = htons(port_);
    } else {
      reinterpret_cast<sockaddr_in*>(&addr)->sin_port = htons(port_);
    }
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), ai.ai_addrlen) != 0) return fail(errno);
    if (::listen(fd, kBacklog) != 0) return fail(errno);
    if (port_ == 0) {
      sockaddr_storage bound{};
      socklen_t len = sizeof bound;
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
      port_ = ntohs(ipv6_ ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                          : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    }
  }
  return true;
}

fabric::AgentPtr make_server_agent(const ServerContext& context, int fd) {
  return std::make_unique<ServerAgent>(context, fd);
}

}  // namespace webx::http
