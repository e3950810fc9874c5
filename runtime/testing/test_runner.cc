#include "test_runner.h"

#include <chrono>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "js_engine.h"
#include "prelude.h"
#include "server.h"
#include "service.h"
#include "text.h"

namespace webx::testing {

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// Longest wait for one response; a handler stuck longer than the server's
// own JS time limit has been answered with 503 well before this.
constexpr std::chrono::milliseconds kResponseTimeout{10000};
// A whole test, including its waits on the server.
constexpr uint32_t kTestTimeoutMs = 60000;
constexpr std::chrono::milliseconds kStopGrace{2000};

// The client side of one module's run: the connection, the cookie jar and
// the last exchange, for failure reports.
class Session {
 public:
  explicit Session(uint16_t port) : client_("127.0.0.1", port, kResponseTimeout) {}

  // $native.httpRequest: {method, target, headers: [[n, v]], body, type}
  // -> {status, headers: [[n, v]], body} or {error}.
  std::string exchange(std::string_view request_json) {
    json in = json::parse(request_json);
    ClientRequest request;
    request.method = in.at("method").get<std::string>();
    request.target = in.at("target").get<std::string>();
    check_target(request.target);
    bool has_type = false, has_cookie = false;
    for (const auto& h : in.at("headers")) {
      std::string name = h.at(0).get<std::string>();
      check_header(name, h.at(1).get<std::string>());
      std::string lower = http::ascii_lower(name);
      has_type = has_type || lower == "content-type";
      has_cookie = has_cookie || lower == "cookie";
      request.headers.emplace_back(std::move(name), h.at(1).get<std::string>());
    }
    if (in.at("body").is_string()) {
      request.body = in.at("body").get<std::string>();
      request.has_body = true;
      if (!has_type) request.headers.emplace_back("Content-Type", in.at("type").get<std::string>());
    }
    if (!has_cookie && !cookies_.empty()) {
      std::string cookie;
      for (const auto& [name, value] : cookies_) cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
      request.headers.emplace_back("Cookie", cookie);
    }
    last_request = request;
    last_response.reset();
    json out;
    try {
      ClientResponse response = client_.send(request);
      remember_cookies(response);
      out["status"] = response.status;
      out["headers"] = json::array();
      for (const auto& [name, value] : response.headers) out["headers"].push_back({name, value});
      out["body"] = response.body;
      last_response = std::move(response);
    } catch (const std::runtime_error& e) {
      out["error"] = std::string("request failed: ") + e.what();
    }
    return out.dump(-1, ' ', false, json::error_handler_t::replace);
  }

  // What a test asks to send must be a request at all: the runner does not
  // send a malformed one by accident (a test of malformed requests belongs
  // in a raw-socket test). The messages become the test's error.
  static void check_target(const std::string& target) {
    if (target.empty() || (target[0] != '/' && target != "*")) {
      throw std::runtime_error(fmt::format("the request target `{}` must start with `/`", target));
    }
    for (unsigned char c : target) {
      if (c <= ' ' || c == 0x7f) {
        throw std::runtime_error(fmt::format("the request target `{}` has a space or control character; "
                                             "percent-encode it (encodeURIComponent)", target));
      }
    }
  }
  static void check_header(const std::string& name, const std::string& value) {
    if (!http::is_token(name)) throw std::runtime_error(fmt::format("`{}` is not a valid header name", name));
    if (value.find_first_of("\r\n") != std::string::npos) {
      throw std::runtime_error(fmt::format("the value of header `{}` has a line break", name));
    }
  }

  void new_test() {
    cookies_.clear();
    last_request.reset();
    last_response.reset();
  }

  std::optional<ClientRequest> last_request;
  std::optional<ClientResponse> last_response;

 private:
  // Set-Cookie: name=value; attributes. A cookie set to expire (Max-Age=0
  // or less, or an Expires in the past written by the server's helpers) is
  // removed; other attributes don't matter on one loopback host.
  void remember_cookies(const ClientResponse& response) {
    for (const auto& [name, value] : response.headers) {
      if (http::ascii_lower(name) != "set-cookie") continue;
      std::string_view v = value;
      size_t semi = v.find(';');
      std::string_view pair = http::trim_ows(v.substr(0, semi));
      size_t eq = pair.find('=');
      if (eq == std::string_view::npos || eq == 0) continue;
      std::string cookie(http::trim_ows(pair.substr(0, eq)));
      std::string attrs = http::ascii_lower(semi == std::string_view::npos ? "" : v.substr(semi));
      bool expired = attrs.find("max-age=0") != std::string::npos ||
                     attrs.find("max-age=-") != std::string::npos ||
                     attrs.find("expires=thu, 01 jan 1970") != std::string::npos;
      if (expired) {
        cookies_.erase(cookie);
      } else {
        cookies_[cookie] = std::string(http::trim_ows(pair.substr(eq + 1)));
      }
    }
  }

  HttpClient client_;
  std::map<std::string, std::string> cookies_;
};

void fill_failure(TestResult& r, const json& outcome, const Test& test) {
  if (outcome.contains("step") && outcome["step"].is_number_integer()) {
    auto step = outcome["step"].get<int64_t>();
    if (step >= 0 && static_cast<size_t>(step) < test.steps.size()) r.step = &test.steps[static_cast<size_t>(step)];
  }
  r.message = outcome.value("message", "");
  r.reason = outcome.value("reason", "");
  r.expected = outcome.value("expected", "");
  r.actual = outcome.value("actual", "");
  r.equality = outcome.value("equality", false);
  r.error = outcome.value("error", "");
}

// One module's tests on a fresh runtime.
void run_module(const std::shared_ptr<const http::HttpApp>& app, const ModuleTests& suite,
                const TestRunOptions& options, std::vector<TestResult>& results) {
  std::vector<const GeneratedTests::Case*> chosen;
  for (const auto& c : suite.tests.cases) {
    if (testing::selected(*c.test, options.filter)) chosen.push_back(&c);
  }
  if (chosen.empty()) return;

  auto fail_all = [&](const std::string& why) {
    for (const auto* c : chosen) {
      TestResult r;
      r.module = suite.module;
      r.test = c->test;
      r.error = why;
      if (options.on_result) options.on_result(r);
      results.push_back(std::move(r));
    }
  };

  http::Listeners listeners;
  std::string error;
  if (!listeners.open("127.0.0.1", 0, 1, error)) return fail_all(error);
  const uint16_t port = listeners.port();
  http::ServiceOptions service_options;
  service_options.console = options.console;
  http::Service service(app, listeners, 1, std::move(service_options));
  service.start();

  JsLimits limits;
  limits.timeout_ms = kTestTimeoutMs;
  JsEngine engine(limits);
  Session session(port);
  engine.define_native("httpRequest", [&session](std::string_view request) { return session.exchange(request); });
  engine.set_console(options.console);
  for (auto [code, name] : {std::pair{stdlib_prelude(), std::string_view("webx-prelude.js")},
                            std::pair{stdlib_testing(), std::string_view("webx-testing.js")},
                            std::pair{std::string_view(suite.tests.script.code), std::string_view(suite.tests.script.filename)}}) {
    JsResult loaded = engine.load(code, name);
    if (!loaded.ok) {
      fail_all(fmt::format("the test script did not load: {}: {}", loaded.error.name, loaded.error.message));
      service.stop(kStopGrace);
      return;
    }
  }

  for (const auto* c : chosen) {
    TestResult r;
    r.module = suite.module;
    r.test = c->test;
    session.new_test();
    const auto started = Clock::now();
    JsTextResult ran = engine.call_text("$webxTest.run", {c->function});
    r.milliseconds = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    if (!ran.ok) {
      r.error = ran.error.timed_out ? fmt::format("the test ran longer than {} s", kTestTimeoutMs / 1000)
                                    : ran.error.name + ": " + ran.error.message;
    } else {
      json outcome = json::parse(ran.text, nullptr, false);
      if (outcome.is_discarded()) {
        r.error = "the test runner returned no result";
      } else if (outcome.value("ok", false)) {
        r.passed = true;
      } else {
        fill_failure(r, outcome, *c->test);
      }
    }
    if (!r.passed) {
      r.request = session.last_request;
      r.response = session.last_response;
    }
    if (options.on_result) options.on_result(r);
    results.push_back(std::move(r));
  }
  service.stop(kStopGrace);
}

}  // namespace

bool selected(const Test& test, const std::string& filter) {
  return filter.empty() || test.name.find(filter) != std::string::npos;
}

std::vector<TestResult> run_tests(const std::shared_ptr<const http::HttpApp>& app,
                                  const std::vector<ModuleTests>& suites, const TestRunOptions& options) {
  std::vector<TestResult> results;
  for (const auto& suite : suites) run_module(app, suite, options, results);
  return results;
}

}  // namespace webx::testing
