#include "cesu8.h"

#include <cstdint>

namespace webx {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool is_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// One decoded sequence: the code point and how many bytes it took. A length
// of 0 means the bytes at the position are invalid; `invalid_length` then
// says how many to replace with one U+FFFD (at least 1).
struct Decoded {
  char32_t cp = 0;
  size_t length = 0;
  size_t invalid_length = 1;
};

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above
// U+10FFFF. The allowed range of the second byte depends on the first, which
// is how the table in RFC 3629 section 4 rules those out.
Decoded decode_strict(std::string_view s, size_t i) {
  Decoded d;
  unsigned char b0 = static_cast<unsigned char>(s[i]);
  size_t length = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return d;
  }
  char32_t cp = b0 & (0xFF >> (length + 1));
  for (size_t k = 1; k < length; k++) {
    if (i + k >= s.size()) {
      d.invalid_length = k;
      return d;
    }
    unsigned char b = static_cast<unsigned char>(s[i + k]);
    bool ok = k == 1 ? (b >= lo && b <= hi) : is_continuation(b);
    if (!ok) {
      d.invalid_length = k;
      return d;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  d.cp = cp;
  d.length = length;
  return d;
}

// Duktape's extended UTF-8: any code point up to U+10FFFF including
// surrogates, in the shortest form. Anything else is reported invalid, one
// byte at a time, since it can only come from bytes pushed from C.
Decoded decode_extended(std::string_view s, size_t i) {
  Decoded d;
  unsigned char b0 = static_cast<unsigned char>(s[i]);
  size_t length = 0;
  char32_t min = 0;
  if (b0 >= 0xC0 && b0 <= 0xDF) {
    length = 2;
    min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF7) {
    length = 4;
    min = 0x10000;
  } else {
    return d;
  }
  if (i + length > s.size()) return d;
  char32_t cp = b0 & (0xFF >> (length + 1));
  for (size_t k = 1; k < length; k++) {
    unsigned char b = static_cast<unsigned char>(s[i + k]);
    if (!is_continuation(b)) return d;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF) return d;
  d.cp = cp;
  d.length = length;
  return d;
}

bool is_high_surrogate(char32_t cp) { return cp >= 0xD800 && cp <= 0xDBFF; }
bool is_low_surrogate(char32_t cp) { return cp >= 0xDC00 && cp <= 0xDFFF; }

}  // namespace

std::string utf8_to_cesu8(std::string_view utf8) {
  if (is_ascii(utf8)) return std::string(utf8);
  std::string out;
  out.reserve(utf8.size() + utf8.size() / 4);
  size_t i = 0;
  while (i < utf8.size()) {
    unsigned char b = static_cast<unsigned char>(utf8[i]);
    if (b < 0x80) {
      out += static_cast<char>(b);
      i++;
      continue;
    }
    Decoded d = decode_strict(utf8, i);
    if (d.length == 0) {
      append_utf8(out, kReplacement);
      i += d.invalid_length;
      continue;
    }
    if (d.cp >= 0x10000) {
      char32_t v = d.cp - 0x10000;
      append_utf8(out, 0xD800 + (v >> 10));
      append_utf8(out, 0xDC00 + (v & 0x3FF));
    } else {
      out.append(utf8.substr(i, d.length));
    }
    i += d.length;
  }
  return out;
}

std::string cesu8_to_utf8(std::string_view cesu8, LoneSurrogate lone) {
  if (is_ascii(cesu8)) return std::string(cesu8);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(cesu8.size());
  size_t i = 0;
  while (i < cesu8.size()) {
    unsigned char b = static_cast<unsigned char>(cesu8[i]);
    if (b < 0x80) {
      out += static_cast<char>(b);
      i++;
      continue;
    }
    Decoded d = decode_extended(cesu8, i);
    if (d.length == 0) {
      append_utf8(out, kReplacement);
      i++;
      continue;
    }
    char32_t cp = d.cp;
    if (is_high_surrogate(cp) && i + d.length < cesu8.size()) {
      Decoded next = decode_extended(cesu8, i + d.length);
      if (next.length != 0 && is_low_surrogate(next.cp)) {
        append_utf8(out, 0x10000 + ((cp - 0xD800) << 10) + (next.cp - 0xDC00));
        i += d.length + next.length;
        continue;
      }
    }
    if (is_high_surrogate(cp) || is_low_surrogate(cp)) {
      if (lone == LoneSurrogate::kJsonEscape) {
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xF];
      } else {
        append_utf8(out, kReplacement);
      }
    } else {
      append_utf8(out, cp);
    }
    i += d.length;
  }
  return out;
}

}  // namespace webx
