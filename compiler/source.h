// Source files and positions in them.
//
// A SourceFile owns the text of one input (a .webx module or a config file) and
// knows where its lines start, so any byte offset can be turned into a
// line/column pair and any line can be printed back for a diagnostic.
// Immutable after construction; safe to share between threads read-only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace webx {

// A position in a source file. Lines and columns are 1-based; columns count
// Unicode code points, as editors do. `file` is the path as the user should
// see it (relative to the project when possible).
struct SourceLoc {
  std::string file;
  uint32_t line = 0;
  uint32_t col = 0;

  bool valid() const { return line != 0; }
  bool operator==(const SourceLoc&) const = default;
};

class SourceFile {
 public:
  SourceFile(std::string display_path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  // The text of line `line` (1-based) without its line terminator; empty when
  // out of range.
  std::string_view line_text(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }

  // Converts a byte offset into a location (column in code points).
  SourceLoc loc_at_offset(size_t offset) const;
  // The inverse: the byte offset of `line`:`col`, clamped to the end of
  // the line (and of the text).
  size_t offset_at(uint32_t line, uint32_t col) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<size_t> line_starts_;
};

using SourceFilePtr = std::shared_ptr<const SourceFile>;

// Reads a file from disk. Returns nullptr and sets `error` when it cannot.
SourceFilePtr read_source_file(const std::string& disk_path, const std::string& display_path,
                               std::string& error);

}  // namespace webx
