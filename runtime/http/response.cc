#include "response.h"

#include <charconv>

#include "request_parser.h"

namespace webx::http {
namespace {

void append_number(std::string& out, uint64_t n) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, end);
}

}  // namespace

void append_header(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

void append_head(std::string& out, const ResponseHead& head) {
  out.append("HTTP/1.1 ");
  append_number(out, static_cast<uint64_t>(head.status));
  out += ' ';
  out.append(status_text(head.status));
  out.append("\r\nServer: webx\r\nDate: ");
  out.append(http_date());
  out.append("\r\n");
  if (!head.content_type.empty()) append_header(out, "Content-Type", head.content_type);
  if (head.content_length) {
    out.append("Content-Length: ");
    append_number(out, *head.content_length);
    out.append("\r\n");
  }
  if (head.close) {
    out.append("Connection: close\r\n");
  } else if (head.keep_alive_header) {
    out.append("Connection: keep-alive\r\n");
  }
  out.append(head.headers);
  out.append("\r\n");
}

std::string format_http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

std::string_view http_date() {
  thread_local std::time_t cached_second = 0;
  thread_local std::string cached;
  std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    cached_second = now;
    cached = format_http_date(now);
  }
  return cached;
}

std::optional<std::time_t> parse_http_date(std::string_view text) {
  std::string copy(text);
  std::tm tm{};
  const char* end = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return timegm(&tm);
}

}  // namespace webx::http
