#include "request_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "text.h"

namespace webx::http {
namespace {

// More headers than this is an attack or a bug, not a browser.
constexpr size_t kMaxHeaders = 100;

const http_parser_settings kSettings = [] {
  http_parser_settings s;
  http_parser_settings_init(&s);
  return s;
}();

std::optional<HttpMethod> route_method(unsigned method) {
  switch (method) {
    case HTTP_GET: return HttpMethod::Get;
    case HTTP_POST: return HttpMethod::Post;
    case HTTP_PUT: return HttpMethod::Put;
    case HTTP_PATCH: return HttpMethod::Patch;
    case HTTP_DELETE: return HttpMethod::Delete;
    case HTTP_HEAD: return HttpMethod::Head;
    case HTTP_OPTIONS: return HttpMethod::Options;
    case HTTP_CONNECT: return HttpMethod::Connect;
    case HTTP_TRACE: return HttpMethod::Trace;
    default: return std::nullopt;
  }
}

RequestParser* self(http_parser* p) { return static_cast<RequestParser*>(p->data); }

}  // namespace

const char* status_text(int status) {
  const char* text = http_status_str(static_cast<http_status>(status));
  return std::strcmp(text, "<unknown>") == 0 ? "Unknown" : text;
}

void RequestParser::set_global_header_limit(uint64_t bytes) {
  http_parser_set_max_header_size(static_cast<uint32_t>(std::min<uint64_t>(bytes, UINT32_MAX)));
}

RequestParser::RequestParser(ParserLimits limits) : limits_(limits) {
  http_parser_init(&parser_, HTTP_REQUEST);
  parser_.data = this;
}

RequestParser::Result RequestParser::feed(const char* data, size_t length) {
  if (failed_) return {Status::Failed, 0};
  buffer_end_ = data + length;
  if (chunk_crlf_expected_ > 0 && check_chunk_end(data) != 0) return {Status::Failed, 0};
  if (in_head_ && !scan_head(data, length)) return {Status::Failed, 0};
  if (HTTP_PARSER_ERRNO(&parser_) == HPE_PAUSED) http_parser_pause(&parser_, 0);
  http_parser_settings settings = kSettings;
  settings.on_message_begin = &RequestParser::on_message_begin;
  settings.on_url = &RequestParser::on_url;
  settings.on_header_field = &RequestParser::on_header_field;
  settings.on_header_value = &RequestParser::on_header_value;
  settings.on_headers_complete = &RequestParser::on_headers_complete;
  settings.on_body = &RequestParser::on_body;
  settings.on_message_complete = &RequestParser::on_message_complete;
  size_t consumed = http_parser_execute(&parser_, &settings, data, length);
  if (complete_) {
    request_.upgrade = request_.upgrade || parser_.upgrade != 0;
    return {Status::Complete, consumed};
  }
  if (failed_) return {Status::Failed, consumed};
  if (HTTP_PARSER_ERRNO(&parser_) != HPE_OK) {
    fail_from_parser();
    return {Status::Failed, consumed};
  }
  // An Upgrade request with a body (http-parser sets `upgrade` at the end
  // of the head) is an ordinary request whose body is still coming: it is
  // answered like any other, without upgrading, and the connection closes
  // after it (Request::upgrade).
  return {Status::NeedMore, consumed};
}

// Walks the head of the message being received, up to its blank line:
// every CR must be followed by LF, no header line may be folded, and the
// request line must end in `HTTP/<digit>.<digit>`. Returns false (after
// fail) when it does not.
bool RequestParser::scan_head(const char* data, size_t length) {
  for (size_t i = 0; i < length && in_head_; ++i) {
    const char c = data[i];
    if (cr_pending_) {
      cr_pending_ = false;
      if (c != '\n') {
        fail(400, "a CR not followed by LF in the request head");
        return false;
      }
    } else if (c == '\r') {
      cr_pending_ = true;
      continue;
    } else if (c != '\n') {
      // A header line starting with whitespace continues the previous one
      // (obsolete line folding). Unfolding it would make this server read a
      // different request than a proxy that does not: refused (RFC 9112
      // §5.2 allows either).
      if (line_length_ == 0 && !first_line_ && (c == ' ' || c == '\t')) {
        fail(400, "a header line starts with whitespace (obsolete line folding is not accepted)");
        return false;
      }
      ++line_length_;
      if (first_line_) {
        if (start_line_.size() >= limits_.max_header_bytes) {
          fail(414, fmt::format("request line longer than {} bytes", limits_.max_header_bytes));
          return false;
        }
        start_line_ += c;
      }
      continue;
    }
    // A line ended.
    if (line_length_ == 0) {
      // Empty lines before the request line are allowed (RFC 9112 §2.2);
      // after it, the empty line ends the head.
      if (!first_line_) in_head_ = false;
    } else if (first_line_) {
      first_line_ = false;
      if (!check_start_line()) return false;
    }
    line_length_ = 0;
  }
  return true;
}

bool RequestParser::check_start_line() {
  std::string_view line = start_line_;
  size_t space = line.rfind(' ');
  std::string_view version = space == std::string_view::npos ? line : line.substr(space + 1);
  const bool ok = version.size() == 8 && version.substr(0, 5) == "HTTP/" && version[5] >= '0' &&
                  version[5] <= '9' && version[6] == '.' && version[7] >= '0' && version[7] <= '9';
  if (!ok) fail(400, "the request line does not end in an HTTP version (`HTTP/1.1`)");
  return ok;
}

// After each chunk's data comes CRLF; `at` is where it should be. What is
// not in this buffer yet is checked at the start of the next feed().
int RequestParser::check_chunk_end(const char* at) {
  while (chunk_crlf_expected_ > 0 && at < buffer_end_) {
    const char want = chunk_crlf_expected_ == 2 ? '\r' : '\n';
    if (*at != want) return fail(400, "chunk data not followed by CRLF");
    ++at;
    --chunk_crlf_expected_;
  }
  return 0;
}

Request RequestParser::take() {
  complete_ = false;
  Request out = std::move(request_);
  request_ = Request{};
  return out;
}

int RequestParser::fail(int status, std::string message) {
  if (!failed_) {
    failed_ = true;
    error_ = ParseError{status, std::move(message), {}};
  }
  in_request_ = false;
  wants_continue_ = false;
  return -1;
}

void RequestParser::fail_from_parser() {
  const http_errno err = HTTP_PARSER_ERRNO(&parser_);
  switch (err) {
    case HPE_HEADER_OVERFLOW:
      if (request_.headers.empty() && !headers_done_) {
        fail(414, fmt::format("request line longer than {} bytes", limits_.max_header_bytes));
      } else {
        fail(431, fmt::format("header section larger than {} bytes", limits_.max_header_bytes));
      }
      return;
    case HPE_UNEXPECTED_CONTENT_LENGTH:
      fail(400, "ambiguous body length: Content-Length together with Transfer-Encoding, "
                "or Content-Length given more than once");
      return;
    case HPE_INVALID_TRANSFER_ENCODING:
      fail(400, "unsupported Transfer-Encoding: only `chunked` is accepted");
      return;
    case HPE_INVALID_CONTENT_LENGTH: fail(400, "invalid Content-Length"); return;
    case HPE_INVALID_CHUNK_SIZE: fail(400, "invalid chunk size in the chunked body"); return;
    case HPE_INVALID_METHOD: fail(400, "unknown request method"); return;
    case HPE_INVALID_VERSION: fail(400, "invalid HTTP version"); return;
    case HPE_INVALID_URL: fail(400, "invalid request target"); return;
    case HPE_INVALID_HEADER_TOKEN: fail(400, "invalid character in a header"); return;
    default:
      fail(400, fmt::format("malformed request: {}", http_errno_description(err)));
      return;
  }
}

int RequestParser::check_header_bytes() {
  if (header_bytes_ <= limits_.max_header_bytes) return 0;
  if (request_.headers.empty()) {
    return fail(414, fmt::format("request line longer than {} bytes", limits_.max_header_bytes));
  }
  return fail(431, fmt::format("header section larger than {} bytes", limits_.max_header_bytes));
}

int RequestParser::on_message_begin(http_parser* p) {
  RequestParser& s = *self(p);
  s.request_ = Request{};
  s.in_request_ = true;
  s.headers_done_ = false;
  s.in_value_ = false;
  s.wants_continue_ = false;
  s.header_bytes_ = 0;
  return 0;
}

int RequestParser::on_url(http_parser* p, const char* at, size_t length) {
  RequestParser& s = *self(p);
  s.header_bytes_ += length;
  s.request_.target.append(at, length);
  return s.check_header_bytes();
}

// Fields after a chunked body (trailers) are counted against the header
// limit and then dropped: merged into the headers they would arrive after
// the checks (a second Host, names that are not tokens, a Content-Type the
// route would use), and RFC 9110 §6.5 allows ignoring them.
int RequestParser::on_header_field(http_parser* p, const char* at, size_t length) {
  RequestParser& s = *self(p);
  if (s.headers_done_) {
    s.header_bytes_ += length + 4;
    return s.check_header_bytes();
  }
  if (s.in_value_ || s.request_.headers.empty()) {
    if (s.request_.headers.size() == kMaxHeaders) {
      return s.fail(431, fmt::format("more than {} header fields", kMaxHeaders));
    }
    s.request_.headers.emplace_back();
    s.header_bytes_ += 4;  // ": " and CRLF
  }
  s.in_value_ = false;
  s.header_bytes_ += length;
  s.request_.headers.back().first += ascii_lower(std::string_view(at, length));
  return s.check_header_bytes();
}

int RequestParser::on_header_value(http_parser* p, const char* at, size_t length) {
  RequestParser& s = *self(p);
  if (s.headers_done_) {
    s.header_bytes_ += length;
    return s.check_header_bytes();
  }
  s.in_value_ = true;
  s.header_bytes_ += length;
  s.request_.headers.back().second.append(at, length);
  return s.check_header_bytes();
}

int RequestParser::on_headers_complete(http_parser* p) {
  RequestParser& s = *self(p);
  s.headers_done_ = true;
  for (auto& [name, value] : s.request_.headers) value = std::string(trim_ows(value));
  s.request_.method_name = http_method_str(static_cast<http_method>(p->method));
  s.request_.method = route_method(p->method);
  s.request_.http_major = p->http_major;
  s.request_.http_minor = p->http_minor;
  s.request_.keep_alive = http_should_keep_alive(p) != 0;
  return s.check_headers();
}

int RequestParser::check_headers() {
  Request& r = request_;
  if (r.http_major != 1 || r.http_minor > 1) {
    return fail(505, fmt::format("HTTP/{}.{} is not supported; use HTTP/1.1", r.http_major,
                                 r.http_minor));
  }
  size_t hosts = 0, lengths = 0, encodings = 0;
  const std::string* expect = nullptr;
  const std::string* encoding = nullptr;
  for (const auto& [name, value] : r.headers) {
    // Whitespace before the colon in particular must be refused (RFC 9112
    // §5.1): proxies disagree on what `Transfer-Encoding : chunked` means.
    if (!is_token(name)) {
      return fail(400, fmt::format("invalid header name `{}`", name));
    }
    if (name == "host") ++hosts;
    if (name == "content-length") ++lengths;
    if (name == "transfer-encoding") ++encodings, encoding = &value;
    if (name == "expect") expect = &value;
  }
  // http-parser already refuses most ambiguous framings; these checks say
  // so in WebX's words and close the remaining gaps (several
  // Transfer-Encoding headers, codings it would pass through).
  if (lengths > 1) return fail(400, "ambiguous body length: Content-Length given more than once");
  if (encodings > 0) {
    if (lengths > 0) {
      return fail(400, "ambiguous body length: Content-Length together with Transfer-Encoding");
    }
    if (r.http_minor == 0) return fail(400, "Transfer-Encoding is not allowed in HTTP/1.0");
    if (encodings > 1 || ascii_lower(*encoding) != "chunked") {
      return fail(400, "unsupported Transfer-Encoding: only `chunked` is accepted");
    }
  }
  if (r.http_minor == 1 && hosts != 1) {
    return fail(400, hosts == 0 ? "missing Host header" : "more than one Host header");
  }
  const bool chunked = encodings > 0;
  if ((parser_.flags & F_CONTENTLENGTH) != 0 && parser_.content_length > limits_.max_body_bytes) {
    return fail(413, fmt::format("body of {} bytes is larger than the limit of {} bytes",
                                 parser_.content_length, limits_.max_body_bytes));
  }
  if (expect != nullptr) {
    if (ascii_lower(*expect) != "100-continue") {
      return fail(417, fmt::format("unsupported Expect: {}", *expect));
    }
    const bool has_body = chunked || ((parser_.flags & F_CONTENTLENGTH) != 0 && parser_.content_length > 0);
    wants_continue_ = has_body && r.http_minor == 1;
  }
  return 0;
}

int RequestParser::on_body(http_parser* p, const char* at, size_t length) {
  RequestParser& s = *self(p);
  if (s.request_.body.size() + length > s.limits_.max_body_bytes) {
    return s.fail(413, fmt::format("body larger than the limit of {} bytes", s.limits_.max_body_bytes));
  }
  // The body has started arriving, so the client did not wait for 100.
  s.wants_continue_ = false;
  s.request_.body.append(at, length);
  if ((p->flags & F_CHUNKED) != 0 && p->content_length == 0) {
    // This piece ends its chunk.
    s.chunk_crlf_expected_ = 2;
    return s.check_chunk_end(at + length);
  }
  return 0;
}

int RequestParser::on_message_complete(http_parser* p) {
  RequestParser& s = *self(p);
  s.complete_ = true;
  s.in_request_ = false;
  s.wants_continue_ = false;
  // The next message's head starts after this one.
  s.in_head_ = true;
  s.first_line_ = true;
  s.cr_pending_ = false;
  s.line_length_ = 0;
  s.start_line_.clear();
  http_parser_pause(p, 1);
  return 0;
}

}  // namespace webx::http
