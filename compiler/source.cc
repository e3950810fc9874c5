#include "source.h"

#include <fstream>
#include <sstream>

namespace webx {

SourceFile::SourceFile(std::string display_path, std::string text)
    : path_(std::move(display_path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  size_t begin = line_starts_[line - 1];
  size_t end = line < line_starts_.size() ? line_starts_[line] : text_.size();
  while (end > begin && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return std::string_view(text_).substr(begin, end - begin);
}

size_t SourceFile::offset_at(uint32_t line, uint32_t col) const {
  const std::string_view text = line_text(line);
  size_t offset = 0;
  for (uint32_t c = 1; c < col && offset < text.size(); ++c) {  // columns count code points
    do ++offset;
    while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80);
  }
  return (line == 0 || line > line_starts_.size() ? text_.size() : line_starts_[line - 1]) + offset;
}

SourceLoc SourceFile::loc_at_offset(size_t offset) const {
  if (offset > text_.size()) offset = text_.size();
  size_t lo = 0, hi = line_starts_.size();
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (line_starts_[mid] <= offset) lo = mid; else hi = mid;
  }
  uint32_t col = 1;
  for (size_t i = line_starts_[lo]; i < offset; ++i) {
    // Count code points: skip UTF-8 continuation bytes.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++col;
  }
  return SourceLoc{path_, static_cast<uint32_t>(lo + 1), col};
}

SourceFilePtr read_source_file(const std::string& disk_path, const std::string& display_path,
                               std::string& error) {
  std::ifstream in(disk_path, std::ios::binary);
  if (!in) {
    error = "cannot open file";
    return nullptr;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) {
    error = "cannot read file";
    return nullptr;
  }
  return std::make_shared<SourceFile>(display_path, buf.str());
}

}  // namespace webx
