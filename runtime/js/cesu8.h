// Converting text between UTF-8, which the rest of WebX uses, and the form
// Duktape keeps strings in.
//
// ECMAScript strings are sequences of UTF-16 code units. Duktape stores each
// code unit UTF-8 encoded, so a character outside the Basic Multilingual
// Plane is two 3-byte sequences, one per surrogate (the encoding known as
// CESU-8). Duktape's compiler produces that form from source text, but a
// string pushed from C is taken byte for byte, and a 4-byte UTF-8 sequence in
// it would become one "character" with length 1. Text therefore goes in
// through utf8_to_cesu8 and comes out through cesu8_to_utf8.
//
// Pure functions; safe on any thread.
#pragma once

#include <string>
#include <string_view>

namespace webx {

// Splits characters above U+FFFF into surrogate pairs. Invalid UTF-8 (stray
// continuation bytes, overlong forms, encoded surrogates, truncated
// sequences) becomes U+FFFD, one per maximal invalid subsequence, as a
// browser's TextDecoder does.
std::string utf8_to_cesu8(std::string_view utf8);

// What cesu8_to_utf8 does with a surrogate that is not part of a pair, which
// UTF-8 cannot represent.
enum class LoneSurrogate {
  kReplace,     // U+FFFD
  kJsonEscape,  // the six characters \udxxx, for text that is JSON, where a
                // lone surrogate can only occur inside a string literal
};

// Joins surrogate pairs into 4-byte UTF-8 sequences. Bytes that are not
// valid (extended) UTF-8 become U+FFFD.
std::string cesu8_to_utf8(std::string_view cesu8, LoneSurrogate lone);

}  // namespace webx
