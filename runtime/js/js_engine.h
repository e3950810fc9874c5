// The embedded JavaScript engine: one Duktape heap behind a narrow facade.
//
// Generated code (ES5.1) and the stdlib prelude run here. Values cross the
// boundary as JSON text or plain strings, never as Duktape types, so nothing
// outside runtime/js/ includes Duktape's headers.
//
// Every load() and call() is bounded: by a time limit (an endless loop ends
// in an error marked timed_out) and by a cap on the heap's size (an
// allocation past it fails, and the script sees an error marked
// out_of_memory). Either way the engine stays usable for the next call, and
// nothing a script does can crash the process; scripts' errors come back as
// JsError values, never as C++ exceptions.
//
// Strings are UTF-8 on the C++ side. Inside the engine they are UTF-16 as
// ECMAScript requires ("😀".length is 2): text passed in is converted on the
// way in, and surrogate pairs are joined again on the way out. Invalid UTF-8
// coming in and lone surrogates going out become U+FFFD, except in JSON
// output, where a lone surrogate is written as a \uXXXX escape (as Node's
// JSON.stringify does) so no information is lost.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace webx {

struct JsLimits {
  // The most the heap may hold, in bytes, counting Duktape's own structures
  // and the prelude. Must leave room for the engine to start (a few hundred
  // kilobytes).
  size_t heap_bytes = size_t{64} << 20;
  // Wall-clock limit for each load() or call(), in milliseconds; 0 disables
  // it. Duktape checks it every 256K bytecode instructions, which for
  // ordinary code means within a few milliseconds. Native code in between is
  // not interrupted, so a script whose instructions are slow native calls
  // can overrun by more: a backtracking regular expression (Duktape stops
  // those only after 1e9 steps, some seconds), or Array methods walking a
  // sparse array with millions of holes (join, indexOf, forEach...).
  uint32_t timeout_ms = 1000;
};

// One frame of a script error's stack, as a position in the generated code
// (the compiler's source map takes it back to a .webx line). JsError lists
// them innermost first, at most 32 (duk_config_webx.h).
struct JsStackFrame {
  std::string function;  // empty for anonymous functions
  std::string file;      // the filename given to load(); empty for native functions
  uint32_t line = 0;     // 1-based; 0 for native functions
};

struct JsError {
  // For Error objects, their name and message ("TypeError", "x is not a
  // function"). For other thrown values, name is empty and message is the
  // value converted with String().
  std::string name;
  std::string message;
  std::vector<JsStackFrame> frames;
  bool timed_out = false;      // the time limit interrupted the script
  bool out_of_memory = false;  // an allocation failed against the heap cap
};

struct JsResult {
  bool ok = false;
  // When ok: the value as JSON text, or "" when the value has no JSON form
  // (undefined, a function, a symbol). When not ok: "".
  std::string value_json;
  JsError error;  // meaningful when !ok
};

struct JsTextResult {
  bool ok = false;
  std::string text;  // when ok: the value converted with String()
  JsError error;     // meaningful when !ok
};

struct JsTextsResult {
  bool ok = false;
  std::vector<std::string> texts;  // when ok: each element converted with String()
  JsError error;                   // meaningful when !ok
};

// Owns one Duktape heap. Used by one thread only (the JS actor's); it holds
// no global state, so separate engines may live on separate threads. That
// thread needs an ordinary C stack (Linux's default of 8 MB): Duktape's
// recursion limits (nested native calls, the compiler, regular expressions)
// are sized for it, and 1 MB is not enough.
//
// A moved-from JsEngine may only be destroyed or assigned to.
class JsEngine {
 public:
  // Creates the heap and installs console. Throws std::runtime_error when the
  // heap cannot even be created, e.g. a heap_bytes too small to start in.
  explicit JsEngine(JsLimits limits = {});
  ~JsEngine();
  JsEngine(JsEngine&&) noexcept;
  JsEngine& operator=(JsEngine&&) noexcept;
  JsEngine(const JsEngine&) = delete;
  JsEngine& operator=(const JsEngine&) = delete;

  // Compiles code as a global script named filename (the name that appears
  // in stack frames) and runs it. ok means the script ran without throwing;
  // value_json is its completion value, "" also when that value cannot be
  // encoded (a cyclic object, say), since the script did run.
  JsResult load(std::string_view code, std::string_view filename);

  // Calls the function at function_path, a global name or a dotted path from
  // the global object ("$wx.run"), with the elements of args_json, a JSON
  // array, as arguments; "" means no arguments. The function's this is the
  // object that holds it. The result is the return value as JSON.
  JsResult call(std::string_view function_path, std::string_view args_json = "[]");

  // Like call(), but the arguments are strings passed as they are and the
  // return value is converted with String(): for callers that have text, not
  // JSON, e.g. call_text("$wx.run", {"getTodos", request_json}).
  JsTextResult call_text(std::string_view function_path, const std::vector<std::string_view>& args);

  // Like call_text, for a function that returns an array: each element comes
  // back as a string. Saves encoding several results into one (e.g. a
  // response's metadata as JSON and its body as it is).
  JsTextsResult call_texts(std::string_view function_path, const std::vector<std::string_view>& args);

  // Defines $native.<name>(text) for scripts: it calls `fn` with the
  // argument converted with String() and returns fn's result as a string.
  // An exception fn throws becomes an Error thrown in the script, with the
  // exception's what() as message. fn runs on this engine's thread, inside
  // load() or call(), and must not call back into the engine. The time
  // limit keeps running while fn does.
  void define_native(const std::string& name, std::function<std::string(std::string_view)> fn);

  // Where console.log, info, debug, warn and error write: each call becomes
  // one line, its arguments converted with String() and joined by spaces.
  // Without a sink the output is dropped. The sink is called on this
  // engine's thread, during load() or call(); it must not call back into the
  // engine, and an exception it throws is swallowed (the line is lost).
  void set_console(std::function<void(std::string_view line)> sink);

  // Bytes currently allocated by the heap, as counted against the cap.
  size_t heap_bytes_in_use() const;

  // Runs a full garbage collection now. The engine collects on its own;
  // this is for callers that want to measure or trim between requests.
  void collect_garbage();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace webx
