#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>
#include <http_parser.h>

#include "text.h"

namespace webx::testing {

namespace {

struct ResponseReader {
  ClientResponse response;
  std::string field;
  bool in_value = false;
  bool complete = false;
  bool keep_alive = true;
  bool head = false;
};

int on_status(http_parser* p, const char* at, size_t length) {
  static_cast<ResponseReader*>(p->data)->response.reason.append(at, length);
  return 0;
}

int on_header_field(http_parser* p, const char* at, size_t length) {
  auto* r = static_cast<ResponseReader*>(p->data);
  if (r->in_value) {
    r->field.clear();
    r->in_value = false;
  }
  r->field.append(at, length);
  return 0;
}

int on_header_value(http_parser* p, const char* at, size_t length) {
  auto* r = static_cast<ResponseReader*>(p->data);
  if (!r->in_value) {
    r->response.headers.emplace_back(r->field, "");
    r->in_value = true;
  }
  r->response.headers.back().second.append(at, length);
  return 0;
}

int on_headers_complete(http_parser* p) {
  auto* r = static_cast<ResponseReader*>(p->data);
  r->response.status = static_cast<int>(p->status_code);
  // 1: a response to HEAD has no body, whatever its Content-Length says.
  return r->head ? 1 : 0;
}

int on_body(http_parser* p, const char* at, size_t length) {
  static_cast<ResponseReader*>(p->data)->response.body.append(at, length);
  return 0;
}

int on_message_complete(http_parser* p) {
  auto* r = static_cast<ResponseReader*>(p->data);
  r->complete = true;
  r->keep_alive = http_should_keep_alive(p) != 0;
  http_parser_pause(p, 1);  // anything after this response is not ours
  return 0;
}

}  // namespace

HttpClient::HttpClient(std::string host, uint16_t port, std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), timeout_(timeout) {}

HttpClient::~HttpClient() { close_socket(); }

void HttpClient::close_socket() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void HttpClient::connect_socket() {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error(fmt::format("cannot open a socket: {}", std::strerror(errno)));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port_);
  if (inet_pton(AF_INET, host_.c_str(), &address.sin_addr) != 1) {
    close_socket();
    throw std::runtime_error("not an IPv4 address: " + host_);
  }
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    std::string why = std::strerror(errno);
    close_socket();
    throw std::runtime_error(fmt::format("cannot connect to {}:{}: {}", host_, port_, why));
  }
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

bool HttpClient::write_all(const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

ClientResponse HttpClient::send(const ClientRequest& request) {
  std::string head = fmt::format("{} {} HTTP/1.1\r\n", request.method, request.target);
  bool has_host = false;
  for (const auto& [name, value] : request.headers) {
    if (http::ascii_lower(name) == "host") has_host = true;
    head += name + ": " + value + "\r\n";
  }
  if (!has_host) head += fmt::format("Host: {}:{}\r\n", host_, port_);
  if (request.has_body) head += fmt::format("Content-Length: {}\r\n", request.body.size());
  head += "\r\n";
  head += request.body;

  // A kept-alive connection the server has closed in the meantime fails on
  // the first write or read; one fresh connection is tried then.
  for (int attempt = 0;; ++attempt) {
    const bool reused = fd_ >= 0;
    if (fd_ < 0) connect_socket();
    ResponseReader reader;
    reader.head = request.method == "HEAD";
    http_parser parser;
    http_parser_init(&parser, HTTP_RESPONSE);
    parser.data = &reader;
    http_parser_settings settings;
    http_parser_settings_init(&settings);
    settings.on_status = on_status;
    settings.on_header_field = on_header_field;
    settings.on_header_value = on_header_value;
    settings.on_headers_complete = on_headers_complete;
    settings.on_body = on_body;
    settings.on_message_complete = on_message_complete;

    bool got_bytes = false;
    if (write_all(head)) {
      const auto deadline = std::chrono::steady_clock::now() + timeout_;
      char buffer[16384];
      while (!reader.complete) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd pfd{fd_, POLLIN, 0};
        int ready = left.count() > 0 ? ::poll(&pfd, 1, static_cast<int>(left.count())) : 0;
        if (ready < 0 && errno == EINTR) continue;
        if (ready == 0) {
          close_socket();
          throw std::runtime_error(fmt::format("no complete response within {} ms", timeout_.count()));
        }
        ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          // End of stream: completes a response delimited by the close.
          http_parser_execute(&parser, &settings, nullptr, 0);
          break;
        }
        got_bytes = true;
        size_t used = http_parser_execute(&parser, &settings, buffer, static_cast<size_t>(n));
        if (!reader.complete && (used != static_cast<size_t>(n) || HTTP_PARSER_ERRNO(&parser) != HPE_OK)) {
          close_socket();
          throw std::runtime_error(fmt::format("malformed response: {}",
                                               http_errno_description(HTTP_PARSER_ERRNO(&parser))));
        }
      }
    }
    if (reader.complete) {
      if (!reader.keep_alive) close_socket();
      return std::move(reader.response);
    }
    close_socket();
    if (!reused || got_bytes || attempt > 0) {
      throw std::runtime_error("the server closed the connection without a complete response");
    }
  }
}

}  // namespace webx::testing
