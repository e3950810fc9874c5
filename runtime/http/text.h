// Small text rules of HTTP shared by the parser, the router's bindings and
// the response side: optional whitespace, case folding, tokens.
//
// Pure functions; safe on any thread.
#pragma once

#include <string>
#include <string_view>

namespace webx::http {

// Without the spaces and tabs around it (HTTP's optional whitespace).
std::string_view trim_ows(std::string_view s);

// ASCII letters lower-cased, every other byte as it is.
std::string ascii_lower(std::string_view s);

// Whether `s` is a non-empty RFC 9110 token (what a header name is made of).
bool is_token(std::string_view s);

// `s` for one line of a log: control characters written as \n, \r, \t, \0
// or \xHH, so that a message from a script or a client can neither end the
// line early nor start a line of its own.
std::string log_text(std::string_view s);

}  // namespace webx::http
