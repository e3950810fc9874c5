// Writing responses: the status line and headers every response shares.
//
// One function writes every response head, so Date, Content-Length,
// Connection and the server's own headers are right in one place
// (h2o's "one send_error path"). Pure functions, except http_date(), which
// caches per thread.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace webx::http {

struct ResponseHead {
  int status = 200;
  std::string_view content_type;         // empty: no Content-Type
  std::optional<uint64_t> content_length;  // nullopt for 1xx, 204 and 304
  bool close = false;                    // Connection: close
  bool keep_alive_header = false;        // Connection: keep-alive (HTTP/1.0 clients)
  std::string_view headers;              // more header lines, each ending in "\r\n"
};

// Appends "HTTP/1.1 status reason", Date, the head's headers and the blank
// line to `out`.
void append_head(std::string& out, const ResponseHead& head);

// Appends "Name: value\r\n" to `out`.
void append_header(std::string& out, std::string_view name, std::string_view value);

// The current time as an HTTP date ("Tue, 01 Dec 2026 17:51:29 GMT"),
// formatted at most once a second per thread.
std::string_view http_date();
std::string format_http_date(std::time_t t);
// Parses the IMF-fixdate form; nullopt for anything else.
std::optional<std::time_t> parse_http_date(std::string_view text);

}  // namespace webx::http
