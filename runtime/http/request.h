// One parsed HTTP request, as the request parser hands it to the server.
//
// Plain data; owned by the request agent serving it (one loop thread).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ir.h"

namespace webx::http {

struct Request {
  std::string method_name;            // as sent: "GET", "PROPFIND"
  std::optional<HttpMethod> method;   // nullopt for methods WebX routes cannot name
  std::string target;                 // the request-target as sent
  uint16_t http_major = 1;
  uint16_t http_minor = 1;
  // Names lower-cased, values with surrounding whitespace removed, in the
  // order received; repeated headers stay separate entries.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;                   // de-chunked
  bool keep_alive = true;             // what the client asked for (version + Connection)
  bool upgrade = false;               // Upgrade/CONNECT: the connection ends after this request
  std::string client_address;         // the peer's IP address, set by the connection

  // The first header called `name` (lower case), or null.
  const std::string* header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key == name) return &value;
    }
    return nullptr;
  }
};

}  // namespace webx::http
