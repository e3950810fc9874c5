#include "lexer_base.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "WebXLexer.h"

namespace webx::syntax {

namespace {

using L = WebXLexer;

bool is_identifier_like(size_t type) {
  switch (type) {
    case L::Identifier:
    case L::Let: case L::Static: case L::As: case L::Get: case L::Set:
    case L::Include: case L::Global: case L::Model: case L::Handler: case L::Location:
    case L::Test: case L::Expect: case L::Status: case L::Header: case L::Body:
    case L::Json: case L::Form: case L::Text: case L::Matches: case L::Contains:
    case L::Post: case L::Put: case L::Patch: case L::Head: case L::Options:
    case L::Connect: case L::Trace:
      return true;
    default:
      return false;
  }
}

// Tokens after which an expression has just ended, so `/` divides and `<`
// compares.
bool ends_expression(size_t type) {
  if (is_identifier_like(type)) return true;
  switch (type) {
    case L::NullLiteral: case L::BooleanLiteral: case L::NumericLiteral:
    case L::StringLiteral: case L::RegularExpressionLiteral: case L::BackTick:
    case L::CloseParen: case L::CloseBracket: case L::CloseBrace:
    case L::PlusPlus: case L::MinusMinus: case L::This: case L::Super:
    case L::JsxSlashGt: case L::JsxCloseGt: case L::JsxVoidGt:
    case L::PathText: case L::PathSlash: case L::PathStar: case L::PathParamClose:
      return true;
    default:
      return false;
  }
}

bool is_void_element(const std::string& tag) {
  static constexpr std::array<std::string_view, 14> kVoid = {
      "area", "base", "br", "col", "embed", "hr", "img", "input",
      "link", "meta", "param", "source", "track", "wbr"};
  return std::find(kVoid.begin(), kVoid.end(), tag) != kVoid.end();
}

// Elements whose content is text up to their end tag, as in HTML: braces in
// a <style> or <script> are CSS and JavaScript, not JSX expressions.
bool is_raw_text_element(const std::string& tag) { return tag == "script" || tag == "style"; }

bool is_path_char(size_t c) {
  if (c < 128 && std::isalnum(static_cast<int>(c))) return true;
  switch (c) {
    case '-': case '.': case '_': case '~': case '!': case '$': case '&': case '+':
    case '=': case ':': case '@': case '%': case '?':
      return true;
    default:
      return false;
  }
}

const char* describe(WebXLexerBase::Frame kind) {
  using F = WebXLexerBase::Frame;
  switch (kind) {
    case F::Template: return "template literal";
    case F::JsxTag: return "JSX tag";
    case F::JsxElement: return "JSX element";
    case F::JsxClose: return "JSX closing tag";
    case F::PathParam: return "path parameter";
    case F::ModeBrace: return "'{'";
    default: return "";
  }
}

}  // namespace

WebXLexerBase::WebXLexerBase(antlr4::CharStream* input) : antlr4::Lexer(input) {}

void WebXLexerBase::reset() {
  antlr4::Lexer::reset();
  stack_.clear();
  errors_.clear();
  has_pending_block_ = false;
  last_type_ = 0;
  last_end_line_ = 0;
  current_tag_.clear();
  expect_tag_name_ = false;
  raw_tag_.clear();
  stopped_ = false;
  path_started_ = false;
}

void WebXLexerBase::add_lex_error(size_t line, size_t col, uint32_t length, std::string message) {
  errors_.push_back(LexError{line, col, length, std::move(message)});
}

std::unique_ptr<antlr4::Token> WebXLexerBase::nextToken() {
  if (stopped_) {
    // After refusing the input, end it: everything else would be noise.
    _input->seek(_input->size());
    modeStack.clear();
    mode = L::DEFAULT_MODE;
    return antlr4::Lexer::nextToken();
  }
  if (mode == L::PATH) {
    // A path ends at the first character that cannot be part of it
    // (whitespace, `{`, `,`, end of input), and before a `->` call arrow.
    size_t c = _input->LA(1);
    bool arrow = c == '-' && _input->LA(2) == '>';
    bool path_char = is_path_char(c) || c == '/' || c == '*' || c == '(';
    if (path_started_ ? (arrow || !path_char) : c == antlr4::Token::EOF) {
      popMode();
    } else if (path_char) {
      path_started_ = true;
    }
  }

  auto token = antlr4::Lexer::nextToken();
  size_t type = token->getType();
  size_t line = token->getLine();
  size_t col = token->getCharPositionInLine() + 1;

  switch (type) {
    case L::UnexpectedChar:
      add_lex_error(line, col, 1, "unexpected character '" + token->getText() + "'");
      break;
    case L::UnterminatedString:
      add_lex_error(line, col, 1, "unterminated string literal");
      break;
    case L::JsxUnterminatedString:
      add_lex_error(line, col, 1, "unterminated attribute value");
      break;
    case L::UnterminatedComment:
      add_lex_error(line, col, 2, "unterminated comment");
      break;
    case antlr4::Token::EOF:
      report_unterminated();
      break;
    default:
      break;
  }

  if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL && type != antlr4::Token::EOF) {
    last_type_ = type;
    const std::string text = token->getText();
    last_end_line_ = line + std::count(text.begin(), text.end(), '\n');
  }

  if (stack_.size() > kMaxNesting && !stopped_) {
    add_lex_error(line, col, 1,
                  "nesting too deep: more than " + std::to_string(kMaxNesting) +
                      " open brackets, tags or templates");
    stopped_ = true;
  }
  return token;
}

void WebXLexerBase::report_unterminated() {
  // Report the innermost construct that only the lexer can see is unfinished
  // (a template, a JSX element, ...). Unbalanced brackets are left to the
  // parser, which says what it expected.
  for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
    const char* what = describe(it->kind);
    if (*what == '\0' || it->kind == Frame::ModeBrace) continue;
    std::string message = std::string("unterminated ") + what;
    if (!it->what.empty()) message += " <" + it->what + ">";
    add_lex_error(it->line, it->col, 1, message);
    break;
  }
  stack_.clear();
}

bool WebXLexerBase::regexAllowed() const {
  if (last_type_ == L::Matches && !stack_.empty() && stack_.back().kind == Frame::Test) {
    return true;
  }
  return last_type_ == 0 || !ends_expression(last_type_);
}

bool WebXLexerBase::exprAllowed() const { return regexAllowed(); }

bool WebXLexerBase::tagStartAhead() {
  size_t c = _input->LA(1);
  return c == '>' || c == '_' || c == '$' || (c < 128 && std::isalpha(static_cast<int>(c)));
}

bool WebXLexerBase::rawCloseAhead() {
  for (size_t i = 0; i < raw_tag_.size(); ++i) {
    size_t c = _input->LA(static_cast<ssize_t>(i + 1));
    if (c >= 128 || std::tolower(static_cast<int>(c)) != raw_tag_[i]) return false;
  }
  size_t after = _input->LA(static_cast<ssize_t>(raw_tag_.size() + 1));
  return after == '>' || after == ' ' || after == '\t' || after == '\n' || after == '\r';
}

void WebXLexerBase::push(Frame kind, std::string what) {
  stack_.push_back(Opener{kind, tokenStartLine, tokenStartCharPositionInLine + 1, std::move(what)});
}

void WebXLexerBase::openFrame(Frame kind) { push(kind, ""); }

void WebXLexerBase::closeFrame(Frame kind) {
  if (!stack_.empty() && stack_.back().kind == kind) stack_.pop_back();
}

void WebXLexerBase::openBrace() {
  Frame kind = Frame::Js;
  if (has_pending_block_ && at_webx_level()) kind = pending_block_;
  has_pending_block_ = false;
  push(kind, "");
}

void WebXLexerBase::closeBrace() {
  if (stack_.empty()) return;
  switch (stack_.back().kind) {
    case Frame::ModeBrace:
      stack_.pop_back();
      if (!modeStack.empty()) popMode();
      break;
    case Frame::WebX: case Frame::Model: case Frame::Test: case Frame::Js:
      stack_.pop_back();
      break;
    default:
      break;  // mismatched: leave it to the parser to report
  }
}

void WebXLexerBase::openModeBrace() {
  push(Frame::ModeBrace, "");
  pushMode(L::DEFAULT_MODE);
}

void WebXLexerBase::expectBlock(Frame kind) {
  if (at_webx_level() && first_on_line()) {
    pending_block_ = kind;
    has_pending_block_ = true;
  }
}

void WebXLexerBase::enterTemplate() {
  push(Frame::Template, "");
  pushMode(L::TEMPLATE);
}

void WebXLexerBase::leaveMode() {
  if (!stack_.empty()) stack_.pop_back();
  if (!modeStack.empty()) popMode();
}

void WebXLexerBase::enterJsxTag() {
  push(Frame::JsxTag, "");
  pushMode(L::JSX_TAG);
  expect_tag_name_ = true;
  current_tag_.clear();
}

void WebXLexerBase::onJsxName() {
  if (!expect_tag_name_) return;
  expect_tag_name_ = false;
  current_tag_ = getText();
  if (!stack_.empty()) stack_.back().what = current_tag_;
}

void WebXLexerBase::onJsxTagEnd() {
  expect_tag_name_ = false;
  if (is_void_element(current_tag_)) {
    setType(L::JsxVoidGt);
    leaveMode();
    return;
  }
  if (!stack_.empty()) stack_.back().kind = Frame::JsxElement;
  if (is_raw_text_element(current_tag_)) {
    raw_tag_ = current_tag_;
    setMode(L::JSX_RAWTEXT);
  } else {
    setMode(L::JSX_CHILDREN);
  }
}

void WebXLexerBase::enterJsxClose() {
  // Check the closing name against the element it closes now, while the
  // element's name is at hand (`</` has just been read; the name follows).
  std::string closing;
  for (ssize_t i = 1;; ++i) {
    size_t c = _input->LA(i);
    bool name_char = c < 128 && (std::isalnum(static_cast<int>(c)) || c == '_' || c == '$' ||
                                 c == '-' || c == ':' || c == '.' || c == '@');
    if (!name_char) break;
    closing.push_back(static_cast<char>(c));
  }
  if (!stack_.empty() && closing != stack_.back().what) {
    const std::string& open = stack_.back().what;
    add_lex_error(tokenStartLine, tokenStartCharPositionInLine + 3,
                  static_cast<uint32_t>(std::max<size_t>(closing.size(), 1)),
                  open.empty() ? "closing tag </" + closing + "> does not match the fragment <>"
                               : "closing tag </" + closing + "> does not match <" + open + ">");
  }
  if (!stack_.empty()) stack_.back().kind = Frame::JsxClose;
  setMode(L::JSX_CLOSE);
}

void WebXLexerBase::enterPathParam() {
  push(Frame::PathParam, "");
  pushMode(L::PATH_PARAM);
}

bool WebXLexerBase::at_webx_level() const {
  return stack_.empty() || stack_.back().kind == Frame::WebX || stack_.back().kind == Frame::Test;
}

bool WebXLexerBase::first_on_line() const {
  return last_type_ == 0 || last_end_line_ < tokenStartLine;
}

bool WebXLexerBase::path_follows() {
  // The keyword must be followed by blanks and then something that can start
  // a path: `get /x`, `get *`, `location todos`.
  size_t i = 1;
  size_t c = _input->LA(static_cast<ssize_t>(i));
  if (c != ' ' && c != '\t') return false;
  while (c == ' ' || c == '\t') c = _input->LA(static_cast<ssize_t>(++i));
  if (c == '/' || c == '*') return true;
  if (c == '=' || c == '?' || c == ':' || c == '&' || c == '!') return false;
  return is_path_char(c);
}

void WebXLexerBase::onMethodKeyword() {
  if (at_webx_level() && first_on_line() && path_follows()) enter_path();
}

void WebXLexerBase::onLocationKeyword() {
  if (!at_webx_level() || !first_on_line()) return;
  pending_block_ = Frame::WebX;
  has_pending_block_ = true;
  if (path_follows()) enter_path();
}

void WebXLexerBase::enter_path() {
  path_started_ = false;
  pushMode(L::PATH);
}

}  // namespace webx::syntax
