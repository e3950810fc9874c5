// RequestParser: requests in, limits and framing rules enforced, a status
// for every way a request can be wrong. No sockets: bytes are fed directly.
#include "request_parser.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace webx::http {
namespace {

struct Parsed {
  std::vector<Request> requests;
  bool failed = false;
  ParseError error;
  bool wanted_continue = false;
  size_t consumed = 0;
};

// Feeds `input` in pieces of `step` bytes (0: all at once), taking every
// request that completes, as a connection would.
Parsed parse(const std::string& input, size_t step = 0, ParserLimits limits = {}) {
  RequestParser::set_global_header_limit(1 << 20);
  RequestParser parser(limits);
  Parsed out;
  size_t pos = 0;
  while (pos < input.size()) {
    size_t end = step == 0 ? input.size() : std::min(input.size(), pos + step);
    while (pos < end) {
      RequestParser::Result r = parser.feed(input.data() + pos, end - pos);
      pos += r.consumed;
      out.consumed = pos;
      if (parser.wants_continue()) out.wanted_continue = true;
      if (r.status == RequestParser::Status::Complete) {
        out.requests.push_back(parser.take());
      } else if (r.status == RequestParser::Status::Failed) {
        out.failed = true;
        out.error = parser.error();
        return out;
      } else {
        break;
      }
    }
  }
  return out;
}

const std::string kGet = "GET /a/b?x=1 HTTP/1.1\r\nHost: h\r\nX-Thing:  spaced value \t\r\n\r\n";

TEST_CASE("RequestParser: a simple GET, whole and byte by byte") {
  for (size_t step : {size_t{0}, size_t{1}, size_t{7}}) {
    CAPTURE(step);
    Parsed p = parse(kGet, step);
    REQUIRE_FALSE(p.failed);
    REQUIRE(p.requests.size() == 1);
    const Request& r = p.requests[0];
    CHECK(r.method_name == "GET");
    CHECK(r.method == HttpMethod::Get);
    CHECK(r.target == "/a/b?x=1");
    CHECK(r.http_minor == 1);
    CHECK(r.keep_alive);
    REQUIRE(r.header("x-thing") != nullptr);
    CHECK(*r.header("x-thing") == "spaced value");
    CHECK(*r.header("host") == "h");
  }
}

TEST_CASE("RequestParser: pipelined requests come out one per feed, in order") {
  std::string input;
  for (int i = 0; i < 5; ++i) input += "GET /" + std::to_string(i) + " HTTP/1.1\r\nHost: h\r\n\r\n";
  RequestParser parser({});
  RequestParser::Result r = parser.feed(input.data(), input.size());
  REQUIRE(r.status == RequestParser::Status::Complete);
  CHECK(r.consumed < input.size());  // stopped after the first request
  CHECK(parser.take().target == "/0");
  Parsed all = parse(input);
  REQUIRE(all.requests.size() == 5);
  for (int i = 0; i < 5; ++i) CHECK(all.requests[i].target == "/" + std::to_string(i));
}

TEST_CASE("RequestParser: Content-Length and chunked bodies") {
  Parsed p = parse("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello", 3);
  REQUIRE(p.requests.size() == 1);
  CHECK(p.requests[0].body == "hello");
  p = parse("POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 2);
  REQUIRE(p.requests.size() == 1);
  CHECK(p.requests[0].body == "hello world");
}

TEST_CASE("RequestParser: HTTP/1.0 keeps alive only when asked") {
  Parsed p = parse("GET / HTTP/1.0\r\n\r\n");
  REQUIRE(p.requests.size() == 1);
  CHECK_FALSE(p.requests[0].keep_alive);
  p = parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  REQUIRE(p.requests.size() == 1);
  CHECK(p.requests[0].keep_alive);
  p = parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
  CHECK_FALSE(p.requests[0].keep_alive);
}

TEST_CASE("RequestParser: header section over the limit is 431, a long request line 414") {
  ParserLimits limits{1024, 1024};
  std::string big = "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n";
  for (size_t step : {size_t{0}, size_t{100}}) {
    Parsed p = parse(big, step, limits);
    REQUIRE(p.failed);
    CHECK(p.error.status == 431);
    CHECK(p.error.message.find("1024") != std::string::npos);
  }
  std::string many = "GET / HTTP/1.1\r\nHost: h\r\n";
  for (int i = 0; i < 150; ++i) many += "X-" + std::to_string(i) + ": 1\r\n";
  Parsed p = parse(many + "\r\n", 0, ParserLimits{1 << 20, 1024});
  REQUIRE(p.failed);
  CHECK(p.error.status == 431);
  p = parse("GET /" + std::string(3000, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n", 0, limits);
  REQUIRE(p.failed);
  CHECK(p.error.status == 414);
}

TEST_CASE("RequestParser: a body over the limit is 413, before it arrives or as chunks do") {
  ParserLimits limits{16 * 1024, 10};
  Parsed p = parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", 0, limits);
  REQUIRE(p.failed);  // refused from the header alone
  CHECK(p.error.status == 413);
  p = parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n6\r\nworld!\r\n0\r\n\r\n",
            0, limits);
  REQUIRE(p.failed);
  CHECK(p.error.status == 413);
  p = parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789", 0, limits);
  REQUIRE_FALSE(p.failed);
  CHECK(p.requests.at(0).body == "0123456789");
}

TEST_CASE("RequestParser: ambiguous framing is refused (request smuggling)") {
  const char* attacks[] = {
      // CL.TE and TE.CL
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
      // duplicate Content-Length, equal or not
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\nabcd",
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcd",
      // obfuscated or unsupported Transfer-Encoding
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n0\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
      "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1 2\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nz\r\n",
  };
  for (const std::string attack : attacks) {
    CAPTURE(attack);
    Parsed p = parse(attack);
    CHECK(p.failed);
    CHECK(p.error.status == 400);
    CHECK(p.requests.empty());
  }
}

TEST_CASE("RequestParser: malformed requests are 400 with a message") {
  const char* bad[] = {
      "GARBAGE\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: h\r\nBad Header\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n",
      "GET\t/ HTTP/1.1\r\n\r\n",
      "GET / HTTP/1.1\r\n\r\n",                 // no Host
      "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",  // two
  };
  for (const std::string input : bad) {
    CAPTURE(input);
    Parsed p = parse(input);
    REQUIRE(p.failed);
    CHECK(p.error.status == 400);
    CHECK_FALSE(p.error.message.empty());
  }
  Parsed p = parse("GET / HTTP/2.0\r\nHost: h\r\n\r\n");
  REQUIRE(p.failed);
  CHECK(p.error.status == 505);
}

TEST_CASE("RequestParser: what non-strict http-parser lets through is refused, in any split") {
  const char* bad[] = {
      "GET /about HTTX/1.1\r\nHost: h\r\n\r\n",
      "GET /about HTTP/1.1 extra\r\nHost: h\r\n\r\n",
      "GET /about HTTP/1.1\rHost: h\r\n\r\n",
      "GET /about HTTP/1.1\r\nHost: h\rX: y\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r0\r\n\r\n",
      // Obsolete line folding: a proxy that does not unfold would see
      // Transfer-Encoding as its own header (request smuggling).
      "POST / HTTP/1.1\r\nHost: h\r\nX-Fold: y\r\n Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n\tb\r\n\r\n",
  };
  for (const std::string input : bad) {
    for (size_t step : {size_t{0}, size_t{1}, size_t{5}}) {
      CAPTURE(input);
      CAPTURE(step);
      Parsed p = parse(input, step);
      CHECK(p.failed);
      CHECK(p.error.status == 400);
      CHECK(p.requests.empty());
    }
  }
  // Empty lines before a request are allowed, and a body may hold bare CRs.
  Parsed p = parse("\r\n\r\nPOST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\na\rb"
                   "GET / HTTP/1.1\r\nHost: h\r\n\r\n", 1);
  REQUIRE_FALSE(p.failed);
  REQUIRE(p.requests.size() == 2);
  CHECK(p.requests[0].body == "a\rb");
}

TEST_CASE("RequestParser: trailer fields after a chunked body are dropped, not merged into the headers") {
  // (found by fuzz_http: `Host: evil` in a trailer became a second Host)
  const std::string input =
      "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n0\r\nHost: evil\r\nx bad name: y\r\nContent-Type: text/evil\r\n\r\n"
      "GET /b HTTP/1.1\r\nHost: h\r\n\r\n";
  for (size_t step : {size_t{0}, size_t{1}, size_t{7}}) {
    CAPTURE(step);
    Parsed p = parse(input, step);
    REQUIRE_FALSE(p.failed);
    REQUIRE(p.requests.size() == 2);
    CHECK(p.requests[0].body == "abc");
    CHECK(p.requests[0].headers == std::vector<std::pair<std::string, std::string>>{
                                      {"host", "h"}, {"transfer-encoding", "chunked"}});
    CHECK(p.requests[1].target == "/b");
  }
  // Trailers count against the header limit.
  ParserLimits small{256, 1 << 20};
  Parsed big = parse("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: " +
                         std::string(400, 'a') + "\r\n\r\n",
                     0, small);
  CHECK(big.failed);
  CHECK(big.error.status == 431);
}

TEST_CASE("RequestParser: an Upgrade request with a body is an ordinary request, in any split") {
  // (found by fuzz_http: the body arriving after the head used to be a 400)
  const std::string input =
      "POST /a HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: h2c\r\nContent-Length: 3\r\n\r\nabc";
  for (size_t step : {size_t{0}, size_t{1}, input.size() - 3, input.size() - 1}) {
    CAPTURE(step);
    Parsed p = parse(input, step);
    REQUIRE_FALSE(p.failed);
    REQUIRE(p.requests.size() == 1);
    CHECK(p.requests[0].body == "abc");
    CHECK(p.requests[0].upgrade);  // answered without upgrading, then the connection closes
  }
}

TEST_CASE("RequestParser: Expect 100-continue is flagged until the body starts; others are 417") {
  RequestParser parser({});
  std::string head = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n";
  RequestParser::Result r = parser.feed(head.data(), head.size());
  CHECK(r.status == RequestParser::Status::NeedMore);
  CHECK(parser.wants_continue());
  CHECK(parser.in_request());
  parser.continue_sent();
  CHECK_FALSE(parser.wants_continue());
  r = parser.feed("abc", 3);
  REQUIRE(r.status == RequestParser::Status::Complete);
  CHECK(parser.take().body == "abc");
  CHECK_FALSE(parser.in_request());

  Parsed p = parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 200-ok\r\n\r\nabc");
  REQUIRE(p.failed);
  CHECK(p.error.status == 417);
  // Refused by its Content-Length: never asked to continue.
  p = parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99\r\nExpect: 100-continue\r\n\r\n", 0,
            ParserLimits{16384, 10});
  CHECK(p.failed);
  CHECK(p.error.status == 413);
  CHECK_FALSE(p.wanted_continue);
}

TEST_CASE("RequestParser: methods WebX cannot route are parsed but have no route method") {
  Parsed p = parse("PROPFIND / HTTP/1.1\r\nHost: h\r\n\r\n");
  REQUIRE(p.requests.size() == 1);
  CHECK(p.requests[0].method_name == "PROPFIND");
  CHECK_FALSE(p.requests[0].method.has_value());
}

TEST_CASE("RequestParser: after a failure it stays failed") {
  RequestParser parser({});
  std::string bad = "NOPE\r\n\r\n";
  CHECK(parser.feed(bad.data(), bad.size()).status == RequestParser::Status::Failed);
  CHECK(parser.feed(kGet.data(), kGet.size()).status == RequestParser::Status::Failed);
}

TEST_CASE("RequestParser: status texts") {
  CHECK(std::string(status_text(404)) == "Not Found");
  CHECK(std::string(status_text(431)) == "Request Header Fields Too Large");
  CHECK(std::string(status_text(299)) == "Unknown");
}

}  // namespace
}  // namespace webx::http
