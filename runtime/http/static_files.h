// Static files: what `static(path)` may serve and how it is described.
//
// The pure half of static file serving (the server reads the files through
// libuv's file system threads): path safety, content types, validators.
// Functions here are safe on any thread.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace webx::http {

// Checks a path given to `static(...)` (already percent-decoded) before it
// is joined to the project root. Returns an error message for paths that
// must be refused: absolute, containing a NUL byte or a `..` segment.
// Symlinks are checked afterwards, on the resolved path (see is_inside).
std::optional<std::string> unsafe_static_path(std::string_view path);

// Whether `resolved` (a real path, symlinks resolved) is `root` or inside it.
bool is_inside(std::string_view root, std::string_view resolved);

// The Content-Type for a file name, from its extension (case-insensitive);
// application/octet-stream when unknown.
std::string_view content_type_for(std::string_view file_name);

// A strong validator from size and modification time: "\"1a2b-17f3c...\"".
std::string make_etag(uint64_t size, int64_t mtime_sec, int64_t mtime_nsec);

// Whether a conditional GET/HEAD can be answered 304: If-None-Match (a list
// of tags or `*`, compared weakly) when present, else If-Modified-Since.
bool not_modified(const std::string* if_none_match, const std::string* if_modified_since,
                  std::string_view etag, std::time_t mtime);

}  // namespace webx::http
