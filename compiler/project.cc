#include "project.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "parse.h"
#include "sema.h"

namespace webx {

namespace fs = std::filesystem;

namespace {


bool is_source_file(const fs::path& p) {
  auto ext = p.extension().string();
  return ext == ".webx" || ext == ".wx";
}

// Every .webx/.wx file under `dir`, sorted, skipping hidden folders and
// node_modules (where htmx and test tools live).
std::vector<fs::path> find_sources(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (it->is_directory(ec) && (name.starts_with(".") || name == "node_modules")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && is_source_file(it->path())) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<fs::path> find_config(fs::path dir) {
  std::error_code ec;
  dir = fs::absolute(dir, ec);
  for (;;) {
    if (fs::is_regular_file(dir / kConfigFileName, ec)) return dir / kConfigFileName;
    if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
    dir = dir.parent_path();
  }
}

class Loader {
 public:
  Loader(Project& project, fs::path display_root, DiagnosticSink& sink)
      : project_(project), display_root_(std::move(display_root)), sink_(sink) {}

  // The path users see: relative to where they pointed us.
  std::string display(const fs::path& abs) const {
    fs::path rel = abs.lexically_relative(project_.root);
    if (rel.empty() || rel.native().starts_with("..")) return abs.string();
    return (display_root_ / rel).lexically_normal().string();
  }

  // Name used in include-cycle messages: relative to the source folder.
  std::string short_name(const fs::path& abs) const {
    fs::path rel = abs.lexically_relative(project_.src_dir);
    if (rel.empty() || rel.native().starts_with("..")) return display(abs);
    return rel.string();
  }

  void load_all() {
    for (const auto& p : find_sources(project_.src_dir)) parse(fs::weakly_canonical(p));
    // Included files outside the source folder (e.g. `../shared/x.webx`) were
    // parsed while resolving; visit in sorted order for a stable load order.
    std::vector<fs::path> roots;
    for (const auto& [path, _] : modules_) roots.push_back(path);
    for (const auto& p : roots) visit(p);
    for (const auto& p : order_) project_.program.modules.push_back(std::move(modules_[p]));
  }

 private:
  Module* parse(const fs::path& abs) {
    if (auto it = modules_.find(abs); it != modules_.end()) return it->second.get();
    std::string error;
    auto file = read_source_file(abs.string(), display(abs), error);
    if (!file) {
      sink_.error(SourceLoc{display(abs), 0, 0}, error);
      return nullptr;
    }
    auto module = parse_module(file, sink_);
    Module* raw = module.get();
    modules_[abs] = std::move(module);
    resolve_includes(abs, *raw);
    return raw;
  }

  void resolve_includes(const fs::path& abs, Module& m) {
    for (auto& inc : m.includes) {
      fs::path target = (abs.parent_path() / inc.path).lexically_normal();
      std::error_code ec;
      if (inc.path.empty() || !fs::is_regular_file(target, ec)) {
        auto& d = sink_.error(inc.path_loc, fmt::format("cannot find included file '{}'", inc.path),
                              static_cast<uint32_t>(inc.path.size() + 2));
        d.hint = fmt::format("include paths are relative to the including file ({})",
                             display(abs.parent_path()));
        continue;
      }
      target = fs::weakly_canonical(target);
      if (target.lexically_relative(project_.root).native().starts_with("..")) {
        sink_.error(inc.path_loc, fmt::format("included file '{}' is outside the project", inc.path),
                    static_cast<uint32_t>(inc.path.size() + 2));
        continue;
      }
      inc.resolved = display(target);
      edges_[abs].push_back({target, &inc});
      parse(target);
    }
  }

  // Depth-first, includes before includers; a back edge is a cycle.
  void visit(const fs::path& p) {
    if (done_.count(p)) return;
    if (auto it = std::find(stack_.begin(), stack_.end(), p); it != stack_.end()) return;
    stack_.push_back(p);
    for (const auto& [target, inc] : edges_[p]) {
      auto cycle_start = std::find(stack_.begin(), stack_.end(), target);
      if (cycle_start != stack_.end()) {
        std::string chain;
        for (auto it = cycle_start; it != stack_.end(); ++it) chain += short_name(*it) + " -> ";
        chain += short_name(target);
        auto& d = sink_.error(inc->loc, "include cycle: " + chain, 7);
        d.hint = "move what both modules need into a third module that both include";
        continue;
      }
      visit(target);
    }
    stack_.pop_back();
    done_.insert(p);
    order_.push_back(p);
  }

  Project& project_;
  fs::path display_root_;
  DiagnosticSink& sink_;
  std::map<fs::path, std::unique_ptr<Module>> modules_;
  std::map<fs::path, std::vector<std::pair<fs::path, Include*>>> edges_;
  std::vector<fs::path> stack_;
  std::set<fs::path> done_;
  std::vector<fs::path> order_;
};

}  // namespace

namespace {

// The project's root and validated config, the first step of loading it.
struct ConfigStep {
  Project project;  // root and config set
  fs::path display_root;
  std::string config_display;
};

std::optional<ConfigStep> load_config_step(const fs::path& dir, DiagnosticSink& sink) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    sink.error(SourceLoc{dir.string(), 0, 0}, "no such project folder");
    return std::nullopt;
  }
  auto config_path = find_config(dir);
  if (!config_path) {
    auto& d = sink.error(SourceLoc{dir.string(), 0, 0},
                         fmt::format("no {} found here or in any parent folder", kConfigFileName));
    d.hint = "create a project with `webx new NAME`";
    return std::nullopt;
  }

  ConfigStep step;
  Project& project = step.project;
  project.root = fs::weakly_canonical(config_path->parent_path());
  // Show paths the way the user named the project folder.
  fs::path display_root = dir.lexically_normal();
  if (fs::weakly_canonical(dir) != project.root) {
    display_root = (dir / project.root.lexically_relative(fs::weakly_canonical(dir)))
                       .lexically_normal();
  }
  if (display_root == ".") display_root.clear();
  step.display_root = display_root;
  step.config_display = (display_root / kConfigFileName).lexically_normal().string();

  std::string error;
  auto config_file = read_source_file(config_path->string(), step.config_display, error);
  if (!config_file) {
    sink.error(SourceLoc{step.config_display, 0, 0}, error);
    return std::nullopt;
  }
  sink.add_source(config_file);
  auto config = parse_config(config_file, sink);
  if (!config) return std::nullopt;
  project.config = std::move(*config);
  return step;
}

}  // namespace

std::optional<Config> read_project_config(const fs::path& dir) {
  DiagnosticSink quiet;
  std::optional<ConfigStep> step = load_config_step(dir, quiet);
  if (!step) return std::nullopt;
  return std::move(step->project.config);
}

std::optional<Project> load_project(const fs::path& dir, DiagnosticSink& sink) {
  std::error_code ec;
  std::optional<ConfigStep> step = load_config_step(dir, sink);
  if (!step) return std::nullopt;
  Project project = std::move(step->project);
  const fs::path& display_root = step->display_root;
  const std::string& config_display = step->config_display;

  project.src_dir = (project.root / project.config.src).lexically_normal();
  if (!fs::is_directory(project.src_dir, ec)) {
    auto& d = sink.error(SourceLoc{config_display, 0, 0},
                         fmt::format("source folder '{}' does not exist", project.config.src));
    d.hint = "create it, or set \"src\" in webx.config.json to the folder with your .webx files";
    return project;
  }
  project.src_dir = fs::weakly_canonical(project.src_dir);

  Loader loader(project, display_root, sink);
  loader.load_all();
  check_program(project.program, sink);
  sink.sort();
  return project;
}

}  // namespace webx
