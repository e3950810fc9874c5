// fuzz_bodies: what a JavaScript route binds from a request — path
// parameters, the query string, cookies and headers, and the body checked
// against json(...), form(...), a model, bare json/form or text — through
// build_route_context (runtime/http/route_context.h), plus
// parse_urlencoded on its own.
//
// Input, line by line (so seeds are easy to write by hand):
//   METHOD TARGET      e.g. `POST /form?x=1` (routed through the table)
//   Content-Type value (empty line: no header)
//   Cookie value       (empty line: no header)
//   the body           (the rest, as it is)
//
// Checks: $ctx is a JSON object with params, query and req (and body when
// the route has a body format), a refusal has a 4xx/5xx status and a
// message, and the refusal statuses are the documented ones (400, 413, 415).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_app.h"
#include "fuzz_support.h"
#include "route_context.h"
#include "url.h"

namespace webx::fuzz {
namespace {

const char* kProgram = R"(
model Owner { name: string[minLength(1)], email?: string[pattern(/^[^@\s]+@[^@\s]+$/)] }
model Item {
  title: string[minLength(2), maxLength(20)],
  qty: int[min(0), max(10)] = 1,
  price?: number[min(0)],
  code?: string[pattern(/^[A-Z]+-[0-9]{1,4}$/i)],
  when?: Date,
  tags: string[],
  grid?: number[][],
  owner?: Owner,
  done: boolean = false,
}
get /p/(id: int)/(x: number)/(b: boolean)/(s: string)/(rest: path) { return 1; }
get /q { return query; }
post /json json(title: string[minLength(1)], n?: number, when?: Date, owners: Owner[], m?: int[max(5)] = 3) { return 1; }
post /form form(title: string, n: int, x?: number, done: boolean, tags: string[], when?: Date, code?: string[pattern(/^[a-z]+$/)]) { return 1; }
post /model Item { return 1; }
put /model/(id: int) Item { return 1; }
post /text text { return 1; }
post /bare json { return 1; }
post /anyform form { return 1; }
)";

const http::HttpApp& app() {
  static const std::shared_ptr<const http::HttpApp> a = compile_app(kProgram, Config{}, true);
  return *a;
}

// Splits off the text up to the next '\n'.
std::string_view next_line(std::string_view& rest) {
  size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  return line;
}

std::optional<HttpMethod> method_of(std::string_view name) {
  for (HttpMethod m : {HttpMethod::Get, HttpMethod::Post, HttpMethod::Put, HttpMethod::Patch, HttpMethod::Delete,
                       HttpMethod::Head, HttpMethod::Options}) {
    if (name == method_name(m)) return m;
  }
  return std::nullopt;
}

}  // namespace
}  // namespace webx::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  webx::fuzz::app();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace webx;
  using namespace webx::fuzz;
  std::string_view rest(reinterpret_cast<const char*>(data), size);

  // The decoder on its own, on the whole input.
  if (auto pairs = http::parse_urlencoded(rest)) {
    for (const auto& [k, v] : *pairs) check(k.size() + v.size() <= size, "a decoded pair longer than its text");
  }

  std::string_view request_line = next_line(rest);
  std::string_view type = next_line(rest);
  std::string_view cookie = next_line(rest);
  const size_t space = request_line.find(' ');
  if (space == std::string_view::npos) return 0;
  std::optional<HttpMethod> method = method_of(request_line.substr(0, space));
  if (!method) return 0;

  http::Request request;
  request.method = method;
  request.method_name = method_name(*method);
  request.target = std::string(request_line.substr(space + 1));
  request.client_address = "127.0.0.1";
  request.headers.push_back({"host", "fuzz.example"});
  if (!type.empty()) request.headers.push_back({"content-type", std::string(type)});
  if (!cookie.empty()) request.headers.push_back({"cookie", std::string(cookie)});
  request.headers.push_back({"x-two", "1"});
  request.headers.push_back({"x-two", "2"});
  request.body = std::string(rest);

  std::optional<http::Target> target = http::split_target(request.target);
  if (!target) return 0;
  std::optional<std::vector<std::string>> segments = http::split_path(target->path);
  if (!segments) return 0;
  const http::HttpApp& a = app();
  http::RouteMatch match = a.table->match(*method, *segments);
  if (match.kind != http::RouteMatch::Kind::Found) return 0;
  const http::RouteAction& action = a.actions.at(match.route);
  if (action.kind != http::RouteAction::Kind::Js) return 0;

  http::RouteContext ctx = http::build_route_context(a, action, match, request);
  if (ctx.error) {
    const int s = ctx.error->status;
    check(s == 400 || s == 413 || s == 415, "an undocumented refusal status", std::to_string(s));
    check(!ctx.error->message.empty(), "a refusal without a message");
    return 0;
  }
  nlohmann::json j = nlohmann::json::parse(ctx.json, nullptr, false);
  check(!j.is_discarded() && j.is_object(), "$ctx is not a JSON object", ctx.json);
  check(j.contains("params") && j.contains("query"), "$ctx lacks params/query", ctx.json);
  nlohmann::json req = nlohmann::json::parse(ctx.request_json, nullptr, false);
  check(req.is_object() && req["headers"].is_object() && req["cookies"].is_object(), "req is not a request object",
        ctx.request_json);
  const bool has_body = action.route->body_format.kind != BodyFormatKind::None;
  check(j.contains("body") == has_body, "$ctx.body present iff the route has a body format", ctx.json);
  if (has_body && (action.route->body_format.kind == BodyFormatKind::Model ||
                   !action.route->body_format.fields.empty())) {
    check(j["body"].is_object(), "a checked body that is not an object", ctx.json);
  }
  return 0;
}
