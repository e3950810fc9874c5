#include "js_actor.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <stdexcept>

#include "prelude.h"
#include "thread_loop.h"

namespace webx {
namespace {

// [status, type, body, file, name, value, ...] from $wx.run into `outcome`.
void read_response(std::vector<std::string>& texts, RouteOutcome& outcome) {
  int status = 0;
  const bool shaped = texts.size() >= 4 && texts.size() % 2 == 0;
  const char* end = shaped ? texts[0].data() + texts[0].size() : nullptr;
  if (!shaped || std::from_chars(texts[0].data(), end, status).ptr != end) {
    outcome.error.name = "Error";
    outcome.error.message = "the route's response could not be read";
    return;
  }
  outcome.ok = true;
  outcome.status = status;
  outcome.type = std::move(texts[1]);
  outcome.body = std::move(texts[2]);
  outcome.file = std::move(texts[3]);
  outcome.headers.reserve((texts.size() - 4) / 2);
  for (size_t i = 4; i < texts.size(); i += 2) {
    outcome.headers.emplace_back(std::move(texts[i]), std::move(texts[i + 1]));
  }
}

std::string describe(const JsError& e) {
  return e.name.empty() ? e.message : e.name + ": " + e.message;
}

}  // namespace

JsActor::JsActor(JsActorOptions options) : options_(std::move(options)) {
  if (!options_.console) {
    options_.console = [](std::string_view line) {
      std::fprintf(stdout, "%.*s\n", static_cast<int>(line.size()), line.data());
      std::fflush(stdout);
    };
  }
  if (!options_.problem) {
    options_.problem = [](std::string_view line) {
      std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
    };
  }
}

JsActor::~JsActor() = default;

fabric::Agent::Step JsActor::exec_inc() {
  if (!engine_ && !engine_failed_) {
    try {
      engine_ = std::make_unique<JsEngine>(options_.limits);
      engine_->set_console(options_.console);
      JsResult r = engine_->load(stdlib_prelude(), "webx-prelude.js");
      if (!r.ok) throw std::runtime_error("the prelude failed to load: " + describe(r.error));
    } catch (const std::exception& e) {
      engine_.reset();
      engine_failed_ = true;
      not_loaded_ = std::string("the JavaScript engine could not start: ") + e.what();
      options_.problem("webx: error: " + not_loaded_);
    }
  }
  fabric::MessagePtr message = take_message();
  if (message) {
    if (auto typed = fabric::message_cast<ActorMessage>(message)) {
      std::visit([this](auto& body) { handle(body); }, typed->body);
    }
  }
  if (has_message()) return Step::Yield;
  return stopping_ ? Step::Done : Step::Pause;
}

void JsActor::on_shutdown() {
  stopping_ = true;
  loop().resume(id());
}

bool JsActor::load(const ActorProgram& program) {
  if (!engine_) return false;
  JsResult r = engine_->load(program.code, program.filename);
  if (!r.ok) {
    not_loaded_ = "the program failed to load: " + describe(r.error);
    options_.problem("webx: error: " + not_loaded_);
    routes_.clear();
    origin_.reset();
    return false;
  }
  routes_ = program.route_functions;
  origin_ = program.origin;
  not_loaded_.clear();
  return true;
}

void JsActor::handle(LoadProgram& message) {
  if (!load(message.program)) return;
  run_global_code();
}

// The program's global code that has not run yet. Should it throw, the
// program is not usable: state the routes rely on is missing. Every route
// is then answered 500 with the reason until a reload runs it through.
void JsActor::run_global_code() {
  JsResult r = engine_->call("$wx.init");
  if (r.ok) return;
  not_loaded_ = "the program's global code failed: " + describe(r.error);
  options_.problem("webx: error: " + not_loaded_);
}

void JsActor::handle(SwapProgram& message) {
  if (!load(message.program)) return;
  for (const std::string& path : message.removed) {
    engine_->call_text("$wx.removeModule", {path});
  }
  for (const std::string& path : message.rerun) engine_->call_text("$wx.initModule", {path});
  run_global_code();
}

void JsActor::handle(ExecuteRoute& message) {
  auto outcome = std::make_unique<RouteOutcome>();
  auto route = routes_.find(message.route_key);
  if (!engine_ || !not_loaded_.empty()) {
    outcome->error.name = "Error";
    outcome->error.message = not_loaded_.empty() ? "the JavaScript engine is not running" : not_loaded_;
  } else if (route == routes_.end()) {
    outcome->error.name = "ReferenceError";
    outcome->error.message = "the route " + message.route_key + " is not in the loaded program";
    outcome->route_missing_in = origin_;
  } else {
    JsTextsResult r = engine_->call_texts("$wx.run", {route->second, message.context_json, message.request_json});
    if (r.ok) {
      read_response(r.texts, *outcome);
    } else {
      outcome->error = std::move(r.error);
    }
  }
  message.reply_to.send(std::move(outcome));
  ++routes_run_;
  if (options_.stats_interval_ms != 0 && options_.stats && engine_) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_stats_ >= std::chrono::milliseconds(options_.stats_interval_ms)) {
      last_stats_ = now;
      options_.stats(fmt::format("js heap: {} bytes in use after {} routes", engine_->heap_bytes_in_use(),
                                 routes_run_));
    }
  }
}

}  // namespace webx
