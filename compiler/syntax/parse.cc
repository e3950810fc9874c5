// Drives the ANTLR lexer and parser for one file and turns their errors into
// WebX diagnostics.
#include "parse.h"

#include <fmt/format.h>

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

std::string describe_token(antlr4::Token* t) {
  if (t == nullptr || t->getType() == antlr4::Token::EOF) return "end of file";
  std::string text = t->getText();
  if (text.size() > 24) text = text.substr(0, 21) + "...";
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return "'" + text + "'";
}

// Turns ANTLR's syntax errors into WebX diagnostics: one per line at most
// (later ones on the same line are almost always consequences of the first),
// none for tokens the lexer already complained about, and with wording a
// user can act on instead of ANTLR's expected-token sets.
class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  SyntaxErrorListener(const SourceFilePtr& file, DiagnosticSink& sink,
                      const syntax::WebXLexerBase& lexer)
      : file_(file), sink_(sink), lexer_(lexer) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                   size_t char_pos, const std::string& msg, std::exception_ptr) override {
    if (count_ >= kMaxErrors) return;
    if (line == last_line_) return;
    size_t type = offending ? offending->getType() : antlr4::Token::EOF;
    // The lexer reported these already with a precise message.
    if (type == WebXLexer::UnexpectedChar || type == WebXLexer::UnterminatedString ||
        type == WebXLexer::UnterminatedComment || type == WebXLexer::JsxUnterminatedString) {
      return;
    }
    if (type == antlr4::Token::EOF && !lexer_.lex_errors().empty()) return;
    last_line_ = line;
    ++count_;

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
        message = rewrite(msg, offending);
        break;
      case WebXLexer::Import:
      case WebXLexer::Export:
        message = fmt::format("'{}' is not supported", offending->getText());
        hint = "share code between modules with `include \"file.webx\"`";
        break;
      default:
        message = rewrite(msg, offending);
        break;
    }
    auto& d = sink_.error(at, message, length);
    d.hint = hint;
  }

 private:
  static constexpr int kMaxErrors = 50;

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

  static std::string rewrite(const std::string& msg, antlr4::Token* offending) {
    std::string what = describe_token(offending);
    if (msg.rfind("missing ", 0) == 0) {
      // "missing ')' at '{'"
      size_t at = msg.find(" at ");
      std::string expected = msg.substr(8, at == std::string::npos ? std::string::npos : at - 8);
      return fmt::format("expected {} before {}", expected, what);
    }
    if (msg.find("expecting") != std::string::npos) {
      // "mismatched input 'x' expecting {...}" / "extraneous input ..."
      std::string expected = msg.substr(msg.find("expecting") + 10);
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

void report_leftover_cover_grammar(const JsNode* n, const SourceFilePtr& file,
                                   DiagnosticSink& sink) {
  if (n == nullptr) return;
  if (n->kind == JsKind::Property && n->value == "shorthand-default") {
    sink.error(SourceLoc{file->path(), n->line, n->col},
               "a shorthand property with '=' is only valid in destructuring");
  }
  for (const auto& k : n->kids) report_leftover_cover_grammar(k.get(), file, sink);
}

}  // namespace

std::unique_ptr<Module> parse_module(const SourceFilePtr& file, DiagnosticSink& sink) {
  sink.add_source(file);
  const std::string& text = file->text();
  if (size_t bad = find_invalid_utf8(text); bad != std::string::npos) {
    auto& d = sink.error(file->loc_at_offset(bad), "file is not valid UTF-8");
    d.hint = "WebX source files must be saved as UTF-8";
    auto m = std::make_unique<Module>();
    m->path = file->path();
    m->source = file;
    return m;
  }

  antlr4::ANTLRInputStream input(text);
  WebXLexer lexer(&input);
  LexerErrorListener lexer_listener(lexer);
  lexer.removeErrorListeners();
  lexer.addErrorListener(&lexer_listener);
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();

  WebXParser parser(&tokens);
  parser.removeErrorListeners();
  WebXParser::ProgramContext* tree = nullptr;
  // Two-stage parsing: the fast SLL mode handles almost every input; only
  // when it fails is the input parsed again in full LL mode, which also
  // produces the error messages.
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  try {
    parser.start_stack_guard();
    tree = parser.program();
  } catch (const antlr4::ParseCancellationException&) {
    tree = nullptr;
  } catch (const syntax::NestingLimitExceeded& e) {
    tree = nullptr;
  }
  if (tree == nullptr) {
    tokens.seek(0);
    parser.reset();
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::LL);
    parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
    SyntaxErrorListener listener(file, sink, lexer);
    parser.addErrorListener(&listener);
    try {
      parser.start_stack_guard();
      tree = parser.program();
    } catch (const syntax::NestingLimitExceeded& e) {
      sink.error(SourceLoc{file->path(), static_cast<uint32_t>(e.line),
                           static_cast<uint32_t>(e.col)},
                 "program nested too deeply");
      tree = nullptr;
    }
    parser.removeErrorListeners();
  }

  for (const auto& e : lexer.lex_errors()) {
    sink.error(SourceLoc{file->path(), static_cast<uint32_t>(e.line), static_cast<uint32_t>(e.col)},
               e.message, e.length);
  }

  std::unique_ptr<Module> module;
  if (tree != nullptr) {
    syntax::AstBuilder builder(file, sink);
    module = builder.build(tree);
  } else {
    module = std::make_unique<Module>();
    module->path = file->path();
    module->source = file;
  }
  auto check_body = [&](const JsNode* n) { report_leftover_cover_grammar(n, file, sink); };
  for (const auto& g : module->globals) check_body(g.ast.get());
  for (const auto& h : module->handlers) check_body(h.body.ast.get());
  for (const auto& r : module->routes) {
    if (r.body) check_body(r.body->ast.get());
  }
  return module;
}

}  // namespace webx
