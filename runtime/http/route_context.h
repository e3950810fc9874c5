// The bindings of a JavaScript route: the `$ctx` its generated function
// receives ({params, query, req, body}), built on the network loop from the
// request so the JS actor only runs the route.
//
// The body is parsed and checked here against the route's body format —
// field types, model constraints, optional fields (docs/server.md, "What a
// route sees") — and a request that does not fit is refused with 400 or 415
// before any JavaScript runs.
//
// Pure functions of their arguments; safe on any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app.h"
#include "request.h"
#include "request_parser.h"
#include "route_table.h"

namespace webx::http {

// `$ctx` as JSON text ({params, query, body?}) and the request as JSON text
// (`req`: method, url, path, query, headers, cookies, ip, body, params),
// which $wx.run parses only when the route reads it; or the refusal.
struct RouteContext {
  std::string json;
  std::string request_json;
  std::optional<ParseError> error;
};

RouteContext build_route_context(const HttpApp& app, const RouteAction& action, const RouteMatch& match,
                                 const Request& request);

// `a=1&b=x+y&a=2` → pairs, `+` as space, escapes decoded; nullopt for a
// malformed escape.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_urlencoded(std::string_view text);

}  // namespace webx::http
