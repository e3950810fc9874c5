// The WebX parser: modules (includes, globals, models, handlers, routes,
// locations, tests), JavaScript with TypeScript-style annotations, and JSX.
//
// The parse tree is turned into the AST (compiler/ast.h) by
// compiler/syntax/ast_builder.cc; nothing else sees it. Some checks that
// would make the grammar ambiguous or its errors obscure (a path parameter
// that is not a whole segment, `>` `>` written with a space as a shift,
// object literals used as destructuring targets) are done there, with better
// messages than a parser could give.
parser grammar WebXParser;

options {
    tokenVocab = WebXLexer;
    superClass = WebXParserBase;
}

@header {
#include "parser_base.h"
}

// ===========================================================================
// Modules

program
    : item* EOF
    ;

item
    : includeDecl
    | globalBlock
    | modelDecl
    | handlerDecl
    | route
    | locationBlock
    | testBlock
    | topLevelDeclaration
    | SemiColon
    ;

includeDecl
    : Include StringLiteral SemiColon?
    ;

globalBlock
    : Global block
    ;

topLevelDeclaration
    : variableStatement
    | functionDeclaration
    | classDeclaration
    ;

modelDecl
    : Model identifier OpenBrace modelFieldList? CloseBrace
    ;

modelFieldList
    : modelField ((Comma | SemiColon)? modelField)* (Comma | SemiColon)?
    ;

modelField
    : identifier QuestionMark? Colon typeRef (Assign singleExpression)?
    ;

// A model / body field / handler parameter type: `string`,
// `string[minLength(1)]`, `Todo[]`, `int[min(0)][]`.
typeRef
    : identifier constraintList? (OpenBracket CloseBracket)*
    ;

constraintList
    : OpenBracket constraint (Comma constraint)* Comma? CloseBracket
    ;

constraint
    : identifier OpenParen (constraintArg (Comma constraintArg)*)? CloseParen
    ;

constraintArg
    : Minus? NumericLiteral
    | StringLiteral
    | RegularExpressionLiteral
    | BooleanLiteral
    ;

handlerDecl
    : Handler identifier OpenParen handlerParams? CloseParen typeAnnotation? handlerBody
    ;

handlerParams
    : handlerParam (Comma handlerParam)* Comma?
    ;

handlerParam
    : identifier QuestionMark? (Colon typeRef)? (Assign singleExpression)?
    ;

handlerBody
    : block
    | templateBody
    ;

// `( JSX )`: a template. Several JSX nodes may follow each other (typically a
// doctype and <html>); any other expression is allowed too.
templateBody
    : OpenParen jsxNode+ CloseParen
    | OpenParen expression CloseParen
    ;

// ===========================================================================
// Routes

route
    : httpMethod routePath bodyFormat? (Arrow preCalls=callList)? routeBody? (Arrow postCalls=callList)?
    ;

httpMethod
    : Get | Post | Put | Patch | Delete | Head | Options | Connect | Trace
    ;

// Structure (segments separated by slashes, parameters as whole segments) is
// checked by the AST builder, which can say precisely what is wrong.
routePath
    : (PathSlash | PathText | PathStar | pathParam)+
    ;

pathParam
    : PathParamOpen Identifier (Colon Identifier)? PathParamClose
    ;

bodyFormat
    : Json (OpenParen fieldList? CloseParen)?      # jsonBody
    | Form (OpenParen fieldList? CloseParen)?      # formBody
    | Text                                         # textBody
    | identifier                                   # modelBody
    ;

fieldList
    : modelField (Comma modelField)* Comma?
    ;

callList
    : call (Comma call)*
    ;

call
    : identifier arguments? (Colon identifier)?
    ;

routeBody
    : block
    | templateBody
    ;

locationBlock
    : Location routePath OpenBrace item* CloseBrace
    ;

// ===========================================================================
// Tests

testBlock
    : Test StringLiteral OpenBrace testStep* CloseBrace
    ;

testStep
    : httpMethod testTarget testRequestBody? (With objectLiteral)? SemiColon?   # testRequest
    | Expect expectation SemiColon?                                           # testExpect
    | (Let | Const) identifier Assign singleExpression SemiColon?             # testCapture
    ;

testTarget
    : routePath
    | StringLiteral
    | templateLiteral
    ;

testRequestBody
    : (Json | Form) OpenParen (namedArg (Comma namedArg)* Comma?)? CloseParen   # testFieldsBody
    | (Json | Text) OpenParen singleExpression CloseParen                       # testValueBody
    ;

namedArg
    : propertyName Colon singleExpression
    ;

expectation
    : Status compareOp? singleExpression                # expectStatus
    | Header StringLiteral compareOp singleExpression   # expectHeader
    | Body compareOp singleExpression                   # expectBody
    | Json jsonPath* compareOp singleExpression         # expectJson
    ;

jsonPath
    : Dot identifierName
    | OpenBracket singleExpression CloseBracket
    ;

compareOp
    : Equals | IdentityEquals | NotEquals | IdentityNotEquals
    | LessThan | LessThanEquals | MoreThan | GreaterThanEquals
    | Contains | Matches | Not Contains | Not Matches
    ;

// ===========================================================================
// JavaScript statements

block
    : OpenBrace statement* CloseBrace
    ;

statement
    : block
    | variableStatement
    | functionDeclaration
    | classDeclaration
    | SemiColon
    | ifStatement
    | iterationStatement
    | continueStatement
    | breakStatement
    | returnStatement
    | throwStatement
    | tryStatement
    | switchStatement
    | labelledStatement
    | Debugger eos
    | expressionStatement
    ;

variableStatement
    : varKind variableDeclaration (Comma variableDeclaration)* eos
    ;

varKind
    : Var | Let | Const
    ;

variableDeclaration
    : bindingTarget typeAnnotation? (Assign singleExpression)?
    ;

bindingTarget
    : identifier
    | objectPattern
    | arrayPattern
    ;

objectPattern
    : OpenBrace (patternProperty (Comma patternProperty)* Comma?)? CloseBrace
    ;

patternProperty
    : Ellipsis identifier                                         # patternRest
    | propertyName Colon bindingElement                           # patternKeyed
    | identifier (Assign singleExpression)?                       # patternShorthand
    ;

arrayPattern
    : OpenBracket arrayPatternElement? (Comma arrayPatternElement?)* CloseBracket
    ;

arrayPatternElement
    : Ellipsis bindingTarget
    | bindingElement
    ;

bindingElement
    : bindingTarget (Assign singleExpression)?
    ;

expressionStatement
    : { notStatementStart() }? expression eos
    ;

ifStatement
    : If OpenParen expression CloseParen statement (Else statement)?
    ;

iterationStatement
    : Do statement While OpenParen expression CloseParen eos                                  # doStatement
    | While OpenParen expression CloseParen statement                                          # whileStatement
    | For OpenParen forInit? SemiColon expression? SemiColon expression? CloseParen statement  # forStatement
    | For OpenParen forBinding (Of | In) expression CloseParen statement                      # forInOfStatement
    ;

forInit
    : varKind variableDeclaration (Comma variableDeclaration)*
    | expression
    ;

forBinding
    : varKind bindingTarget typeAnnotation?
    | singleExpression
    ;

continueStatement
    : Continue ({ noLineTerminatorHere() }? identifier)? eos
    ;

breakStatement
    : Break ({ noLineTerminatorHere() }? identifier)? eos
    ;

returnStatement
    : Return ({ noLineTerminatorHere() }? expression)? eos
    ;

throwStatement
    : Throw { noLineTerminatorHere() }? expression eos
    ;

tryStatement
    : Try block catchClause finallyClause?
    | Try block finallyClause
    ;

catchClause
    : Catch (OpenParen bindingTarget typeAnnotation? CloseParen)? block
    ;

finallyClause
    : Finally block
    ;

switchStatement
    : Switch OpenParen expression CloseParen OpenBrace switchCase* CloseBrace
    ;

switchCase
    : Case expression Colon statement*
    | Default Colon statement*
    ;

labelledStatement
    : identifier Colon statement
    ;

functionDeclaration
    : Function identifier OpenParen formalParameters? CloseParen typeAnnotation? functionBody
    ;

functionBody
    : OpenBrace statement* CloseBrace
    ;

formalParameters
    : formalParameter (Comma formalParameter)* Comma?
    ;

formalParameter
    : Ellipsis bindingTarget typeAnnotation?
    | bindingTarget QuestionMark? typeAnnotation? (Assign singleExpression)?
    ;

classDeclaration
    : Class identifier classTail
    ;

classTail
    : (Extends singleExpression)? OpenBrace classMember* CloseBrace
    ;

classMember
    : Static? methodDefinition                                                    # classMethod
    | Static? propertyName QuestionMark? typeAnnotation? (Assign singleExpression)? eos  # classField
    | SemiColon                                                                   # classEmpty
    ;

methodDefinition
    : (Get | Set)? propertyName OpenParen formalParameters? CloseParen typeAnnotation? functionBody
    ;

// ===========================================================================
// TypeScript-style annotations: parsed so they can be stripped.

typeAnnotation
    : Colon tsType
    ;

tsType
    : BitOr? tsIntersection (BitOr tsIntersection)*
    ;

tsIntersection
    : tsPostfix (BitAnd tsPostfix)*
    ;

tsPostfix
    : tsPrimary (OpenBracket CloseBracket)*
    ;

tsPrimary
    : identifierName (Dot identifierName)* tsTypeArguments?
    | StringLiteral
    | Minus? NumericLiteral
    | BooleanLiteral
    | NullLiteral
    | Void
    | This
    | Typeof identifier (Dot identifierName)*
    | OpenBrace (tsMember ((Comma | SemiColon) tsMember)* (Comma | SemiColon)?)? CloseBrace
    | OpenBracket (tsType (Comma tsType)*)? CloseBracket
    | OpenParen tsType CloseParen
    | OpenParen (tsFunctionParam (Comma tsFunctionParam)*)? CloseParen FatArrow tsType
    ;

tsTypeArguments
    : LessThan tsType (Comma tsType)* MoreThan
    ;

tsMember
    : propertyName QuestionMark? Colon tsType
    | OpenBracket identifier Colon tsType CloseBracket Colon tsType
    ;

tsFunctionParam
    : Ellipsis? identifier QuestionMark? (Colon tsType)?
    ;

// ===========================================================================
// JavaScript expressions

expression
    : singleExpression (Comma singleExpression)*
    ;

singleExpression
    : functionExpression                                                        # FunctionExpr
    | arrowFunction                                                             # ArrowExpr
    | Class identifier? classTail                                               # ClassExpr
    | singleExpression QuestionDot? OpenBracket expression CloseBracket        # IndexExpr
    | singleExpression (QuestionDot | Dot) identifierName                      # MemberExpr
    // The callee of `new` is a member chain, so `new Foo(1).bar` is `(new Foo(1)).bar`.
    | New newTarget arguments?                                                 # NewExpr
    | singleExpression QuestionDot? arguments                                  # CallExpr
    | singleExpression templateLiteral                                         # TaggedTemplateExpr
    | singleExpression { noLineTerminatorHere() }? op=(PlusPlus | MinusMinus)  # PostfixExpr
    | singleExpression As tsType                                               # AsExpr
    | op=(Delete | Void | Typeof | PlusPlus | MinusMinus | Plus | Minus | BitNot | Not) singleExpression  # UnaryExpr
    | <assoc=right> singleExpression Power singleExpression                   # PowerExpr
    | singleExpression op=(Multiply | Divide | Modulus) singleExpression      # MultiplicativeExpr
    | singleExpression op=(Plus | Minus) singleExpression                     # AdditiveExpr
    | singleExpression (LeftShift | MoreThan MoreThan MoreThan? ) singleExpression  # ShiftExpr
    | singleExpression op=(LessThan | MoreThan | LessThanEquals | GreaterThanEquals) singleExpression  # RelationalExpr
    | singleExpression Instanceof singleExpression                            # InstanceofExpr
    | singleExpression In singleExpression                                    # InExpr
    | singleExpression op=(Equals | NotEquals | IdentityEquals | IdentityNotEquals) singleExpression  # EqualityExpr
    | singleExpression BitAnd singleExpression                                # BitAndExpr
    | singleExpression BitXor singleExpression                                # BitXorExpr
    | singleExpression BitOr singleExpression                                 # BitOrExpr
    | singleExpression And singleExpression                                   # LogicalAndExpr
    | singleExpression Or singleExpression                                    # LogicalOrExpr
    | singleExpression Nullish singleExpression                               # NullishExpr
    | <assoc=right> singleExpression QuestionMark singleExpression Colon singleExpression  # ConditionalExpr
    | <assoc=right> singleExpression assignmentOperator singleExpression     # AssignmentExpr
    | This                                                                      # ThisExpr
    | Super                                                                     # SuperExpr
    | identifier                                                                # IdentifierExpr
    | literal                                                                   # LiteralExpr
    | templateLiteral                                                           # TemplateExpr
    | arrayLiteral                                                              # ArrayExpr
    | objectLiteral                                                             # ObjectExpr
    | OpenParen expression CloseParen                                          # ParenExpr
    | jsxNode                                                                   # JsxExpr
    ;

newTarget
    : newTarget Dot identifierName
    | newTarget OpenBracket expression CloseBracket
    | identifier
    | This
    | OpenParen expression CloseParen
    | New newTarget arguments?
    ;

assignmentOperator
    : Assign | MultiplyAssign | DivideAssign | ModulusAssign | PlusAssign | MinusAssign
    | LeftShiftAssign | MoreThan MoreThan? GreaterThanEquals  // `>>=` and `>>>=`
    | BitAndAssign | BitXorAssign | BitOrAssign | PowerAssign
    | AndAssign | OrAssign | NullishAssign
    ;

functionExpression
    : Function identifier? OpenParen formalParameters? CloseParen typeAnnotation? functionBody
    ;

arrowFunction
    : arrowParameters typeAnnotation? FatArrow arrowBody
    ;

arrowParameters
    : identifier
    | OpenParen formalParameters? CloseParen
    ;

arrowBody
    : functionBody
    | singleExpression
    ;

arguments
    : OpenParen (argument (Comma argument)* Comma?)? CloseParen
    ;

argument
    : Ellipsis? singleExpression
    ;

arrayLiteral
    : OpenBracket arrayElement? (Comma arrayElement?)* CloseBracket
    ;

arrayElement
    : Ellipsis? singleExpression
    ;

objectLiteral
    : OpenBrace (propertyAssignment (Comma propertyAssignment)* Comma?)? CloseBrace
    ;

propertyAssignment
    : propertyName Colon singleExpression                                       # PropertyKeyed
    | methodDefinition                                                          # PropertyMethod
    | Ellipsis singleExpression                                                 # PropertySpread
    | identifier Assign singleExpression                                        # PropertyShorthandDefault
    | identifier                                                                # PropertyShorthand
    ;

propertyName
    : identifierName
    | StringLiteral
    | NumericLiteral
    | OpenBracket singleExpression CloseBracket
    ;

templateLiteral
    : BackTick templatePart* BackTick
    ;

templatePart
    : TemplateChars
    | TemplateExprStart expression CloseBrace
    ;

literal
    : NullLiteral
    | BooleanLiteral
    | NumericLiteral
    | StringLiteral
    | RegularExpressionLiteral
    ;

// ===========================================================================
// JSX

jsxNode
    : Doctype* jsxElement
    ;

jsxElement
    : JsxLt jsxElementName? jsxAttribute* (JsxSlashGt | JsxVoidGt | JsxGt jsxChild* JsxCloseOpen jsxElementName? JsxCloseGt)
    ;

jsxElementName
    : JsxName
    ;

jsxAttribute
    : JsxName (JsxEquals jsxAttributeValue)?                  # jsxNamedAttribute
    | OpenBrace Ellipsis singleExpression CloseBrace         # jsxSpreadAttribute
    ;

jsxAttributeValue
    : JsxString
    | OpenBrace expression CloseBrace
    ;

jsxChild
    : JsxText
    | Doctype
    | jsxElement
    | OpenBrace expression? CloseBrace
    ;

// ===========================================================================
// Names

identifier
    : Identifier
    | Let | Static | Of | As | Get | Set
    | Include | Global | Model | Handler | Location | Test | Expect
    | Status | Header | Body | Json | Form | Text | Matches | Contains
    | Post | Put | Patch | Head | Options | Connect | Trace
    ;

// After a dot or as a property key, every word is a name.
identifierName
    : identifier
    | reservedWord
    ;

reservedWord
    : NullLiteral | BooleanLiteral
    | Break | Case | Catch | Class | Const | Continue | Debugger | Default | Delete | Do
    | Else | Extends | Finally | For | Function | If | In | Instanceof | New | Return
    | Super | Switch | This | Throw | Try | Typeof | Var | Void | While | With
    | Yield | Import | Export | Enum | Async | Await
    ;

// End of statement: a semicolon, or automatic semicolon insertion before a
// line break, before a `}` or at the end of input.
eos
    : SemiColon
    | { lineTerminatorAhead() }?
    | { closeBraceAhead() }?
    ;
