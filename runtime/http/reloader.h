// Hot reload in dev mode: watches the project's source folder and its
// webx.config.json, and swaps a new version of the program in while the
// server keeps serving.
//
// The Reloader is an agent on a one-loop `dev` group, so parsing and
// checking a project never holds up a network loop or the JS actor. It
// watches every folder under `src` (inotify watches one folder at a time)
// and the project folder (for the config), and, a short moment after the
// last change (saves come in bursts), loads the project again:
//   - with errors, the diagnostics are printed and nothing changes;
//   - config settings fixed at start-up keep their values (a warning names
//     them; see reconcile_config), the others apply;
//   - otherwise the JS actor gets the new program (SwapProgram: modules
//     whose global code changed, or that are new, run it again; the others
//     keep their state) and every server agent the new routes (SwapApp).
// The actor's queue is ordered, so a request sent after the swap runs the
// new code; one routed just before it still finds its route by key, or,
// when the new version removed it, is routed again by the new version.
//
// Threads: constructed on the `webx run` thread, then owned by its loop.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "agent.h"
#include "app.h"

namespace webx::http {

struct ReloaderOptions {
  std::string project_dir;  // as given to `webx run`
  std::shared_ptr<const HttpApp> app;  // the version being served
  fabric::AgentAddress actor;
  std::vector<fabric::AgentAddress> servers;
  bool color = false;  // for diagnostics
};

fabric::AgentPtr make_reloader(ReloaderOptions options);

// Which modules must run their global code again when `next` replaces
// `previous`: new modules and those whose global code changed; and which
// modules are gone. In `next`'s load order.
struct ModuleChanges {
  std::vector<std::string> rerun;
  std::vector<std::string> removed;
  std::vector<std::string> changed;  // every module whose source changed (for the log line)
};
ModuleChanges compare_programs(const Program& previous, const Program& next);

// What a reload makes of an edited webx.config.json. Settings a running
// server can take (`cors`, `src`, and `name`, `version`, `description`,
// `database`, `cache`, which it only reports) are taken from `next`. The
// others are fixed by the start-up (the socket, the log, the limits the
// connections and the engine were set up with): `next` gets back the values
// of `running`, and their keys are listed in `restart`, in the config's order.
struct ConfigChanges {
  bool changed = false;  // some setting differs
  std::vector<std::string> restart;  // "port", "limits"…
};
ConfigChanges reconcile_config(const Config& running, Config& next);

}  // namespace webx::http
