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
//    JavaScript and returns to a template or to JSX.
// This class keeps a stack of open constructs to decide these, to report
// unterminated constructs at their start, and to refuse absurd nesting before
// it can exhaust the parser's stack.
//
// Used by one thread at a time (one lexer per compiled file).
#pragma once

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

  bool at_webx_level() const;
  bool first_on_line() const;
  bool path_follows();
  void push(Frame kind, std::string what);
  void report_unterminated();
  void enter_path();

  std::vector<Opener> stack_;
  std::vector<LexError> errors_;
  Frame pending_block_ = Frame::Js;
  bool has_pending_block_ = false;
  size_t last_type_ = 0;  // 0: no token yet
  size_t last_end_line_ = 0;
  std::string current_tag_;
  bool expect_tag_name_ = false;
  std::string raw_tag_;
  bool stopped_ = false;
  bool path_started_ = false;
};

}  // namespace webx::syntax
