// The front end on single files: syntax errors with exact positions and
// messages, recovery (all errors of a file reported), and malformed input of
// every kind ending in a diagnostic rather than a crash or a hang.
#include <doctest/doctest.h>

#include <random>
#include <sstream>

#include "ir_json.h"
#include "parse.h"

namespace {

struct Parsed {
  std::unique_ptr<webx::Module> module;
  webx::DiagnosticSink sink;
  std::vector<std::string> errors;  // "line:col: message"
};

std::unique_ptr<Parsed> parse(const std::string& text) {
  auto p = std::make_unique<Parsed>();
  auto file = std::make_shared<webx::SourceFile>("t.webx", text);
  p->module = webx::parse_module(file, p->sink);
  p->sink.sort();
  for (const auto& d : p->sink.all()) {
    if (d.severity == webx::Severity::Error) {
      p->errors.push_back(std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " +
                          d.message);
    }
  }
  return p;
}

std::string sexpr_of_first_global(const Parsed& p) {
  REQUIRE(!p.module->globals.empty());
  return webx::ast_to_sexpr(p.module->globals[0].ast.get());
}

}  // namespace

TEST_CASE("SourceFile: byte offsets and line:col (code points) convert both ways") {
  webx::SourceFile f("t.webx", "ab\n\xc3\xa9x\xe2\x82\xacy\r\nz");
  CHECK(f.offset_at(1, 1) == 0);
  CHECK(f.offset_at(2, 1) == 3);
  CHECK(f.offset_at(2, 2) == 5);   // after the 2-byte é
  CHECK(f.offset_at(2, 4) == 9);   // after x and the 3-byte €
  CHECK(f.offset_at(2, 99) == 10);  // clamped to the line's end (before \r\n)
  CHECK(f.offset_at(3, 1) == 12);
  CHECK(f.offset_at(9, 1) == f.text().size());
  for (size_t offset : {0, 3, 5, 9, 12}) {
    webx::SourceLoc loc = f.loc_at_offset(offset);
    CHECK(f.offset_at(loc.line, loc.col) == offset);
  }
}

TEST_CASE("syntax errors point at the offending token") {
  auto p = parse("get /x {\n  const a = ;\n}\n");
  REQUIRE(p->errors.size() == 1);
  CHECK(p->errors[0] == "2:13: unexpected ';'");

  p = parse("handler h(a: string {\n}\n");
  REQUIRE(!p->errors.empty());
  CHECK(p->errors[0].rfind("1:21: ", 0) == 0);
}

TEST_CASE("the parser recovers and reports every broken line") {
  auto p = parse(
      "global {\n"
      "  const a = ;\n"
      "}\n"
      "get /ok { return 1 }\n"
      "get /x {\n"
      "  const = 3\n"
      "}\n");
  REQUIRE(p->errors.size() == 2);
  CHECK(p->errors[0].rfind("2:", 0) == 0);
  CHECK(p->errors[1].rfind("6:", 0) == 0);
}

TEST_CASE("an error costs one diagnostic, and the items after it are still read") {
  // A `}` missing in a JSX expression used to make the rest of the file JSX
  // (one error per later line); the next item's line now ends the element.
  auto p = parse(
      "handler row(t) (<li>{t.title</li>)\n"
      "get /a (<p>a</p>)\n"
      "test \"x\" {\n"
      "  get /a\n"
      "  expect status 200\n"
      "}\n");
  REQUIRE(p->errors.size() == 1);
  CHECK(p->errors[0] == "1:17: unterminated JSX element <li>");
  REQUIRE(p->module->routes.size() == 1);
  CHECK(p->module->routes[0].path.size() == 1);
  CHECK(p->module->tests.size() == 1);
  CHECK(p->module->broken_names == std::vector<std::string>{"row"});

  // A lost quote pairs every later quote wrongly: one error at the
  // attribute, one for the tag it leaves open.
  p = parse("handler row(t) (<li class=\"a>{t}</li>)\n\nget /b (<p>b</p>)\n");
  CHECK(p->errors == std::vector<std::string>{"1:17: unterminated JSX tag <li>",
                                              "1:27: unterminated attribute value"});
  CHECK(p->module->routes.size() == 1);
}

TEST_CASE("a bracket left open is named at the next item, with where it opened") {
  auto p = parse(
      "test \"one\" {\n"
      "  get /a with { \"Accept\": \"text/html\" }\n"
      "\n"
      "test \"two\" {\n"
      "  get /b\n"
      "}\n");
  REQUIRE(p->errors.size() == 1);
  CHECK(p->errors[0] == "4:1: expected '}' before 'test'");
  CHECK(p->sink.all()[0].hint == "the '{' at 1:12 is never closed");
  CHECK(p->module->tests.size() == 2);

  p = parse("get /a {\n  return f(1, 2;\n}\n");
  REQUIRE(p->errors.size() == 1);
  CHECK(p->errors[0] == "2:16: expected ')' or ',', found ';'");
  CHECK(p->sink.all()[0].hint == "the '(' at 2:11 is still open here");

  CHECK(parse("handler h(a: string {\n}\n")->errors.at(0) == "1:21: expected ')' before '{'");

  // ANTLR first finds no way through at the '(' itself; what it says once
  // it has recovered is reported instead.
  p = parse("get /a {\n  return f(1;\n}\n");
  REQUIRE(p->errors.size() == 1);
  CHECK(p->errors[0] == "2:13: expected ')' before ';'");
  CHECK(p->sink.all()[0].hint == "the '(' at 2:11 is still open here");
  p = parse("get /a {\n  return (1 + 2;\n}\n");
  CHECK(p->errors == std::vector<std::string>{"2:16: expected ')' before ';'"});

  // What cannot be inside a '(' names it; a missing comma or operator does not.
  p = parse("get /a {\n  if (ok { return 1; }\n}\n");
  REQUIRE(p->errors.size() == 1);
  CHECK(p->errors[0] == "2:10: unexpected '{'");
  CHECK(p->sink.all()[0].hint == "the '(' at 2:6 is still open here");
  p = parse("get /a {\n  return f(1 2);\n}\n");
  REQUIRE(p->errors.size() == 1);
  CHECK(p->errors[0] == "2:14: unexpected '2'");
  CHECK(p->sink.all()[0].hint.empty());
}

TEST_CASE("test steps: what was expected, and the value a step lacks") {
  auto p = parse("test \"t\" {\n  get /\n  expect stauts 200\n}\n");
  CHECK(p->errors == std::vector<std::string>{
                         "3:10: expected 'status', 'header', 'body' or 'json', found 'stauts'"});
  // The next line's first word was read as the missing value.
  p = parse("test \"t\" {\n  get /\n  expect status\n  let id = json.id\n}\n");
  CHECK(p->errors == std::vector<std::string>{"3:16: expected a value after 'status'"});
  p = parse("test \"t\" {\n  get /\n  expect json.title ==\n  get /b\n}\n");
  CHECK(p->errors == std::vector<std::string>{"3:23: expected a value after '=='"});
  // Outside a test block, a statement after `{` is not a test step.
  p = parse("get /x {\n  const = 3\n}\n");
  CHECK(p->errors == std::vector<std::string>{"2:9: unexpected '='"});
}

TEST_CASE("an attribute value without quotes or braces is one error") {
  auto p = parse("get /a (<input maxlength=200 name=\"n\">)\n");
  CHECK(p->errors == std::vector<std::string>{"1:26: expected a quoted value or {expression} after '='"});
  REQUIRE(p->sink.all().size() == 1);
  CHECK(p->sink.all()[0].length == 3);
  p = parse("global { const a = 1 ### 2 }");
  CHECK(p->errors == std::vector<std::string>{"1:22: unexpected character '#'"});
}

TEST_CASE("recovery never changes how a valid program is read") {
  // Lines that would start items, inside JSX text and a template literal,
  // in a file whose only error is elsewhere.
  const std::string docs =
      "get /docs (<pre>\n"
      "get /todos\n"
      "test \"x\" is a test\n"
      "</pre>)\n"
      "global { const s = `\n"
      "handler x(\n"
      "`; }\n";
  auto valid = parse(docs);
  CHECK(valid->errors.empty());
  auto p = parse(docs + "get /a {\n  const a = ;\n}\n");
  CHECK(p->errors == std::vector<std::string>{"9:13: unexpected ';'"});
  REQUIRE(p->module->routes.size() == 2);
  CHECK(webx::ast_to_sexpr(p->module->routes[0].body->ast.get()) ==
        webx::ast_to_sexpr(valid->module->routes[0].body->ast.get()));
  CHECK(webx::ast_to_sexpr(p->module->globals[0].ast.get()) ==
        webx::ast_to_sexpr(valid->module->globals[0].ast.get()));
}

TEST_CASE("parsing after ANTLR's caches are cleared gives the same result") {
  const std::string program =
      "global { const items = [1, 2].map(x => x * 2); }\n"
      "get /a (<ul>{items.map(i => <li>{i}</li>)}</ul>)\n";
  auto before = parse(program);
  REQUIRE(before->errors.empty());
  webx::clear_parser_caches();
  auto after = parse(program);
  REQUIRE(after->errors.empty());
  CHECK(sexpr_of_first_global(*after) == sexpr_of_first_global(*before));
  CHECK(webx::ast_to_sexpr(after->module->routes[0].body->ast.get()) ==
        webx::ast_to_sexpr(before->module->routes[0].body->ast.get()));
  CHECK(parse("get /a {\n  const a = ;\n}\n")->errors == std::vector<std::string>{"2:13: unexpected ';'"});
}

TEST_CASE("lexical errors: unterminated constructs are reported where they start") {
  CHECK(parse("get /x {\n  const s = \"abc\n}\n")->errors.at(0) ==
        "2:13: unterminated string literal");
  auto mismatched = parse("get /x (<ul><li>one</ul>)\n");
  CHECK(std::find(mismatched->errors.begin(), mismatched->errors.end(),
                  "1:22: closing tag </ul> does not match <li>") != mismatched->errors.end());
  CHECK(parse("get /a (<p>hi")->errors.at(0) == "1:9: unterminated JSX element <p>");
  CHECK(parse("global { const t = `a ${b")->errors.at(0) == "1:20: unterminated template literal");
  CHECK(parse("/* never closed\nget /x {}\n")->errors.at(0) == "1:1: unterminated comment");
  CHECK(parse("global { const a = 1 # 2 }")->errors.at(0) == "1:22: unexpected character '#'");
}

TEST_CASE("unsupported JavaScript gets a clear message") {
  auto p = parse("global { async function f() {} }");
  REQUIRE(!p->errors.empty());
  CHECK(p->errors[0] == "1:10: 'async' is not supported");
  p = parse("import x from \"y\"\n");
  REQUIRE(!p->errors.empty());
  CHECK(p->errors[0] == "1:1: 'import' is not supported");
  p = parse("global { function* gen() {} }");
  REQUIRE(!p->errors.empty());
  CHECK(p->errors[0] == "1:18: generators ('function*') are not supported");
  p = parse("global { const g = function /* c */\n *() {}; }");
  REQUIRE(!p->errors.empty());
  CHECK(p->errors[0] == "2:2: generators ('function*') are not supported");
  // A `*` elsewhere keeps the general message.
  p = parse("global { const a = * 2; }");
  REQUIRE(!p->errors.empty());
  CHECK(p->errors[0] == "1:20: unexpected '*'");
}

TEST_CASE("two JSX elements side by side point at the second one") {
  auto p = parse("get / (<p>a</p><p>b</p>)");
  REQUIRE(p->errors.size() == 1);
  CHECK(p->errors[0] == "1:16: adjacent JSX elements must be wrapped in one element");
  p = parse("handler h(x) (<li>{x}</li>\n  <li>two</li>)\n");
  REQUIRE(p->errors.size() == 1);
  CHECK(p->errors[0] == "2:3: adjacent JSX elements must be wrapped in one element");
  p = parse("get / (<p>a<br/></p> <img src=\"x\"/><p>b</p>)");
  REQUIRE(!p->errors.empty());
  CHECK(p->errors[0] == "1:22: adjacent JSX elements must be wrapped in one element");
  // `<` after an element in JavaScript is still an operator.
  CHECK(parse("get / { const a = 1; return a < 2 ? <p/> : <b/>; }")->errors.empty());
  CHECK(parse("global { const lt = <p/> < 2; }")->errors.empty());
}

TEST_CASE("binary garbage is refused as non-UTF-8 with its position") {
  std::string text = "get /x {}\nab\xff\xfe";
  auto p = parse(text);
  REQUIRE(p->errors.size() == 1);
  CHECK(p->errors[0] == "2:3: file is not valid UTF-8");
}

TEST_CASE("random bytes and truncations never crash") {
  std::mt19937 rng(1234);
  const std::string spec =
      "global { const todos = []; }\n"
      "model Todo { id: number, title: string[minLength(1)] }\n"
      "handler row(t: Todo) (<li class={t.done ? \"x\" : \"\"}>{t.title}</li>)\n"
      "get / (<!DOCTYPE html><html><body><ul>{todos.map(row)}</ul></body></html>)\n"
      "location todos { post / form(title: string) { todos.push({ title }) } -> row(todos[0]) }\n"
      "test \"t\" { get /\n expect status 200\n }\n";
  // Every prefix of a valid program.
  for (size_t n = 0; n <= spec.size(); ++n) {
    auto p = parse(spec.substr(0, n));
    CHECK(p->module != nullptr);
  }
  // Random printable and control bytes (valid UTF-8 so they reach the parser).
  for (int round = 0; round < 200; ++round) {
    std::string text;
    size_t len = rng() % 400;
    for (size_t i = 0; i < len; ++i) {
      const char alphabet[] = "{}()[]<>/`$\"'\\ \n\tabcxyz019=+-*!?:;,.#@&|~^%getpost";
      text.push_back(alphabet[rng() % (sizeof(alphabet) - 1)]);
    }
    auto p = parse(text);
    CHECK(p->module != nullptr);
  }
}

TEST_CASE("deep nesting ends in a diagnostic, not a stack overflow") {
  for (const char* open : {"(", "[", "{", "`${", "<a>{"}) {
    std::string text = "global { const x = ";
    for (int i = 0; i < 100000; ++i) text += open;
    auto p = parse(text);
    REQUIRE(!p->errors.empty());
    bool mentions_nesting = false;
    for (const auto& e : p->errors) mentions_nesting |= e.find("nest") != std::string::npos;
    CHECK_MESSAGE(mentions_nesting, open);
  }
  // Long operator chains are flat for the parser but deep as trees.
  std::string chain = "global { const x = 1";
  for (int i = 0; i < 200000; ++i) chain += " + 1";
  chain += " }";
  auto p = parse(chain);
  CHECK(p->module != nullptr);
  std::string unary = "global { const x = ";
  for (int i = 0; i < 200000; ++i) unary += "!";
  unary += "x }";
  p = parse(unary);
  REQUIRE(!p->errors.empty());
}

TEST_CASE("modern JavaScript parses into the expected AST") {
  auto p = parse("global { const { a, b: [c = 1], ...r } = o; }");
  REQUIRE(p->errors.empty());
  CHECK(sexpr_of_first_global(*p) ==
        "(Block (VarDecl \"const\" (Declarator (ObjectPattern (PatternProperty :shorthand "
        "(Identifier \"a\") (Identifier \"a\") _) (PatternProperty (Identifier \"b\") "
        "(ArrayPattern (AssignPattern (Identifier \"c\") (Number \"1\"))) _) (RestElement "
        "(Identifier \"r\"))) (Identifier \"o\"))))");

  p = parse("global { x = a?.b ?? c ** 2; }");
  REQUIRE(p->errors.empty());
  CHECK(sexpr_of_first_global(*p) ==
        "(Block (ExprStmt (Assign \"=\" (Identifier \"x\") (Logical \"??\" (Member :optional "
        "(Identifier \"a\") (Identifier \"b\")) (Binary \"**\" (Identifier \"c\") (Number "
        "\"2\"))))))");

  p = parse("global { new Foo(1).bar; const s = a >>> 2, t = a > b; y >>= 1 }");
  REQUIRE(p->errors.empty());
  std::string s = sexpr_of_first_global(*p);
  CHECK(s.find("(Member (New (Identifier \"Foo\") (Number \"1\")) (Identifier \"bar\"))") !=
        std::string::npos);
  CHECK(s.find("(Binary \">>>\"") != std::string::npos);
  CHECK(s.find("(Assign \">>=\"") != std::string::npos);

  // Regex literal vs division decided by context.
  p = parse("global { const r = /a\\/b[/]/g, d = x / 2 / y; }");
  REQUIRE(p->errors.empty());
  s = sexpr_of_first_global(*p);
  CHECK(s.find("(Regex \"a\\\\/b[/]\" /\"g\")") != std::string::npos);
  CHECK(s.find("(Binary \"/\" (Binary \"/\" (Identifier \"x\") (Number \"2\")) (Identifier "
               "\"y\"))") != std::string::npos);

  // Automatic semicolon insertion, including the `return` restriction.
  p = parse("global {\n  let a = 1\n  let b = a\n  function f() { return\n 1 }\n}");
  REQUIRE(p->errors.empty());
  CHECK(sexpr_of_first_global(*p).find("(Return) (ExprStmt (Number \"1\"))") != std::string::npos);

  // Type annotations parse and leave no trace in the AST.
  p = parse("global { const m: Map<string, Array<number>> = new Map(); "
            "function f(a: number, b?: string): { x: number }[] { return [] } }");
  REQUIRE(p->errors.empty());
}

TEST_CASE("JSX: text with quotes, void elements, raw text, static templates") {
  auto p = parse(
      "handler page() (<div class=\"a\"><p>Don't \"panic\"</p><input name=\"q\"><br>"
      "<style>p { color: red }</style></div>)\n"
      "handler dyn(x: string) (<p>{x}</p>)\n");
  REQUIRE(p->errors.empty());
  REQUIRE(p->module->handlers.size() == 2);
  const auto& page = p->module->handlers[0];
  CHECK(page.body.is_static);
  CHECK(webx::ast_to_sexpr(page.body.ast.get()) ==
        "(JsxElement \"div\" (JsxAttributes (JsxAttribute \"class\" (String \"a\" :rawText))) (JsxElement "
        "\"p\" (JsxAttributes) (JsxText \"Don't \\\"panic\\\"\")) (JsxElement \"input\" :void "
        "(JsxAttributes (JsxAttribute \"name\" (String \"q\" :rawText)))) (JsxElement \"br\" :void "
        "(JsxAttributes)) (JsxElement \"style\" :rawText (JsxAttributes) (JsxText \"p { color: "
        "red }\")))");
  CHECK_FALSE(p->module->handlers[1].body.is_static);
}

TEST_CASE("routes: paths, locations, body formats and call chains") {
  auto p = parse(
      "location api {\n"
      "  location v1 {\n"
      "    post /users/(id: int)/files/(rest: path) json(name: string, age?: int) -> auth:u "
      "{ return 1 } -> show(u)\n"
      "  }\n"
      "}\n"
      "get /a-b.c/* -> static(\"x\")\n");
  REQUIRE(p->errors.empty());
  REQUIRE(p->module->routes.size() == 2);
  const auto& r = p->module->routes[0];
  CHECK(r.path_string() == "/api/v1/users/(id: int)/files/(rest: path)");
  CHECK(r.method == webx::HttpMethod::Post);
  CHECK(r.body_format.kind == webx::BodyFormatKind::Json);
  REQUIRE(r.body_format.fields.size() == 2);
  CHECK(r.body_format.fields[1].optional);
  REQUIRE(r.pre_calls.size() == 1);
  CHECK(r.pre_calls[0].name == "auth");
  CHECK(r.pre_calls[0].out == "u");
  CHECK_FALSE(r.pre_calls[0].has_parens);
  REQUIRE(r.post_calls.size() == 1);
  CHECK(r.post_calls[0].name == "show");
  CHECK(p->module->routes[1].path_string() == "/a-b.c/*");

  CHECK(parse("get /a(id: int) {}")->errors.at(0) ==
        "1:7: a path parameter must be a whole segment");
}
