// What every fuzz target shares: a finding is an abort() with a message,
// so libFuzzer saves the input and the regression run fails on it.
//
// Each target runs on libFuzzer's one thread.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace webx::fuzz {

// A finding: prints what broke and aborts.
[[noreturn]] inline void fail(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "FUZZ FINDING: %.*s\n", static_cast<int>(what.size()), what.data());
  if (!detail.empty()) {
    std::fprintf(stderr, "%.*s\n", static_cast<int>(detail.size()), detail.data());
  }
  std::abort();
}

inline void check(bool ok, std::string_view what, std::string_view detail = {}) {
  if (!ok) fail(what, detail);
}

}  // namespace webx::fuzz
