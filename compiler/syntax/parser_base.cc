#include "parser_base.h"

#include <algorithm>

#include "WebXParser.h"

namespace webx::syntax {

WebXParserBase::WebXParserBase(antlr4::TokenStream* input) : antlr4::Parser(input) {}

void WebXParserBase::start_stack_guard() {
  char marker;
  stack_base_ = &marker;
}

void WebXParserBase::check_stack() {
  char marker;
  if (stack_base_ != nullptr && stack_base_ - &marker > static_cast<ptrdiff_t>(kMaxStackBytes)) {
    antlr4::Token* t = _input->LT(1);
    throw NestingLimitExceeded{t->getLine(), t->getCharPositionInLine() + 1};
  }
}

void WebXParserBase::enterRule(antlr4::ParserRuleContext* localctx, size_t state,
                               size_t ruleIndex) {
  check_stack();
  antlr4::Parser::enterRule(localctx, state, ruleIndex);
}

void WebXParserBase::enterRecursionRule(antlr4::ParserRuleContext* localctx, size_t state,
                                        size_t ruleIndex, int precedence) {
  check_stack();
  antlr4::Parser::enterRecursionRule(localctx, state, ruleIndex, precedence);
}

bool WebXParserBase::lineTerminatorAhead() {
  antlr4::Token* prev = _input->LT(-1);
  antlr4::Token* next = _input->LT(1);
  if (prev == nullptr || next == nullptr) return false;
  const std::string text = prev->getText();
  size_t prev_end_line = prev->getLine() + std::count(text.begin(), text.end(), '\n');
  return next->getLine() > prev_end_line;
}

bool WebXParserBase::closeBraceAhead() {
  size_t type = _input->LA(1);
  return type == WebXParser::CloseBrace || type == antlr4::Token::EOF;
}

bool WebXParserBase::notStatementStart() {
  size_t type = _input->LA(1);
  return type != WebXParser::OpenBrace && type != WebXParser::Function &&
         type != WebXParser::Class;
}

}  // namespace webx::syntax
