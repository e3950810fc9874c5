// Conversions between UTF-8 and Duktape's CESU-8 strings.
#include "cesu8.h"

#include <doctest/doctest.h>

#include <string>

namespace webx {
namespace {

// U+1F600 (😀): UTF-8 F0 9F 98 80; as UTF-16, D83D DE00, which CESU-8 writes
// as ED A0 BD and ED B8 80.
const std::string kGrinUtf8 = "\xF0\x9F\x98\x80";
const std::string kGrinCesu8 = "\xED\xA0\xBD\xED\xB8\x80";
const std::string kReplacement = "\xEF\xBF\xBD";

TEST_CASE("ASCII and BMP text is the same in both forms") {
  for (std::string s : {std::string(), std::string("plain ascii"), std::string("caf\xC3\xA9"),
                        std::string("\xE2\x82\xAC 20"), std::string("nul\0inside", 10)}) {
    CHECK(utf8_to_cesu8(s) == s);
    CHECK(cesu8_to_utf8(s, LoneSurrogate::kReplace) == s);
  }
}

TEST_CASE("characters above U+FFFF become surrogate pairs and back") {
  CHECK(utf8_to_cesu8(kGrinUtf8) == kGrinCesu8);
  CHECK(utf8_to_cesu8("a" + kGrinUtf8 + "b") == "a" + kGrinCesu8 + "b");
  CHECK(cesu8_to_utf8(kGrinCesu8, LoneSurrogate::kReplace) == kGrinUtf8);
  CHECK(cesu8_to_utf8("x" + kGrinCesu8 + kGrinCesu8, LoneSurrogate::kJsonEscape) ==
        "x" + kGrinUtf8 + kGrinUtf8);
  // The highest code point, U+10FFFF: DBFF DFFF.
  CHECK(utf8_to_cesu8("\xF4\x8F\xBF\xBF") == "\xED\xAF\xBF\xED\xBF\xBF");
  CHECK(cesu8_to_utf8("\xED\xAF\xBF\xED\xBF\xBF", LoneSurrogate::kReplace) == "\xF4\x8F\xBF\xBF");
}

TEST_CASE("invalid UTF-8 becomes U+FFFD, one per maximal invalid subsequence") {
  CHECK(utf8_to_cesu8("a\xFFz") == "a" + kReplacement + "z");
  CHECK(utf8_to_cesu8("\x80") == kReplacement);
  // Overlong encodings of '/' and NUL.
  CHECK(utf8_to_cesu8("\xC0\xAF") == kReplacement + kReplacement);
  CHECK(utf8_to_cesu8("\xE0\x80\xAF") == kReplacement + kReplacement + kReplacement);
  // A surrogate encoded directly is not UTF-8.
  CHECK(utf8_to_cesu8("\xED\xA0\x80") == kReplacement + kReplacement + kReplacement);
  // Beyond U+10FFFF.
  CHECK(utf8_to_cesu8("\xF4\x90\x80\x80") ==
        kReplacement + kReplacement + kReplacement + kReplacement);
  // Truncated sequences: the valid prefix is one replacement.
  CHECK(utf8_to_cesu8("\xF0\x9F\x98") == kReplacement);
  CHECK(utf8_to_cesu8("\xF0\x9F\x98z") == kReplacement + "z");
  CHECK(utf8_to_cesu8("\xE2\x82") == kReplacement);
}

TEST_CASE("lone surrogates: U+FFFD in text, \\u escapes in JSON") {
  const std::string high = "\xED\xA0\xBD";  // D83D
  const std::string low = "\xED\xB8\x80";   // DE00
  CHECK(cesu8_to_utf8("a" + high + "b", LoneSurrogate::kReplace) == "a" + kReplacement + "b");
  CHECK(cesu8_to_utf8("a" + high + "b", LoneSurrogate::kJsonEscape) == "a\\ud83db");
  CHECK(cesu8_to_utf8(low, LoneSurrogate::kJsonEscape) == "\\ude00");
  // Reversed order is two lone surrogates, not a pair.
  CHECK(cesu8_to_utf8(low + high, LoneSurrogate::kJsonEscape) == "\\ude00\\ud83d");
  CHECK(cesu8_to_utf8(high + high + low, LoneSurrogate::kReplace) == kReplacement + kGrinUtf8);
  CHECK(cesu8_to_utf8(high, LoneSurrogate::kReplace) == kReplacement);
}

TEST_CASE("cesu8_to_utf8 keeps 4-byte sequences and replaces garbage") {
  CHECK(cesu8_to_utf8(kGrinUtf8, LoneSurrogate::kReplace) == kGrinUtf8);
  CHECK(cesu8_to_utf8("a\xFFz", LoneSurrogate::kReplace) == "a" + kReplacement + "z");
  CHECK(cesu8_to_utf8("\xE2\x82", LoneSurrogate::kReplace) == kReplacement + kReplacement);
}

}  // namespace
}  // namespace webx
