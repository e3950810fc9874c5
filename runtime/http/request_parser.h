// RequestParser: bytes from a connection in, complete requests out.
//
// A thin layer over http-parser that adds what a server facing the open
// internet needs: the header and body limits from the config, refusal of
// ambiguous framing (request smuggling: Content-Length with
// Transfer-Encoding, repeated Content-Length, any Transfer-Encoding but
// `chunked`), `Host` and `Expect` checks, and a status code for every way a
// request can be wrong. Debian builds http-parser without its strict mode,
// which lets through a protocol name other than `HTTP`, a CR not followed by
// LF and chunk data not followed by CRLF; the parser checks those itself
// (scan_head, check_chunk_end). It never touches a socket, so tests and fuzzers feed
// it bytes directly.
//
// feed() parses at most one request per call and stops right after it, so
// the caller decides when to read on (pipelining with a bound on requests in
// flight). After a failure the parser stays failed: the connection answers
// with error().status and closes.
//
// Owned by one connection; used on its loop thread only.
#pragma once

#include <http_parser.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "request.h"

namespace webx::http {

struct ParserLimits {
  uint64_t max_header_bytes = 16 * 1024;  // request line + headers
  uint64_t max_body_bytes = 1024 * 1024;
};

struct ParseError {
  int status = 400;
  std::string message;  // one line for the response body, e.g. "header section larger than 16384 bytes"
  std::string headers;  // extra response header lines ("Allow: GET\r\n"), usually none
};

class RequestParser {
 public:
  enum class Status {
    NeedMore,  // every byte was consumed; the request (if any) is not complete
    Complete,  // a request is ready: take() it; `consumed` may be < the input
    Failed,    // see error(); the connection must answer and close
  };
  struct Result {
    Status status;
    size_t consumed;
  };

  explicit RequestParser(ParserLimits limits);
  RequestParser(const RequestParser&) = delete;
  RequestParser& operator=(const RequestParser&) = delete;

  // Sets http-parser's process-wide header size bound; call once before any
  // parser runs (the server does so at start-up) with the largest
  // max_header_bytes in use. Per-parser limits are checked as well.
  static void set_global_header_limit(uint64_t bytes);

  Result feed(const char* data, size_t length);

  // The request completed by the last feed(). Leaves the parser ready for
  // the next one.
  Request take();

  const ParseError& error() const { return error_; }
  // Bytes of a request have arrived and it is not complete yet.
  bool in_request() const { return in_request_; }
  // The request in progress, once its headers are complete (for checks
  // before its body is read, e.g. whether to send `100 Continue`).
  const Request& current() const { return request_; }
  // The request in progress has its headers and asked for `100 Continue`,
  // which has not been answered yet; the caller sends it and calls
  // continue_sent().
  bool wants_continue() const { return wants_continue_; }
  void continue_sent() { wants_continue_ = false; }

 private:
  static int on_message_begin(http_parser* p);
  static int on_url(http_parser* p, const char* at, size_t length);
  static int on_header_field(http_parser* p, const char* at, size_t length);
  static int on_header_value(http_parser* p, const char* at, size_t length);
  static int on_headers_complete(http_parser* p);
  static int on_body(http_parser* p, const char* at, size_t length);
  static int on_message_complete(http_parser* p);

  int fail(int status, std::string message);
  bool scan_head(const char* data, size_t length);
  bool check_start_line();
  int check_chunk_end(const char* at);
  int check_headers();
  int check_header_bytes();
  void fail_from_parser();

  ParserLimits limits_;
  http_parser parser_;
  Request request_;
  ParseError error_;
  bool failed_ = false;
  bool complete_ = false;
  bool in_request_ = false;
  bool wants_continue_ = false;
  bool headers_done_ = false;
  bool in_value_ = false;     // the last header callback was a value
  uint64_t header_bytes_ = 0;  // counted by us, across the start line and headers
  // scan_head's state: it runs over the bytes of a message's head (start
  // line and headers) before http-parser sees them.
  bool in_head_ = true;
  bool cr_pending_ = false;    // the last byte scanned was a CR
  bool first_line_ = true;     // still before the end of the request line
  size_t line_length_ = 0;
  std::string start_line_;     // the request line (bounded by the header limit)
  // check_chunk_end's state: CR and LF still expected after a chunk's data.
  int chunk_crlf_expected_ = 0;
  const char* buffer_end_ = nullptr;  // of the bytes being fed
};

// The reason phrase of a status code ("Not Found"), "Unknown" for others.
const char* status_text(int status);

}  // namespace webx::http
