// A small blocking HTTP/1.1 client for `webx test`: one keep-alive
// connection to the server under test, reopened when the server closes it.
// Responses are read with http-parser (the same library the server parses
// requests with); every wait is bounded by a timeout.
//
// Threads: one client belongs to one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace webx::testing {

struct ClientRequest {
  std::string method = "GET";
  std::string target = "/";
  std::vector<std::pair<std::string, std::string>> headers;  // as given, in order
  std::string body;
  bool has_body = false;
};

struct ClientResponse {
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;  // in order received
  std::string body;  // de-chunked
};

class HttpClient {
 public:
  HttpClient(std::string host, uint16_t port, std::chrono::milliseconds timeout);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `request` (adding Host and Content-Length) and reads the answer.
  // Throws std::runtime_error with one line (connection refused, timeout,
  // malformed response) when there is no answer to give.
  ClientResponse send(const ClientRequest& request);

 private:
  void connect_socket();
  void close_socket();
  bool write_all(const std::string& data);

  std::string host_;
  uint16_t port_;
  std::chrono::milliseconds timeout_;
  int fd_ = -1;
};

}  // namespace webx::testing
