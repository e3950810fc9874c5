// Tests for parse_config: defaults, the mapping of every key, and the exact position and wording
// of each diagnostic (syntax errors, unknown and duplicate keys, wrong types and ranges).
#include "config.h"
#include "project.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace webx {
namespace {

struct Result {
  std::optional<Config> config;
  std::vector<Diagnostic> diags;
};

Result parse(std::string text) {
  auto file = std::make_shared<SourceFile>("webx.config.json", std::move(text));
  DiagnosticSink sink;
  std::optional<Config> config = parse_config(file, sink);
  return Result{std::move(config), sink.all()};
}

// One line per diagnostic, "line:col: message", so a failing check shows everything at once.
std::string errors(const Result& r) {
  std::string out;
  for (const Diagnostic& d : r.diags) {
    out += std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " + d.message + "\n";
  }
  return out;
}

// Parses text that must fail with exactly one error and returns that error.
Diagnostic single_error(const std::string& text) {
  Result r = parse(text);
  CHECK_FALSE(r.config.has_value());
  REQUIRE_MESSAGE(r.diags.size() == 1, errors(r));
  CHECK(r.diags[0].severity == Severity::Error);
  CHECK(r.diags[0].loc.file == "webx.config.json");
  return r.diags[0];
}

std::string where(const Diagnostic& d) {
  return std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col);
}

Config parse_ok(const std::string& text) {
  Result r = parse(text);
  REQUIRE_MESSAGE(r.diags.empty(), errors(r));
  REQUIRE(r.config.has_value());
  return *r.config;
}

TEST_CASE("config: an empty object gives the defaults") {
  Config c = parse_ok("{}");
  CHECK(c.name.empty());
  CHECK(c.version.empty());
  CHECK(c.description.empty());
  CHECK(c.port == 8080);
  CHECK(c.host == "127.0.0.1");
  CHECK(c.src == "webx");
  CHECK(c.log_level == LogLevel::Info);
  CHECK(c.cors.allow_origin.empty());
  CHECK(c.cors.allow_methods.empty());
  CHECK(c.cors.allow_headers.empty());
  CHECK_FALSE(c.cors.allow_credentials);
  CHECK(c.cors.max_age_seconds == 600);
  CHECK(c.rate_limit.window_ms == 60000);
  CHECK(c.rate_limit.max_requests == 0);
  CHECK_FALSE(c.tls.has_value());
  CHECK(c.database.empty());
  CHECK(c.cache.empty());
  CHECK(c.limits.max_header_bytes == 16 * 1024);
  CHECK(c.limits.max_body_bytes == 1024 * 1024);
  CHECK(c.limits.idle_timeout_ms == 30000);
  CHECK(c.limits.request_timeout_ms == 10000);
  CHECK_FALSE(c.limits.js_timeout_ms.has_value());
  CHECK(c.limits.js_heap_bytes == 256ull * 1024 * 1024);
}

TEST_CASE("config: whitespace and a byte order mark around the object are fine") {
  Config c = parse_ok("\xEF\xBB\xBF \r\n\t{ }\n\n");
  CHECK(c.port == 8080);
  // Empty nested objects keep the nested defaults.
  Config d = parse_ok(R"({"cors": {}, "rateLimit": {}, "limits": {}})");
  CHECK(d.cors.max_age_seconds == 600);
  CHECK(d.rate_limit.window_ms == 60000);
  CHECK(d.limits.idle_timeout_ms == 30000);
}

TEST_CASE("config: a full config maps every field") {
  Config c = parse_ok(R"({
  "name": "todo-app",
  "version": "1.2.3",
  "description": "Caf\u00e9 \"todos\" \u2713",
  "port": 3000,
  "host": "0.0.0.0",
  "src": "app/./pages",
  "logLevel": "debug",
  "cors": {
    "allowOrigin": ["https://a.example", "https://b.example"],
    "allowMethods": ["get", "Post", "DELETE", "GET", "options"],
    "allowHeaders": ["Content-Type", "X-Request-Id"],
    "allowCredentials": true,
    "maxAge": 0
  },
  "rateLimit": {"windowMs": 1000, "maxRequests": 50},
  "tls": {"cert": "certs/server.pem", "key": "certs/server.key"},
  "database": "postgres://localhost/todo",
  "cache": "redis://localhost",
  "limits": {
    "maxHeaderBytes": 8192,
    "maxBodyBytes": 65536,
    "idleTimeoutMs": 5000,
    "requestTimeoutMs": 2000,
    "jsTimeoutMs": 250,
    "jsHeapBytes": 67108864
  }
})");
  CHECK(c.name == "todo-app");
  CHECK(c.version == "1.2.3");
  CHECK(c.description == "Caf\xC3\xA9 \"todos\" \xE2\x9C\x93");
  CHECK(c.port == 3000);
  CHECK(c.host == "0.0.0.0");
  CHECK(c.src == "app/./pages");
  CHECK(c.log_level == LogLevel::Debug);
  CHECK(c.cors.allow_origin == std::vector<std::string>{"https://a.example", "https://b.example"});
  CHECK(c.cors.allow_methods == std::vector<std::string>{"GET", "POST", "DELETE", "OPTIONS"});
  CHECK(c.cors.allow_headers == std::vector<std::string>{"Content-Type", "X-Request-Id"});
  CHECK(c.cors.allow_credentials);
  CHECK(c.cors.max_age_seconds == 0);
  CHECK(c.rate_limit.window_ms == 1000);
  CHECK(c.rate_limit.max_requests == 50);
  REQUIRE(c.tls.has_value());
  CHECK(c.tls->cert == "certs/server.pem");
  CHECK(c.tls->key == "certs/server.key");
  CHECK(c.database == "postgres://localhost/todo");
  CHECK(c.cache == "redis://localhost");
  CHECK(c.limits.max_header_bytes == 8192);
  CHECK(c.limits.max_body_bytes == 65536);
  CHECK(c.limits.idle_timeout_ms == 5000);
  CHECK(c.limits.request_timeout_ms == 2000);
  CHECK(c.limits.js_timeout_ms == std::optional<uint64_t>(250));
  CHECK(c.limits.js_heap_bytes == 64ull * 1024 * 1024);
}

TEST_CASE("config: scalar forms and boundary values") {
  Config c = parse_ok(R"({"cors": {"allowOrigin": "*", "maxAge": 4294967295}, "port": 65535,
    "logLevel": "error", "rateLimit": {"windowMs": 1, "maxRequests": 0}})");
  CHECK(c.cors.allow_origin == std::vector<std::string>{"*"});
  CHECK(c.cors.max_age_seconds == 4294967295u);
  CHECK(c.port == 65535);
  CHECK(c.log_level == LogLevel::Error);
  CHECK(c.rate_limit.window_ms == 1);
  CHECK(parse_ok(R"({"port": 1, "logLevel": "warn"})").log_level == LogLevel::Warn);
  CHECK(parse_ok(R"({"logLevel": "info"})").log_level == LogLevel::Info);
  // "-0" is an integer zero in JSON.
  CHECK(parse_ok(R"({"cors": {"maxAge": -0}})").cors.max_age_seconds == 0);
  Config limits = parse_ok(R"({"limits": {"maxHeaderBytes": 1024, "jsHeapBytes": 1048576}})");
  CHECK(limits.limits.max_header_bytes == 1024);
  CHECK(limits.limits.js_heap_bytes == 1048576);
  CHECK(parse_ok(R"({"limits": {"maxHeaderBytes": 1048576}})").limits.max_header_bytes == 1048576);
  // Empty lists are allowed and mean "off" / "use the route's methods".
  CHECK(parse_ok(R"({"cors": {"allowOrigin": [], "allowMethods": []}})").cors.allow_origin.empty());
}

TEST_CASE("config: top-level values of the wrong type or range") {
  Result r = parse(R"({
  "name": 1,
  "version": 1.5,
  "description": null,
  "port": "abc",
  "host": "",
  "logLevel": "verbose",
  "database": false,
  "cache": [],
  "cors": "*",
  "rateLimit": 10,
  "tls": true,
  "limits": [1, 2]
})");
  CHECK_FALSE(r.config.has_value());
  CHECK(
      errors(r) ==
      "2:11: 'name' must be a string, got 1\n"
      "3:14: 'version' must be a string, got 1.5\n"
      "4:18: 'description' must be a string, got null\n"
      "5:11: 'port' must be an integer between 1 and 65535, got \"abc\"\n"
      "6:11: 'host' must be a non-empty string, got \"\"\n"
      "7:15: 'logLevel' must be one of \"error\", \"warn\", \"info\", \"debug\", got \"verbose\"\n"
      "8:15: 'database' must be a string, got false\n"
      "9:12: 'cache' must be a string, got an array\n"
      "10:11: 'cors' must be an object, got \"*\"\n"
      "11:16: 'rateLimit' must be an object, got 10\n"
      "12:10: 'tls' must be an object, got true\n"
      "13:13: 'limits' must be an object, got an array\n");
  // The underline covers the value token.
  REQUIRE(r.diags.size() == 12);
  CHECK(r.diags[3].length == 5);
  CHECK(r.diags[4].length == 2);
  CHECK(r.diags[11].length == 6);
}

TEST_CASE("config: port range") {
  for (const char* bad : {"0", "65536", "-1", "8080.0", "1e3", "99999999999999999999999", "true"}) {
    Diagnostic d = single_error(std::string("{\"port\": ") + bad + "}");
    CHECK(where(d) == "1:10");
    CHECK(d.message == std::string("'port' must be an integer between 1 and 65535, got ") + bad);
  }
}

TEST_CASE("config: logLevel hints at the intended level") {
  Diagnostic upper = single_error(R"({"logLevel": "INFO"})");
  CHECK(upper.message ==
        R"('logLevel' must be one of "error", "warn", "info", "debug", got "INFO")");
  CHECK(upper.hint == R"(did you mean "info"?)");
  CHECK(single_error(R"({"logLevel": "warning"})").hint == R"(did you mean "warn"?)");
  CHECK(single_error(R"({"logLevel": "debg"})").hint == R"(did you mean "debug"?)");
  CHECK(single_error(R"({"logLevel": "trace"})").hint.empty());
  CHECK(single_error(R"({"logLevel": 3})").hint.empty());
}

TEST_CASE("config: cors values") {
  Result r = parse(R"({"cors": {
  "allowOrigin": ["https://ok.example", 3, "", "bad origin"],
  "allowMethods": ["GET", "FETCH", 1],
  "allowHeaders": ["Content-Type", "X Bad", null],
  "allowCredentials": "yes",
  "maxAge": -1
}})");
  CHECK_FALSE(r.config.has_value());
  CHECK(errors(r) ==
        "2:41: 'cors.allowOrigin[1]' must be a string, got 3\n"
        "2:44: 'cors.allowOrigin[2]' must be an origin such as \"https://example.com\", or \"*\", "
        "got \"\"\n"
        "2:48: 'cors.allowOrigin[3]' must be an origin such as \"https://example.com\", or \"*\", "
        "got \"bad origin\"\n"
        "3:27: 'cors.allowMethods[1]' must be an HTTP method (GET, POST, PUT, PATCH, DELETE, "
        "HEAD, OPTIONS, CONNECT, TRACE), got \"FETCH\"\n"
        "3:36: 'cors.allowMethods[2]' must be an HTTP method (GET, POST, PUT, PATCH, DELETE, "
        "HEAD, OPTIONS, CONNECT, TRACE), got 1\n"
        "4:36: 'cors.allowHeaders[1]' must be a header name such as \"Content-Type\", got "
        "\"X Bad\"\n"
        "4:45: 'cors.allowHeaders[2]' must be a string, got null\n"
        "5:23: 'cors.allowCredentials' must be true or false, got \"yes\"\n"
        "6:13: 'cors.maxAge' must be an integer between 0 and 4294967295 (seconds), got -1\n");

  CHECK(
      errors(parse(R"({"cors": {"allowOrigin": 5, "allowMethods": "GET", "allowHeaders": {}}})")) ==
      "1:26: 'cors.allowOrigin' must be a string or an array of strings, got 5\n"
      "1:45: 'cors.allowMethods' must be an array of HTTP methods, got \"GET\"\n"
      "1:68: 'cors.allowHeaders' must be an array of strings, got an object\n");
  CHECK(errors(parse(R"({"cors": {"allowOrigin": "a\r\nb", "maxAge": 4294967296}})")) ==
        "1:26: 'cors.allowOrigin' must be an origin such as \"https://example.com\", or \"*\", got "
        "\"a\\r\\nb\"\n"
        "1:46: 'cors.maxAge' must be an integer between 0 and 4294967295 (seconds), got "
        "4294967296\n");
}

TEST_CASE("config: rateLimit values") {
  CHECK(errors(parse(R"({"rateLimit": {"windowMs": 0, "maxRequests": -5}})")) ==
        "1:28: 'rateLimit.windowMs' must be a positive integer (milliseconds), got 0\n"
        "1:46: 'rateLimit.maxRequests' must be a non-negative integer, got -5\n");
  CHECK(errors(parse(R"({"rateLimit": {"windowMs": "1s", "maxRequests": 2.5}})")) ==
        "1:28: 'rateLimit.windowMs' must be a positive integer (milliseconds), got \"1s\"\n"
        "1:49: 'rateLimit.maxRequests' must be a non-negative integer, got 2.5\n");
}

TEST_CASE("config: limits values and sanity bounds") {
  Result r = parse(R"({
  "limits": {
    "maxHeaderBytes": 1023,
    "maxBodyBytes": 0,
    "idleTimeoutMs": 3600001,
    "requestTimeoutMs": "10s",
    "jsTimeoutMs": 600001,
    "jsHeapBytes": 1048575
  }
})");
  CHECK_FALSE(r.config.has_value());
  CHECK(errors(r) ==
        "3:23: 'limits.maxHeaderBytes' must be an integer between 1024 and 1048576 (bytes), got "
        "1023\n"
        "4:21: 'limits.maxBodyBytes' must be an integer between 1 and 1073741824 (bytes), got 0\n"
        "5:22: 'limits.idleTimeoutMs' must be an integer between 1 and 3600000 (milliseconds), "
        "got 3600001\n"
        "6:25: 'limits.requestTimeoutMs' must be an integer between 1 and 3600000 "
        "(milliseconds), got \"10s\"\n"
        "7:20: 'limits.jsTimeoutMs' must be an integer between 1 and 600000 (milliseconds), got "
        "600001\n"
        "8:20: 'limits.jsHeapBytes' must be an integer between 1048576 and 17179869184 (bytes), "
        "got 1048575\n");
  CHECK(single_error(R"({"limits": {"maxHeaderBytes": 1048577}})").message ==
        "'limits.maxHeaderBytes' must be an integer between 1024 and 1048576 (bytes), got "
        "1048577");
}

TEST_CASE("config: tls needs cert and key") {
  Result r = parse("{\n  \"tls\": {\"cert\": \"\"}\n}");
  CHECK_FALSE(r.config.has_value());
  CHECK(errors(r) ==
        "2:19: 'tls.cert' must be a non-empty string, got \"\"\n"
        "2:10: missing required key 'tls.key'\n");
  CHECK(r.diags[1].hint == "'tls' needs both 'cert' and 'key' (paths to PEM files)");
  CHECK(errors(parse(R"({"tls": {}})")) ==
        "1:9: missing required key 'tls.cert'\n"
        "1:9: missing required key 'tls.key'\n");
  CHECK(errors(parse(R"({"tls": {"cert": "a.pem", "key": 7}})")) ==
        "1:34: 'tls.key' must be a non-empty string, got 7\n");
}

TEST_CASE("config: src must stay inside the project") {
  const std::string kHint =
      "paths are relative to the project root, the folder that holds webx.config.json";
  Diagnostic up = single_error(R"({"src": "../shared"})");
  CHECK(where(up) == "1:9");
  CHECK(up.message == R"('src' must stay inside the project, got "../shared")");
  CHECK(up.hint == kHint);
  CHECK(up.length == 11);
  CHECK(single_error(R"({"src": "a/../../b"})").message ==
        R"('src' must stay inside the project, got "a/../../b")");
  CHECK(single_error(R"({"src": "..\\x"})").message ==
        R"('src' must stay inside the project, got "..\\x")");
  CHECK(single_error(R"({"src": ".."})").message ==
        R"('src' must stay inside the project, got "..")");
  Diagnostic abs = single_error(R"({"src": "/srv/app"})");
  CHECK(abs.message == R"('src' must be a relative path, got "/srv/app")");
  CHECK(abs.hint == kHint);
  CHECK(single_error(R"({"src": "C:\\app"})").message ==
        R"('src' must be a relative path, got "C:\\app")");
  CHECK(single_error(R"({"src": ""})").message ==
        R"('src' must be a non-empty relative path, got "")");
  CHECK(single_error(R"({"src": 3})").message ==
        R"('src' must be a non-empty relative path, got 3)");
  CHECK(single_error(R"({"src": "a\u0000b"})").message ==
        R"('src' must be a relative path without control characters, got "a\u0000b")");
  // Climbing back down inside the project is fine.
  CHECK(parse_ok(R"({"src": "a/../b"})").src == "a/../b");
  CHECK(parse_ok(R"({"src": "./src/"})").src == "./src/");
  CHECK(parse_ok(R"({"src": "a/.."})").src == "a/..");
}

TEST_CASE("config: the root must be an object") {
  Diagnostic d = single_error("\n  [1, 2]");
  CHECK(where(d) == "2:3");
  CHECK(d.message == "the config must be a JSON object, got an array");
  CHECK(d.hint == "write {} to use the defaults");
  CHECK(single_error("\"x\"").message == "the config must be a JSON object, got \"x\"");
  CHECK(single_error("null").message == "the config must be a JSON object, got null");
  CHECK(single_error(" 42 ").message == "the config must be a JSON object, got 42");
}

TEST_CASE("config: unknown keys with a near miss get a suggestion") {
  Diagnostic d = single_error("{\n  \"prot\": 80\n}");
  CHECK(where(d) == "2:3");
  CHECK(d.message == "unknown key 'prot'");
  CHECK(d.hint == "did you mean 'port'?");
  CHECK(d.length == 6);  // the key with its quotes

  Diagnostic nested = single_error(R"({
  "cors": {
    "allowCredentials": true,
    "allowOrign": "*"
  }
})");
  CHECK(where(nested) == "4:5");
  CHECK(nested.message == "unknown key 'cors.allowOrign'");
  CHECK(nested.hint == "did you mean 'cors.allowOrigin'?");
  CHECK(nested.length == 12);

  // Case slips count as near misses.
  CHECK(single_error(R"({"loglevel": "info"})").hint == "did you mean 'logLevel'?");
  CHECK(single_error(R"({"LOGLEVEL": "info"})").hint == "did you mean 'logLevel'?");
  CHECK(single_error(R"({"limits": {"jsTimeout": 5}})").hint ==
        "did you mean 'limits.jsTimeoutMs'?");
  CHECK(single_error(R"({"rateLimit": {"window": 5}})").hint ==
        "did you mean 'rateLimit.windowMs'?");
  // A key that belongs at another level.
  Diagnostic moved = single_error(R"({"maxAge": 10})");
  CHECK(moved.message == "unknown key 'maxAge'");
  CHECK(moved.hint == "did you mean 'cors.maxAge'?");
  // An exact match at another level beats a near miss at this one ("port" vs "cert").
  CHECK(single_error(R"({"tls": {"cert": "c", "key": "k", "port": 1}})").hint ==
        "did you mean 'port'?");
  CHECK(single_error(R"({"rateLimit": {"maxrequests": 1}})").hint ==
        "did you mean 'rateLimit.maxRequests'?");
}

TEST_CASE("config: unknown keys without a near miss list the valid keys") {
  Diagnostic d = single_error(R"({"frobnicate": {"deep": [1, 2, {"x": 1}]}})");
  CHECK(where(d) == "1:2");
  CHECK(d.message == "unknown key 'frobnicate'");
  CHECK(d.hint ==
        "valid keys are: name, version, description, port, host, src, logLevel, cors, "
        "rateLimit, tls, database, cache, limits");
  Diagnostic nested = single_error(R"({"cors": {"origins": "*"}})");
  CHECK(nested.message == "unknown key 'cors.origins'");
  CHECK(nested.hint ==
        "valid keys in 'cors' are: allowOrigin, allowMethods, allowHeaders, allowCredentials, "
        "maxAge");
  CHECK(single_error(R"({"tls": {"cert": "c", "key": "k", "ca": "x"}})").hint ==
        "valid keys in 'tls' are: cert, key");
  // Control characters in a key are escaped in the message.
  CHECK(single_error(R"({"a\nb": 1})").message == "unknown key 'a\\u000Ab'");
}

TEST_CASE("config: duplicate keys") {
  Result r = parse(R"({
  "port": 80,
  "cors": {"maxAge": 1, "maxAge": 2},
  "port": 81
})");
  CHECK_FALSE(r.config.has_value());
  CHECK(errors(r) ==
        "3:25: duplicate key 'cors.maxAge'\n"
        "4:3: duplicate key 'port'\n");
  REQUIRE(r.diags[1].notes.size() == 1);
  CHECK(r.diags[1].notes[0].first.line == 2);
  CHECK(r.diags[1].notes[0].first.col == 3);
  CHECK(r.diags[1].notes[0].second == "first defined here");
  CHECK(r.diags[1].length == 6);
  REQUIRE(r.diags[0].notes.size() == 1);
  CHECK(r.diags[0].notes[0].first.col == 12);
  // Escapes are compared after decoding: "\u0070ort" is "port".
  Diagnostic escaped = single_error(R"({"port": 1, "\u0070ort": 2})");
  CHECK(where(escaped) == "1:13");
  CHECK(escaped.message == "duplicate key 'port'");
}

TEST_CASE("config: positions stay exact after escapes and multi-byte characters and nesting") {
  // Columns count code points: "é" and "✓" are one column each, and escapes count as written.
  Diagnostic d = single_error(
      "{\"description\": \"caf\xC3\xA9 \\\"q\\\" \\u00e9 \xE2\x9C\x93\", \"port\": \"x\"}");
  CHECK(where(d) == "1:48");
  CHECK(d.message == "'port' must be an integer between 1 and 65535, got \"x\"");
  // A string containing braces, brackets, colons and commas does not confuse the positions.
  Diagnostic tricky = single_error(R"({"name": "{[\"a\": 1, ]}\\", "host": 1})");
  CHECK(where(tricky) == "1:38");
  // Values after nested arrays and objects inside an unknown key's value are still located.
  Result r = parse("{\"x\": [[{\"a\": [1, {}]}], \"s\"],\r\n\t\"port\": -3}");
  CHECK(errors(r) ==
        "1:2: unknown key 'x'\n"
        "2:10: 'port' must be an integer between 1 and 65535, got -3\n");
  // A byte order mark does not count as a column.
  CHECK(where(single_error("\xEF\xBB\xBF{\"port\": 0}")) == "1:10");
}

TEST_CASE("config: every problem is reported in one pass") {
  Result r = parse(R"({
  "prot": 80,
  "port": 0,
  "cors": {"allowOrign": "*", "maxAge": "1h"},
  "src": "../x",
  "src": "ok",
  "limits": {"jsHeapBytes": 1}
})");
  CHECK_FALSE(r.config.has_value());
  CHECK(errors(r) ==
        "2:3: unknown key 'prot'\n"
        "3:11: 'port' must be an integer between 1 and 65535, got 0\n"
        "4:12: unknown key 'cors.allowOrign'\n"
        "4:41: 'cors.maxAge' must be an integer between 0 and 4294967295 (seconds), got \"1h\"\n"
        "5:10: 'src' must stay inside the project, got \"../x\"\n"
        "6:3: duplicate key 'src'\n"
        "7:29: 'limits.jsHeapBytes' must be an integer between 1048576 and 17179869184 (bytes), "
        "got 1\n");
}

TEST_CASE("config: JSON syntax errors point at the offending token") {
  SUBCASE("missing comma") {
    Diagnostic d = single_error("{\n  \"name\": \"a\"\n  \"port\": 1\n}");
    CHECK(where(d) == "3:3");
    CHECK(d.message == "invalid JSON: unexpected string literal; expected ',' or '}'");
    CHECK(d.hint == "is a ',' missing before it?");
    CHECK(d.length == 6);
  }
  SUBCASE("missing comma in an array") {
    Diagnostic d = single_error(R"({"cors": {"allowMethods": ["GET" "POST"]}})");
    CHECK(where(d) == "1:34");
    CHECK(d.message == "invalid JSON: unexpected string literal; expected ',' or ']'");
  }
  SUBCASE("trailing comma") {
    Diagnostic d = single_error("{\n  \"port\": 1,\n}");
    CHECK(where(d) == "3:1");
    CHECK(d.message == "invalid JSON: unexpected '}'; expected a key in double quotes");
    CHECK(d.hint == "JSON does not allow a comma after the last element");
    Diagnostic a = single_error(R"({"cors": {"allowOrigin": ["a",]}})");
    CHECK(where(a) == "1:31");
    CHECK(a.message == "invalid JSON: unexpected ']'; expected a value");
    CHECK(a.hint == "JSON does not allow a comma after the last element");
  }
  SUBCASE("missing colon") {
    Diagnostic d = single_error(R"({"port" 80})");
    CHECK(where(d) == "1:9");
    CHECK(d.message == "invalid JSON: unexpected number literal; expected ':'");
    CHECK(d.length == 2);
  }
  SUBCASE("truncated file") {
    Diagnostic d = single_error("{\n  \"cors\": {\"maxAge\": 5\n\n");
    CHECK(where(d) == "2:23");
    CHECK(d.message == "invalid JSON: unexpected end of input; expected ',' or '}'");
    Diagnostic key = single_error("{\"port\": 1,");
    CHECK(where(key) == "1:12");
    CHECK(key.message == "invalid JSON: unexpected end of input; expected a key in double quotes");
    Diagnostic colon = single_error("{\"port\":");
    CHECK(where(colon) == "1:9");
    CHECK(colon.message == "invalid JSON: unexpected end of input; expected a value");
    Diagnostic str = single_error("{\"name\": \"abc");
    CHECK(where(str) == "1:10");
    CHECK(str.message == "invalid JSON: unterminated string");
  }
  SUBCASE("empty file") {
    Diagnostic d = single_error("");
    CHECK(where(d) == "1:1");
    CHECK(d.message == "invalid JSON: unexpected end of input; expected a value");
    CHECK(where(single_error("  \n\n")) == "1:1");
  }
  SUBCASE("binary garbage") {
    Diagnostic d = single_error(std::string("\x89PNG\r\n\x1A\n\0\0\0", 11));
    CHECK(where(d) == "1:1");
    CHECK(d.message == "invalid JSON: unexpected byte 0x89");
    Diagnostic nul = single_error(std::string("{\"a\": 1,\n \0}", 12));
    CHECK(where(nul) == "2:2");
    CHECK(nul.message == "invalid JSON: unexpected character U+0000");
    // nlohmann takes NUL for the end of the input; it must not hide what follows it.
    Diagnostic trailing_nul = single_error(std::string("{}\n\0{\"port\": 0}", 15));
    CHECK(where(trailing_nul) == "2:1");
    CHECK(trailing_nul.message == "invalid JSON: unexpected character U+0000");
    Diagnostic utf16 = single_error("\xFF\xFE{\0");
    CHECK(utf16.message == "invalid JSON: unexpected byte 0xFF");
    CHECK(utf16.hint == "the file looks UTF-16 encoded; save it as UTF-8");
  }
  SUBCASE("unquoted keys and single quotes and comments and smart quotes") {
    Diagnostic unquoted = single_error("{\n  port: 1\n}");
    CHECK(where(unquoted) == "2:3");
    CHECK(unquoted.message == "invalid JSON: unexpected word 'port'");
    CHECK(unquoted.hint == "object keys must be written in double quotes");
    CHECK(unquoted.length == 4);
    Diagnostic bare = single_error(R"({"logLevel": info})");
    CHECK(where(bare) == "1:14");
    CHECK(bare.message == "invalid JSON: unexpected word 'info'");
    CHECK(bare.hint ==
          "strings must be written in double quotes; the only bare words in JSON are true, false "
          "and null");
    CHECK(single_error(R"({"a": True})").message == "invalid JSON: unexpected word 'True'");
    Diagnostic single = single_error("{'port': 1}");
    CHECK(where(single) == "1:2");
    CHECK(single.message == "invalid JSON: unexpected character \"'\"");
    Diagnostic comment = single_error("{\n  // the port\n  \"port\": 1\n}");
    CHECK(where(comment) == "2:3");
    CHECK(comment.message == "invalid JSON: unexpected character '/'");
    CHECK(comment.hint == "JSON does not allow comments");
    Diagnostic smart = single_error("{\"name\": \xE2\x80\x9Cx\xE2\x80\x9D}");
    CHECK(where(smart) == "1:10");
    CHECK(smart.message == "invalid JSON: unexpected character '\xE2\x80\x9C' (U+201C)");
  }
  SUBCASE("bad strings point inside the string") {
    Diagnostic escape = single_error(R"({"name": "caf\é \x"})");
    CHECK(where(escape) == "1:14");
    CHECK(escape.message == "invalid JSON: invalid escape sequence in string");
    Diagnostic escape2 = single_error(R"({"name": "a\\\q"})");
    CHECK(where(escape2) == "1:14");
    Diagnostic newline = single_error("{\"name\": \"ab\ncd\"}");
    CHECK(where(newline) == "1:13");
    CHECK(newline.message == "invalid JSON: unescaped control character U+000A (LF) in string");
    CHECK(newline.hint == "write it as \\u000A or \\n");
    Diagnostic hex = single_error(R"({"name": "x\u12\u0041"})");
    CHECK(where(hex) == "1:12");
    CHECK(hex.message == "invalid JSON: '\\u' must be followed by 4 hex digits");
    Diagnostic surrogate = single_error(R"({"name": "\uDC00"})");
    CHECK(where(surrogate) == "1:11");
    CHECK(surrogate.message == "invalid JSON: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF");
    Diagnostic utf8 = single_error("{\"name\": \"ab\xC3(\"}");
    CHECK(where(utf8) == "1:14");
    CHECK(utf8.message == "invalid JSON: ill-formed UTF-8 byte in string");
  }
  SUBCASE("bad numbers") {
    Diagnostic dot = single_error(R"({"port": 80.})");
    CHECK(where(dot) == "1:10");
    CHECK(dot.message == "invalid JSON: invalid number; expected digit after '.'");
    Diagnostic minus = single_error(R"({"port": -})");
    CHECK(minus.message == "invalid JSON: invalid number; expected digit after '-'");
    Diagnostic zero = single_error(R"({"port": 080})");
    CHECK(where(zero) == "1:11");
    CHECK(zero.message == "invalid JSON: unexpected number literal; expected ',' or '}'");
    CHECK(zero.hint == "numbers cannot have leading zeros");
  }
  SUBCASE("text after the object") {
    Diagnostic d = single_error("{}\n}");
    CHECK(where(d) == "2:1");
    CHECK(d.message == "invalid JSON: unexpected '}'; expected end of input");
    CHECK(d.hint == "the config must be a single JSON object");
    Diagnostic two = single_error("{} {}");
    CHECK(where(two) == "1:4");
    CHECK(two.message == "invalid JSON: unexpected '{'; expected end of input");
  }
}

TEST_CASE("config: deep nesting is rejected without exhausting the stack") {
  Diagnostic d = single_error(std::string(100000, '['));
  CHECK(where(d) == "1:65");
  CHECK(d.message == "JSON nesting is too deep (more than 64 levels)");

  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  CHECK(single_error(objects).message == "JSON nesting is too deep (more than 64 levels)");

  // 64 levels are accepted by the parser (the unknown key is the only problem).
  std::string ok = "{\"x\": " + std::string(63, '[') + std::string(63, ']') + "}";
  CHECK(single_error(ok).message == "unknown key 'x'");
  std::string deep = "{\"x\": " + std::string(64, '[') + std::string(64, ']') + "}";
  Diagnostic too_deep = single_error(deep);
  CHECK(where(too_deep) == "1:70");
  CHECK(too_deep.message == "JSON nesting is too deep (more than 64 levels)");
}

TEST_CASE("config: long values are shortened in messages") {
  std::string name(1000, 'a');
  Diagnostic d = single_error("{\"port\": \"" + name + "\"}");
  CHECK(d.message ==
        "'port' must be an integer between 1 and 65535, got \"" + std::string(47, 'a') + "...");
  Diagnostic key = single_error("{\"" + name + "\": 1}");
  CHECK(key.message == "unknown key '" + std::string(48, 'a') + "...'");
}

TEST_CASE("config: a missing file is reported and not dereferenced") {
  DiagnosticSink sink;
  CHECK_FALSE(parse_config(nullptr, sink).has_value());
  REQUIRE(sink.all().size() == 1);
  CHECK(sink.all()[0].message == "no config file to read");
}

TEST_CASE("config: arbitrary input never crashes and errors always mean nullopt") {
  // A deterministic generator keeps failures reproducible.
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&state]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  const std::string seed = R"({"name": "x\u00e9", "port": 80, "cors": {"allowOrigin": ["*"],
    "allowMethods": ["GET"], "maxAge": 5}, "tls": {"cert": "a", "key": "b"}, "limits": {}})";
  const std::string alphabet = "{}[]:,\"\\ \n0123456789-.eEtrufalsn\xC3\xA9\x80\xFF/'u";
  for (int round = 0; round < 3000; ++round) {
    std::string text = seed;
    int edits = 1 + static_cast<int>(next() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = next() % (text.size() + 1);
      switch (next() % 3) {
        case 0:
          text.insert(at, 1, alphabet[next() % alphabet.size()]);
          break;
        case 1:
          if (at < text.size()) text.erase(at, 1);
          break;
        default:
          if (at < text.size()) text[at] = static_cast<char>(next() & 0xFF);
          break;
      }
    }
    Result r = parse(text);
    bool has_error = false;
    for (const Diagnostic& d : r.diags) {
      has_error |= d.severity == Severity::Error;
      // Every diagnostic points into the file.
      CHECK(d.loc.line >= 1);
      CHECK(d.loc.col >= 1);
      CHECK(d.message.find("internal error") == std::string::npos);
    }
    CHECK(has_error != r.config.has_value());
  }
}

}  // namespace
}  // namespace webx

TEST_CASE("read_project_config: the config alone, found from the project folder or below it") {
  std::optional<webx::Config> c = webx::read_project_config(WEBX_SOURCE_DIR "/tests/e2e/projects/spec-todo");
  REQUIRE(c.has_value());
  CHECK(c->name == "todo");
  CHECK(c->port == 8080);
  std::optional<webx::Config> from_src = webx::read_project_config(WEBX_SOURCE_DIR "/tests/e2e/projects/spec-todo/webx");
  REQUIRE(from_src.has_value());
  CHECK(from_src->name == "todo");
  CHECK_FALSE(webx::read_project_config(WEBX_SOURCE_DIR "/no/such/folder").has_value());
}
