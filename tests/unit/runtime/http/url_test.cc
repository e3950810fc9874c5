// Request targets, percent-decoding and typed path segments.
#include "url.h"

#include <doctest/doctest.h>

namespace webx::http {
namespace {

TEST_CASE("split_target: origin, absolute and asterisk forms") {
  auto t = split_target("/a/b?x=1&y=2#frag");
  REQUIRE(t);
  CHECK(t->path == "/a/b");
  CHECK(t->query == "x=1&y=2");
  t = split_target("http://example.com:8080/p/q?z");
  REQUIRE(t);
  CHECK(t->path == "/p/q");
  CHECK(t->query == "z");
  t = split_target("http://example.com");
  REQUIRE(t);
  CHECK(t->path == "/");
  t = split_target("*");
  REQUIRE(t);
  CHECK(t->path == "*");
  CHECK_FALSE(split_target("relative/path"));
  CHECK_FALSE(split_target(""));
  CHECK_FALSE(split_target("http:///nohost"));
}

TEST_CASE("percent_decode: escapes decoded, malformed ones refused, + kept") {
  CHECK(percent_decode("a%20b%2Fc%2e") == std::optional<std::string>("a b/c."));
  CHECK(percent_decode("a+b") == std::optional<std::string>("a+b"));
  CHECK(percent_decode("%00") == std::optional<std::string>(std::string(1, '\0')));
  CHECK_FALSE(percent_decode("%"));
  CHECK_FALSE(percent_decode("%4"));
  CHECK_FALSE(percent_decode("%zz"));
  CHECK_FALSE(percent_decode("abc%g1"));
}

TEST_CASE("split_path: empty segments dropped, each segment decoded on its own") {
  CHECK(split_path("/") == std::optional<std::vector<std::string>>(std::vector<std::string>{}));
  CHECK(split_path("//a///b/") == std::optional<std::vector<std::string>>({"a", "b"}));
  CHECK(split_path("/a%2Fb/c") == std::optional<std::vector<std::string>>({"a/b", "c"}));
  CHECK(split_path("/%2e%2e/x") == std::optional<std::vector<std::string>>({"..", "x"}));
  CHECK_FALSE(split_path("/a/%zz"));
}

TEST_CASE("typed segments: int, number, boolean") {
  CHECK(is_int_segment("0"));
  CHECK(is_int_segment("-42"));
  CHECK(is_int_segment("9007199254740992"));
  CHECK_FALSE(is_int_segment("9007199254740993"));
  CHECK_FALSE(is_int_segment("12345678901234567"));
  CHECK_FALSE(is_int_segment("1.5"));
  CHECK_FALSE(is_int_segment("-"));
  CHECK_FALSE(is_int_segment("0x10"));
  CHECK_FALSE(is_int_segment(""));
  CHECK(is_number_segment("1"));
  CHECK(is_number_segment("-2.5"));
  CHECK(is_number_segment(".5"));
  CHECK(is_number_segment("1e3"));
  CHECK(is_number_segment("1.5E-3"));
  CHECK_FALSE(is_number_segment("1e"));
  CHECK_FALSE(is_number_segment("."));
  CHECK_FALSE(is_number_segment("NaN"));
  CHECK_FALSE(is_number_segment("Infinity"));
  CHECK_FALSE(is_number_segment("1e400"));
  CHECK_FALSE(is_number_segment("0x1f"));
  CHECK_FALSE(is_number_segment("1 "));
  CHECK(is_boolean_segment("true"));
  CHECK(is_boolean_segment("false"));
  CHECK_FALSE(is_boolean_segment("True"));
  CHECK_FALSE(is_boolean_segment("1"));
}

}  // namespace
}  // namespace webx::http
