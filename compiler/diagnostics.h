// Compiler diagnostics: what went wrong, where, and how to fix it.
//
// Every stage (config loading, lexing, parsing, checks) reports into one
// DiagnosticSink, so a single run collects all problems. Rendering follows the
// usual compiler shape:
//
//   src/app.webx:12:5: error: unknown handler 'renderTodo'
//      12 |   -> renderTodo(todo)
//         |      ^~~~~~~~~~
//   hint: 'renderTodo' is defined in src/views.webx; add `include "views.webx"`
//
// Not thread-safe; one sink belongs to one compilation.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "source.h"

namespace webx {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLoc loc;          // may be invalid for file-less problems
  uint32_t length = 1;    // code points to underline, at least 1
  std::string message;
  std::string hint;       // optional
  std::vector<std::pair<SourceLoc, std::string>> notes;  // e.g. "first defined here"
};

class DiagnosticSink {
 public:
  void report(Diagnostic d);
  Diagnostic& error(SourceLoc loc, std::string message, uint32_t length = 1);
  Diagnostic& warning(SourceLoc loc, std::string message, uint32_t length = 1);

  // Drops every later diagnostic in lines [first_line, end_line) of `file`:
  // for a stretch of code whose syntax error is reported, where anything
  // else found is a consequence of it.
  void mute(const std::string& file, uint32_t first_line, uint32_t end_line);

  // Makes a file's text available for printing source lines and carets.
  void add_source(SourceFilePtr file);

  const std::vector<Diagnostic>& all() const { return diags_; }
  size_t error_count() const;
  size_t warning_count() const;
  bool has_errors() const { return error_count() > 0; }

  // Sorts by file, line and column (stable for equal positions), so output is
  // deterministic whatever order checks ran in.
  void sort();

  // Writes every diagnostic, errors and warnings alike, followed by a summary
  // line ("2 errors, 1 warning generated.") when there is anything to say.
  void render(std::ostream& out, bool color) const;
  void render_one(std::ostream& out, const Diagnostic& d, bool color) const;

 private:
  bool muted(const SourceLoc& loc) const;

  struct Muted {
    std::string file;
    uint32_t first_line, end_line;
  };
  std::vector<Diagnostic> diags_;
  std::vector<Muted> muted_;
  Diagnostic discarded_;  // what a muted error() or warning() returns
  std::map<std::string, SourceFilePtr> sources_;
};

// "file:line:col" or "file" or "" depending on what the location has.
std::string format_loc(const SourceLoc& loc);

}  // namespace webx
