// The JavaScript prelude: stdlib/polyfills.js followed by stdlib/webx.js,
// embedded into the binary at build time (see CMakeLists.txt). A JsEngine
// loads it before any generated code.
//
// Immutable data; safe on any thread.
#pragma once

#include <string_view>

namespace webx {

// The prelude's source text (UTF-8). The view stays valid for the life of
// the program.
std::string_view stdlib_prelude();

// stdlib/testing.js: the runner side of `webx test`, loaded after the
// prelude into the test runner's own engine (never the program's).
std::string_view stdlib_testing();

}  // namespace webx
