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

bool is_jsx(WebXLexerBase::Frame kind) {
  using F = WebXLexerBase::Frame;
  return kind == F::JsxTag || kind == F::JsxElement || kind == F::JsxClose;
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
  forget_context();
  last_end_line_ = 0;
  stopped_ = false;
  item_lines_.clear();
  unexpected_run_ = SIZE_MAX;
  jsx_left_open_ = false;
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
  resync_at_item_start();
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
      if (unexpected_run_ < errors_.size() && errors_[unexpected_run_].line == line &&
          errors_[unexpected_run_].col + errors_[unexpected_run_].length == col) {
        ++errors_[unexpected_run_].length;  // a run of them is one error
        break;
      }
      add_lex_error(line, col, 1,
                    last_type_ == L::JsxEquals
                        ? std::string("expected a quoted value or {expression} after '='")
                        : "unexpected character '" + token->getText() + "'");
      unexpected_run_ = errors_.size() - 1;
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

  cut_at_item_start(*token);
  type = token->getType();
  if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL && type != antlr4::Token::EOF) {
    last_type_ = type;
    const std::string text = token->getText();
    last_end_line_ = line + std::count(text.begin(), text.end(), '\n');
  }

  if (stack_.size() > kMaxNesting && !stopped_) {
    add_lex_error(line, col, 1,
                  "nesting too deep: more than " + std::to_string(kMaxNesting) +
                      " open brackets, tags or templates");
    errors_.back().stops = true;
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
    errors_.back().unterminated = true;
    jsx_left_open_ = is_jsx(it->kind);
    break;
  }
  stack_.clear();
}

// What the text from here (the start of a line) begins: a top-level item
// by its first words (`test "`, `include "`, `global {`, `handler name`,
// `model Name`), which no statement, expression or step can begin with; a
// route or location (`get /`, `location /`), which a location or test
// block may also hold; or neither.
WebXLexerBase::ItemStart WebXLexerBase::item_start_ahead() {
  auto at = [this](size_t i) { return _input->LA(static_cast<ssize_t>(i)); };
  auto blanks = [&](size_t& i) {
    size_t from = i;
    while (at(i) == ' ' || at(i) == '\t') ++i;
    return i > from;
  };
  auto identifier = [&](size_t& i) {
    size_t from = i;
    for (size_t c = at(i); c < 128 && (std::isalnum(static_cast<int>(c)) || c == '_' || c == '$');
         c = at(++i)) {
    }
    return i > from && !isDigit(at(from));
  };
  std::string word;
  size_t i = 1;
  for (size_t c = at(i); c >= 'a' && c <= 'z' && word.size() < 9; c = at(++i)) {
    word.push_back(static_cast<char>(c));
  }
  const bool spaced = blanks(i);
  const size_t next = at(i);
  if (word == "test" || word == "include") {
    return spaced && (next == '"' || next == '\'') ? ItemStart::Item : ItemStart::None;
  }
  if (word == "global") return next == '{' ? ItemStart::Item : ItemStart::None;
  if (word == "handler" || word == "model") return spaced && identifier(i) ? ItemStart::Item : ItemStart::None;
  static constexpr std::array<std::string_view, 10> kRouteWords = {
      "get", "post", "put", "patch", "delete", "head", "options", "connect", "trace", "location"};
  if (std::find(kRouteWords.begin(), kRouteWords.end(), word) == kRouteWords.end()) {
    return ItemStart::None;
  }
  if (!spaced) return ItemStart::None;
  if (next == '/' || next == '*') return ItemStart::Route;
  return word == "location" && next < 128 && std::isalpha(static_cast<int>(next)) ? ItemStart::Route
                                                                                  : ItemStart::None;
}

// Whether recovery may end what is open now (set_recovery).
bool WebXLexerBase::may_resync() const {
  if (recovery_ == Recovery::Off) return false;
  return std::none_of(stack_.begin(), stack_.end(), [this](const Opener& o) {
    return o.kind == Frame::Template || (is_jsx(o.kind) && recovery_ != Recovery::InJsx);
  });
}

// At the start of a line: records a top-level item, or, when the line
// starts an item while something is still open, ends what is open there
// (reporting what only the lexer sees; an unclosed bracket is the parser's
// to report, at the item) and lexes on from the top level. Template text is
// left alone: it may hold anything, `get /x` at the start of a line
// included.
void WebXLexerBase::resync_at_item_start() {
  auto* atn = getInterpreter<antlr4::atn::LexerATNSimulator>();
  if (atn->getCharPositionInLine() != 0 || !may_resync()) return;
  const ItemStart start = item_start_ahead();
  if (start == ItemStart::None) return;
  if (!stack_.empty()) {
    const Frame inner = stack_.back().kind;
    if (start == ItemStart::Route && (inner == Frame::WebX || inner == Frame::Test)) return;
    report_unterminated();
    modeStack.clear();
    mode = L::DEFAULT_MODE;
    forget_context();
  }
  item_lines_.push_back(atn->getLine());
}

// JSX text and attribute values may span lines. One that runs over a line
// starting an item is cut before that line (an attribute value is then
// unterminated), so that resync_at_item_start sees the line.
void WebXLexerBase::cut_at_item_start(antlr4::Token& token) {
  const size_t type = token.getType();
  if (type != L::JsxText && type != L::JsxString && type != L::JsxUnterminatedString) return;
  if (!may_resync()) return;
  auto* common = dynamic_cast<antlr4::CommonToken*>(&token);
  if (common == nullptr) return;
  const std::string text = token.getText();
  const size_t resume = _input->index();
  size_t code_points = 0;
  size_t newlines = 0;
  for (size_t b = 0; b < text.size(); ++b) {
    const auto c = static_cast<unsigned char>(text[b]);
    if ((c & 0xC0) != 0x80) ++code_points;
    if (c != '\n') continue;
    ++newlines;
    const size_t line_start = token.getStartIndex() + code_points;
    _input->seek(line_start);
    if (item_start_ahead() == ItemStart::None) continue;
    common->setText(text.substr(0, b + 1));
    common->setStopIndex(line_start - 1);
    if (type == L::JsxString) {
      common->setType(L::JsxUnterminatedString);
      add_lex_error(token.getLine(), token.getCharPositionInLine() + 1, 1, "unterminated attribute value");
    }
    auto* atn = getInterpreter<antlr4::atn::LexerATNSimulator>();
    atn->setLine(token.getLine() + newlines);
    atn->setCharPositionInLine(0);
    hitEOF = false;  // set when the token ran to the end of the input
    return;
  }
  _input->seek(resume);
}

// What lexing the next token depends on besides the stack of open
// constructs: the block a `{` opens, the tag being read, the path, the
// token before.
void WebXLexerBase::forget_context() {
  has_pending_block_ = false;
  expect_tag_name_ = false;
  current_tag_.clear();
  raw_tag_.clear();
  path_started_ = false;
  last_type_ = 0;
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
