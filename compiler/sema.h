// Semantic checks over a whole program: the rules the grammar cannot express.
//
//  - duplicate or ambiguous routes (across files and locations);
//  - a body format on GET/HEAD/DELETE;
//  - unknown handlers (calls and JSX component tags), with the include that
//    would fix it when another module defines the handler;
//  - unknown models and types; unknown path parameter types;
//  - duplicate handler, model, field and parameter names;
//  - wrong argument count in route calls;
//  - a `path` parameter that is not the last segment.
//
// Include cycles and missing include files are found while loading
// (project.cc), since they decide what the program is.
#pragma once

#include "diagnostics.h"
#include "ir.h"

namespace webx {

void check_program(const Program& program, DiagnosticSink& sink);

}  // namespace webx
