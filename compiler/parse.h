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

// Empties ANTLR's prediction caches (lexer and parser DFAs, the shared
// context cache). They are process-wide, grow with every new shape of input
// and are never freed: a compiler or a dev server does not notice, but a
// process that parses millions of unlike inputs (the fuzzers) must call this
// now and then. Not while another thread parses.
void clear_parser_caches();

}  // namespace webx
