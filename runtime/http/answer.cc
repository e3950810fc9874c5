#include "answer.h"

#include <fmt/format.h>

#include "request_parser.h"
#include "response.h"
#include "text.h"
#include "url.h"

namespace webx::http {

std::string error_body(int status, std::string_view message) {
  return fmt::format("{} {}: {}\n", status, status_text(status), message);
}

bool safe_header(std::string_view name, std::string_view value) {
  if (!is_token(name)) return false;
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

std::optional<ParseError> refuse_by_route(const HttpApp& app, const Request& request,
                                          RouteMatch* match_out) {
  if (!request.method) {
    return ParseError{501, fmt::format("method {} is not supported", request.method_name), {}};
  }
  std::optional<Target> target = split_target(request.target);
  if (!target) return ParseError{400, "invalid request target", {}};
  if (target->path == "*") {
    if (request.method == HttpMethod::Options) return std::nullopt;
    return ParseError{400, "`*` is a request target for OPTIONS only", {}};
  }
  std::optional<std::vector<std::string>> segments = split_path(target->path);
  if (!segments) return ParseError{400, "malformed percent-encoding in the path", {}};
  RouteMatch match = app.table->match(*request.method, *segments);
  if (match.kind == RouteMatch::Kind::NotFound) {
    return ParseError{404, fmt::format("no route matches {} {}", request.method_name, target->path), {}};
  }
  if (match.kind == RouteMatch::Kind::MethodNotAllowed && request.method != HttpMethod::Options) {
    std::string allow = match.allowed.allow_header();
    std::string headers;
    append_header(headers, "Allow", allow);
    return ParseError{405, fmt::format("{} is not allowed here; allowed: {}", request.method_name, allow),
                      headers};
  }
  if (match_out != nullptr) *match_out = std::move(match);
  return std::nullopt;
}

void append_cors(std::string& headers, const CorsConfig& cors, const Request& request, bool preflight,
                 const MethodSet* methods) {
  const std::string* origin = request.header("origin");
  if (cors.allow_origin.empty() || origin == nullptr) return;
  bool any = false, listed = false;
  for (const std::string& allowed : cors.allow_origin) {
    if (allowed == "*") any = true;
    if (allowed == *origin) listed = true;
  }
  if (!any && !listed) return;
  if (any && !cors.allow_credentials) {
    append_header(headers, "Access-Control-Allow-Origin", "*");
  } else {
    append_header(headers, "Access-Control-Allow-Origin", *origin);
    append_header(headers, "Vary", "Origin");
  }
  if (cors.allow_credentials) append_header(headers, "Access-Control-Allow-Credentials", "true");
  if (!preflight) return;
  std::string allow_methods;
  for (const std::string& m : cors.allow_methods) allow_methods += (allow_methods.empty() ? "" : ", ") + m;
  if (allow_methods.empty() && methods != nullptr) allow_methods = methods->allow_header();
  append_header(headers, "Access-Control-Allow-Methods", allow_methods);
  std::string allow_headers;
  for (const std::string& h : cors.allow_headers) allow_headers += (allow_headers.empty() ? "" : ", ") + h;
  if (allow_headers.empty()) {
    const std::string* requested = request.header("access-control-request-headers");
    if (requested != nullptr && safe_header("x", *requested)) allow_headers = *requested;
  }
  if (!allow_headers.empty()) append_header(headers, "Access-Control-Allow-Headers", allow_headers);
  append_header(headers, "Access-Control-Max-Age", std::to_string(cors.max_age_seconds));
}

}  // namespace webx::http
