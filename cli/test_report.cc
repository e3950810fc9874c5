#include "test_report.h"

#include <algorithm>
#include <sstream>
#include <string_view>

#include <fmt/format.h>

#include "diagnostics.h"
#include "ir.h"

namespace webx::cli {

namespace {

using testing::TestResult;

constexpr size_t kBodyLines = 30;
constexpr size_t kBodyBytes = 2000;
constexpr size_t kDiffLines = 400;  // longer sides get no diff, just both values

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

// Valid UTF-8 with control characters other than tab and newline shown as
// U+FFFD, so a binary body cannot garble a terminal or an XML document.
std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    bool ok = length != 0 && i + length <= text.size();
    for (size_t k = 1; ok && k < length; ++k) ok = (static_cast<unsigned char>(text[i + k]) >> 6) == 0x2;
    if (ok && length == 2) ok = c >= 0xc2;  // no overlong forms
    if (!ok) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (length == 1 && c < 0x20 && c != '\t' && c != '\n') {
      out += c == '\r' ? "" : "\xEF\xBF\xBD";
    } else if (length == 1 && c == 0x7f) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

// At most kBodyLines lines and kBodyBytes bytes, saying what was left out.
std::string trimmed(std::string_view body) {
  std::string text = printable(body);
  size_t cut = std::min(text.size(), kBodyBytes);
  size_t lines = 0;
  for (size_t i = 0; i < cut; ++i) {
    if (text[i] == '\n' && ++lines == kBodyLines) {
      cut = i;
      break;
    }
  }
  while (cut > 0 && cut < text.size() && (static_cast<unsigned char>(text[cut]) >> 6) == 0x2) --cut;
  if (cut >= text.size()) return text;
  return text.substr(0, cut) + fmt::format("\n… ({} more bytes)", text.size() - cut);
}

void indented(std::ostream& out, std::string_view label, std::string_view text) {
  bool first = true;
  for (std::string_view line : split_lines(text)) {
    out << fmt::format("  {:>9} {}\n", first ? label : "", line);
    first = false;
  }
}

// A line diff of expected against actual (longest common subsequence):
// "-" lines only in the expectation, "+" lines only in the response.
void print_diff(std::ostream& out, std::string_view expected, std::string_view actual, bool color) {
  std::vector<std::string_view> a = split_lines(expected), b = split_lines(actual);
  if (a.size() > kDiffLines || b.size() > kDiffLines || a.size() == 1 || b.size() == 1) return;
  std::vector<std::vector<uint16_t>> lcs(a.size() + 1, std::vector<uint16_t>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;) {
    for (size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? static_cast<uint16_t>(lcs[i + 1][j + 1] + 1) : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const char* red = color ? "\033[31m" : "";
  const char* green = color ? "\033[32m" : "";
  const char* reset = color ? "\033[0m" : "";
  out << "       diff: - expected, + actual\n";
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      out << "             " << a[i] << '\n';
      ++i, ++j;
    } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out << "           " << red << "- " << a[i++] << reset << '\n';
    } else {
      out << "           " << green << "+ " << b[j++] << reset << '\n';
    }
  }
}

std::string request_line(const testing::ClientRequest& r) {
  std::string line = r.method + " " + r.target;
  for (const auto& [name, value] : r.headers) line += fmt::format("\n{}: {}", name, value);
  if (r.has_body) line += "\n\n" + trimmed(r.body);
  return line;
}

std::string response_text(const testing::ClientResponse& r) {
  std::string text = fmt::format("{} {}", r.status, r.reason);
  for (const auto& [name, value] : r.headers) text += fmt::format("\n{}: {}", name, value);
  if (!r.body.empty()) text += "\n\n" + trimmed(r.body);
  return text;
}

// What went wrong, in one line.
std::string headline(const TestResult& r) {
  if (!r.error.empty()) return r.error;
  return r.message.empty() ? "failed" : r.message;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : printable(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// The failure as plain text: the details below a console diagnostic, and
// the body of a JUnit <failure>.
std::string details(const TestResult& r, bool color) {
  std::ostringstream out;
  if (!r.reason.empty()) indented(out, "note:", r.reason);
  if (!r.expected.empty() || !r.actual.empty()) {
    indented(out, "expected:", r.expected);
    indented(out, "actual:", r.actual);
  }
  if (r.equality) print_diff(out, r.expected, r.actual, color);
  if (r.request) indented(out, "request:", request_line(*r.request));
  if (r.response) indented(out, "response:", response_text(*r.response));
  return out.str();
}

}  // namespace

void print_test_line(std::ostream& out, const TestResult& r, bool color) {
  const char* mark = r.passed ? (color ? "\033[32m✓\033[0m" : "✓") : (color ? "\033[31m✗\033[0m" : "✗");
  out << fmt::format("  {} {} ({:.0f} ms)\n", mark, r.test->name, r.milliseconds);
}

void print_failures(std::ostream& out, const std::vector<TestResult>& results, bool color) {
  DiagnosticSink sources;
  for (const auto& r : results) {
    if (r.module) sources.add_source(r.module->source);
  }
  for (const auto& r : results) {
    if (r.passed) continue;
    Diagnostic d;
    d.loc = r.step ? r.step->loc : r.test->loc;
    d.length = r.step ? (r.step->kind == TestStepKind::Expect ? 6 : 1) : 4;
    d.message = fmt::format("test \"{}\" failed: {}", r.test->name, headline(r));
    out << '\n';
    sources.render_one(out, d, color);
    out << details(r, color);
  }
}

void write_junit(std::ostream& out, const std::vector<TestResult>& results, double seconds) {
  size_t failures = 0, errors = 0;
  for (const auto& r : results) {
    if (r.passed) continue;
    (r.error.empty() ? failures : errors)++;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"webx\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n",
                     results.size(), failures, errors, seconds);
  size_t i = 0;
  while (i < results.size()) {
    const Module* module = results[i].module;
    size_t end = i;
    size_t suite_failures = 0, suite_errors = 0;
    double suite_ms = 0;
    while (end < results.size() && results[end].module == module) {
      const auto& r = results[end++];
      suite_ms += r.milliseconds;
      if (!r.passed) (r.error.empty() ? suite_failures : suite_errors)++;
    }
    const std::string name = xml_escape(module->path);
    out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n",
                       name, end - i, suite_failures, suite_errors, suite_ms / 1000);
    for (; i < end; ++i) {
      const auto& r = results[i];
      const SourceLoc& loc = r.step ? r.step->loc : r.test->loc;
      out << fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\" time=\"{:.3f}\"",
                         xml_escape(r.test->name), name, name, r.test->loc.line, r.milliseconds / 1000);
      if (r.passed) {
        out << "/>\n";
        continue;
      }
      const char* tag = r.error.empty() ? "failure" : "error";
      out << fmt::format(">\n      <{} message=\"{}\" type=\"{}\">{}:{}:{}: {}\n{}</{}>\n    </testcase>\n", tag,
                         xml_escape(headline(r)), r.error.empty() ? "expectation" : "error", name, loc.line, loc.col,
                         xml_escape(headline(r)), xml_escape(details(r, false)), tag);
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace webx::cli
