// webx.config.json: the project's settings, validated.
//
// The schema follows the original WebX one (name, version, description, port,
// host, src, logLevel, cors, rateLimit, tls, database, cache) plus `limits`,
// which bounds what one request may cost. Every key is optional; unknown keys
// and ill-typed or out-of-range values are errors that name the key path
// (e.g. `cors.allowOrigin`) at its line and column in the file.
//
// Plain data; no thread affinity.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "source.h"

namespace webx {

enum class LogLevel { Error, Warn, Info, Debug };

struct CorsConfig {
  std::vector<std::string> allow_origin;   // "*" or explicit origins; empty = CORS off
  std::vector<std::string> allow_methods;  // empty = the route's methods
  std::vector<std::string> allow_headers;  // empty = echo Access-Control-Request-Headers
  bool allow_credentials = false;
  uint32_t max_age_seconds = 600;
  bool operator==(const CorsConfig&) const = default;
};

struct RateLimitConfig {
  uint64_t window_ms = 60000;
  uint64_t max_requests = 0;  // 0 = no rate limiting
  bool operator==(const RateLimitConfig&) const = default;
};

struct TlsConfig {
  std::string cert;  // PEM file, relative to the project root
  std::string key;
  bool operator==(const TlsConfig&) const = default;
};

struct LimitsConfig {
  uint64_t max_header_bytes = 16 * 1024;
  uint64_t max_body_bytes = 1024 * 1024;
  uint64_t idle_timeout_ms = 30000;     // keep-alive connection with no request
  uint64_t request_timeout_ms = 10000;  // headers + body must arrive within this
  std::optional<uint64_t> js_timeout_ms;  // unset: 1000 in dev, 5000 in prod
  uint64_t js_heap_bytes = 256ull * 1024 * 1024;
  bool operator==(const LimitsConfig&) const = default;
};

// A new key must also be sorted into live or fixed by reconcile_config
// (runtime/http/reloader.cc), which hot reload applies to an edited config.
struct Config {
  std::string name;
  std::string version;
  std::string description;
  uint16_t port = 8080;
  std::string host = "127.0.0.1";
  std::string src = "webx";  // folder with .webx/.wx files, relative to the project root
  LogLevel log_level = LogLevel::Info;
  CorsConfig cors;
  RateLimitConfig rate_limit;
  std::optional<TlsConfig> tls;
  std::string database;  // connection string; reserved for the persistence work
  std::string cache;     // reserved
  LimitsConfig limits;
};

// Parses and validates a config file. Reports every problem found to `sink`
// (JSON syntax errors with their line/column, unknown keys, wrong types,
// out-of-range values) and returns nullopt if there was any error.
std::optional<Config> parse_config(const SourceFilePtr& file, DiagnosticSink& sink);

}  // namespace webx
