// The pieces of a request's answer that depend on nothing but the request,
// the app and the config: refusals by method and path, the refusal body,
// the CORS headers, the check of header values. Shared by the server's
// request agents and connections (server.cc) and the HTTP fuzz target.
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
#include "route_table.h"

namespace webx::http {

// The text/plain body of every refusal: "404 Not Found: no route matches GET /x\n".
std::string error_body(int status, std::string_view message);

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

}  // namespace webx::http
