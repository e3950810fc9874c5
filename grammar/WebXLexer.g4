// The WebX lexer: WebX declarations, modern JavaScript, JSX and route paths.
//
// The language changes inside one file, so the lexer has modes:
//   DEFAULT       WebX items and JavaScript
//   TEMPLATE      the text of a `template ${literal}`
//   JSX_TAG       inside `<name attr=... >`
//   JSX_CHILDREN  between an element's tags (HTML text, `{expr}`, nested tags)
//   JSX_RAWTEXT   the body of <script> and <style>, which is text up to its end tag
//   JSX_CLOSE     inside `</name>`
//   PATH          a route or location path, up to the first whitespace
//   PATH_PARAM    a `(name: type)` path parameter
//
// Decisions that need context (is `/` a regex or a division? does `<` start
// JSX? does `get` start a route?) are made by WebXLexerBase, which tracks the
// previous token and the nesting of braces. See compiler/syntax/lexer_base.h.
lexer grammar WebXLexer;

options { superClass = WebXLexerBase; }

@header {
#include "lexer_base.h"
}

channels { COMMENTS }

// Emitted by WebXLexerBase for the `>` that ends a void element (`<input>`).
tokens { JsxVoidGt }

// ---------------------------------------------------------------------------
// Trivia. Whitespace stays on the hidden channel (not skipped) so the parser
// can see line breaks for automatic semicolon insertion.
MultiLineComment:    '/*' .*? '*/' -> channel(COMMENTS);
// Matches only when no `*/` follows, so it never outruns MultiLineComment.
UnterminatedComment: '/*' (~[*] | '*'+ ~[*/])* '*'* EOF;
SingleLineComment:   '//' ~[\r\n\u2028\u2029]* -> channel(COMMENTS);
WhiteSpaces:         [\t\u000B\u000C\u0020\u00A0\uFEFF]+ -> channel(HIDDEN);
LineTerminator:      [\r\n\u2028\u2029] -> channel(HIDDEN);

// Regular expression literals are only possible where an expression may start.
RegularExpressionLiteral
    : '/' { regexAllowed() }? RegexFirstChar RegexChar* '/' RegexFlag*
    ;

// A `<` that starts JSX (where an expression may start, followed by a tag
// name or `>`), and the HTML doctype.
Doctype:  '<!' { exprAllowed() }? [dD][oO][cC][tT][yY][pP][eE] ~[>]* '>';
JsxLt:    '<' { exprAllowed() && tagStartAhead() }? { enterJsxTag(); };

// ---------------------------------------------------------------------------
// Punctuation.
OpenBracket:        '[' { openFrame(Frame::Bracket); };
CloseBracket:       ']' { closeFrame(Frame::Bracket); };
OpenParen:          '(' { openFrame(Frame::Paren); };
CloseParen:         ')' { closeFrame(Frame::Paren); };
OpenBrace:          '{' { openBrace(); };
CloseBrace:         '}' { closeBrace(); };
SemiColon:          ';';
Comma:              ',';
Arrow:              '->';
FatArrow:           '=>';
Ellipsis:           '...';
QuestionDot:        '?.' { !isDigit(_input->LA(1)) }?;
NullishAssign:      '??=';
Nullish:            '??';
QuestionMark:       '?';
Colon:              ':';
Dot:                '.';
PlusPlus:           '++';
MinusMinus:         '--';
Plus:               '+';
Minus:              '-';
BitNot:             '~';
Not:                '!';
PowerAssign:        '**=';
Power:              '**';
MultiplyAssign:     '*=';
Multiply:           '*';
DivideAssign:       '/=';
Divide:             '/';
ModulusAssign:      '%=';
Modulus:            '%';
LeftShiftAssign:    '<<=';
LeftShift:          '<<';
LessThanEquals:     '<=';
LessThan:           '<';
// `>>`, `>>>` and their assignments are sequences of `>` tokens joined by the
// parser, so that `Map<string, Array<number>>` closes two type argument lists.
GreaterThanEquals:  '>=';
MoreThan:           '>';
IdentityEquals:     '===';
IdentityNotEquals:  '!==';
Equals:             '==';
NotEquals:          '!=';
Assign:             '=';
AndAssign:          '&&=';
OrAssign:           '||=';
BitAndAssign:       '&=';
BitXorAssign:       '^=';
BitOrAssign:        '|=';
PlusAssign:         '+=';
MinusAssign:        '-=';
And:                '&&';
Or:                 '||';
BitAnd:             '&';
BitXor:             '^';
BitOr:              '|';
At:                 '@';

// ---------------------------------------------------------------------------
// Literals.
NullLiteral:    'null';
BooleanLiteral: 'true' | 'false';

NumericLiteral
    : DecimalLiteral
    | '0' [xX] HexDigit ('_'? HexDigit)*
    | '0' [oO] [0-7] ('_'? [0-7])*
    | '0' [bB] [01] ('_'? [01])*
    ;

StringLiteral
    : '"' DoubleStringChar* '"'
    | '\'' SingleStringChar* '\''
    ;
UnterminatedString
    : '"' DoubleStringChar*
    | '\'' SingleStringChar*
    ;

BackTick: '`' { enterTemplate(); };

// ---------------------------------------------------------------------------
// Keywords. JavaScript reserved words, then contextual words that are
// keywords only where the parser expects them (identifiers elsewhere).
Break:      'break';
Case:       'case';
Catch:      'catch';
Class:      'class';
Const:      'const';
Continue:   'continue';
Debugger:   'debugger';
Default:    'default';
Do:         'do';
Else:       'else';
Extends:    'extends';
Finally:    'finally';
For:        'for';
Function:   'function';
If:         'if';
In:         'in';
Instanceof: 'instanceof';
New:        'new';
Return:     'return';
Super:      'super';
Switch:     'switch';
This:       'this';
Throw:      'throw';
Try:        'try';
Typeof:     'typeof';
Var:        'var';
Void:       'void';
While:      'while';
With:       'with';
// Reserved so that a clear error names them instead of a confusing one later.
Async:      'async';
Await:      'await';
Yield:      'yield';
Import:     'import';
Export:     'export';
Enum:       'enum';

// Contextual.
Let:        'let';
Static:     'static';
Of:         'of';
As:         'as';
Get:        'get'     { onMethodKeyword(); };
Set:        'set';
Include:    'include';
Global:     'global';
Model:      'model'   { expectBlock(Frame::Model); };
Handler:    'handler';
Location:   'location' { onLocationKeyword(); };
Test:       'test'    { expectBlock(Frame::Test); };
Expect:     'expect';
Status:     'status';
Header:     'header';
Body:       'body';
Json:       'json';
Form:       'form';
Text:       'text';
Matches:    'matches';
Contains:   'contains';
// HTTP methods (`get` is above, `delete` is the JavaScript operator).
Post:       'post'    { onMethodKeyword(); };
Put:        'put'     { onMethodKeyword(); };
Patch:      'patch'   { onMethodKeyword(); };
Delete:     'delete'  { onMethodKeyword(); };
Head:       'head'    { onMethodKeyword(); };
Options:    'options' { onMethodKeyword(); };
Connect:    'connect' { onMethodKeyword(); };
Trace:      'trace'   { onMethodKeyword(); };

Identifier: IdentifierStart IdentifierPart*;

// Anything else is reported once by the error listener and skipped.
UnexpectedChar: .;

// ===========================================================================
mode TEMPLATE;
TemplateEnd:        '`' { leaveMode(); } -> type(BackTick);
TemplateExprStart:  '${' { openModeBrace(); };
TemplateChars:      (~[`\\$] | '\\' .)+;
TemplateDollar:     '$' -> type(TemplateChars);

// ===========================================================================
mode JSX_TAG;
JsxTagWhiteSpace:   [ \t\r\n\u000B\u000C\u00A0]+ -> channel(HIDDEN);
JsxTagComment:      '/*' .*? '*/' -> channel(COMMENTS);
JsxTagLineComment:  '//' ~[\r\n]* -> channel(COMMENTS);
JsxSlashGt:         '/>' { leaveMode(); };
JsxGt:              '>' { onJsxTagEnd(); };
JsxEquals:          '=';
JsxName:            JsxNameStart JsxNameChar* { onJsxName(); };
JsxString:          '"' ~["]* '"' | '\'' ~[']* '\'';
JsxUnterminatedString: '"' ~["]* EOF | '\'' ~[']* EOF;
JsxTagOpenBrace:    '{' { openModeBrace(); } -> type(OpenBrace);
JsxTagUnexpected:   . -> type(UnexpectedChar);

// ===========================================================================
mode JSX_CHILDREN;
JsxComment:         '<!--' .*? '-->' -> channel(COMMENTS);
JsxChildDoctype:    '<!' [dD][oO][cC][tT][yY][pP][eE] ~[>]* '>' -> type(Doctype);
JsxCloseOpen:       '</' { enterJsxClose(); };
JsxChildLt:         '<' { tagStartAhead() }? { enterJsxTag(); } -> type(JsxLt);
JsxChildOpenBrace:  '{' { openModeBrace(); } -> type(OpenBrace);
JsxText:            ~[<{]+;
JsxTextLt:          '<' -> type(JsxText);

// ===========================================================================
mode JSX_RAWTEXT;
RawClose:           '</' { rawCloseAhead() }? { enterJsxClose(); } -> type(JsxCloseOpen);
RawText:            ~[<]+ -> type(JsxText);
RawLt:              '<' -> type(JsxText);

// ===========================================================================
mode JSX_CLOSE;
JsxCloseWhiteSpace: [ \t\r\n]+ -> channel(HIDDEN);
JsxCloseName:       JsxNameStart JsxNameChar* -> type(JsxName);
JsxCloseGt:         '>' { leaveMode(); };
JsxCloseUnexpected: . -> type(UnexpectedChar);

// ===========================================================================
mode PATH;
PathLeadingSpace:   [ \t]+ -> channel(HIDDEN);
PathSlash:          '/';
PathStar:           '*';
PathParamOpen:      '(' { enterPathParam(); };
PathText:           PathChar+;
// WebXLexerBase::nextToken leaves PATH mode before any other character once
// the path has started, so nothing else is ever lexed here.

// ===========================================================================
mode PATH_PARAM;
PathParamWhiteSpace: [ \t]+ -> channel(HIDDEN);
PathParamName:       IdentifierStart IdentifierPart* -> type(Identifier);
PathParamColon:      ':' -> type(Colon);
PathParamClose:      ')' { leaveMode(); };
PathParamUnexpected: . -> type(UnexpectedChar);

// ===========================================================================
fragment DoubleStringChar: ~["\\\r\n] | '\\' EscapeTail;
fragment SingleStringChar: ~['\\\r\n] | '\\' EscapeTail;
fragment EscapeTail:       ~[\r\n] | '\r\n' | [\r\n];
fragment DecimalLiteral
    : DecimalIntegerLiteral ('.' DecimalDigits?)? ExponentPart?
    | '.' DecimalDigits ExponentPart?
    ;
fragment DecimalIntegerLiteral: '0' | [1-9] ('_'? [0-9])*;
fragment DecimalDigits:         [0-9] ('_'? [0-9])*;
fragment ExponentPart:          [eE] [+-]? DecimalDigits;
fragment HexDigit:              [0-9a-fA-F];
fragment IdentifierStart:       [\p{L}] | [$_] | '\\u' HexDigit HexDigit HexDigit HexDigit;
fragment IdentifierPart:        IdentifierStart | [\p{Mn}] | [\p{Nd}] | [\p{Pc}] | '\u200C' | '\u200D';
fragment RegexFirstChar:        ~[*\r\n\u2028\u2029\\/[] | RegexBackslash | RegexClass;
fragment RegexChar:             ~[\r\n\u2028\u2029\\/[] | RegexBackslash | RegexClass;
fragment RegexBackslash:        '\\' ~[\r\n\u2028\u2029];
fragment RegexClass:            '[' (~[\]\r\n\u2028\u2029\\] | RegexBackslash)* ']';
fragment RegexFlag:             [a-z];
fragment JsxNameStart:          [a-zA-Z_$@:];
fragment JsxNameChar:           [a-zA-Z0-9_$@:.\-];
fragment PathChar:              [a-zA-Z0-9\-._~!$&+=:@%?];
