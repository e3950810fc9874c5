// Context the WebX parser needs beyond what a grammar can say: automatic
// semicolon insertion (is there a line break before the next token?) and a
// bound on recursion, so hostile input ends in a diagnostic, not a stack
// overflow.
//
// Used by one thread at a time (one parser per compiled file).
#pragma once

#include "antlr4-runtime.h"

namespace webx::syntax {

// Thrown (and caught by the front end) when parsing has used more than
// kMaxStackBytes of stack since start_stack_guard(). Deliberately not a
// RecognitionException, so the generated rules do not try to recover from it.
struct NestingLimitExceeded {
  size_t line;
  size_t col;  // 1-based
};

class WebXParserBase : public antlr4::Parser {
 public:
  // Measuring the stack itself (rather than counting rules) bounds what
  // matters, costs one comparison per rule, and needs no hook on rule exit,
  // which the runtime does not offer. 2 MiB is far more than any real program
  // needs (thousands of nested rules) and far less than any thread's stack.
  static constexpr size_t kMaxStackBytes = 2 * 1024 * 1024;

  explicit WebXParserBase(antlr4::TokenStream* input);

  // Call on the thread that parses, right before the start rule.
  void start_stack_guard();

  void enterRule(antlr4::ParserRuleContext* localctx, size_t state, size_t ruleIndex) override;
  void enterRecursionRule(antlr4::ParserRuleContext* localctx, size_t state, size_t ruleIndex,
                          int precedence) override;

 protected:
  bool lineTerminatorAhead();
  bool noLineTerminatorHere() { return !lineTerminatorAhead(); }
  bool closeBraceAhead();
  bool notStatementStart();

 private:
  void check_stack();
  const char* stack_base_ = nullptr;
};

}  // namespace webx::syntax
