// Context the WebX lexer needs beyond what a grammar can say.
//
// WebX mixes languages in one file, and several lexing decisions depend on
// what came before:
//  - `/` starts a regular expression only where an expression may start;
//  - `<` starts JSX only there too, and only before a tag name or `>`;
//  - `get`, `post`, ... start a route (and `location` a prefix) only at the
//    WebX level (top level, or inside a location or test block), as the first
//    token on their line; then the path after them is lexed in PATH mode;
//  - `}` closes either a JavaScript block or an `${...}`/`{...}` that leaves
//    JavaScript and returns to a template or to JSX;
//  - in error recovery, a line that starts a top-level item (`test "…" {`,
//    `handler h(`, …) while a bracket, tag or string is still open ends that
//    construct: it is reported there, and lexing starts again at the item,
//    so a missing `}` or `"` yields one error rather than one per line of
//    the rest of the file.
// This class keeps a stack of open constructs to decide these, to report
// unterminated constructs at their start, and to refuse absurd nesting before
// it can exhaust the parser's stack.
//
// Used by one thread at a time (one lexer per compiled file).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "antlr4-runtime.h"

namespace webx::syntax {

// A problem found while lexing. Columns are 1-based code points.
struct LexError {
  size_t line = 0;
  size_t col = 0;
  uint32_t length = 1;
  std::string message;
  // Reported for what is still open where lexing stopped or resynchronised
  // (report_unterminated), rather than where it was found.
  bool unterminated = false;
  // The input was refused from here on (nesting too deep).
  bool stops = false;
};

class WebXLexerBase : public antlr4::Lexer {
 public:
  // More open brackets, tags, templates, ... than this is refused: no sane
  // program comes close, and the recursive-descent parser would exhaust its
  // stack long before a hostile input ran out.
  static constexpr size_t kMaxNesting = 256;

  enum class Frame {
    WebX,        // { } of a location block: routes may start here
    Model,       // { } of a model
    Test,        // { } of a test block: requests may start here
    Js,          // { } of JavaScript
    Paren,       // ( )
    Bracket,     // [ ]
    ModeBrace,   // `${ }` or JSX `{ }`: closing it returns to the previous mode
    Template,    // `...`
    JsxTag,      // <name ...
    JsxElement,  // children of an element
    JsxClose,    // </name ...
    PathParam,   // (name: type) in a path
  };

  explicit WebXLexerBase(antlr4::CharStream* input);

  std::unique_ptr<antlr4::Token> nextToken() override;
  void reset() override;

  const std::vector<LexError>& lex_errors() const { return errors_; }

  // Error recovery (off by default, so that it can never change how a
  // valid program is read): a line that starts a top-level item while a
  // bracket is still open ends what is open there. With InJsx also while a
  // JSX tag, element or attribute value is open: only worth it when one of
  // them ran to the end of the file, since JSX text may well hold a line
  // such as `get /todos` (a <pre> of an API's docs).
  enum class Recovery { Off, Brackets, InJsx };
  // Whether what report_unterminated last reported open was JSX (at the end
  // of the file, when recovery is off).
  bool jsx_left_open() const { return jsx_left_open_; }
  void set_recovery(Recovery r) { recovery_ = r; }

  // With recovery on: the lines on which a top-level item starts at column 1 (`test "…"`,
  // `handler name(`, `model Name {`, `global {`, `include "…"`, `location …`,
  // `get /…`, …), in order. After a syntax error the parser starts again at
  // each of them, so one broken item cannot take the rest of the file with it.
  const std::vector<size_t>& item_lines() const { return item_lines_; }
  void add_lex_error(size_t line, size_t col, uint32_t length, std::string message);

 protected:
  bool regexAllowed() const;
  bool exprAllowed() const;
  bool tagStartAhead();
  bool rawCloseAhead();
  static bool isDigit(size_t c) { return c >= '0' && c <= '9'; }

  void openFrame(Frame kind);
  void closeFrame(Frame kind);
  void openBrace();
  void closeBrace();
  void openModeBrace();
  void expectBlock(Frame kind);

  void enterTemplate();
  void leaveMode();
  void enterJsxTag();
  void onJsxName();
  void onJsxTagEnd();
  void enterJsxClose();
  void enterPathParam();
  void onMethodKeyword();
  void onLocationKeyword();

 private:
  struct Opener {
    Frame kind;
    size_t line;
    size_t col;  // 1-based
    std::string what;
  };

  enum class ItemStart { None, Item, Route };
  ItemStart item_start_ahead();
  bool may_resync() const;
  void resync_at_item_start();
  void cut_at_item_start(antlr4::Token& token);
  void forget_context();

  bool at_webx_level() const;
  bool first_on_line() const;
  bool path_follows();
  void push(Frame kind, std::string what);
  void report_unterminated();
  void enter_path();

  std::vector<Opener> stack_;
  std::vector<LexError> errors_;
  std::vector<size_t> item_lines_;
  size_t unexpected_run_ = SIZE_MAX;  // index in errors_ of the last unexpected character
  Frame pending_block_ = Frame::Js;
  bool has_pending_block_ = false;
  size_t last_type_ = 0;  // 0: no token yet
  size_t last_end_line_ = 0;
  std::string current_tag_;
  bool expect_tag_name_ = false;
  std::string raw_tag_;
  bool stopped_ = false;
  bool path_started_ = false;
  Recovery recovery_ = Recovery::Off;
  bool jsx_left_open_ = false;
};

}  // namespace webx::syntax
