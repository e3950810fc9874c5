// The front end for one file: bytes in, a Module (or diagnostics) out.
#pragma once

#include <memory>

#include "diagnostics.h"
#include "ir.h"

namespace webx {

// Lexes and parses `file` and builds its Module. Every problem goes to
// `sink` (the parser recovers and keeps going, so one run reports them all).
// Returns the module even when there were errors, with whatever could be
// built, so later checks can still run on the valid parts; callers decide
// whether to use it by looking at the sink.
std::unique_ptr<Module> parse_module(const SourceFilePtr& file, DiagnosticSink& sink);

}  // namespace webx
