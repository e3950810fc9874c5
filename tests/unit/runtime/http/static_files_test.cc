// What static(...) may serve, content types, validators, HTTP dates.
#include "static_files.h"

#include <doctest/doctest.h>

#include <string>

#include "response.h"

namespace webx::http {
namespace {

TEST_CASE("unsafe_static_path: traversal, absolute paths and NUL are refused") {
  CHECK_FALSE(unsafe_static_path("public/app.css"));
  CHECK_FALSE(unsafe_static_path("public/a..b/..c"));
  CHECK_FALSE(unsafe_static_path("public//x"));
  CHECK(unsafe_static_path("../webx.config.json"));
  CHECK(unsafe_static_path("public/../../etc/passwd"));
  CHECK(unsafe_static_path("public/.."));
  CHECK(unsafe_static_path(".."));
  CHECK(unsafe_static_path("/etc/passwd"));
  CHECK(unsafe_static_path(std::string("public/a\0b", 10)));
}

TEST_CASE("is_inside: a real path is inside the root or not") {
  CHECK(is_inside("/srv/app", "/srv/app/public/a.css"));
  CHECK(is_inside("/srv/app/", "/srv/app/public"));
  CHECK(is_inside("/srv/app", "/srv/app"));
  CHECK_FALSE(is_inside("/srv/app", "/srv/application/x"));
  CHECK_FALSE(is_inside("/srv/app", "/srv"));
  CHECK_FALSE(is_inside("/srv/app", "/etc/passwd"));
}

TEST_CASE("content_type_for: by extension, case-insensitive, octet-stream otherwise") {
  CHECK(content_type_for("public/index.html") == "text/html; charset=utf-8");
  CHECK(content_type_for("a/B.CSS") == "text/css; charset=utf-8");
  CHECK(content_type_for("x.js") == "text/javascript; charset=utf-8");
  CHECK(content_type_for("logo.svg") == "image/svg+xml; charset=utf-8");
  CHECK(content_type_for("img.png") == "image/png");
  CHECK(content_type_for("f.woff2") == "font/woff2");
  CHECK(content_type_for("noext") == "application/octet-stream");
  CHECK(content_type_for("dir.d/file") == "application/octet-stream");
  CHECK(content_type_for("trailing.") == "application/octet-stream");
}

TEST_CASE("not_modified: If-None-Match wins over If-Modified-Since") {
  const std::string etag = make_etag(10, 1700000000, 5);
  CHECK(etag.front() == '"');
  CHECK(etag != make_etag(10, 1700000000, 6));
  const std::string same = etag, weak = "W/" + etag, list = "\"x\", " + etag, star = "*", other = "\"y\"";
  CHECK(not_modified(&same, nullptr, etag, 0));
  CHECK(not_modified(&weak, nullptr, etag, 0));
  CHECK(not_modified(&list, nullptr, etag, 0));
  CHECK(not_modified(&star, nullptr, etag, 0));
  CHECK_FALSE(not_modified(&other, nullptr, etag, 0));
  const std::string later = format_http_date(1700000100), earlier = format_http_date(1699999900);
  CHECK(not_modified(nullptr, &later, etag, 1700000000));
  CHECK_FALSE(not_modified(nullptr, &earlier, etag, 1700000000));
  CHECK_FALSE(not_modified(&other, &later, etag, 1700000000));  // the tag decides
  const std::string garbage = "yesterday";
  CHECK_FALSE(not_modified(nullptr, &garbage, etag, 1700000000));
}

TEST_CASE("HTTP dates round-trip in IMF-fixdate form") {
  CHECK(format_http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
  CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == std::optional<std::time_t>(784111777));
  CHECK_FALSE(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"));
  CHECK(http_date().size() == 29);
}

TEST_CASE("append_head: status line, Date, framing headers") {
  std::string out;
  ResponseHead head;
  head.status = 404;
  head.content_type = "text/plain";
  head.content_length = 12;
  head.close = true;
  head.headers = "X-A: 1\r\n";
  append_head(out, head);
  CHECK(out.rfind("HTTP/1.1 404 Not Found\r\nServer: webx\r\nDate: ", 0) == 0);
  CHECK(out.find("\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nConnection: close\r\nX-A: 1\r\n\r\n") !=
        std::string::npos);
  out.clear();
  head = ResponseHead{};
  head.status = 204;
  head.keep_alive_header = true;
  append_head(out, head);
  CHECK(out.find("Content-Length") == std::string::npos);
  CHECK(out.find("Connection: keep-alive\r\n") != std::string::npos);
}

}  // namespace
}  // namespace webx::http
