#include "static_files.h"

#include <fmt/format.h>

#include <algorithm>

#include "response.h"
#include "text.h"

namespace webx::http {
namespace {

struct Type {
  std::string_view extension;
  std::string_view content_type;
};

constexpr Type kTypes[] = {
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"json", "application/json; charset=utf-8"},
    {"map", "application/json; charset=utf-8"},
    {"txt", "text/plain; charset=utf-8"},
    {"md", "text/markdown; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"xml", "application/xml; charset=utf-8"},
    {"svg", "image/svg+xml; charset=utf-8"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"ico", "image/x-icon"},
    {"wasm", "application/wasm"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
    {"pdf", "application/pdf"},
    {"zip", "application/zip"},
    {"gz", "application/gzip"},
    {"mp4", "video/mp4"},
    {"webm", "video/webm"},
    {"mp3", "audio/mpeg"},
    {"ogg", "audio/ogg"},
    {"wav", "audio/wav"},
};

}  // namespace

std::optional<std::string> unsafe_static_path(std::string_view path) {
  if (path.find('\0') != std::string_view::npos) return "the path contains a NUL byte";
  if (!path.empty() && path.front() == '/') return "absolute paths are not served";
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = std::min(path.find('/', start), path.size());
    if (path.substr(start, end - start) == "..") return "the path leaves its folder (`..`)";
    start = end + 1;
  }
  return std::nullopt;
}

bool is_inside(std::string_view root, std::string_view resolved) {
  while (root.size() > 1 && root.back() == '/') root.remove_suffix(1);
  if (resolved.substr(0, root.size()) != root) return false;
  return resolved.size() == root.size() || resolved[root.size()] == '/' || root == "/";
}

std::string_view content_type_for(std::string_view file_name) {
  size_t slash = file_name.rfind('/');
  std::string_view base = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == base.size()) return "application/octet-stream";
  const std::string ext = ascii_lower(base.substr(dot + 1));
  for (const Type& t : kTypes) {
    if (t.extension == ext) return t.content_type;
  }
  return "application/octet-stream";
}

std::string make_etag(uint64_t size, int64_t mtime_sec, int64_t mtime_nsec) {
  return fmt::format("\"{:x}-{:x}\"", size,
                     static_cast<uint64_t>(mtime_sec) * 1000000000ull + static_cast<uint64_t>(mtime_nsec));
}

bool not_modified(const std::string* if_none_match, const std::string* if_modified_since,
                  std::string_view etag, std::time_t mtime) {
  if (if_none_match != nullptr) {
    std::string_view list = *if_none_match;
    std::string_view bare = etag;
    while (!list.empty()) {
      size_t comma = list.find(',');
      std::string_view tag = trim_ows(list.substr(0, comma));
      if (tag == "*") return true;
      if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
      if (tag == bare) return true;
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
    return false;
  }
  if (if_modified_since != nullptr) {
    auto since = parse_http_date(*if_modified_since);
    return since && mtime <= *since;
  }
  return false;
}

}  // namespace webx::http
