// Drives the ANTLR lexer and parser for one file and turns their errors into
// WebX diagnostics.
#include "parse.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "WebXLexer.h"
#include "WebXParser.h"
#include "ast_builder.h"

namespace webx {

namespace {

using syntax::WebXLexer;
using syntax::WebXParser;

// Finds the first byte that is not well-formed UTF-8 (overlongs, surrogates
// and out-of-range code points included). Returns npos if there is none.
size_t find_invalid_utf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t cp;
    if (c < 0x80) { ++i; continue; }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > s.size()) return i;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::string::npos;
}

// How an error names a token. A region's end (parse_module) is an EOF
// token carrying the text of the item that follows.
std::string describe_token(antlr4::Token* t) {
  if (t == nullptr) return "end of file";
  std::string text = t->getText();
  if (t->getType() == antlr4::Token::EOF && (text.empty() || text == "<EOF>")) return "end of file";
  if (text.size() > 24) text = text.substr(0, 21) + "...";
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return "'" + text + "'";
}

// Turns ANTLR's syntax errors into WebX diagnostics: one per region of a
// file with errors (see recover), none for tokens the lexer already
// complained about, and with wording a user can act on instead of ANTLR's
// expected-token sets: the bracket still open, the value missing at the end
// of a test step, the few tokens that would fit.
class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  SyntaxErrorListener(const SourceFilePtr& file, DiagnosticSink& sink,
                      const syntax::WebXLexerBase& lexer)
      : file_(file), sink_(sink), lexer_(lexer) {}

  // Where the error of the current region was reported, if it was.
  std::optional<std::pair<size_t, size_t>> region_error() const { return region_error_; }
  // Whether the lexer found an error in the current region.
  bool region_lex_error() const { return region_lex_error_.has_value(); }

  // Starts the errors of a region of lines [first_line, end_line): the
  // first one is reported, unless a lexical error of the region comes before
  // it (the parser then only trips over what the lexer already reported).
  void begin_region(size_t first_line, size_t end_line) {
    region_error_.reset();
    pending_.reset();
    region_lex_error_.reset();
    for (const auto& e : lexer_.lex_errors()) {
      if (e.line < first_line || e.line >= end_line) continue;
      std::pair<size_t, size_t> at{e.line, e.col};
      if (!region_lex_error_ || at < *region_lex_error_) region_lex_error_ = at;
    }
  }

  // Ends the region: a deferred error nothing better replaced is reported.
  void end_region() {
    if (!pending_) return;
    region_error_ = std::pair<size_t, size_t>{pending_->at.line, pending_->at.col};
    last_line_ = pending_->at.line;
    ++count_;
    sink_.error(pending_->at, pending_->message, pending_->length).hint = pending_->hint;
    pending_.reset();
  }

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                   size_t char_pos, const std::string& msg, std::exception_ptr error) override {
    if (count_ >= kMaxErrors || region_error_) return;
    if (line == last_line_) return;
    if (region_lex_error_ && std::pair<size_t, size_t>{line, char_pos + 1} > *region_lex_error_) return;
    size_t type = offending ? offending->getType() : antlr4::Token::EOF;
    // The lexer reported these already with a precise message.
    if (type == WebXLexer::UnexpectedChar || type == WebXLexer::UnterminatedString ||
        type == WebXLexer::UnterminatedComment || type == WebXLexer::JsxUnterminatedString) {
      return;
    }
    if (type == antlr4::Token::EOF && !lexer_.lex_errors().empty() && describe_token(offending) == "end of file") {
      return;
    }
    // ANTLR finds no way through `f(1;` at the `(` itself; its next error,
    // once it has recovered, says what is missing ("expected ')' before
    // ';'"). Such an error waits for the next one of its region.
    const bool defer = !pending_ && (type == WebXLexer::OpenParen || type == WebXLexer::OpenBracket) &&
                       is_no_viable_alternative(error);
    auto claim = [&](size_t at_line, size_t at_col) {
      pending_.reset();
      last_line_ = at_line;
      region_error_ = std::pair<size_t, size_t>{at_line, at_col};
      ++count_;
    };
    if (!defer) claim(line, char_pos + 1);

    SourceLoc at{file_->path(), static_cast<uint32_t>(line), static_cast<uint32_t>(char_pos + 1)};
    uint32_t length = offending && type != antlr4::Token::EOF
                          ? static_cast<uint32_t>(offending->getText().size())
                          : 1;
    std::string message, hint;
    if (antlr4::Token* lt = adjacent_jsx(recognizer, offending)) {
      // `(<p>a</p><p>b</p>)`: after an element `<` is "less than", and the
      // error only shows up later, at the `/`. Point at the second element.
      at.line = static_cast<uint32_t>(lt->getLine());
      at.col = static_cast<uint32_t>(lt->getCharPositionInLine() + 1);
      if (defer) claim(line, char_pos + 1);
      sink_.error(at, "adjacent JSX elements must be wrapped in one element", 1).hint =
          "wrap them in a fragment, <>...</>, or in an element such as <div>";
      last_line_ = std::max(last_line_, static_cast<size_t>(lt->getLine()));
      return;
    }
    switch (type) {
      case WebXLexer::Async:
      case WebXLexer::Await:
        message = fmt::format("'{}' is not supported", offending->getText());
        hint = "handlers run synchronously in WebX; return values directly instead of promises";
        break;
      case WebXLexer::Yield:
        message = "generators ('yield') are not supported";
        break;
      case WebXLexer::Multiply:
        if (follows_function(recognizer, offending)) {
          message = "generators ('function*') are not supported";
          break;
        }
        message = rewrite(recognizer, msg, offending);
        break;
      case WebXLexer::Import:
      case WebXLexer::Export:
        message = fmt::format("'{}' is not supported", offending->getText());
        hint = "share code between modules with `include \"file.webx\"`";
        break;
      default:
        if (type == antlr4::Token::EOF) {
          if (const antlr4::Token* open = innermost_unclosed(recognizer, offending)) {
            // The end of the file or of the item: say which bracket is open.
            message = fmt::format("expected '{}' before {}", closer_of(open->getType()),
                                  describe_token(offending));
            hint = fmt::format("the '{}' at {}:{} is never closed", open->getText(), open->getLine(),
                               open->getCharPositionInLine() + 1);
            break;
          }
        }
        if (const antlr4::Token* end = swallowed_line_end(recognizer, offending, msg)) {
          // `expect status` + a line `let id = json.id`: the value was
          // missing, and the next line's first word was taken for it.
          at.line = static_cast<uint32_t>(end->getLine());
          at.col = static_cast<uint32_t>(end->getCharPositionInLine() + end->getText().size() + 1);
          length = 1;
          message = fmt::format("expected a value after '{}'", end->getText());
          hint = "each step of a test is written on one line, e.g. `expect status 201`";
          break;
        }
        message = rewrite(recognizer, msg, offending);
        if (const antlr4::Token* open = innermost_unclosed(recognizer, offending); open != nullptr) {
          // Named when the message asks for its closer, or when a '(' or
          // '[' meets what cannot be inside it: `if (a {`, `f(a;`, `[1)`.
          // (A brace is open around most code: not then.)
          const bool asks_closer =
              message.starts_with("expected ") &&
              message.find(fmt::format("'{}'", closer_of(open->getType()))) < message.find(", found");
          const bool ends_it = type == WebXLexer::OpenBrace || type == WebXLexer::SemiColon ||
                               type == WebXLexer::CloseBrace || type == WebXLexer::CloseParen ||
                               type == WebXLexer::CloseBracket;
          const bool unexpected =
              message.starts_with("unexpected ") && open->getType() != WebXLexer::OpenBrace && ends_it;
          if (asks_closer || unexpected) {
            hint = fmt::format("the '{}' at {}:{} is still open here", open->getText(), open->getLine(),
                               open->getCharPositionInLine() + 1);
          }
        }
        break;
    }
    if (defer) {
      pending_ = Pending{at, message, length, hint};
      return;
    }
    auto& d = sink_.error(at, message, length);
    d.hint = hint;
  }

 private:
  static constexpr int kMaxErrors = 50;

  struct Pending {
    SourceLoc at;
    std::string message;
    uint32_t length;
    std::string hint;
  };

  static bool is_no_viable_alternative(const std::exception_ptr& error) {
    if (!error) return false;
    try {
      std::rethrow_exception(error);
    } catch (const antlr4::NoViableAltException&) {
      return true;
    } catch (...) {
      return false;
    }
  }

  // The `<` of a second JSX element right after a first one, when the
  // error is at most a few tokens past it; else null.
  static antlr4::Token* adjacent_jsx(antlr4::Recognizer* recognizer, antlr4::Token* offending) {
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    if (parser == nullptr || offending == nullptr) return nullptr;
    antlr4::TokenStream* tokens = parser->getTokenStream();
    antlr4::Token* after = nullptr;  // the default-channel token after the one looked at
    int seen = 0;
    for (size_t i = offending->getTokenIndex() + 1; i-- > 0 && seen < 8;) {
      antlr4::Token* t = tokens->get(i);
      if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
      ++seen;
      const size_t type = t->getType();
      if ((type == WebXLexer::JsxCloseGt || type == WebXLexer::JsxSlashGt) && after != nullptr &&
          after->getType() == WebXLexer::LessThan) {
        return after;
      }
      after = t;
    }
    return nullptr;
  }

  // Whether the token before `offending` is the keyword `function`.
  static bool follows_function(antlr4::Recognizer* recognizer, antlr4::Token* offending) {
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    if (parser == nullptr || offending == nullptr) return false;
    // Whitespace, line breaks and comments in between are on other channels.
    for (size_t i = offending->getTokenIndex(); i-- > 0;) {
      antlr4::Token* before = parser->getTokenStream()->get(i);
      if (before->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
      return before->getType() == WebXLexer::Function;
    }
    return false;
  }

  // The innermost bracket still open before `offending`, or null.
  static const antlr4::Token* innermost_unclosed(antlr4::Recognizer* recognizer, antlr4::Token* offending) {
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    if (parser == nullptr || offending == nullptr) return nullptr;
    std::vector<antlr4::Token*> open;
    antlr4::TokenStream* tokens = parser->getTokenStream();
    for (size_t i = 0; i < offending->getTokenIndex(); ++i) {
      antlr4::Token* t = tokens->get(i);
      if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
      switch (t->getType()) {
        case WebXLexer::OpenBrace: case WebXLexer::OpenParen: case WebXLexer::OpenBracket:
          open.push_back(t);
          break;
        case WebXLexer::CloseBrace: case WebXLexer::CloseParen: case WebXLexer::CloseBracket:
          if (!open.empty()) open.pop_back();
          break;
        default:
          break;
      }
    }
    return open.empty() ? nullptr : open.back();
  }

  static char closer_of(size_t open_type) {
    if (open_type == WebXLexer::OpenParen) return ')';
    if (open_type == WebXLexer::OpenBracket) return ']';
    return '}';
  }

  // In a test block, when ANTLR wanted the next step but found the second
  // token of a line: the line's first token ended the step before it (a
  // missing value, `expect status`, then `let id = …`). The last token of
  // that step, or null.
  static const antlr4::Token* swallowed_line_end(antlr4::Recognizer* recognizer, antlr4::Token* offending,
                                                 const std::string& msg) {
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    if (parser == nullptr || offending == nullptr || !expects_test_step(recognizer, msg)) return nullptr;
    antlr4::TokenStream* tokens = parser->getTokenStream();
    std::vector<antlr4::Token*> before;  // the two default-channel tokens before `offending`
    for (size_t i = offending->getTokenIndex(); i-- > 0 && before.size() < 2;) {
      antlr4::Token* t = tokens->get(i);
      if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL) before.push_back(t);
    }
    if (before.size() < 2) return nullptr;
    const antlr4::Token* first = before[0];
    const antlr4::Token* end = before[1];
    const bool first_on_its_line = end->getLine() < first->getLine();
    return first_on_its_line && first->getLine() == offending->getLine() ? end : nullptr;
  }

  // Whether the parser is in a test block and ANTLR's message expects what
  // one holds: steps or '}'.
  static bool expects_test_step(antlr4::Recognizer* recognizer, const std::string& msg) {
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    if (parser == nullptr || msg.find("'expect'") == std::string::npos) return false;
    for (antlr4::tree::ParseTree* c = parser->getContext(); c != nullptr; c = c->parent) {
      if (dynamic_cast<WebXParser::TestBlockContext*>(c) != nullptr) return true;
    }
    return false;
  }

  // ANTLR names tokens whose rule has an action by their rule name.
  static std::string display_names(std::string expected) {
    static const std::pair<std::string_view, std::string_view> kNames[] = {
        {"OpenBrace", "'{'"}, {"CloseBrace", "'}'"}, {"OpenParen", "'('"}, {"CloseParen", "')'"},
        {"OpenBracket", "'['"}, {"CloseBracket", "']'"}, {"BackTick", "'`'"}, {"JsxLt", "'<'"}};
    for (const auto& [name, shown] : kNames) {
      for (size_t at = expected.find(name); at != std::string::npos; at = expected.find(name, at)) {
        const size_t end = at + name.size();
        const bool whole = (at == 0 || !std::isalnum(static_cast<unsigned char>(expected[at - 1]))) &&
                           (end == expected.size() || !std::isalnum(static_cast<unsigned char>(expected[end])));
        if (!whole) {
          at = end;
          continue;
        }
        expected.replace(at, name.size(), shown);
        at += shown.size();
      }
    }
    return expected;
  }

  static std::string rewrite(antlr4::Recognizer* recognizer, const std::string& msg, antlr4::Token* offending) {
    std::string what = describe_token(offending);
    if (msg.rfind("missing ", 0) == 0) {
      // "missing ')' at '{'"
      size_t at = msg.find(" at ");
      std::string expected = msg.substr(8, at == std::string::npos ? std::string::npos : at - 8);
      return fmt::format("expected {} before {}", display_names(expected), what);
    }
    if (msg.find("expecting") != std::string::npos) {
      // "mismatched input 'x' expecting {...}" / "extraneous input ..."
      std::string expected = display_names(msg.substr(msg.find("expecting") + 10));
      if (expected.starts_with("{") && expected.ends_with("}")) {
        // A set: named when it is short ("'status', 'header', 'body' or
        // 'json'"), or when it is what a test block expects.
        std::vector<std::string> items;
        for (size_t from = 1, comma; from < expected.size() - 1; from = comma + 2) {
          comma = expected.find(", ", from);
          if (comma == std::string::npos || comma > expected.size() - 1) comma = expected.size() - 1;
          items.push_back(expected.substr(from, comma - from));
        }
        if (expects_test_step(recognizer, msg)) {
          return fmt::format("expected a test step (a request, 'expect' or 'let') or '}}', found {}", what);
        }
        if (items.size() <= 4) {
          std::string list;
          for (size_t i = 0; i < items.size(); ++i) {
            list += (i == 0 ? "" : i + 1 == items.size() ? " or " : ", ") + items[i];
          }
          return fmt::format("expected {}, found {}", list, what);
        }
      }
      if (expected.find('{') == std::string::npos && expected.size() < 40) {
        return fmt::format("expected {}, found {}", expected, what);
      }
    }
    return "unexpected " + what;
  }

  const SourceFilePtr& file_;
  DiagnosticSink& sink_;
  const syntax::WebXLexerBase& lexer_;
  size_t last_line_ = 0;
  int count_ = 0;
  std::optional<Pending> pending_;  // a deferred error of the region
  std::optional<std::pair<size_t, size_t>> region_error_;      // (line, col) of the one reported
  std::optional<std::pair<size_t, size_t>> region_lex_error_;  // (line, col) of the first
};

class LexerErrorListener : public antlr4::BaseErrorListener {
 public:
  explicit LexerErrorListener(syntax::WebXLexerBase& lexer) : lexer_(lexer) {}
  void syntaxError(antlr4::Recognizer*, antlr4::Token*, size_t line, size_t char_pos,
                   const std::string&, std::exception_ptr) override {
    lexer_.add_lex_error(line, char_pos + 1, 1, "unexpected character");
  }

 private:
  syntax::WebXLexerBase& lexer_;
};

// A file's tokens, all of them, with the lexer's errors collected in the
// lexer (the parse stages and the error recovery all start from here).
struct LexedFile {
  antlr4::ANTLRInputStream input;
  WebXLexer lexer{&input};
  LexerErrorListener listener{lexer};
  antlr4::CommonTokenStream tokens{&lexer};

  LexedFile(const SourceFilePtr& file, syntax::WebXLexerBase::Recovery recovery) : input(file->text()) {
    lexer.set_recovery(recovery);
    lexer.removeErrorListeners();
    lexer.addErrorListener(&listener);
    tokens.fill();
  }
};

void report_leftover_cover_grammar(const JsNode* n, const SourceFilePtr& file,
                                   DiagnosticSink& sink) {
  if (n == nullptr) return;
  if (n->kind == JsKind::Property && n->value == "shorthand-default") {
    sink.error(SourceLoc{file->path(), n->line, n->col},
               "a shorthand property with '=' is only valid in destructuring");
  }
  for (const auto& k : n->kids) report_leftover_cover_grammar(k.get(), file, sink);
}

// A run of lines parsed on its own after a syntax error (recover).
struct Region {
  size_t first_line = 0;
  std::optional<std::pair<size_t, size_t>> syntax_error;  // (line, col) of its parse error
  std::string declares;  // the handler or model it starts with
  bool lex_error = false;
};

// The name after `handler` or `model` when tokens [from, to) start with one.
std::string declared_name(const std::vector<antlr4::Token*>& tokens, size_t from, size_t to) {
  std::vector<antlr4::Token*> first;
  for (size_t i = from; i < to && first.size() < 2; ++i) {
    if (tokens[i]->getChannel() == antlr4::Token::DEFAULT_CHANNEL) first.push_back(tokens[i]);
  }
  if (first.size() < 2) return "";
  const size_t kind = first[0]->getType();
  if (kind != WebXLexer::Handler && kind != WebXLexer::Model) return "";
  return first[1]->getType() == WebXLexer::Identifier ? first[1]->getText() : "";
}

// Reports the lexer's errors. With `regions` (ascending), only the first
// error found in a region and what was still open at its end, and none
// after the region's parse error: the others are almost always consequences
// of the first (a lost quote pairs every later quote wrongly).
void report_lex_errors(const syntax::WebXLexerBase& lexer, const SourceFilePtr& file,
                       DiagnosticSink& sink, const std::vector<Region>& regions = {}) {
  std::vector<bool> seen(regions.size() + 1, false);
  for (const auto& e : lexer.lex_errors()) {
    const auto region = static_cast<size_t>(
        std::upper_bound(regions.begin(), regions.end(), e.line,
                         [](size_t line, const Region& r) { return line < r.first_line; }) -
        regions.begin());
    if (region > 0) {
      // A lexical error after the region's syntax error follows from it
      // (an extra `{` makes the lexer read the rest as JavaScript).
      const auto& parsed = regions[region - 1].syntax_error;
      if (parsed && std::pair<size_t, size_t>{e.line, e.col} > *parsed && !e.stops) continue;
    }
    if (!regions.empty() && seen[region] && !e.unterminated && !e.stops) continue;
    seen[region] = true;
    sink.error(SourceLoc{file->path(), static_cast<uint32_t>(e.line), static_cast<uint32_t>(e.col)},
               e.message, e.length);
  }
}

// Parses `parser`'s tokens, stopping at the first syntax error: the tree,
// or null on an error.
WebXParser::ProgramContext* parse_or_bail(WebXParser& parser, antlr4::atn::PredictionMode mode) {
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(mode);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  try {
    parser.start_stack_guard();
    return parser.program();
  } catch (const antlr4::ParseCancellationException&) {
  } catch (const syntax::NestingLimitExceeded&) {
  }
  return nullptr;
}

// The parse of a file without syntax errors. Two stages: the fast SLL mode
// handles almost every input; only when it fails is the input parsed again
// in full LL mode. False when the file has a syntax error, with nothing
// reported or added; `jsx_ran_out` then says whether a JSX construct was
// still open at the end of the file.
bool parse_valid(const SourceFilePtr& file, DiagnosticSink& sink, syntax::AstBuilder& builder,
                 Module& module, bool& jsx_ran_out) {
  LexedFile lexed(file, syntax::WebXLexerBase::Recovery::Off);
  WebXLexer& lexer = lexed.lexer;
  antlr4::CommonTokenStream& tokens = lexed.tokens;
  WebXParser parser(&tokens);
  parser.removeErrorListeners();
  WebXParser::ProgramContext* tree = parse_or_bail(parser, antlr4::atn::PredictionMode::SLL);
  if (tree == nullptr) {
    tokens.seek(0);
    parser.reset();
    tree = parse_or_bail(parser, antlr4::atn::PredictionMode::LL);
  }
  if (tree == nullptr) {
    jsx_ran_out = lexer.jsx_left_open();
    return false;
  }
  // A tag closed by the wrong name parses; only the lexer saw it.
  report_lex_errors(lexer, file, sink);
  builder.add_items(tree, module);
  return true;
}

// The parse of a file with syntax errors, made to report each error once and
// not its consequences. The file is lexed again with recovery on (a line
// that starts a top-level item ends whatever is still open), and each run
// of lines from one such item to the next is parsed on its own, so an error
// cannot spill into the items after it. Each region reports its first
// error; the items of every region are kept, for the checks that follow.
void recover(const SourceFilePtr& file, DiagnosticSink& sink, syntax::AstBuilder& builder,
             Module& module, bool in_jsx) {
  using Recovery = syntax::WebXLexerBase::Recovery;
  LexedFile lexed(file, in_jsx ? Recovery::InJsx : Recovery::Brackets);
  const WebXLexer& lexer = lexed.lexer;
  const std::vector<antlr4::Token*> all = lexed.tokens.getTokens();
  const std::vector<size_t>& item_lines = lexer.item_lines();

  // Region boundaries: the first token of each item line (all start at
  // column 1), then the EOF token.
  std::vector<size_t> starts{0};
  size_t next_line = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    antlr4::Token* t = all[i];
    while (next_line < item_lines.size() && item_lines[next_line] < t->getLine()) ++next_line;
    if (next_line < item_lines.size() && item_lines[next_line] == t->getLine() &&
        t->getCharPositionInLine() == 0 && i > 0) {
      starts.push_back(i);
      ++next_line;
    }
  }
  starts.push_back(all.size() - 1);  // the EOF token

  SyntaxErrorListener listener(file, sink, lexer);
  std::vector<Region> regions;
  for (size_t r = 0; r + 1 < starts.size(); ++r) {
    const size_t from = starts[r];
    const size_t to = starts[r + 1];
    if (from == to) continue;
    regions.push_back(Region{all[from]->getLine(), std::nullopt, "", false});
    std::vector<std::unique_ptr<antlr4::Token>> region;
    for (size_t i = from; i < to; ++i) region.push_back(std::make_unique<antlr4::CommonToken>(all[i]));
    // The region ends with an EOF token where the next item starts, named
    // after it: "expected '}' before 'test'".
    antlr4::Token* next = all[to];
    auto eof = std::make_unique<antlr4::CommonToken>(antlr4::Token::EOF, next->getText());
    eof->setLine(next->getLine());
    eof->setCharPositionInLine(next->getCharPositionInLine());
    eof->setStartIndex(next->getStartIndex());
    eof->setStopIndex(next->getStartIndex() - 1);
    region.push_back(std::move(eof));
    antlr4::ListTokenSource source(std::move(region));
    antlr4::CommonTokenStream region_tokens(&source);
    WebXParser parser(&region_tokens);
    parser.removeErrorListeners();
    parser.addErrorListener(&listener);
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::LL);
    listener.begin_region(all[from]->getLine(), r + 2 < starts.size() ? next->getLine() : SIZE_MAX);
    try {
      parser.start_stack_guard();
      builder.add_items(parser.program(), module);
    } catch (const syntax::NestingLimitExceeded& e) {
      sink.error(SourceLoc{file->path(), static_cast<uint32_t>(e.line), static_cast<uint32_t>(e.col)},
                 "program nested too deeply");
    }
    listener.end_region();
    regions.back().syntax_error = listener.region_error();
    regions.back().lex_error = listener.region_lex_error();
    regions.back().declares = declared_name(all, from, to);
  }
  report_lex_errors(lexer, file, sink, regions);

  // What is found later in a region with an error follows from it: muted,
  // and a handler or model it declares is not "unknown" where it is used.
  for (size_t r = 0; r < regions.size(); ++r) {
    const size_t end_line = r + 1 < regions.size() ? regions[r + 1].first_line : SIZE_MAX;
    if (!regions[r].syntax_error && !regions[r].lex_error) continue;
    sink.mute(file->path(), static_cast<uint32_t>(regions[r].first_line),
              static_cast<uint32_t>(std::min<size_t>(end_line, UINT32_MAX)));
    if (!regions[r].declares.empty()) module.broken_names.push_back(regions[r].declares);
  }
}

}  // namespace

std::unique_ptr<Module> parse_module(const SourceFilePtr& file, DiagnosticSink& sink) {
  sink.add_source(file);
  auto module = std::make_unique<Module>();
  module->path = file->path();
  module->source = file;
  if (size_t bad = find_invalid_utf8(file->text()); bad != std::string::npos) {
    auto& d = sink.error(file->loc_at_offset(bad), "file is not valid UTF-8");
    d.hint = "WebX source files must be saved as UTF-8";
    return module;
  }

  syntax::AstBuilder builder(file, sink);
  bool jsx_ran_out = false;
  if (!parse_valid(file, sink, builder, *module, jsx_ran_out)) recover(file, sink, builder, *module, jsx_ran_out);
  auto check_body = [&](const JsNode* n) { report_leftover_cover_grammar(n, file, sink); };
  for (const auto& g : module->globals) check_body(g.ast.get());
  for (const auto& h : module->handlers) check_body(h.body.ast.get());
  for (const auto& r : module->routes) {
    if (r.body) check_body(r.body->ast.get());
  }
  return module;
}

void clear_parser_caches() {
  antlr4::ANTLRInputStream input("");
  WebXLexer lexer(&input);
  antlr4::CommonTokenStream tokens(&lexer);
  WebXParser parser(&tokens);
  lexer.getInterpreter<antlr4::atn::LexerATNSimulator>()->clearDFA();
  auto* atn = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  atn->clearDFA();
  atn->getSharedContextCache().clear();
}

}  // namespace webx
