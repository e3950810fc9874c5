#include "reloader.h"

#include <uv.h>

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "codegen.h"
#include "ir_json.h"
#include "js_actor.h"
#include "project.h"
#include "server.h"
#include "thread_loop.h"

namespace webx::http {
namespace {

namespace fs = std::filesystem;

// Saves arrive as several events (truncate, write, rename); the project is
// loaded once they have been quiet this long.
constexpr uint64_t kSettleMs = 25;

// What a module's global code is, to tell whether it changed.
std::string globals_signature(const Module& m) {
  std::string out;
  for (const Global& g : m.globals) out += ast_to_json(g.ast.get(), true).dump();
  return out;
}

class Reloader final : public fabric::Agent {
 public:
  explicit Reloader(ReloaderOptions options) : options_(std::move(options)) {}
  ~Reloader() override { close_handles(); }

  Step exec_inc() override {
    if (!started_) {
      started_ = true;
      timer_ = new uv_timer_t;
      uv_timer_init(loop().uv(), timer_);
      timer_->data = this;
      watch_tree();
    }
    if (stopping_) {
      close_handles();
      return Step::Done;
    }
    if (reload_due_) {
      reload_due_ = false;
      reload();
    }
    return Step::Pause;
  }

  void on_shutdown() override {
    stopping_ = true;
    loop().resume(id());
  }

 private:
  // One inotify watch per folder under src (new folders are picked up on
  // the next reload), and one on the project folder for the config. After
  // a reload that changed `src`, the old folders are let go.
  void watch_tree() {
    const Project& project = options_.app->project;
    std::set<std::string> dirs;
    std::error_code ec;
    config_dir_ = project.root.string();
    dirs.insert(config_dir_);
    dirs.insert(project.src_dir.string());
    for (auto it = fs::recursive_directory_iterator(project.src_dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (it->is_directory(ec)) {
        if (!name.empty() && (name[0] == '.' || name == "node_modules")) {
          it.disable_recursion_pending();
          continue;
        }
        dirs.insert(it->path().string());
      }
    }
    src_watches_root_ = project.src_dir == project.root;
    for (auto it = watches_.begin(); it != watches_.end();) {
      if (dirs.count(it->first)) {
        ++it;
        continue;
      }
      close_watch(it->second);
      it = watches_.erase(it);
    }
    for (const std::string& dir : dirs) {
      if (watches_.count(dir)) continue;
      auto* handle = new uv_fs_event_t;
      uv_fs_event_init(loop().uv(), handle);
      handle->data = this;
      if (uv_fs_event_start(handle, &Reloader::on_change, dir.c_str(), 0) != 0) {
        close_watch(handle);
        continue;
      }
      watches_[dir] = handle;
    }
  }

  static void close_watch(uv_fs_event_t* handle) {
    uv_close(reinterpret_cast<uv_handle_t*>(handle), [](uv_handle_t* h) { delete reinterpret_cast<uv_fs_event_t*>(h); });
  }

  static void on_change(uv_fs_event_t* handle, const char* filename, int, int status) {
    auto* self = static_cast<Reloader*>(handle->data);
    if (status != 0 || self->stopping_) return;
    std::string name = filename == nullptr ? "" : filename;
    auto root = self->watches_.find(self->config_dir_);
    const bool in_root = root != self->watches_.end() && root->second == handle;
    if (name != kConfigFileName) {
      // In the project folder only the config counts (unless it is `src`).
      if (in_root && !self->src_watches_root_) return;
      fs::path path(name);
      const std::string ext = path.extension().string();
      // Editors' swap and backup files are not sources.
      if (!name.empty() && ext != ".webx" && ext != ".wx" && !ext.empty()) return;
      if (!name.empty() && (name[0] == '.' || name.back() == '~')) return;
    }
    uv_timer_start(self->timer_, &Reloader::on_settled, kSettleMs, 0);
  }

  static void on_settled(uv_timer_t* timer) {
    auto* self = static_cast<Reloader*>(timer->data);
    self->reload_due_ = true;
    self->loop().resume(self->id());
  }

  void reload() {
    const uint64_t start = uv_hrtime();
    DiagnosticSink sink;
    std::optional<Project> project = load_project(options_.project_dir, sink);
    std::optional<GeneratedJs> js;
    if (project && !sink.has_errors()) js = generate_js(project->program, sink);
    if (js && !check_regexes_in_engine(*js, sink)) js.reset();
    if (!project || sink.has_errors() || !js) {
      sink.render(std::cerr, options_.color);
      std::cerr << "webx: the change was not loaded (fix the errors above); still serving the previous version\n";
      std::cerr.flush();
      return;
    }
    sink.render(std::cerr, options_.color);  // warnings
    ModuleChanges changes = compare_programs(options_.app->project.program, project->program);
    ConfigChanges config = reconcile_config(options_.app->config(), project->config);
    if (config.changed) changes.changed.insert(changes.changed.begin(), kConfigFileName);
    if (!config.restart.empty()) {
      std::string keys;
      for (const std::string& key : config.restart) keys += (keys.empty() ? "`" : ", `") + key + "`";
      std::cerr << fmt::format("webx: warning: {}: {} {} when `webx run` restarts; until then the values it "
                               "started with stay in effect\n",
                               kConfigFileName, keys, config.restart.size() == 1 ? "applies" : "apply");
      std::cerr.flush();
    }
    std::shared_ptr<const HttpApp> next = build_app(std::move(*project), std::move(*js), options_.app->dev);
    SwapProgram swap{actor_program(next), changes.rerun, changes.removed};
    options_.actor.send(std::make_unique<ActorMessage>(std::move(swap)));
    for (const fabric::AgentAddress& server : options_.servers) server.send(std::make_unique<SwapApp>(next));
    options_.app = std::move(next);
    watch_tree();
    const double ms = static_cast<double>(uv_hrtime() - start) / 1e6;
    auto list = [](const std::vector<std::string>& paths) {
      std::string out;
      for (const std::string& p : paths) out += (out.empty() ? "" : ", ") + p;
      return out;
    };
    std::string what;
    if (!changes.changed.empty()) what = "changed: " + list(changes.changed);
    if (!changes.removed.empty()) what += (what.empty() ? "" : "; ") + std::string("removed: ") + list(changes.removed);
    std::cout << fmt::format("reloaded in {:.0f} ms ({})\n", ms, what.empty() ? "no source changes" : what);
    std::cout.flush();
  }

  void close_handles() {
    for (auto& [dir, handle] : watches_) close_watch(handle);
    watches_.clear();
    if (timer_ != nullptr) {
      uv_close(reinterpret_cast<uv_handle_t*>(timer_), [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
      timer_ = nullptr;
    }
  }

  ReloaderOptions options_;
  bool started_ = false;
  bool stopping_ = false;
  bool reload_due_ = false;
  uv_timer_t* timer_ = nullptr;  // handles are freed in their close callbacks
  std::map<std::string, uv_fs_event_t*> watches_;
  std::string config_dir_;         // the project folder
  bool src_watches_root_ = false;  // `src` is the project folder itself
};

}  // namespace

ModuleChanges compare_programs(const Program& previous, const Program& next) {
  std::map<std::string, const Module*> before;
  for (const auto& m : previous.modules) before[m->path] = m.get();
  ModuleChanges changes;
  std::set<std::string> seen;
  for (const auto& m : next.modules) {
    seen.insert(m->path);
    auto it = before.find(m->path);
    if (it == before.end()) {
      changes.rerun.push_back(m->path);
      changes.changed.push_back(m->path);
      continue;
    }
    if (it->second->source->text() != m->source->text()) changes.changed.push_back(m->path);
    if (globals_signature(*it->second) != globals_signature(*m)) changes.rerun.push_back(m->path);
  }
  for (const auto& m : previous.modules) {
    if (!seen.count(m->path)) changes.removed.push_back(m->path);
  }
  return changes;
}

ConfigChanges reconcile_config(const Config& running, Config& next) {
  ConfigChanges changes;
  auto live = [&](const auto& before, const auto& after) {
    if (!(before == after)) changes.changed = true;
  };
  // Fixed at start-up: put back, and named.
  auto fixed = [&](const char* key, const auto& before, auto& after) {
    if (before == after) return;
    changes.changed = true;
    changes.restart.push_back(key);
    after = before;
  };
  live(running.name, next.name);
  live(running.version, next.version);
  live(running.description, next.description);
  fixed("port", running.port, next.port);
  fixed("host", running.host, next.host);
  live(running.src, next.src);
  fixed("logLevel", running.log_level, next.log_level);
  live(running.cors, next.cors);
  fixed("rateLimit", running.rate_limit, next.rate_limit);
  fixed("tls", running.tls, next.tls);
  live(running.database, next.database);
  live(running.cache, next.cache);
  fixed("limits", running.limits, next.limits);
  return changes;
}

fabric::AgentPtr make_reloader(ReloaderOptions options) { return std::make_unique<Reloader>(std::move(options)); }

}  // namespace webx::http
