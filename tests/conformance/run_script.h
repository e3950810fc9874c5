// Runs WebX source in the embedded engine for the conformance tests.
// Implemented in run_script.cc (by the engine's owner).
#pragma once

#include <string>
#include <string_view>

namespace webx::testing {
struct ScriptRun { bool ok = false; std::string output; std::string error; };
// Compiles `webx_source` as a module named `display_name`, runs its global code in a fresh engine
// with the prelude; output = console lines joined by "\n" with a trailing "\n"; on failure ok=false and
// error holds the diagnostics or the uncaught exception (an uncaught exception gives output "THROWN: <name>").
ScriptRun run_webx_module(std::string_view webx_source, std::string_view display_name);
}
