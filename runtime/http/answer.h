// The pieces of a request's answer that depend on nothing but the request,
// the app and the config: what the app makes of a request (decide_route),
// refusals by method and path, the refusal body, the response head with its
// CORS headers, the check of header values. Shared by the server's request
// agents and connections (server.cc) and the HTTP fuzz target, so the fuzzer
// runs the server's own decisions.
//
// Pure functions; safe on any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app.h"
#include "config.h"
#include "request.h"
#include "request_parser.h"
#include "route_context.h"
#include "route_table.h"

namespace webx::http {

inline constexpr std::string_view kTextType = "text/plain; charset=utf-8";

// The text/plain body of every refusal: "404 Not Found: no route matches GET /x\n".
std::string error_body(int status, std::string_view message);

// A refusal the connection answers itself and then closes on (a request the
// parser refused, a client past the connection cap): the whole response is
// appended to `out`. Returns the body's size.
size_t append_refusal(std::string& out, const ParseError& error);

// Whether a header the program sets is a token name with a value that
// cannot smuggle in lines of its own (no CR, LF or NUL).
bool safe_header(std::string_view name, std::string_view value);

// The refusal of a request by its method and path alone (404, 405, 400,
// 501), or nullopt when routing should go on (then the match is stored in
// `match_out` when given). Asked by request agents, and by the connection
// before it sends `100 Continue`.
std::optional<ParseError> refuse_by_route(const HttpApp& app, const Request& request, RouteMatch* match_out);

// The CORS headers for `request` under `cors` (nothing when CORS is off or
// the origin is not allowed); `preflight` adds the Allow-Methods (the
// config's, else `methods`), Allow-Headers and Max-Age of an answer to a
// preflight (docs/server.md#cors).
void append_cors(std::string& headers, const CorsConfig& cors, const Request& request, bool preflight,
                 const MethodSet* methods);

// A request's answer as far as the app decides it, before any I/O
// (docs/server.md): a response to write at once (a refusal, a static page,
// 204, an automatic OPTIONS), a file to serve, or a JavaScript route to run
// with its bindings.
struct RouteDecision {
  enum class Kind { Respond, ServeFile, RunJs };
  Kind kind = Kind::Respond;
  // Respond:
  int status = 0;
  std::string_view type;  // a constant, or empty for none
  std::string headers;    // more header lines
  bool preflight = false;  // `headers` hold a preflight's CORS headers
  std::string_view body() const { return page != nullptr ? std::string_view(*page) : std::string_view(text); }
  const std::string* page = nullptr;  // a static page, in the app
  std::string text;                   // a refusal's body
  // ServeFile: the path relative to the app's root, not yet checked.
  std::string file;
  // RunJs:
  const RouteAction* action = nullptr;
  std::string context_json;  // $ctx
  std::string request_json;  // req
};
RouteDecision decide_route(const HttpApp& app, const Request& request);

// Appends the head of a response to `request`: the status line, Date,
// Content-Type, Content-Length (none for 1xx, 204 and 304), Connection, the
// app's CORS headers (unless `preflight`: then `headers` has them), then
// `headers`.
void append_response_head(std::string& out, const HttpApp& app, const Request& request, int status,
                          std::string_view type, uint64_t length, std::string_view headers, bool preflight,
                          bool close);

}  // namespace webx::http
