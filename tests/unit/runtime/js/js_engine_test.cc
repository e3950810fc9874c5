// JsEngine: values in and out, errors with their stack frames, the time limit,
// the heap cap, console output, and scripts that try to break the engine.
#include "js_engine.h"

#include <doctest/doctest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <utility>
#include <stdexcept>
#include <string>
#include <vector>

#include "prelude.h"

namespace webx {
namespace {

using Clock = std::chrono::steady_clock;

long long elapsed_ms(Clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count();
}

// Loads code and fails the test, with the script's error, if that fails.
void load_ok(JsEngine& js, std::string_view code, std::string_view file = "test.js") {
  JsResult r = js.load(code, file);
  INFO(r.error.name << ": " << r.error.message);
  REQUIRE(r.ok);
}

std::string json_of(JsEngine& js, std::string_view path, std::string_view args = "[]") {
  JsResult r = js.call(path, args);
  INFO(r.error.name << ": " << r.error.message);
  REQUIRE(r.ok);
  return r.value_json;
}

TEST_CASE("load runs a script and returns its completion value as JSON") {
  JsEngine js;
  JsResult r = js.load("var x = {a: [1, 'two', null, true, 2.5]}; x", "values.js");
  REQUIRE(r.ok);
  CHECK(r.value_json == R"({"a":[1,"two",null,true,2.5]})");
  CHECK(js.load("'quote \" and \\n newline'", "t.js").value_json == R"("quote \" and \n newline")");
  // No JSON form: "" (but the script did run).
  CHECK(js.load("var y = 1; undefined", "t.js").value_json.empty());
  CHECK(js.load("(function () {})", "t.js").value_json.empty());
  JsResult cyclic = js.load("var c = {}; c.self = c; c", "t.js");
  CHECK(cyclic.ok);
  CHECK(cyclic.value_json.empty());
  // Globals persist between loads.
  CHECK(js.load("x.a.length + y", "t.js").value_json == "6");
}

TEST_CASE("call resolves a dotted path, passes JSON arguments and returns JSON") {
  JsEngine js;
  load_ok(js,
          "function add(a, b) { return a + b; }\n"
          "var obj = { k: 2, inner: { k: 3, times: function (x) { return this.k * x; } } };\n"
          "function count() { return arguments.length; }\n"
          "function echo(v) { return v; }\n"
          "function nothing() {}\n");
  CHECK(json_of(js, "add", "[40, 2]") == "42");
  CHECK(json_of(js, "add", R"(["a", "b"])") == R"("ab")");
  // this is the object holding the function.
  CHECK(json_of(js, "obj.inner.times", "[14]") == "42");
  CHECK(json_of(js, "count", "") == "0");
  CHECK(json_of(js, "count") == "0");
  CHECK(json_of(js, "count", "[1, 2, 3]") == "3");
  CHECK(json_of(js, "echo", R"([{"deep": {"list": [1, {"x": null}]}}])") ==
        R"({"deep":{"list":[1,{"x":null}]}})");
  CHECK(json_of(js, "nothing").empty());
}

TEST_CASE("call reports a bad path or bad arguments as a script error") {
  JsEngine js;
  load_ok(js, "var obj = { notFn: 1 }; function f() { return 1; }");

  JsResult missing = js.call("nope", "[]");
  CHECK_FALSE(missing.ok);
  CHECK(missing.error.name == "TypeError");
  CHECK(missing.error.message == "nope is not a function");

  JsResult not_fn = js.call("obj.notFn", "[]");
  CHECK(not_fn.error.message == "obj.notFn is not a function");

  JsResult through_undefined = js.call("no.such.path", "[]");
  CHECK_FALSE(through_undefined.ok);
  CHECK(through_undefined.error.name == "TypeError");

  JsResult bad_json = js.call("f", "[1,");
  CHECK_FALSE(bad_json.ok);
  CHECK(bad_json.error.name == "SyntaxError");

  JsResult not_array = js.call("f", R"({"a": 1})");
  CHECK_FALSE(not_array.ok);
  CHECK(not_array.error.name == "TypeError");
  CHECK(not_array.error.message == "the arguments for f must be a JSON array");
  // No frames point into the engine's C++ code.
  for (const JsStackFrame& f : not_array.error.frames)
    CHECK(f.file.find(".cc") == std::string::npos);

  CHECK(json_of(js, "f") == "1");
}

TEST_CASE("call_text passes strings as they are and converts the result with String()") {
  JsEngine js;
  load_ok(js,
          "function greet(name, punct) { return 'hello ' + name + punct; }\n"
          "function kind(v) { return typeof v + ':' + v; }\n"
          "function num() { return 42; }\n"
          "function none() {}\n"
          "function sym() { return Symbol('s'); }\n"
          "function parse(json) { return JSON.parse(json).a + 1; }\n");
  JsTextResult r = js.call_text("greet", {"world", "!"});
  REQUIRE(r.ok);
  CHECK(r.text == "hello world!");
  CHECK(js.call_text("kind", {"[1,2]"}).text == "string:[1,2]");
  CHECK(js.call_text("kind", {}).text == "undefined:undefined");
  CHECK(js.call_text("num", {}).text == "42");
  CHECK(js.call_text("none", {}).text == "undefined");
  CHECK(js.call_text("sym", {}).text == "Symbol(s)");
  CHECK(js.call_text("parse", {R"({"a": 41})"}).text == "42");
  JsTextResult err = js.call_text("parse", {"not json"});
  CHECK_FALSE(err.ok);
  CHECK(err.error.name == "SyntaxError");
}

TEST_CASE("strings are UTF-16 inside the engine and UTF-8 outside") {
  JsEngine js;
  load_ok(js,
          "function len(s) { return s.length; }\n"
          "function units(s) { var out = []; for (var i = 0; i < s.length; i++) "
          "out.push(s.charCodeAt(i).toString(16)); return out.join(' '); }\n"
          "function echo(s) { return s; }\n"
          "function lone() { return 'a\\uD800z'; }\n"
          "function pair() { return '\\uD83D\\uDE00'; }\n");
  // A character outside the BMP is a surrogate pair, in JSON and in text.
  CHECK(json_of(js, "len", R"(["😀"])") == "2");
  CHECK(js.call_text("len", {"😀"}).text == "2");
  CHECK(js.call_text("units", {"é😀"}).text == "e9 d83d de00");
  CHECK(js.load("'😀'.length", "t.js").value_json == "2");
  // And comes back out as 4-byte UTF-8.
  CHECK(json_of(js, "echo", R"(["a😀b"])") == R"("a😀b")");
  CHECK(js.call_text("echo", {"a😀b"}).text == "a😀b");
  CHECK(js.call_text("pair", {}).text == "😀");
  // A lone surrogate has no UTF-8 form: escaped in JSON, U+FFFD in text.
  CHECK(json_of(js, "lone") == R"("a\ud800z")");
  CHECK(js.call_text("lone", {}).text == "a\xEF\xBF\xBDz");
  // Invalid UTF-8 coming in becomes U+FFFD.
  CHECK(js.call_text("units", {"a\xFFz"}).text == "61 fffd 7a");
  // U+2028 is not escaped by JSON.stringify (ES2019, and Node).
  CHECK(js.load("JSON.stringify('\\u2028')", "t.js").value_json == "\"\\\"\u2028\\\"\"");
}

TEST_CASE("errors carry name, message and the frames of the generated code") {
  JsEngine js;
  load_ok(js,
          "function inner(x) {\n"                  // 1
          "  throw new RangeError('bad ' + x);\n"  // 2
          "}\n"                                    // 3
          "function outer(x) {\n"                  // 4
          "  return inner(x);\n"                   // 5
          "}\n"                                    // 6
          "function viaNative() {\n"               // 7
          "  [1].forEach(function () {\n"          // 8
          "    null.boom;\n"                       // 9
          "  });\n"                                // 10
          "}\n",
          "app.webx.js");
  JsResult r = js.call("outer", "[7]");
  REQUIRE_FALSE(r.ok);
  CHECK(r.error.name == "RangeError");
  CHECK(r.error.message == "bad 7");
  CHECK_FALSE(r.error.timed_out);
  CHECK_FALSE(r.error.out_of_memory);
  REQUIRE(r.error.frames.size() >= 2);
  CHECK(r.error.frames[0].function == "inner");
  CHECK(r.error.frames[0].file == "app.webx.js");
  CHECK(r.error.frames[0].line == 2);
  CHECK(r.error.frames[1].function == "outer");
  CHECK(r.error.frames[1].line == 5);

  // An error raised by the engine itself (reading a property of null)
  // starts at the script's line, not in Duktape's C sources; native frames
  // have no file.
  JsResult n = js.call("viaNative", "[]");
  REQUIRE_FALSE(n.ok);
  CHECK(n.error.name == "TypeError");
  REQUIRE(n.error.frames.size() >= 3);
  CHECK(n.error.frames[0].function.empty());
  CHECK(n.error.frames[0].file == "app.webx.js");
  CHECK(n.error.frames[0].line == 9);
  CHECK(n.error.frames[1].function == "forEach");
  CHECK(n.error.frames[1].file.empty());
  CHECK(n.error.frames[1].line == 0);
  CHECK(n.error.frames[2].function == "viaNative");
  // Duktape places a call at the line where its argument list ends.
  CHECK(n.error.frames[2].line == 10);
  for (const JsStackFrame& f : n.error.frames) CHECK(f.file.find(".c") == std::string::npos);
}

TEST_CASE("a syntax error names the file and line of the bad code") {
  JsEngine js;
  JsResult r = js.load("var a = 1;\nvar b = ;\n", "broken.js");
  REQUIRE_FALSE(r.ok);
  CHECK(r.error.name == "SyntaxError");
  REQUIRE_FALSE(r.error.frames.empty());
  CHECK(r.error.frames[0].file == "broken.js");
  CHECK(r.error.frames[0].line == 2);
  for (const JsStackFrame& f : r.error.frames) CHECK(f.file.find(".c") == std::string::npos);
  // Nothing of the broken script ran.
  CHECK(js.load("typeof a", "t.js").value_json == R"("undefined")");
}

TEST_CASE("thrown values that are not errors") {
  JsEngine js;
  load_ok(js,
          "function str() { throw 'plain text'; }\n"
          "function obj() { throw { toString: function () { return 'custom'; } }; }\n"
          "function sym() { throw Symbol('s'); }\n"
          "function num() { throw 42; }\n"
          "function badName() { var e = new Error('m'); "
          "Object.defineProperty(e, 'name', { get: function () { throw 1; } }); throw e; }\n");
  JsResult s = js.call("str");
  CHECK(s.error.name.empty());
  CHECK(s.error.message == "plain text");
  CHECK(s.error.frames.empty());
  CHECK(js.call("obj").error.message == "custom");
  CHECK(js.call("sym").error.message == "Symbol(s)");
  CHECK(js.call("num").error.message == "42");
  // Reading the error fails too: still an error result, not a crash.
  JsResult bad = js.call("badName");
  CHECK_FALSE(bad.ok);
  CHECK(js.load("1", "t.js").value_json == "1");
}

TEST_CASE("the time limit interrupts an endless loop and the engine keeps working") {
  JsEngine js(JsLimits{.heap_bytes = size_t{16} << 20, .timeout_ms = 100});
  load_ok(js,
          "function spin() { while (true) {} }\n"
          "function stubborn() {\n"
          "  for (;;) { try { while (true) {} } catch (e) {} finally { continue; } }\n"
          "}\n"
          "function ok() { return 'still here'; }\n");

  auto start = Clock::now();
  JsResult r = js.load("while (true) {}", "loop.js");
  CHECK(elapsed_ms(start) < 2000);
  REQUIRE_FALSE(r.ok);
  CHECK(r.error.timed_out);
  CHECK_FALSE(r.error.out_of_memory);
  CHECK(r.error.name == "RangeError");
  CHECK(r.error.message == "execution timeout");
  REQUIRE_FALSE(r.error.frames.empty());
  CHECK(r.error.frames[0].file == "loop.js");
  CHECK(r.error.frames[0].line == 1);

  CHECK(json_of(js, "ok") == R"("still here")");

  start = Clock::now();
  JsResult c = js.call("spin");
  CHECK(elapsed_ms(start) < 2000);
  CHECK(c.error.timed_out);
  CHECK(c.error.frames[0].function == "spin");

  // Catching the timeout (and even a finally that continues the loop) does
  // not keep a script running.
  start = Clock::now();
  JsResult s = js.call("stubborn");
  CHECK(elapsed_ms(start) < 2000);
  CHECK(s.error.timed_out);

  JsTextResult t = js.call_text("spin", {});
  CHECK(t.error.timed_out);
  CHECK(js.call_text("ok", {}).text == "still here");
}

TEST_CASE("every call gets the whole time limit") {
  JsEngine js(JsLimits{.heap_bytes = size_t{16} << 20, .timeout_ms = 300});
  load_ok(js,
          "function busy(ms) { var end = Date.now() + ms; var n = 0; "
          "while (Date.now() < end) n++; return n > 0; }\n");
  // Five calls of 100 ms each add up to more than the limit; each is fine.
  for (int i = 0; i < 5; i++) CHECK(json_of(js, "busy", "[100]") == "true");
  CHECK(js.call("busy", "[1000]").error.timed_out);
  CHECK(json_of(js, "busy", "[10]") == "true");
}

TEST_CASE("a zero time limit means no limit") {
  JsEngine js(JsLimits{.heap_bytes = size_t{16} << 20, .timeout_ms = 0});
  load_ok(js,
          "function busy(ms) { var end = Date.now() + ms; while (Date.now() < end) {} return 1; }");
  CHECK(json_of(js, "busy", "[50]") == "1");
}

TEST_CASE("the heap cap stops an allocation loop and the engine recovers") {
  const size_t cap = size_t{8} << 20;
  JsEngine js(JsLimits{.heap_bytes = cap, .timeout_ms = 5000});
  load_ok(
      js,
      "function hog() { var a = []; for (;;) a.push('x'.repeat(1000) + a.length); }\n"
      "function bigString() { return 'y'.repeat(20 * 1024 * 1024).length; }\n"
      "function work() { var a = []; for (var i = 0; i < 1000; i++) a.push({ i: i, s: 'v' + i });"
      " return a.length; }\n");
  size_t baseline = js.heap_bytes_in_use();
  CHECK(baseline > 0);
  CHECK(baseline < cap);

  JsResult r = js.call("hog");
  REQUIRE_FALSE(r.ok);
  CHECK(r.error.out_of_memory);
  CHECK_FALSE(r.error.timed_out);
  CHECK(js.heap_bytes_in_use() <= cap);

  // The hog's array was garbage once its frame unwound.
  js.collect_garbage();
  CHECK(js.heap_bytes_in_use() < baseline + cap / 4);
  CHECK(json_of(js, "work") == "1000");

  // One allocation larger than the whole cap.
  JsResult big = js.call("bigString");
  REQUIRE_FALSE(big.ok);
  CHECK(big.error.out_of_memory);
  CHECK(json_of(js, "work") == "1000");

  // Again, to be sure recovery is not a one-off.
  CHECK(js.call("hog").error.out_of_memory);
  CHECK(json_of(js, "work") == "1000");
}

TEST_CASE("strings that differ in a few characters do not collide in the string table") {
  // Duktape's default string hash samples every 94th byte of a 3000-byte
  // string, which would put these in ten buckets and take seconds;
  // duk_config_webx.h selects the dense hash.
  JsEngine js(JsLimits{.heap_bytes = size_t{128} << 20, .timeout_ms = 2000});
  auto start = Clock::now();
  JsResult r = js.load(
      "var prefix = 'x'.repeat(3000); var kept = [];"
      "for (var i = 0; i < 15000; i++) kept.push(prefix + (10000 + i));"
      "kept.length",
      "t.js");
  INFO(r.error.name << ": " << r.error.message);
  CHECK(r.ok);
  CHECK(r.value_json == "15000");
  CHECK(elapsed_ms(start) < 2000);
}

TEST_CASE("heap_bytes_in_use follows what the script holds") {
  JsEngine js;
  js.collect_garbage();
  size_t before = js.heap_bytes_in_use();
  load_ok(js, "var held = []; for (var i = 0; i < 20000; i++) held.push('item ' + i);");
  size_t holding = js.heap_bytes_in_use();
  CHECK(holding > before + 200 * 1000);
  load_ok(js, "held = null;");
  js.collect_garbage();
  CHECK(js.heap_bytes_in_use() < holding - 200 * 1000);
}

TEST_CASE("blocks of every size keep their contents through growth, shrinking and reuse") {
  // Strings and buffers from 1 byte to 2 KB, grown and shrunk across the
  // pool's size classes and past it (realloc into, out of and within the
  // pool), freed and allocated again, their contents checked each time.
  // (A generous time limit: the script takes ~0.3 s alone, and ctest runs
  // it next to other tests.)
  JsEngine js(JsLimits{.heap_bytes = size_t{64} << 20, .timeout_ms = 30000});
  js.collect_garbage();
  const size_t before = js.heap_bytes_in_use();
  JsResult r = js.load(R"(
    function pattern(n, seed) { var a = []; for (var i = 0; i < n; i++) a.push(String.fromCharCode(97 + (i * 7 + seed) % 26)); return a.join(''); }
    var bad = 0;
    for (var round = 0; round < 3; round++) {
      var kept = [];
      for (var n = 1; n <= 2048; n += 37) kept.push([n, pattern(n, round)]);
      var grown = [];
      for (var k = 0; k < 200; k++) grown.push(k);          // an array part growing by realloc
      while (grown.length > 3) grown.pop();
      var buf = new Uint8Array(1);
      for (var size = 2; size < 3000; size = size * 3 + 1) { var b = new Uint8Array(size); b.set(buf); b[size - 1] = size & 255; buf = b; }
      for (var j = 0; j < kept.length; j++) if (kept[j][1] !== pattern(kept[j][0], round)) bad++;
      if (grown.join() !== '0,1,2') bad++;
    }
    bad)", "sizes.js");
  REQUIRE_MESSAGE(r.ok, r.error.name << ": " << r.error.message);
  CHECK(r.value_json == "0");
  load_ok(js, "kept = null; grown = null; buf = null;");
  js.collect_garbage();
  // Everything freed went back: what is left is what the script still holds.
  CHECK(js.heap_bytes_in_use() < before + 64 * 1024);
}

TEST_CASE("a heap cap too small to start in is reported by the constructor") {
  CHECK_THROWS_AS(JsEngine(JsLimits{.heap_bytes = 1000, .timeout_ms = 100}), std::runtime_error);
}

TEST_CASE("console output goes to the sink, one line per call") {
  JsEngine js;
  std::vector<std::string> lines;
  js.set_console([&](std::string_view line) { lines.emplace_back(line); });
  load_ok(js,
          "console.log('a', 1, true, null, undefined, {}, [1, 2], Symbol('s'));\n"
          "console.info('info');\n"
          "console.warn('warn');\n"
          "console.error('error', new Error('boom'));\n"
          "console.debug('smile \\uD83D\\uDE00');\n"
          "console.log();\n"
          "console.log({ toString: function () { return 'custom'; } });\n");
  REQUIRE(lines.size() == 7);
  CHECK(lines[0] == "a 1 true null undefined [object Object] 1,2 Symbol(s)");
  CHECK(lines[1] == "info");
  CHECK(lines[2] == "warn");
  CHECK(lines[3] == "error Error: boom");
  CHECK(lines[4] == "smile 😀");
  CHECK(lines[5].empty());
  CHECK(lines[6] == "custom");
  // console is there, but not enumerable, like other globals.
  CHECK(js.load("Object.keys(this).indexOf('console')", "t.js").value_json == "-1");
}

TEST_CASE("console without a sink, and a sink that throws") {
  JsEngine js;
  load_ok(js, "console.log('dropped'); 1");
  js.set_console([](std::string_view) { throw std::runtime_error("sink failed"); });
  JsResult r = js.load("console.log('x'); 'after'", "t.js");
  CHECK(r.ok);
  CHECK(r.value_json == R"("after")");
}

TEST_CASE("an error in toString while logging is the script's error") {
  JsEngine js;
  JsResult r =
      js.load("console.log({ toString: function () { throw new TypeError('no'); } })", "t.js");
  CHECK_FALSE(r.ok);
  CHECK(r.error.name == "TypeError");
  CHECK(r.error.message == "no");
}

TEST_CASE("hostile scripts end in errors, not crashes") {
  JsEngine js(JsLimits{.heap_bytes = size_t{32} << 20, .timeout_ms = 1000});
  struct Hostile {
    const char* what;
    const char* code;
  };
  const Hostile cases[] = {
      {"unbounded recursion", "(function f() { return f() + 1; })()"},
      {"recursion through native calls",
       "var o = { toString: function () { return String(o); } }; String(o)"},
      {"recursion through getters",
       "var g = {}; Object.defineProperty(g, 'x', "
       "{ get: function () { return this.x; } }); g.x"},
      {"deeply nested JSON", "JSON.parse(new Array(100000).join('[') )"},
      {"deeply nested source", "eval(new Array(5000).join('(') + '1' + new Array(5000).join(')'))"},
      {"huge string", "var s = 'x'; for (;;) s += s;"},
      {"huge array length", "var a = []; a.length = 4294967295; a.fill(0)"},
      {"cyclic JSON", "var c = {}; c.c = c; JSON.stringify(c)"},
      {"throwing proxy",
       "var p = new Proxy({}, { get: function () { throw new Error('trap'); } }); p.x"},
      {"stack overflow in a coroutine",
       "var t = new Duktape.Thread(function f() { return f(); }); Duktape.Thread.resume(t)"},
      {"calling a non-function", "undefined()"},
  };
  for (const Hostile& h : cases) {
    INFO(h.what);
    JsResult r = js.load(h.code, "hostile.js");
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.error.name.empty());
    CHECK(js.load("1 + 1", "t.js").value_json == "2");
  }
}

TEST_CASE("finalizers are bounded by the time limit, also when the engine is destroyed") {
  auto start = Clock::now();
  {
    JsEngine js(JsLimits{.heap_bytes = size_t{16} << 20, .timeout_ms = 100});
    load_ok(
        js,
        "var keep = {}; Duktape.fin(keep, function () { while (true) {} });\n"
        "(function () { var tmp = {}; Duktape.fin(tmp, function () { while (true) {} }); })();\n");
    js.collect_garbage();
    CHECK(js.load("1", "t.js").value_json == "1");
  }
  CHECK(elapsed_ms(start) < 3000);
}

TEST_CASE("engines are independent of each other") {
  JsEngine a;
  JsEngine b;
  load_ok(a, "var shared = 'a';");
  CHECK(b.load("typeof shared", "t.js").value_json == R"("undefined")");
  JsEngine moved = std::move(a);
  CHECK(moved.load("shared", "t.js").value_json == R"("a")");
}

TEST_CASE("the prelude loads and provides $wx") {
  JsEngine js;
  JsResult r = js.load(stdlib_prelude(), "webx-prelude.js");
  INFO(r.error.name << ": " << r.error.message);
  REQUIRE(r.ok);
  CHECK(js.load("typeof $wx.iter + ' ' + typeof $wx.arr + ' ' + typeof Map", "t.js").value_json ==
        R"("function function function")");
}

}  // namespace
}  // namespace webx

TEST_CASE("JsEngine: $native.escapeHtml escapes the five characters and leaves the rest") {
  webx::JsEngine engine;
  auto r = engine.call("$native.escapeHtml", R"(["a&b<c>\"d'e é 😀 \u0000 &amp;"])");
  REQUIRE(r.ok);
  CHECK(r.value_json == R"("a&amp;b&lt;c&gt;&quot;d&#39;e é 😀 \u0000 &amp;amp;")");
  r = engine.call("$native.escapeHtml", R"(["nothing to do", 42])");
  REQUIRE(r.ok);
  CHECK(r.value_json == R"("nothing to do")");
  r = engine.call("$native.escapeHtml", "[12.5]");
  CHECK(r.value_json == R"("12.5")");
}

TEST_CASE("JsEngine: call_texts returns each element of an array result as a string") {
  webx::JsEngine engine;
  REQUIRE(engine.load("function pair(a) { return [a + '!', {toString: function () { return 'obj'; }}, 3]; }"
                      "function notArray() { return 1; }", "t.js").ok);
  auto r = engine.call_texts("pair", {"é"});
  REQUIRE(r.ok);
  CHECK(r.texts == std::vector<std::string>{"é!", "obj", "3"});
  auto bad = engine.call_texts("notArray", {});
  CHECK_FALSE(bad.ok);
  CHECK(bad.error.name == "TypeError");
}

// $wx.c and $wx.a are the engine's (runtime/js/html_natives.cc); each row is
// what the JavaScript they replaced gave.
TEST_CASE("JsEngine: the JSX helpers $wx.c and $wx.a render every kind of value") {
  webx::JsEngine engine;
  REQUIRE(engine.load(webx::stdlib_prelude(), "webx-prelude.js").ok);
  const std::pair<const char*, const char*> rows[] = {
      {"$wx.c('a<b & \"c\"')", "a&lt;b &amp; &quot;c&quot;"},
      {"$wx.c('plain')", "plain"},
      {"$wx.c(new $wx.Html('<i>x</i>'))", "<i>x</i>"},
      {"$wx.c(raw('<b>'))", "<b>"},
      {"$wx.c(null) + $wx.c(undefined) + $wx.c(true) + $wx.c(false)", ""},
      {"$wx.c(0) + '|' + $wx.c(-1.5) + '|' + $wx.c(1e21) + '|' + $wx.c(NaN)", "0|-1.5|1e+21|NaN"},
      {"$wx.c(['<a>', new $wx.Html('<br>'), 3, null, ['x&', [true, 'y']]])", "&lt;a&gt;<br>3x&amp;y"},
      {"$wx.c([])", ""},
      {"$wx.c({toString: function () { return '<obj>'; }})", "&lt;obj&gt;"},
      {"$wx.c(Symbol('s<'))", "Symbol(s&lt;)"},
      {"$wx.c([Symbol('t')])", "Symbol(t)"},
      {"$wx.c(function f() {}).slice(0, 10)", "function f"},
      {"var a = [1, , 2]; $wx.c(a)", "12"},
      {"$wx.c(Object.create($wx.Html.prototype, {s: {value: '<u>'}}))", "<u>"},
      {"$wx.a(' id', 'x\"<')", " id=\"x&quot;&lt;\""},
      {"$wx.a(' n', 7)", " n=\"7\""},
      {"$wx.a(' hidden', true)", " hidden"},
      {"$wx.a(' hidden', false) + $wx.a(' x', null) + $wx.a(' y', undefined)", ""},
      {"$wx.a(' v', {toString: function () { return '&'; }})", " v=\"&amp;\""},
      {"$wx.a(' v', Symbol('q'))", " v=\"Symbol(q)\""},
      {"$wx.a(' v', '')", " v=\"\""},
  };
  for (const auto& [code, want] : rows) {
    webx::JsResult r = engine.load(code, "t.js");
    INFO(code << " -> " << r.error.name << ": " << r.error.message);
    REQUIRE(r.ok);
    CHECK(r.value_json == nlohmann::json(want).dump());
  }
  // An item's toString that throws is the script's error, and the engine goes on.
  webx::JsResult r = engine.load("$wx.c([1, {toString: function () { throw new Error('boom'); }}])", "t.js");
  CHECK_FALSE(r.ok);
  CHECK(r.error.message == "boom");
  r = engine.load("var deep = []; for (var i = 0; i < 5000; i++) deep = [deep]; $wx.c(deep)", "t.js");
  CHECK_FALSE(r.ok);
  CHECK(r.error.name == "RangeError");
  CHECK(engine.load("$wx.c(['ok'])", "t.js").value_json == R"("ok")");
}

// An engine with the prelude loaded; eval() runs code that must not throw
// and gives its completion value as JSON.
struct PreludeEngine {
  webx::JsEngine engine;
  PreludeEngine() { REQUIRE(engine.load(webx::stdlib_prelude(), "webx-prelude.js").ok); }
  std::string eval(const std::string& code) {
    webx::JsResult r = engine.load(code, "t.js");
    INFO(code << " -> " << r.error.name << ": " << r.error.message);
    REQUIRE(r.ok);
    return r.value_json;
  }
};

// $wx.cmap(list, handler) is $wx.c(list.map(handler)); with a plan the
// handler is not run, and the output must be the same as when it is.
TEST_CASE("JsEngine: $wx.cmap renders like $wx.c(list.map(handler)), with and without a plan") {
  PreludeEngine p;
  webx::JsEngine& engine = p.engine;
  auto eval = [&](const std::string& code) { return p.eval(code); };
  eval(R"(
    var runs = 0;
    function plain(it, i) { runs++; return new $wx.Html("<li" + $wx.a(" id", "i-" + it.id) + $wx.a(" n", i) + ">" + $wx.c(it.title) + "</li>"); }
    function planned(it, i) { runs++; return new $wx.Html("<li" + $wx.a(" id", "i-" + it.id) + $wx.a(" n", i) + ">" + $wx.c(it.title) + "</li>"); }
    $wx.plan(planned, ["<li", [2, " id", [4, [2, "i-"], [1, [0, 0], "id"]]], [2, " n", [0, 1]], ">", [1, [1, [0, 0], "title"]], "</li>"]);
    function both(list) {
      var a = $wx.cmap(list, plain), b = $wx.cmap(list, planned), c = $wx.c(list.map(plain));
      if (a !== c || b !== c) throw new Error("differ: " + a + " | " + b + " | " + c);
      return c;
    }
  )");
  CHECK(eval(R"(both([{id: 1, title: "a<b"}, {id: 2, title: 7}]))") ==
        R"("<li id=\"i-1\" n=\"0\">a&lt;b</li><li id=\"i-2\" n=\"1\">7</li>")");
  CHECK(eval("runs = 0; $wx.cmap([{id: 1, title: 'x'}, {id: 2, title: 'y'}], planned); runs") == "0");
  // Holes are skipped; null and undefined titles render nothing; booleans too.
  CHECK(eval("both([{id: 1, title: null}, , {id: 3}, {id: 4, title: true}])") ==
        R"("<li id=\"i-1\" n=\"0\"></li><li id=\"i-3\" n=\"2\"></li><li id=\"i-4\" n=\"3\"></li>")");
  // Values the plan leaves to the handler, or renders as the handler would.
  CHECK(eval("both([{id: {valueOf: function () { return 5; }}, title: new $wx.Html('<b>')}])") ==
        R"("<li id=\"i-5\" n=\"0\"><b></li>")");
  CHECK(eval("both([{id: 1, title: ['<', new $wx.Html('<i>')]}, {id: 2, title: {toString: function () { return '&'; }}}])") ==
        R"("<li id=\"i-1\" n=\"0\">&lt;<i></li><li id=\"i-2\" n=\"1\">&amp;</li>")");
  // A null item: the handler runs and throws where it reads the property.
  webx::JsResult r = engine.load("$wx.cmap([{id: 1, title: 'a'}, null], planned)", "t.js");
  CHECK_FALSE(r.ok);
  CHECK(r.error.name == "TypeError");
  // Not an array, or a map of its own: list.map(handler) as JavaScript does it.
  CHECK(eval("$wx.cmap({map: function (f) { return ['<own>']; }}, planned)") == R"("&lt;own&gt;")");
  CHECK(eval("var l = [{id: 1, title: 't'}]; l.map = function () { return 'mine'; }; $wx.cmap(l, planned)") ==
        R"("mine")");
  CHECK_FALSE(engine.load("$wx.cmap(null, planned)", "t.js").ok);
  // A getter runs once per item on the plan's path.
  CHECK(eval("var reads = 0; var o = {id: 1}; Object.defineProperty(o, 'title', {get: function () { reads++; return 'g'; }});"
             "[$wx.cmap([o, o], planned), reads]") == R"(["<li id=\"i-1\" n=\"0\">g</li><li id=\"i-1\" n=\"1\">g</li>",2])");
  // Bad plans are refused.
  for (const char* bad : {"$wx.plan(planned, 5)", "$wx.plan(planned, [[9, 1]])", "$wx.plan(planned, [[1, [7]]])",
                          "$wx.plan(planned, [[1, [1, [0, 0], 5]]])", "$wx.plan(5, [])", "$wx.plan(planned, [{}])"}) {
    INFO(bad);
    CHECK_FALSE(engine.load(bad, "t.js").ok);
  }
}

// Conditions in a plan: `?:`, `&&`, `||`, `??`, `===`, `!==` and `!` give
// what the JavaScript gives, for every kind of truthy and falsy value, and
// only the branch taken is evaluated.
TEST_CASE("JsEngine: plans with conditions render like the handler") {
  PreludeEngine p;
  webx::JsEngine& engine = p.engine;
  auto eval = [&](const std::string& code) { return p.eval(code); };
  eval(R"(
    var runs = 0;
    function plain(it, i) {
      runs++;
      return new $wx.Html("<li" + $wx.a(" class", it.done ? "done" : "open") + $wx.a(" data-x", it.x === 1) +
                          $wx.a(" hidden", !it.shown) + ">" + $wx.c(it.a && it.b) + "|" + $wx.c(it.a || "none") +
                          "|" + $wx.c(it.n === null || it.n === void 0 ? "nil" : it.n) + "|" + $wx.c(it.x !== "1" ? i : it.missing.field) + "</li>");
    }
    function planned(it, i) { return plain(it, i); }
    $wx.plan(planned, ["<li",
      [2, " class", [5, [1, [0, 0], "done"], [2, "done"], [2, "open"]]],
      [2, " data-x", [9, [1, [0, 0], "x"], [3, 1]]],
      [2, " hidden", [11, [1, [0, 0], "shown"]]],
      ">", [1, [6, [1, [0, 0], "a"], [1, [0, 0], "b"]]], "|", [1, [7, [1, [0, 0], "a"], [2, "none"]]],
      "|", [1, [8, [1, [0, 0], "n"], [2, "nil"]]],
      "|", [1, [5, [10, [1, [0, 0], "x"], [2, "1"]], [0, 1], [1, [1, [0, 0], "missing"], "field"]]], "</li>"]);
    function both(list) {
      var a = $wx.cmap(list, plain), b = $wx.cmap(list, planned), c = $wx.c(list.map(plain));
      if (a !== c || b !== c) throw new Error("differ: " + a + " | " + b + " | " + c);
      return c;
    }
  )");
  const std::string values[] = {"0", "1", "''", "'s'", "NaN", "null", "undefined", "true", "false", "{}", "[]",
                                "new $wx.Html('<b>')"};
  for (const std::string& v : values) {
    const std::string item = "{done: " + v + ", x: " + v + ", shown: " + v + ", a: " + v + ", b: 'B', n: " + v + "}";
    INFO(item);
    eval("both([" + item + "])");  // throws when the outputs differ
  }
  CHECK(eval("both([{done: 1, x: 1, shown: true, a: 'A', b: '<B>', n: 0}])") ==
        R"("<li class=\"done\" data-x>&lt;B&gt;|A|0|0</li>")");  // true: a boolean attribute
  // The branch not taken is not evaluated: `it.missing.field` would throw.
  CHECK(eval("runs = 0; $wx.cmap([{x: 2}, {x: 3}], planned); runs") == "0");
  // The branch taken reads a property of undefined: the handler runs and throws.
  CHECK_FALSE(engine.load("$wx.cmap([{x: '1'}], planned)", "t.js").ok);
}
