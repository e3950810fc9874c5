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

size_t append_refusal(std::string& out, const ParseError& error) {
  const std::string body = error_body(error.status, error.message);
  ResponseHead head;
  head.status = error.status;
  head.content_type = kTextType;
  head.content_length = body.size();
  head.close = true;
  head.headers = error.headers;
  append_head(out, head);
  out += body;
  return body.size();
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

namespace {

RouteDecision respond(int status, std::string_view type, std::string headers = {}) {
  RouteDecision d;
  d.status = status;
  d.type = type;
  d.headers = std::move(headers);
  return d;
}

RouteDecision refuse(int status, std::string_view message, std::string headers = {}) {
  RouteDecision d = respond(status, kTextType, std::move(headers));
  d.text = error_body(status, message);
  return d;
}

// A method the path has no route for: OPTIONS is answered from the routes
// there are (a CORS preflight included); refuse_by_route answered the rest.
RouteDecision auto_options(const HttpApp& app, const Request& request, const RouteMatch& match) {
  std::string headers;
  append_header(headers, "Allow", match.allowed.allow_header());
  RouteDecision d = respond(204, {});
  d.preflight = request.header("origin") != nullptr && request.header("access-control-request-method") != nullptr;
  if (d.preflight) append_cors(headers, app.config().cors, request, true, &match.allowed);
  d.headers = std::move(headers);
  return d;
}

}  // namespace

RouteDecision decide_route(const HttpApp& app, const Request& request) {
  RouteMatch match;
  if (std::optional<ParseError> refusal = refuse_by_route(app, request, &match)) {
    return refuse(refusal->status, refusal->message, std::move(refusal->headers));
  }
  if (request.target == "*") {  // passed refuse_by_route: OPTIONS *
    std::string headers;
    append_header(headers, "Allow", app.table->all_methods().allow_header());
    return respond(204, {}, std::move(headers));
  }
  if (match.kind == RouteMatch::Kind::MethodNotAllowed) return auto_options(app, request, match);
  const RouteAction& action = app.actions[match.route];
  switch (action.kind) {
    case RouteAction::Kind::StaticHtml: {
      RouteDecision d = respond(200, "text/html; charset=utf-8");
      d.page = &action.body;
      return d;
    }
    case RouteAction::Kind::Empty: return respond(204, {});
    case RouteAction::Kind::StaticFile: {
      RouteDecision d;
      d.kind = RouteDecision::Kind::ServeFile;
      d.file = static_file_path(action, match);
      return d;
    }
    case RouteAction::Kind::Js: {
      RouteContext bindings = build_route_context(app, action, match, request);
      if (bindings.error) return refuse(bindings.error->status, bindings.error->message);
      RouteDecision d;
      d.kind = RouteDecision::Kind::RunJs;
      d.action = &action;
      d.context_json = std::move(bindings.json);
      d.request_json = std::move(bindings.request_json);
      return d;
    }
  }
  return refuse(500, "unknown route action");
}

void append_response_head(std::string& out, const HttpApp& app, const Request& request, int status,
                          std::string_view type, uint64_t length, std::string_view headers, bool preflight,
                          bool close) {
  std::string with_cors;
  if (!preflight && !app.config().cors.allow_origin.empty()) {
    with_cors = headers;
    append_cors(with_cors, app.config().cors, request, false, nullptr);
    headers = with_cors;
  }
  ResponseHead head;
  head.status = status;
  head.content_type = type;
  head.content_length = (status == 204 || status == 304 || status < 200) ? std::nullopt
                                                                         : std::optional<uint64_t>(length);
  head.close = close;
  head.keep_alive_header = !close && request.http_minor == 0;
  head.headers = headers;
  append_head(out, head);
}

}  // namespace webx::http
