#include "url.h"

#include <cctype>
#include <cstdlib>

namespace webx::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<Target> split_target(std::string_view target) {
  if (target == "*") return Target{target, {}};
  std::string_view rest = target;
  if (rest.empty()) return std::nullopt;
  if (rest.front() != '/') {
    // absolute-form: scheme "://" authority path-abempty [ "?" query ]
    size_t scheme_end = rest.find("://");
    if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
    for (char c : rest.substr(0, scheme_end)) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
        return std::nullopt;
      }
    }
    rest.remove_prefix(scheme_end + 3);
    size_t path_start = rest.find_first_of("/?#");
    if (path_start == 0) return std::nullopt;  // no authority
    rest = path_start == std::string_view::npos ? std::string_view("/") : rest.substr(path_start);
    if (rest.front() != '/') {
      // `http://host?q`: the path is empty, which means `/`.
      std::string_view query = rest.front() == '?' ? rest.substr(1) : std::string_view{};
      query = query.substr(0, query.find('#'));
      return Target{"/", query};
    }
  }
  rest = rest.substr(0, rest.find('#'));
  size_t q = rest.find('?');
  if (q == std::string_view::npos) return Target{rest, {}};
  return Target{rest.substr(0, q), rest.substr(q + 1)};
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '%') {
      out += c;
      continue;
    }
    int hi = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
    int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::optional<std::vector<std::string>> split_path(std::string_view path) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) {
      auto decoded = percent_decode(path.substr(start, end - start));
      if (!decoded) return std::nullopt;
      segments.push_back(std::move(*decoded));
    }
    start = end + 1;
  }
  return segments;
}

bool is_int_segment(std::string_view s) {
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  if (s.empty() || s.size() > 16) return false;
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  // 2^53 = 9007199254740992 has 16 digits; beyond it integers lose precision
  // in JavaScript, so they are not ints.
  return s.size() < 16 || s <= std::string_view("9007199254740992");
}

bool is_number_segment(std::string_view s) {
  // [-] digits [. digits] [e [+-] digits], or [-] . digits ...
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  if (i != s.size()) return false;
  // Finite: 1e400 overflows to Infinity, which is not a number a route wants.
  std::string copy(s);
  double value = std::strtod(copy.c_str(), nullptr);
  return value - value == 0;
}

bool is_boolean_segment(std::string_view s) { return s == "true" || s == "false"; }

}  // namespace webx::http
