#include "config.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>
#include <unordered_map>

namespace webx {

namespace {

// Objects and arrays nested deeper than this are rejected while parsing. A real config needs
// three levels at most; the limit keeps the tree (and its recursive destructor) shallow whatever
// the input, so that a file of 100000 '[' cannot exhaust the stack.
constexpr size_t kMaxDepth = 64;

// Quoted text taken from the file (keys, offending values) is cut to this many code points so a
// stray megabyte-long string cannot flood the terminal.
constexpr size_t kMaxShownCodePoints = 48;

constexpr uint64_t kUnbounded = std::numeric_limits<uint64_t>::max();

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// ---------------------------------------------------------------------------------------------
// Known keys, one list per object level. These lists are the single source of truth for what is
// accepted: the validator rejects anything not listed here before dispatching, and the hints for
// unknown keys are computed from them.

constexpr std::string_view kRootKeys[] = {
    "name", "version",   "description", "port",     "host",  "src",   "logLevel",
    "cors", "rateLimit", "tls",         "database", "cache", "limits"};
constexpr std::string_view kCorsKeys[] = {"allowOrigin", "allowMethods", "allowHeaders",
                                          "allowCredentials", "maxAge"};
constexpr std::string_view kRateLimitKeys[] = {"windowMs", "maxRequests"};
constexpr std::string_view kTlsKeys[] = {"cert", "key"};
constexpr std::string_view kLimitsKeys[] = {"maxHeaderBytes",   "maxBodyBytes", "idleTimeoutMs",
                                            "requestTimeoutMs", "jsTimeoutMs",  "jsHeapBytes"};

struct Section {
  std::string_view path;  // "" for the root object
  std::span<const std::string_view> keys;
};

constexpr Section kSections[] = {
    {"", kRootKeys},   {"cors", kCorsKeys},     {"rateLimit", kRateLimitKeys},
    {"tls", kTlsKeys}, {"limits", kLimitsKeys},
};

constexpr std::string_view kHttpMethods[] = {"GET",  "POST",    "PUT",     "PATCH", "DELETE",
                                             "HEAD", "OPTIONS", "CONNECT", "TRACE"};

// ---------------------------------------------------------------------------------------------
// Text helpers.

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// JSON whitespace, which is exactly what nlohmann skips between tokens.
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// Makes user-controlled text safe to embed in a message: control characters are escaped (the
// renderer prints messages verbatim) and long text is cut on a code point boundary.
std::string sanitize(std::string_view s, size_t max_code_points = kMaxShownCodePoints) {
  std::string out;
  size_t code_points = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (!is_continuation_byte(c)) {
      if (code_points == max_code_points) {
        out += "...";
        break;
      }
      ++code_points;
    }
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      out += fmt::format("\\u{:04X}", u);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Levenshtein distance, used to suggest the key the user probably meant.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string join(std::span<const std::string_view> items, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out;
}

// Decodes the UTF-8 sequence at `i`; returns false when it is ill-formed.
bool decode_utf8(std::string_view s, size_t i, uint32_t& cp, size_t& length) {
  unsigned char b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    length = 1;
    return true;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    cp = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    cp = b0 & 0x07;
  } else {
    return false;
  }
  if (i + length > s.size()) return false;
  for (size_t k = 1; k < length; ++k) {
    if (!is_continuation_byte(s[i + k])) return false;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  // Reject overlong forms, surrogates and values past U+10FFFF.
  if ((length == 3 && cp < 0x800) || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Token positions.
//
// nlohmann::json reports no positions for the values it parses, so we re-lex the text with a
// small tokenizer that runs alongside the SAX callbacks: every callback corresponds to exactly
// one token (a scalar, a key, or a bracket), in text order, and commas and colons produce no
// callback. When nlohmann hands us an event, the tokens up to and including that one were all
// valid JSON, and for valid tokens this tokenizer finds exactly the same boundaries. It is
// deliberately lenient inside strings (it only honours backslash escapes): for text that
// nlohmann rejected, it only has to find where the offending token starts, never to validate.

struct Span {
  size_t begin = 0;
  size_t end = 0;
};

class Tokenizer {
 public:
  enum class Status { kToken, kEnd, kInvalid };

  explicit Tokenizer(std::string_view text) : text_(text) {
    // nlohmann skips a UTF-8 byte order mark at the very start; so do we.
    if (text_.substr(0, kUtf8Bom.size()) == kUtf8Bom) pos_ = kUtf8Bom.size();
  }

  size_t position() const { return pos_; }

  // Finds the next token. With `skip_separators`, commas and colons are skipped like whitespace
  // (that is what the SAX-driven walk wants); without, they are tokens of their own. On
  // kInvalid, `token` starts at the first byte that does not begin a well-formed token.
  Status next(Span& token, bool skip_separators) {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      bool separator = skip_separators && (c == ',' || c == ':');
      if (!is_blank(c) && !separator) break;
      ++pos_;
    }
    if (pos_ >= text_.size()) {
      token = {pos_, pos_};
      return Status::kEnd;
    }
    size_t end = 0;
    if (!lex(pos_, end)) {
      token = {pos_, pos_};
      return Status::kInvalid;
    }
    token = {pos_, end};
    pos_ = end;
    return Status::kToken;
  }

 private:
  bool lex(size_t start, size_t& end) const {
    switch (text_[start]) {
      case '{':
      case '}':
      case '[':
      case ']':
      case ',':
      case ':':
        end = start + 1;
        return true;
      case '"':
        return lex_string(start, end);
      case 't':
        return lex_word(start, "true", end);
      case 'f':
        return lex_word(start, "false", end);
      case 'n':
        return lex_word(start, "null", end);
      default:
        if (text_[start] == '-' || is_digit(text_[start])) return lex_number(start, end);
        return false;
    }
  }

  bool lex_string(size_t start, size_t& end) const {
    size_t i = start + 1;
    while (i < text_.size()) {
      if (text_[i] == '"') {
        end = i + 1;
        return true;
      }
      i += text_[i] == '\\' ? 2 : 1;
    }
    return false;
  }

  bool lex_word(size_t start, std::string_view word, size_t& end) const {
    if (text_.substr(start, word.size()) != word) return false;
    end = start + word.size();
    return true;
  }

  // The JSON number grammar, exactly: nlohmann stops a number at the same byte (for example
  // "01" is the number 0 followed by the number 1), and positions of later tokens depend on it.
  bool lex_number(size_t start, size_t& end) const {
    size_t i = start;
    auto digit_at = [&](size_t k) { return k < text_.size() && is_digit(text_[k]); };
    if (text_[i] == '-') ++i;
    if (!digit_at(i)) return false;
    if (text_[i] == '0') {
      ++i;
    } else {
      while (digit_at(i)) ++i;
    }
    if (i < text_.size() && text_[i] == '.') {
      ++i;
      if (!digit_at(i)) return false;
      while (digit_at(i)) ++i;
    }
    if (i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
      ++i;
      if (i < text_.size() && (text_[i] == '+' || text_[i] == '-')) ++i;
      if (!digit_at(i)) return false;
      while (digit_at(i)) ++i;
    }
    end = i;
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

// ---------------------------------------------------------------------------------------------
// The parsed document: a plain tree that remembers where each value and key came from.

enum class Kind { kNull, kBool, kInt, kUint, kFloat, kString, kArray, kObject };

struct Node {
  Kind kind = Kind::kNull;
  Span span;  // the value token; for arrays and objects, from the opening to the closing bracket
  bool boolean = false;
  int64_t integer = 0;            // kInt (nlohmann uses it for negative numbers only)
  uint64_t unsigned_integer = 0;  // kUint
  std::string string;             // kString, unescaped
  std::vector<Node> children;     // kArray elements, or kObject member values
  std::vector<std::string> keys;  // kObject: keys[i] names children[i]
  std::vector<Span> key_spans;    // kObject: the key tokens, quotes included
};

// A SAX handler for nlohmann::json::sax_parse that builds the Node tree.
class TreeBuilder {
 public:
  using json = nlohmann::json;

  explicit TreeBuilder(std::string_view text) : tokens_(text) {}

  bool null() { return add(Kind::kNull) != nullptr; }
  bool boolean(bool value) {
    Node* node = add(Kind::kBool);
    if (node) node->boolean = value;
    return node != nullptr;
  }
  bool number_integer(json::number_integer_t value) {
    Node* node = add(Kind::kInt);
    if (node) node->integer = value;
    return node != nullptr;
  }
  bool number_unsigned(json::number_unsigned_t value) {
    Node* node = add(Kind::kUint);
    if (node) node->unsigned_integer = value;
    return node != nullptr;
  }
  bool number_float(json::number_float_t, const json::string_t&) {
    return add(Kind::kFloat) != nullptr;
  }
  bool string(json::string_t& value) {
    Node* node = add(Kind::kString);
    if (node) node->string = std::move(value);
    return node != nullptr;
  }
  bool binary(json::binary_t&) { return false; }  // never produced by the JSON text format

  bool start_object(std::size_t) { return open(Kind::kObject); }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(Kind::kArray); }
  bool end_array() { return close(); }

  bool key(json::string_t& name) {
    Span span;
    if (stack_.empty() || tokens_.next(span, true) != Tokenizer::Status::kToken) {
      return internal_failure();
    }
    stack_.back()->keys.push_back(std::move(name));
    stack_.back()->key_spans.push_back(span);
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const json::exception& error) {
    syntax_error_ = true;
    error_position_ = position;
    error_what_ = error.what();
    return false;
  }

  bool syntax_error() const { return syntax_error_; }
  size_t error_position() const { return error_position_; }
  const std::string& error_what() const { return error_what_; }
  // Where the first container nested too deeply starts, if one did.
  std::optional<Span> too_deep() const { return too_deep_; }
  bool failed_internally() const { return internal_failure_; }
  Node& root() { return root_; }

 private:
  // Appends a value of the given kind where the grammar puts it (the root, the next array
  // element, or the value of the key just read) and records its token.
  Node* add(Kind kind) {
    Span span;
    if (tokens_.next(span, true) != Tokenizer::Status::kToken) {
      internal_failure();
      return nullptr;
    }
    Node* node = nullptr;
    if (stack_.empty()) {
      if (has_root_) {
        internal_failure();
        return nullptr;
      }
      has_root_ = true;
      node = &root_;
    } else {
      // The parent's vector may grow here, but only the parent itself is referenced from the
      // stack, and it lives in its own parent's vector, which does not change while the parent
      // is open; so the pointers on the stack stay valid.
      node = &stack_.back()->children.emplace_back();
    }
    node->kind = kind;
    node->span = span;
    return node;
  }

  bool open(Kind kind) {
    if (stack_.size() >= kMaxDepth) {
      Span span;
      tokens_.next(span, true);
      too_deep_ = Span{span.begin, span.begin + 1};
      return false;  // stops the parse; nlohmann does not call parse_error for this
    }
    Node* node = add(kind);
    if (!node) return false;
    stack_.push_back(node);
    return true;
  }

  bool close() {
    Span span;
    if (stack_.empty() || tokens_.next(span, true) != Tokenizer::Status::kToken) {
      return internal_failure();
    }
    stack_.back()->span.end = span.end;
    stack_.pop_back();
    return true;
  }

  // The tokenizer disagreed with nlohmann. That would be a bug here, not in the user's file; the
  // parse stops and the caller reports it rather than guessing positions.
  bool internal_failure() {
    internal_failure_ = true;
    return false;
  }

  Tokenizer tokens_;
  Node root_;
  bool has_root_ = false;
  std::vector<Node*> stack_;
  bool syntax_error_ = false;
  size_t error_position_ = 0;
  std::string error_what_;
  std::optional<Span> too_deep_;
  bool internal_failure_ = false;
};

// ---------------------------------------------------------------------------------------------
// The validator: turns the tree into a Config, reporting every problem on the way.

class Validator {
 public:
  Validator(const SourceFile& file, DiagnosticSink& sink) : file_(file), sink_(sink) {
    bom_ = std::string_view(file_.text()).substr(0, kUtf8Bom.size()) == kUtf8Bom;
  }

  std::string_view text() const { return file_.text(); }

  // What to print after "got": the value as written for scalars, its kind for containers.
  std::string shown(const Node& node) const {
    if (node.kind == Kind::kObject) return "an object";
    if (node.kind == Kind::kArray) return "an array";
    return sanitize(text().substr(node.span.begin, node.span.end - node.span.begin));
  }

  // Editors do not show a byte order mark, so it must not count as a column on line 1.
  SourceLoc loc(size_t offset) const {
    SourceLoc result = file_.loc_at_offset(offset);
    if (bom_ && result.line == 1 && result.col > 1 && offset >= kUtf8Bom.size()) --result.col;
    return result;
  }

  // The width of a token in code points, cut at the end of its first line.
  uint32_t width(Span span) const {
    std::string_view t = text();
    size_t end = std::min(span.end, t.size());
    uint32_t code_points = 0;
    for (size_t i = span.begin; i < end && t[i] != '\n' && t[i] != '\r'; ++i) {
      if (!is_continuation_byte(t[i])) ++code_points;
    }
    return std::max<uint32_t>(code_points, 1);
  }

  Diagnostic& error_at(Span span, std::string message) {
    failed_ = true;
    return sink_.error(loc(span.begin), std::move(message), width(span));
  }

  bool failed() const { return failed_; }

  void validate_root(const Node& root, Config& config);

 private:
  using MemberFn =
      std::function<void(std::string_view key, const Node& value, const std::string& path)>;

  Diagnostic& expect(const Node& node, const std::string& path, std::string_view expectation) {
    return error_at(node.span, fmt::format("'{}' must be {}, got {}", sanitize(path), expectation,
                                           shown(node)));
  }

  void walk_object(const Node& object, const std::string& path,
                   std::span<const std::string_view> known, const MemberFn& member);
  std::string unknown_key_hint(std::string_view key, std::string_view section,
                               std::span<const std::string_view> known) const;

  bool read_string(const Node& node, const std::string& path, std::string& out);
  bool read_non_empty_string(const Node& node, const std::string& path, std::string& out);
  bool read_bool(const Node& node, const std::string& path, bool& out);
  bool read_uint(const Node& node, const std::string& path, uint64_t min, uint64_t max,
                 std::string_view unit, uint64_t& out);

  void read_src(const Node& node, const std::string& path, std::string& out);
  void read_log_level(const Node& node, const std::string& path, LogLevel& out);
  void read_origins(const Node& node, const std::string& path, std::vector<std::string>& out);
  void read_methods(const Node& node, const std::string& path, std::vector<std::string>& out);
  void read_header_names(const Node& node, const std::string& path, std::vector<std::string>& out);
  void read_cors(const Node& node, const std::string& path, CorsConfig& out);
  void read_rate_limit(const Node& node, const std::string& path, RateLimitConfig& out);
  void read_tls(const Node& node, const std::string& path, std::optional<TlsConfig>& out);
  void read_limits(const Node& node, const std::string& path, LimitsConfig& out);

  const SourceFile& file_;
  DiagnosticSink& sink_;
  bool bom_ = false;
  bool failed_ = false;
};

std::string join_path(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key);
}

void Validator::walk_object(const Node& object, const std::string& path,
                            std::span<const std::string_view> known, const MemberFn& member) {
  std::unordered_map<std::string_view, size_t> first_index;
  for (size_t i = 0; i < object.keys.size(); ++i) {
    const std::string& key = object.keys[i];
    std::string full = join_path(path, key);
    auto [it, inserted] = first_index.emplace(key, i);
    if (!inserted) {
      // The first occurrence was already checked; checking the copy again would only repeat
      // its problems.
      Diagnostic& d =
          error_at(object.key_spans[i], fmt::format("duplicate key '{}'", sanitize(full)));
      d.notes.emplace_back(loc(object.key_spans[it->second].begin), "first defined here");
      continue;
    }
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      Diagnostic& d =
          error_at(object.key_spans[i], fmt::format("unknown key '{}'", sanitize(full)));
      d.hint = unknown_key_hint(key, path, known);
      continue;
    }
    member(key, object.children[i], full);
  }
}

std::string Validator::unknown_key_hint(std::string_view key, std::string_view section,
                                        std::span<const std::string_view> known) const {
  // Case is ignored throughout: "loglevel" for "logLevel" is one slip, not several.
  std::string lowered = to_lower(key);
  for (std::string_view candidate : known) {
    if (to_lower(candidate) == lowered) {
      return fmt::format("did you mean '{}'?", join_path(section, candidate));
    }
  }
  // A key that exists verbatim at another level ("maxAge" written at the top level instead of
  // inside "cors") is a surer guess than a near miss at this level, so it is tried first.
  for (const Section& other : kSections) {
    if (other.path == section) continue;
    for (std::string_view candidate : other.keys) {
      if (to_lower(candidate) == lowered) {
        return fmt::format("did you mean '{}'?", join_path(other.path, candidate));
      }
    }
  }
  std::string_view best;
  size_t best_distance = 3;
  for (std::string_view candidate : known) {
    // Keys longer or shorter by more than two cannot be within distance two; skipping them also
    // keeps a pathological megabyte-long key cheap.
    size_t gap = lowered.size() > candidate.size() ? lowered.size() - candidate.size()
                                                   : candidate.size() - lowered.size();
    if (gap > 2) continue;
    size_t distance = edit_distance(lowered, to_lower(candidate));
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  if (!best.empty()) {
    return fmt::format("did you mean '{}'?", join_path(section, best));
  }
  if (section.empty()) return fmt::format("valid keys are: {}", join(known, ", "));
  return fmt::format("valid keys in '{}' are: {}", section, join(known, ", "));
}

bool Validator::read_string(const Node& node, const std::string& path, std::string& out) {
  if (node.kind != Kind::kString) {
    expect(node, path, "a string");
    return false;
  }
  out = node.string;
  return true;
}

bool Validator::read_non_empty_string(const Node& node, const std::string& path, std::string& out) {
  if (node.kind != Kind::kString || node.string.empty()) {
    expect(node, path, "a non-empty string");
    return false;
  }
  out = node.string;
  return true;
}

bool Validator::read_bool(const Node& node, const std::string& path, bool& out) {
  if (node.kind != Kind::kBool) {
    expect(node, path, "true or false");
    return false;
  }
  out = node.boolean;
  return true;
}

bool Validator::read_uint(const Node& node, const std::string& path, uint64_t min, uint64_t max,
                          std::string_view unit, uint64_t& out) {
  std::optional<uint64_t> value;
  if (node.kind == Kind::kUint) value = node.unsigned_integer;
  if (node.kind == Kind::kInt && node.integer >= 0) value = static_cast<uint64_t>(node.integer);
  if (value && *value >= min && *value <= max) {
    out = *value;
    return true;
  }
  std::string expectation;
  if (max == kUnbounded) {
    expectation = min == 0   ? "a non-negative integer"
                  : min == 1 ? "a positive integer"
                             : fmt::format("an integer of at least {}", min);
  } else {
    expectation = fmt::format("an integer between {} and {}", min, max);
  }
  if (!unit.empty()) expectation += fmt::format(" ({})", unit);
  expect(node, path, expectation);
  return false;
}

void Validator::read_src(const Node& node, const std::string& path, std::string& out) {
  constexpr std::string_view kRootHint =
      "paths are relative to the project root, the folder that holds webx.config.json";
  if (node.kind != Kind::kString || node.string.empty()) {
    expect(node, path, "a non-empty relative path");
    return;
  }
  const std::string& value = node.string;
  bool control = std::any_of(value.begin(), value.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
  });
  if (control) {
    expect(node, path, "a relative path without control characters");
    return;
  }
  // Both separators count, and so does a drive letter, so that a Windows path written on one
  // machine is not silently taken as relative on another.
  bool drive = value.size() >= 2 && value[1] == ':' &&
               ((value[0] >= 'a' && value[0] <= 'z') || (value[0] >= 'A' && value[0] <= 'Z'));
  if (value[0] == '/' || value[0] == '\\' || drive) {
    expect(node, path, "a relative path").hint = kRootHint;
    return;
  }
  // Walk the segments, tracking the depth below the project root: a ".." that climbs above the
  // root escapes the project even if later segments come back down ("../myproject/src").
  int64_t depth = 0;
  size_t start = 0;
  while (start <= value.size()) {
    size_t stop = value.find_first_of("/\\", start);
    if (stop == std::string::npos) stop = value.size();
    std::string_view segment = std::string_view(value).substr(start, stop - start);
    if (segment == "..") {
      if (--depth < 0) {
        error_at(node.span, fmt::format("'{}' must stay inside the project, got {}", sanitize(path),
                                        shown(node)))
            .hint = kRootHint;
        return;
      }
    } else if (!segment.empty() && segment != ".") {
      ++depth;
    }
    start = stop + 1;
  }
  out = value;
}

void Validator::read_log_level(const Node& node, const std::string& path, LogLevel& out) {
  static constexpr std::pair<std::string_view, LogLevel> kLevels[] = {
      {"error", LogLevel::Error},
      {"warn", LogLevel::Warn},
      {"info", LogLevel::Info},
      {"debug", LogLevel::Debug},
  };
  if (node.kind == Kind::kString) {
    for (const auto& [name, level] : kLevels) {
      if (node.string == name) {
        out = level;
        return;
      }
    }
  }
  Diagnostic& d = expect(node, path, R"(one of "error", "warn", "info", "debug")");
  if (node.kind != Kind::kString) return;
  // The usual slips are case ("INFO"), a typo ("debg") or the long form ("warning").
  std::string lowered = to_lower(node.string);
  for (const auto& [name, level] : kLevels) {
    if ((lowered.size() < name.size() + 4 && edit_distance(lowered, name) <= 2) ||
        lowered.starts_with(name)) {
      d.hint = fmt::format("did you mean \"{}\"?", name);
      return;
    }
  }
}

// An origin is matched verbatim against the request's Origin header and echoed back, so it must
// not carry whitespace or control characters (which could also split the response header).
bool valid_origin(std::string_view origin) {
  if (origin.empty()) return false;
  return std::none_of(origin.begin(), origin.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; });
}

// A header name is an RFC 9110 token.
bool valid_header_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c);
    return alnum || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
  });
}

void Validator::read_origins(const Node& node, const std::string& path,
                             std::vector<std::string>& out) {
  constexpr std::string_view kOrigin = R"(an origin such as "https://example.com", or "*")";
  out.clear();
  if (node.kind == Kind::kString) {
    if (valid_origin(node.string)) {
      out.push_back(node.string);
    } else {
      expect(node, path, kOrigin);
    }
    return;
  }
  if (node.kind != Kind::kArray) {
    expect(node, path, "a string or an array of strings");
    return;
  }
  for (size_t i = 0; i < node.children.size(); ++i) {
    const Node& element = node.children[i];
    std::string element_path = fmt::format("{}[{}]", path, i);
    if (element.kind != Kind::kString) {
      expect(element, element_path, "a string");
    } else if (!valid_origin(element.string)) {
      expect(element, element_path, kOrigin);
    } else {
      out.push_back(element.string);
    }
  }
}

void Validator::read_methods(const Node& node, const std::string& path,
                             std::vector<std::string>& out) {
  out.clear();
  if (node.kind != Kind::kArray) {
    expect(node, path, "an array of HTTP methods");
    return;
  }
  for (size_t i = 0; i < node.children.size(); ++i) {
    const Node& element = node.children[i];
    std::string method;
    if (element.kind == Kind::kString) {
      for (char c : element.string) method.push_back(ascii_upper(c));
    }
    bool known = element.kind == Kind::kString &&
                 std::find(std::begin(kHttpMethods), std::end(kHttpMethods), method) !=
                     std::end(kHttpMethods);
    if (!known) {
      expect(element, fmt::format("{}[{}]", path, i),
             fmt::format("an HTTP method ({})", join(kHttpMethods, ", ")));
      continue;
    }
    // Repeats such as "GET" and "get" are harmless; keep one, as the header will list it.
    if (std::find(out.begin(), out.end(), method) == out.end()) out.push_back(method);
  }
}

void Validator::read_header_names(const Node& node, const std::string& path,
                                  std::vector<std::string>& out) {
  out.clear();
  if (node.kind != Kind::kArray) {
    expect(node, path, "an array of strings");
    return;
  }
  for (size_t i = 0; i < node.children.size(); ++i) {
    const Node& element = node.children[i];
    std::string element_path = fmt::format("{}[{}]", path, i);
    if (element.kind != Kind::kString) {
      expect(element, element_path, "a string");
    } else if (!valid_header_name(element.string)) {
      expect(element, element_path, "a header name such as \"Content-Type\"");
    } else {
      out.push_back(element.string);
    }
  }
}

void Validator::read_cors(const Node& node, const std::string& path, CorsConfig& out) {
  if (node.kind != Kind::kObject) {
    expect(node, path, "an object");
    return;
  }
  auto member = [&](std::string_view key, const Node& value, const std::string& key_path) {
    if (key == "allowOrigin") {
      read_origins(value, key_path, out.allow_origin);
    } else if (key == "allowMethods") {
      read_methods(value, key_path, out.allow_methods);
    } else if (key == "allowHeaders") {
      read_header_names(value, key_path, out.allow_headers);
    } else if (key == "allowCredentials") {
      read_bool(value, key_path, out.allow_credentials);
    } else if (key == "maxAge") {
      uint64_t seconds = 0;
      if (read_uint(value, key_path, 0, std::numeric_limits<uint32_t>::max(), "seconds", seconds)) {
        out.max_age_seconds = static_cast<uint32_t>(seconds);
      }
    }
  };
  walk_object(node, path, kCorsKeys, member);
}

void Validator::read_rate_limit(const Node& node, const std::string& path, RateLimitConfig& out) {
  if (node.kind != Kind::kObject) {
    expect(node, path, "an object");
    return;
  }
  auto member = [&](std::string_view key, const Node& value, const std::string& key_path) {
    if (key == "windowMs") {
      read_uint(value, key_path, 1, kUnbounded, "milliseconds", out.window_ms);
    } else if (key == "maxRequests") {
      read_uint(value, key_path, 0, kUnbounded, "", out.max_requests);
    }
  };
  walk_object(node, path, kRateLimitKeys, member);
}

void Validator::read_tls(const Node& node, const std::string& path, std::optional<TlsConfig>& out) {
  if (node.kind != Kind::kObject) {
    expect(node, path, "an object");
    return;
  }
  TlsConfig tls;
  bool has_cert = false, has_key = false;
  bool valid = true;
  auto member = [&](std::string_view key, const Node& value, const std::string& key_path) {
    if (key == "cert") {
      has_cert = true;
      valid &= read_non_empty_string(value, key_path, tls.cert);
    } else if (key == "key") {
      has_key = true;
      valid &= read_non_empty_string(value, key_path, tls.key);
    }
  };
  walk_object(node, path, kTlsKeys, member);
  // A missing key has no position of its own; the object's opening brace is the closest.
  for (auto [present, name] : {std::pair{has_cert, "cert"}, std::pair{has_key, "key"}}) {
    if (present) continue;
    valid = false;
    error_at(Span{node.span.begin, node.span.begin + 1},
             fmt::format("missing required key '{}'", join_path(path, name)))
        .hint = "'tls' needs both 'cert' and 'key' (paths to PEM files)";
  }
  if (valid) out = std::move(tls);
}

void Validator::read_limits(const Node& node, const std::string& path, LimitsConfig& out) {
  // Sanity bounds: tight enough to catch a unit mix-up (seconds for milliseconds, megabytes for
  // bytes) and to keep arithmetic on the values far from overflow, loose enough for any real
  // server.
  constexpr uint64_t kKiB = 1024, kMiB = 1024 * kKiB, kGiB = 1024 * kMiB;
  constexpr uint64_t kMinuteMs = 60 * 1000, kHourMs = 60 * kMinuteMs;
  if (node.kind != Kind::kObject) {
    expect(node, path, "an object");
    return;
  }
  auto member = [&](std::string_view key, const Node& value, const std::string& key_path) {
    if (key == "maxHeaderBytes") {
      read_uint(value, key_path, kKiB, kMiB, "bytes", out.max_header_bytes);
    } else if (key == "maxBodyBytes") {
      read_uint(value, key_path, 1, kGiB, "bytes", out.max_body_bytes);
    } else if (key == "idleTimeoutMs") {
      read_uint(value, key_path, 1, kHourMs, "milliseconds", out.idle_timeout_ms);
    } else if (key == "requestTimeoutMs") {
      read_uint(value, key_path, 1, kHourMs, "milliseconds", out.request_timeout_ms);
    } else if (key == "jsTimeoutMs") {
      uint64_t ms = 0;
      if (read_uint(value, key_path, 1, 10 * kMinuteMs, "milliseconds", ms)) {
        out.js_timeout_ms = ms;
      }
    } else if (key == "jsHeapBytes") {
      read_uint(value, key_path, kMiB, 16 * kGiB, "bytes", out.js_heap_bytes);
    }
  };
  walk_object(node, path, kLimitsKeys, member);
}

void Validator::validate_root(const Node& root, Config& config) {
  if (root.kind != Kind::kObject) {
    error_at(root.span, fmt::format("the config must be a JSON object, got {}", shown(root))).hint =
        "write {} to use the defaults";
    return;
  }
  auto member = [&](std::string_view key, const Node& value, const std::string& path) {
    if (key == "name") {
      read_string(value, path, config.name);
    } else if (key == "version") {
      read_string(value, path, config.version);
    } else if (key == "description") {
      read_string(value, path, config.description);
    } else if (key == "port") {
      uint64_t port = 0;
      if (read_uint(value, path, 1, 65535, "", port)) config.port = static_cast<uint16_t>(port);
    } else if (key == "host") {
      read_non_empty_string(value, path, config.host);
    } else if (key == "src") {
      read_src(value, path, config.src);
    } else if (key == "logLevel") {
      read_log_level(value, path, config.log_level);
    } else if (key == "cors") {
      read_cors(value, path, config.cors);
    } else if (key == "rateLimit") {
      read_rate_limit(value, path, config.rate_limit);
    } else if (key == "tls") {
      read_tls(value, path, config.tls);
    } else if (key == "database") {
      read_string(value, path, config.database);
    } else if (key == "cache") {
      read_string(value, path, config.cache);
    } else if (key == "limits") {
      read_limits(value, path, config.limits);
    }
  };
  walk_object(root, "", kRootKeys, member);
}

// ---------------------------------------------------------------------------------------------
// Syntax errors.

// Where nlohmann gave up, in terms of tokens.
struct SyntaxErrorSite {
  Span token;           // the token being read when parsing failed (empty at end of input)
  bool at_end = false;  // there was no token left
  size_t prev_end = 0;  // where the token before it ended
  bool after_comma = false;
};

// nlohmann reports the number of bytes its lexer had consumed. For an unexpected but well-formed
// token that is exactly the token's end; for a malformed token it is somewhere inside it. Either
// way the failing token is the first one that does not end before that position (or that our
// tokenizer cannot read), since every token before it was well-formed and read in full.
SyntaxErrorSite locate_syntax_error(std::string_view text, size_t position) {
  Tokenizer tokens(text);
  SyntaxErrorSite site;
  site.prev_end = tokens.position();
  while (true) {
    Span token;
    Tokenizer::Status status = tokens.next(token, false);
    if (status == Tokenizer::Status::kEnd) {
      site.at_end = true;
      site.token = token;
      return site;
    }
    if (status == Tokenizer::Status::kInvalid || token.end >= position) {
      site.token = token;
      return site;
    }
    site.prev_end = token.end;
    site.after_comma = text[token.begin] == ',';
  }
}

// The parts of nlohmann's message, which reads
//   [json.exception.parse_error.101] parse error at line 1, column 2: syntax error while
//   parsing <context> - <detail>
// where <detail> is either "unexpected <token>; expected <token>" or, when the lexer failed,
// "<lexer message>; last read: '<raw text>'".
struct NlohmannMessage {
  std::string context;      // "value", "object", "object key", "object separator", "array"
  std::string lexer_error;  // e.g. "invalid literal"
  std::string unexpected;   // e.g. "'}'"
  std::string expected;     // e.g. "string literal"
  std::string other;        // anything we could not take apart
};

NlohmannMessage split_nlohmann_message(std::string_view what) {
  NlohmannMessage m;
  constexpr std::string_view kSyntax = "syntax error ";
  size_t at = what.find(kSyntax);
  if (at == std::string_view::npos) {
    size_t colon = what.find(": ");
    m.other = std::string(colon == std::string_view::npos ? what : what.substr(colon + 2));
    return m;
  }
  std::string_view rest = what.substr(at + kSyntax.size());
  if (rest.starts_with("while parsing ")) {
    rest.remove_prefix(std::strlen("while parsing "));
    size_t dash = rest.find(" - ");
    if (dash != std::string_view::npos) {
      m.context = std::string(rest.substr(0, dash));
      rest.remove_prefix(dash + 3);
    }
  } else if (rest.starts_with("- ")) {
    rest.remove_prefix(2);
  }
  size_t last_read = rest.find("; last read: ");
  if (last_read != std::string_view::npos) {
    m.lexer_error = std::string(rest.substr(0, last_read));
    return m;
  }
  if (rest.starts_with("unexpected ")) {
    rest.remove_prefix(std::strlen("unexpected "));
    size_t expected = rest.find("; expected ");
    m.unexpected = std::string(rest.substr(0, expected));
    if (expected != std::string_view::npos) {
      m.expected = std::string(rest.substr(expected + std::strlen("; expected ")));
    }
    return m;
  }
  m.other = std::string(rest);
  return m;
}

// Rewords what nlohmann expected: after a member, either a comma or the closing bracket may
// follow, but nlohmann names only the bracket, which misleads when the comma is what's missing.
std::string reword_expected(const NlohmannMessage& m) {
  if (m.expected == "'[', '{', or a literal") return "a value";
  if (m.context == "object" && m.expected == "'}'") return "',' or '}'";
  if (m.context == "array" && m.expected == "']'") return "',' or ']'";
  if (m.context == "object key" && m.expected == "string literal") return "a key in double quotes";
  return m.expected;
}

// Reports text that cannot start a JSON token (nlohmann's "invalid literal"): a bare word, a
// stray character or a byte that is not UTF-8. Naming what was found helps more than "invalid
// literal", and the usual culprits (unquoted keys, single quotes, comments, typographic quotes,
// UTF-16 files) get a hint.
void report_unexpected_text(Validator& v, const NlohmannMessage& m, size_t begin) {
  std::string_view text = v.text();
  auto is_word_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '$';
  };
  if (begin >= text.size()) {
    v.error_at(Span{begin, begin + 1}, "invalid JSON: unexpected end of input");
    return;
  }
  char first = text[begin];
  if (is_word_char(first) && !is_digit(first)) {
    size_t end = begin;
    while (end < text.size() && is_word_char(text[end])) ++end;
    Diagnostic& d =
        v.error_at(Span{begin, end}, fmt::format("invalid JSON: unexpected word '{}'",
                                                 sanitize(text.substr(begin, end - begin))));
    d.hint = m.context == "object key"
                 ? "object keys must be written in double quotes"
                 : "strings must be written in double quotes; the only bare words in JSON are "
                   "true, false and null";
    return;
  }
  uint32_t cp = 0;
  size_t length = 0;
  if (!decode_utf8(text, begin, cp, length)) {
    Diagnostic& d = v.error_at(
        Span{begin, begin + 1},
        fmt::format("invalid JSON: unexpected byte 0x{:02X}", static_cast<unsigned char>(first)));
    if (begin == 0 && (first == '\xFF' || first == '\xFE')) {
      d.hint = "the file looks UTF-16 encoded; save it as UTF-8";
    }
    return;
  }
  Span span{begin, begin + length};
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
    v.error_at(span, fmt::format("invalid JSON: unexpected character U+{:04X}", cp));
  } else if (cp == '\'') {
    v.error_at(span, "invalid JSON: unexpected character \"'\"").hint =
        "strings and keys must be written in double quotes (\")";
  } else if (cp < 0x80) {
    Diagnostic& d = v.error_at(
        span, fmt::format("invalid JSON: unexpected character '{}'", static_cast<char>(cp)));
    if (cp == '/') d.hint = "JSON does not allow comments";
  } else {
    Diagnostic& d =
        v.error_at(span, fmt::format("invalid JSON: unexpected character '{}' (U+{:04X})",
                                     text.substr(begin, length), cp));
    if (cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019) {
      d.hint = "use straight double quotes (\") instead of typographic quotes";
    }
  }
}

// Reports a malformed string. `detail` is nlohmann's message without its "invalid string: "
// prefix, `begin` the string's opening quote and `position` how far the lexer had read. Problems
// with one character point at it rather than at the start of a possibly long string.
void report_string_error(Validator& v, std::string_view detail, size_t begin, size_t position) {
  std::string_view text = v.text();
  // The byte the lexer stopped at (it had just read it).
  size_t last = position > 0 ? std::min(position - 1, text.size()) : 0;
  // The start of the escape sequence being read when the lexer stopped: the last backslash that
  // begins an escape, walking escapes pairwise so that "\\" is not taken for the start of one.
  auto escape_start = [&]() {
    size_t start = begin;
    for (size_t i = begin + 1; i < last && i < text.size();) {
      if (text[i] == '\\') {
        start = i;
        i += 2;
      } else {
        ++i;
      }
    }
    return start;
  };
  if (detail == "missing closing quote") {
    v.error_at(Span{begin, begin + 1}, "invalid JSON: unterminated string");
  } else if (detail.starts_with("control character ")) {
    // "control character U+000A (LF) must be escaped to \u000A or \n"
    detail.remove_prefix(std::strlen("control character "));
    size_t must = detail.find(" must be escaped to ");
    std::string name(detail.substr(0, must));
    Diagnostic& d =
        v.error_at(Span{last, last + 1},
                   fmt::format("invalid JSON: unescaped control character {} in string", name));
    if (must != std::string_view::npos) {
      d.hint =
          fmt::format("write it as {}", detail.substr(must + std::strlen(" must be escaped to ")));
    }
  } else if (detail == "ill-formed UTF-8 byte") {
    v.error_at(Span{last, last + 1}, "invalid JSON: ill-formed UTF-8 byte in string");
  } else if (detail == "forbidden character after backslash") {
    size_t start = escape_start();
    v.error_at(Span{start, start + 2}, "invalid JSON: invalid escape sequence in string").hint =
        R"(valid escapes are \" \\ \/ \b \f \n \r \t and \uXXXX)";
  } else if (detail.find("\\u") != std::string_view::npos || detail.starts_with("surrogate")) {
    size_t start = escape_start();
    v.error_at(Span{start, start + 1}, fmt::format("invalid JSON: {}", detail));
  } else {
    v.error_at(Span{begin, begin + 1}, fmt::format("invalid JSON: invalid string: {}", detail));
  }
}

// Turns nlohmann's parse error into one diagnostic at the offending token, reworded to be short
// and readable (no exception id, no "last read" dump).
void report_syntax_error(Validator& v, const std::string& what, size_t position) {
  std::string_view text = v.text();
  SyntaxErrorSite site = locate_syntax_error(text, position);
  NlohmannMessage m = split_nlohmann_message(what);

  if (!m.lexer_error.empty()) {
    std::string_view error = m.lexer_error;
    size_t begin = site.token.begin;
    if (error == "invalid literal") {
      report_unexpected_text(v, m, begin);
    } else if (error.starts_with("invalid string: ")) {
      report_string_error(v, error.substr(std::strlen("invalid string: ")), begin, position);
    } else if (error.starts_with("invalid BOM")) {
      v.error_at(Span{0, 1}, "invalid JSON: incomplete UTF-8 byte order mark");
    } else {
      // "invalid number; expected digit after '.'" and the like: underline what was read.
      size_t end = std::max(begin + 1, std::min(position, text.size()));
      v.error_at(Span{begin, end}, fmt::format("invalid JSON: {}", error));
    }
    return;
  }

  if (m.unexpected == "end of input" && !site.at_end) {
    // nlohmann takes a NUL byte for the end of the input (a convenience for C strings); in a
    // file it is just a stray byte.
    report_unexpected_text(v, m, site.token.begin);
    return;
  }

  if (!m.unexpected.empty()) {
    std::string message = fmt::format("invalid JSON: unexpected {}", m.unexpected);
    std::string expected = reword_expected(m);
    if (!expected.empty()) message += fmt::format("; expected {}", expected);
    if (site.at_end) {
      // Point just past the last token: that is where something is missing, and it is on a line
      // the user can see (the end of the file is often an empty line).
      v.error_at(Span{site.prev_end, site.prev_end + 1}, std::move(message));
      return;
    }
    Diagnostic& d = v.error_at(site.token, std::move(message));
    bool closing = m.unexpected == "'}'" || m.unexpected == "']'";
    bool value =
        m.unexpected.ends_with("literal") || m.unexpected == "'{'" || m.unexpected == "'['";
    bool leading_zero = m.unexpected == "number literal" && site.prev_end == site.token.begin &&
                        site.prev_end > 0 && text[site.prev_end - 1] == '0';
    if (closing && site.after_comma) {
      d.hint = "JSON does not allow a comma after the last element";
    } else if (leading_zero) {
      d.hint = "numbers cannot have leading zeros";
    } else if (value && (m.context == "object" || m.context == "array")) {
      d.hint = "is a ',' missing before it?";
    } else if (m.expected == "end of input") {
      d.hint = "the config must be a single JSON object";
    }
    return;
  }

  v.error_at(Span{site.token.begin, site.token.begin + 1},
             fmt::format("invalid JSON: {}", m.other));
}

}  // namespace

std::optional<Config> parse_config(const SourceFilePtr& file, DiagnosticSink& sink) {
  if (!file) {
    sink.error(SourceLoc{}, "no config file to read");
    return std::nullopt;
  }
  sink.add_source(file);
  const std::string& text = file->text();
  Validator validator(*file, sink);

  TreeBuilder builder(text);
  bool parsed = false;
  try {
    parsed = nlohmann::json::sax_parse(text.begin(), text.end(), &builder);
  } catch (const std::exception& e) {
    // Errors in the text reach parse_error() instead of throwing; this only guards against
    // surprises such as running out of memory on a huge file.
    validator.error_at(Span{0, 1}, fmt::format("cannot read the config file: {}", e.what()));
    return std::nullopt;
  }

  if (builder.syntax_error()) {
    report_syntax_error(validator, builder.error_what(), builder.error_position());
    return std::nullopt;
  }
  if (std::optional<Span> deep = builder.too_deep()) {
    validator.error_at(*deep,
                       fmt::format("JSON nesting is too deep (more than {} levels)", kMaxDepth));
    return std::nullopt;
  }
  if (!parsed || builder.failed_internally()) {
    validator.error_at(Span{0, 1},
                       "internal error: could not locate the values in the config file");
    return std::nullopt;
  }

  // nlohmann takes a NUL byte for the end of the input, so it accepts a root value followed by a
  // NUL and then anything at all. In a file, anything but whitespace after the root is an error.
  size_t rest = builder.root().span.end;
  while (rest < text.size() && is_blank(text[rest])) ++rest;
  if (rest < text.size()) {
    report_unexpected_text(validator, NlohmannMessage{}, rest);
    return std::nullopt;
  }

  Config config;
  validator.validate_root(builder.root(), config);
  if (validator.failed()) return std::nullopt;
  return config;
}

}  // namespace webx
