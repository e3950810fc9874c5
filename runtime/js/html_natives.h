// The JSX helpers the engine provides in C (see html_natives.cc).
#pragma once

#include "duktape.h"

namespace webx {

// [ ... obj ] -> [ ... obj ]: puts escapeHtml, child, attr and htmlClass on obj
// (the engine's `$native`).
void put_html_natives(duk_context* ctx);

}  // namespace webx
