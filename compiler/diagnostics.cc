#include "diagnostics.h"

#include <algorithm>

#include <fmt/format.h>

namespace webx {

namespace {

const char* kBold = "\x1b[1m";
const char* kRed = "\x1b[1;31m";
const char* kMagenta = "\x1b[1;35m";
const char* kCyan = "\x1b[1;36m";
const char* kGreen = "\x1b[1;32m";
const char* kReset = "\x1b[0m";

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

const char* severity_color(Severity s) {
  switch (s) {
    case Severity::Error: return kRed;
    case Severity::Warning: return kMagenta;
    case Severity::Note: return kCyan;
  }
  return kRed;
}

// Expands tabs so the caret line lines up with the printed source line, and
// returns the display column (0-based, in terminal cells, counting each code
// point as one cell) of code point `col` (1-based).
std::string expand_tabs(std::string_view line, uint32_t col, uint32_t& display_col) {
  std::string out;
  uint32_t cp = 1;
  uint32_t cells = 0;
  display_col = 0;
  bool found = false;
  for (size_t i = 0; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    bool starts_cp = (c & 0xC0) != 0x80;
    if (starts_cp) {
      if (cp == col) { display_col = cells; found = true; }
      ++cp;
    }
    if (c == '\t') {
      uint32_t width = 4 - (cells % 4);
      out.append(width, ' ');
      cells += width;
    } else if (c < 0x20 || c == 0x7f) {
      out.push_back('?');  // never echo control bytes to a terminal
      ++cells;
    } else {
      out.push_back(static_cast<char>(c));
      if (starts_cp) ++cells;
    }
  }
  if (!found) display_col = cells;
  return out;
}

}  // namespace

std::string format_loc(const SourceLoc& loc) {
  if (loc.file.empty()) return "";
  if (!loc.valid()) return loc.file;
  return fmt::format("{}:{}:{}", loc.file, loc.line, loc.col);
}

void DiagnosticSink::report(Diagnostic d) {
  if (!muted(d.loc)) diags_.push_back(std::move(d));
}

Diagnostic& DiagnosticSink::error(SourceLoc loc, std::string message, uint32_t length) {
  Diagnostic d{Severity::Error, std::move(loc), std::max<uint32_t>(length, 1), std::move(message), {}, {}};
  if (muted(d.loc)) return discarded_ = std::move(d);
  diags_.push_back(std::move(d));
  return diags_.back();
}

Diagnostic& DiagnosticSink::warning(SourceLoc loc, std::string message, uint32_t length) {
  Diagnostic d{Severity::Warning, std::move(loc), std::max<uint32_t>(length, 1), std::move(message), {}, {}};
  if (muted(d.loc)) return discarded_ = std::move(d);
  diags_.push_back(std::move(d));
  return diags_.back();
}

void DiagnosticSink::mute(const std::string& file, uint32_t first_line, uint32_t end_line) {
  muted_.push_back(Muted{file, first_line, end_line});
}

bool DiagnosticSink::muted(const SourceLoc& loc) const {
  return std::any_of(muted_.begin(), muted_.end(), [&](const Muted& m) {
    return m.file == loc.file && loc.line >= m.first_line && loc.line < m.end_line;
  });
}

void DiagnosticSink::add_source(SourceFilePtr file) {
  if (file) sources_[file->path()] = std::move(file);
}

size_t DiagnosticSink::error_count() const {
  return std::count_if(diags_.begin(), diags_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

size_t DiagnosticSink::warning_count() const {
  return std::count_if(diags_.begin(), diags_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Warning; });
}

void DiagnosticSink::sort() {
  std::stable_sort(diags_.begin(), diags_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.loc.file, a.loc.line, a.loc.col) <
           std::tie(b.loc.file, b.loc.line, b.loc.col);
  });
}

void DiagnosticSink::render_one(std::ostream& out, const Diagnostic& d, bool color) const {
  auto c = [&](const char* code) { return color ? code : ""; };
  auto print_header = [&](const SourceLoc& loc, Severity sev, const std::string& msg) {
    std::string where = format_loc(loc);
    if (!where.empty()) out << c(kBold) << where << ": " << c(kReset);
    out << c(severity_color(sev)) << severity_name(sev) << ": " << c(kReset) << c(kBold) << msg
        << c(kReset) << '\n';
  };
  auto print_frame = [&](const SourceLoc& loc, uint32_t length) {
    if (!loc.valid()) return;
    auto it = sources_.find(loc.file);
    if (it == sources_.end()) return;
    std::string_view raw = it->second->line_text(loc.line);
    uint32_t caret_col = 0;
    std::string line = expand_tabs(raw, loc.col, caret_col);
    uint32_t line_cells = 0;
    for (unsigned char ch : line) line_cells += (ch & 0xC0) != 0x80;
    std::string gutter = std::to_string(loc.line);
    std::string pad(gutter.size(), ' ');
    out << ' ' << gutter << " | " << line << '\n';
    uint32_t avail = line_cells > caret_col ? line_cells - caret_col : 1;
    uint32_t len = std::max<uint32_t>(1, std::min(length, avail));
    out << ' ' << pad << " | " << std::string(caret_col, ' ') << c(kGreen) << '^'
        << std::string(len - 1, '~') << c(kReset) << '\n';
  };

  print_header(d.loc, d.severity, d.message);
  print_frame(d.loc, d.length);
  for (const auto& [loc, text] : d.notes) {
    print_header(loc, Severity::Note, text);
    print_frame(loc, 1);
  }
  if (!d.hint.empty()) out << c(kCyan) << "hint: " << c(kReset) << d.hint << '\n';
}

void DiagnosticSink::render(std::ostream& out, bool color) const {
  for (const auto& d : diags_) render_one(out, d, color);
  size_t errors = error_count(), warnings = warning_count();
  if (errors == 0 && warnings == 0) return;
  std::string summary;
  if (errors) summary += fmt::format("{} error{}", errors, errors == 1 ? "" : "s");
  if (warnings) {
    if (!summary.empty()) summary += ", ";
    summary += fmt::format("{} warning{}", warnings, warnings == 1 ? "" : "s");
  }
  out << summary << " generated.\n";
}

}  // namespace webx
