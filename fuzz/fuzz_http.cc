// fuzz_http: the bytes a client sends on one connection → RequestParser,
// fed in pieces the input chooses → routing → the response head, the way
// Connection and RequestAgent (runtime/http/server.cc) use them, without
// sockets, threads or JavaScript.
//
// Input: byte 0 is control (bits 0-2: how many piece-size bytes follow,
// 0 = one piece; bit 3: small limits; bits 4-5: which app), then that many
// piece sizes (1-256 bytes each, used in turn), then the stream. seed.sh
// prefixes the raw requests in fuzz/seeds/http/ this way.
//
// Besides the sanitizers, it checks:
//  - the parser's contract: NeedMore consumes everything, Complete makes
//    progress, and feeding the stream in pieces yields exactly the requests
//    (and the failure, if any) of feeding it whole;
//  - every response head is well formed: one status line, CRLF-terminated
//    lines with no bare CR or LF (no response splitting), one blank line at
//    the end, a Content-Length equal to the body's size;
//  - $ctx of a JavaScript route is valid JSON, and the dev error page shows
//    the request target escaped.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "answer.h"
#include "error_page.h"
#include "fuzz_app.h"
#include "fuzz_support.h"
#include "request_parser.h"
#include "response.h"
#include "route_context.h"
#include "route_table.h"
#include "static_files.h"
#include "text.h"
#include "url.h"

namespace webx::fuzz {
namespace {

using http::HttpApp;
using http::refuse_by_route;
using http::ParseError;
using http::ParserLimits;
using http::Request;
using http::RequestParser;

// Every kind of route action and path segment, and every body format.
const char* kProgram = R"(
model Item { title: string[minLength(1), maxLength(40)], qty?: int[min(0), max(99)], tags: string[] }

handler page(title: string) (<html><body><h1>{title}</h1></body></html>)

get / (<!DOCTYPE html><html><body><h1>Home</h1></body></html>)
get /about (<p>About</p>)
get /empty
post /submit (<p>submitted</p>)
get /assets/(file: path) -> static("public/" + file)
get /raw/(file: path) -> static(file)
get /tpl/(name: string) -> static(`public/${name}.html`)
get /items { return []; }
get /items/new (<p>new</p>)
get /items/(id: int) { return { id }; }
put /items/(id: int) Item { return body; }
patch /items/(id: int) json(title?: string, qty?: int) { return body; }
delete /items/(id: int) { return null; }
get /items/(name: string) { return name; }
get /items/(rest: path) { return rest; }
get /n/(x: number)/(b: boolean) { return [x, b]; }
post /form form(title: string, n?: int, done: boolean, tags: string[]) { return body; }
post /json json(title: string, n?: number) { return body; }
post /text text { return body; }
post /bare json { return body; }
head /headonly { return 1; }
options /api/* { return status(204, null); }
get /api/version { return "1"; }
location /docs {
  get / (<p>docs</p>)
  get /(page: string) -> page(page)
}
)";

struct Apps {
  std::shared_ptr<const HttpApp> apps[3];
};

const Apps& apps() {
  static const Apps a = [] {
    Apps out;
    Config plain;
    Config listed;
    listed.cors.allow_origin = {"https://a.example", "https://b.example"};
    listed.cors.allow_credentials = true;
    Config star;
    star.cors.allow_origin = {"*"};
    star.cors.allow_methods = {"GET", "PUT"};
    star.cors.allow_headers = {"X-Token"};
    out.apps[0] = compile_app(kProgram, plain, true);
    out.apps[1] = compile_app(kProgram, listed, true);
    out.apps[2] = compile_app(kProgram, star, false);
    return out;
  }();
  return a;
}

// --- The server's answer, as server.cc builds it --------------------------

// Checks a whole response: head and body.
void check_response(const std::string& out, bool head_only, int status) {
  check(out.starts_with("HTTP/1.1 "), "response does not start with a status line", out);
  check(status >= 100 && status <= 599, "status out of range", out);
  const size_t end = out.find("\r\n\r\n");
  check(end != std::string::npos, "response head has no blank line", out);
  const std::string_view head(out.data(), end + 2);
  for (size_t i = 0; i < head.size(); ++i) {
    if (head[i] == '\r') check(i + 1 < head.size() && head[i + 1] == '\n', "bare CR in the response head", out);
    if (head[i] == '\n') check(i > 0 && head[i - 1] == '\r', "bare LF in the response head", out);
    check(head[i] != '\0', "NUL in the response head", out);
  }
  const std::string_view body = std::string_view(out).substr(end + 4);
  const size_t cl = head.find("\r\nContent-Length: ");
  if (cl != std::string_view::npos) {
    const size_t value = cl + 18;
    const size_t value_end = head.find("\r\n", value);
    const std::string length(head.substr(value, value_end - value));
    if (!head_only) {
      check(length == std::to_string(body.size()), "Content-Length differs from the body", out);
    }
  } else if (status != 204 && status != 304 && status >= 200) {
    fail("response without Content-Length", out);
  }
  if (head_only || status == 204 || status == 304) check(body.empty(), "a body where there must be none", out);
}

// One request's answer: the server's own decision (decide_route) and head
// (append_response_head); only the file and the JavaScript are stood in for.
class Answer {
 public:
  Answer(const HttpApp& app, const Request& request, bool connection_closes)
      : app_(app), request_(request), closes_(connection_closes) {}

  void run() {
    http::RouteDecision d = http::decide_route(app_, request_);
    switch (d.kind) {
      case http::RouteDecision::Kind::Respond:
        check(d.page == nullptr || d.status == 200, "a static page with an odd status");
        preflight_ = d.preflight;
        return respond(d.status, d.type, d.body(), d.headers);
      case http::RouteDecision::Kind::ServeFile: return static_file(d.file);
      case http::RouteDecision::Kind::RunJs: return js(d);
    }
    fail("unknown route decision");
  }

 private:
  // As RequestAgent::serve_file checks the path, with a file that exists.
  void static_file(const std::string& path) {
    if (std::optional<std::string> why = http::unsafe_static_path(path)) return respond_error(403, *why);
    check(path.find('\0') == std::string::npos, "a static path with NUL passed unsafe_static_path", path);
    check(!path.starts_with("/"), "an absolute static path passed unsafe_static_path", path);
    const std::string wrapped = "/" + path + "/";
    check(wrapped.find("/../") == std::string::npos, "a static path with `..` passed unsafe_static_path", path);
    const std::string etag = http::make_etag(path.size(), 1700000000, 12345);
    if (http::not_modified(request_.header("if-none-match"), request_.header("if-modified-since"), etag,
                           1700000000)) {
      return respond(304, {}, {});
    }
    std::string headers;
    http::append_header(headers, "ETag", etag);
    http::append_header(headers, "Last-Modified", http::format_http_date(1700000000));
    respond(200, http::content_type_for(path), "file contents", headers);
  }

  void js(const http::RouteDecision& d) {
    check(d.action != nullptr && d.action->route != nullptr, "a JavaScript route without its route");
    nlohmann::json ctx = nlohmann::json::parse(d.context_json, nullptr, false);
    check(!ctx.is_discarded() && ctx.is_object(), "$ctx is not a JSON object", d.context_json);
    nlohmann::json req = nlohmann::json::parse(d.request_json, nullptr, false);
    check(req.is_object(), "req is not a JSON object", d.request_json);
    // The route "threw" at the first line of its generated function.
    JsError error;
    error.name = "TypeError";
    error.message = "x is <not> a function";
    error.frames.push_back({d.action->function, app_.js.filename, 1});
    for (uint32_t line = 1; line <= app_.js.lines.size(); ++line) {
      if (app_.js.source_of(line)) {
        error.frames.push_back({d.action->function, app_.js.filename, line});
        break;
      }
    }
    http::ErrorResponse page = http::js_error_response(app_, error, request_);
    // Escaped text has no < > or " of its own (an & may start an entity).
    if (page.content_type.starts_with("text/html") && request_.target.find_first_of("<>\"") != std::string::npos) {
      check(page.body.find(request_.target) == std::string::npos, "the error page shows the target unescaped",
            page.body);
    }
    respond(page.status, page.content_type, page.body);
  }

  // As RequestAgent::respond writes it.
  void respond(int status, std::string_view type, std::string_view body, std::string_view headers = {}) {
    std::string out;
    http::append_response_head(out, app_, request_, status, type, body.size(), headers, preflight_, closes_);
    const bool head_only = request_.method == HttpMethod::Head;
    if (!head_only && status != 204 && status != 304) out.append(body);
    check_response(out, head_only, status);
  }

  void respond_error(int status, std::string_view message, std::string_view headers = {}) {
    respond(status, http::kTextType, http::error_body(status, message), headers);
  }

  const HttpApp& app_;
  const Request& request_;
  bool closes_;
  bool preflight_ = false;
};

// The parser's refusal, as Connection::fail answers it.
void answer_refusal(const ParseError& error) {
  check(error.status >= 400 && error.status <= 599, "parser refusal with an odd status",
        std::to_string(error.status));
  check(!error.message.empty(), "parser refusal without a message");
  std::string out;
  http::append_refusal(out, error);
  check_response(out, false, error.status);
}

// --- Feeding the parser ----------------------------------------------------

struct Input {
  std::vector<size_t> pieces;  // empty: one piece
  ParserLimits limits;
  const HttpApp* app = nullptr;
  std::string_view stream;
};

Input decode(const uint8_t* data, size_t size) {
  Input in;
  if (size == 0) return in;
  const uint8_t control = data[0];
  size_t n = std::min<size_t>(control & 7, size - 1);
  for (size_t i = 0; i < n; ++i) in.pieces.push_back(size_t{data[1 + i]} + 1);
  if (control & 8) in.limits = ParserLimits{512, 2048};
  in.app = apps().apps[((control >> 4) & 3) % 3].get();
  in.stream = std::string_view(reinterpret_cast<const char*>(data) + 1 + n, size - 1 - n);
  return in;
}

struct Parsed {
  std::vector<Request> requests;
  bool failed = false;
  ParseError error;
};

// The parser alone, as a connection drives it; `pieces` empty = whole.
Parsed parse(std::string_view stream, const std::vector<size_t>& pieces, ParserLimits limits) {
  RequestParser parser(limits);
  Parsed out;
  size_t pos = 0, piece = 0;
  while (pos < stream.size() && !out.failed) {
    const size_t step = pieces.empty() ? stream.size() : pieces[piece++ % pieces.size()];
    const size_t end = std::min(stream.size(), pos + step);
    while (pos < end) {
      const size_t length = end - pos;
      RequestParser::Result r = parser.feed(stream.data() + pos, length);
      check(r.consumed <= length, "feed consumed more than it was given");
      pos += r.consumed;
      if (parser.wants_continue()) parser.continue_sent();
      if (r.status == RequestParser::Status::Complete) {
        check(r.consumed > 0, "a request completed without consuming anything");
        out.requests.push_back(parser.take());
        check(!parser.in_request(), "in_request() after take()");
      } else if (r.status == RequestParser::Status::Failed) {
        out.failed = true;
        out.error = parser.error();
        const ParseError& e = parser.error();
        check(e.status >= 400 && e.status <= 599, "parser refusal with an odd status");
        // A failed parser stays failed.
        check(parser.feed("GET / HTTP/1.1\r\n", 16).status == RequestParser::Status::Failed,
              "a failed parser accepted more bytes");
        break;
      } else {
        check(r.consumed == length, "NeedMore without consuming every byte");
        break;
      }
    }
  }
  return out;
}

bool same_request(const Request& a, const Request& b) {
  return a.method_name == b.method_name && a.method == b.method && a.target == b.target &&
         a.http_major == b.http_major && a.http_minor == b.http_minor && a.headers == b.headers &&
         a.body == b.body && a.keep_alive == b.keep_alive && a.upgrade == b.upgrade;
}

std::string describe(const Parsed& p) {
  std::string out = fmt::format("{} request(s){}\n", p.requests.size(),
                                p.failed ? fmt::format(", then failed: {} {}", p.error.status, p.error.message) : "");
  for (const Request& r : p.requests) {
    out += fmt::format("  {} {} HTTP/{}.{} headers={} body={}B keep_alive={}\n", r.method_name, r.target,
                       r.http_major, r.http_minor, r.headers.size(), r.body.size(), r.keep_alive);
  }
  return out;
}

// Parsed requests keep what the parser promises.
void check_request(const Request& r) {
  check(!r.method_name.empty(), "a request without a method name");
  check(!r.target.empty(), "a request without a target");
  check(r.http_major == 1 && r.http_minor <= 1, "a request with an unsupported version passed");
  size_t hosts = 0;
  for (const auto& [name, value] : r.headers) {
    check(http::is_token(name), "a header name that is not a token", name);
    check(http::ascii_lower(name) == name, "a header name not lower-cased", name);
    check(std::string_view(http::trim_ows(value)) == value, "a header value with surrounding whitespace", value);
    check(value.find_first_of("\r\n") == std::string::npos, "a header value with CR or LF", value);
    if (name == "host") ++hosts;
  }
  if (r.http_minor == 1) check(hosts == 1, "an HTTP/1.1 request without exactly one Host");
}

// The connection: pieces in, each complete request answered, the first
// failure answered and the end of the connection.
void run_connection(const Input& in) {
  RequestParser parser(in.limits);
  size_t pos = 0, piece = 0;
  bool open = true;
  while (open && pos < in.stream.size()) {
    const size_t step = in.pieces.empty() ? in.stream.size() : in.pieces[piece++ % in.pieces.size()];
    const size_t end = std::min(in.stream.size(), pos + step);
    while (open && pos < end) {
      RequestParser::Result r = parser.feed(in.stream.data() + pos, end - pos);
      pos += r.consumed;
      if (r.status == RequestParser::Status::Complete) {
        Request request = parser.take();
        check_request(request);
        request.keep_alive = request.keep_alive && !request.upgrade;
        request.client_address = "127.0.0.1";
        Answer(*in.app, request, !request.keep_alive).run();
        if (!request.keep_alive) open = false;  // nothing after a closing request is read
      } else if (r.status == RequestParser::Status::Failed) {
        answer_refusal(parser.error());
        open = false;
      } else {
        break;
      }
    }
    // Connection::maybe_send_continue: a request its route refuses gets the
    // refusal instead of `100 Continue`.
    if (open && parser.wants_continue()) {
      parser.continue_sent();
      if (std::optional<ParseError> refusal = refuse_by_route(*in.app, parser.current(), nullptr)) {
        answer_refusal(*refusal);
        open = false;
      }
    }
  }
}

}  // namespace
}  // namespace webx::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  webx::http::RequestParser::set_global_header_limit(16 * 1024);
  webx::fuzz::apps();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace webx::fuzz;
  Input in = decode(data, size);
  if (in.app == nullptr) return 0;
  run_connection(in);
  if (!in.pieces.empty()) {
    Parsed whole = parse(in.stream, {}, in.limits);
    Parsed split = parse(in.stream, in.pieces, in.limits);
    bool same = whole.failed == split.failed && whole.requests.size() == split.requests.size();
    for (size_t i = 0; same && i < whole.requests.size(); ++i) {
      same = same_request(whole.requests[i], split.requests[i]);
    }
    check(same, "parsing in pieces differs from parsing whole",
          "whole: " + describe(whole) + "split: " + describe(split));
  }
  return 0;
}
