// Request targets and paths: splitting, percent-decoding and typed segment
// conversion, shared by the router and static files.
//
// Pure functions; safe on any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace webx::http {

// The parts of a request-target (RFC 9112 §3.2) that routing needs.
struct Target {
  std::string_view path;   // still percent-encoded; "*" for the asterisk form
  std::string_view query;  // after '?', without the fragment; may be empty
};

// Splits origin-form (`/a/b?q`), absolute-form (`http://host/a?q`) and the
// asterisk form (`*`). Returns nullopt for anything else. The views point
// into `target`.
std::optional<Target> split_target(std::string_view target);

// Decodes %XX escapes. Returns nullopt for a malformed escape (`%`, `%4`,
// `%zz`). `+` is left as it is: in a path it is a plus sign.
std::optional<std::string> percent_decode(std::string_view text);

// Splits a path on '/', drops empty segments (so `/a//b/` is `/a/b`) and
// decodes each segment on its own, so an encoded `%2F` stays inside its
// segment. Returns nullopt when a segment has a malformed escape.
std::optional<std::vector<std::string>> split_path(std::string_view path);

// Typed path parameters, as docs/server.md describes them.
bool is_int_segment(std::string_view s);      // -?[0-9]+ within ±2^53
bool is_number_segment(std::string_view s);   // a finite decimal number as JavaScript writes it
bool is_boolean_segment(std::string_view s);  // true | false

}  // namespace webx::http
