// The Duktape side of JsEngine.
//
// Duktape reports errors with longjmp. A longjmp that skips a C++ object's
// destructor is undefined behaviour, so this file keeps a strict boundary:
// every Duktape call that can throw (anything that allocates or runs script
// code) happens inside a function run by duk_safe_call, and those functions
// hold no C++ objects with destructors while they call into Duktape. They get
// their inputs as plain pointers (CallRequest) and leave their outputs on the
// value stack, where the C++ methods read them after duk_safe_call returns.
// A Duktape error outside a protected call would go to the fatal handler and
// abort the process, which is why even pushing a string happens inside one.
//
// Limits:
//  - Time: duk_config_webx.h makes the bytecode executor call
//    webx_duk_exec_timeout_check every 256K instructions (a constant of
//    duktape.c) with the heap's user data, a HeapState holding the deadline
//    of the current entry into the engine. Native code is not interrupted:
//    Duktape's regular expression engine only stops at its own limit of 1e9
//    steps (a catastrophic backtracking pattern runs for some seconds), and
//    native Array methods walk sparse arrays hole by hole (a join over ten
//    million holes takes seconds).
//  - Memory: the heap allocates through heap_alloc/heap_realloc/heap_free,
//    which count the bytes in use and refuse to go past the cap. Duktape then
//    collects garbage and retries, and if that does not help, throws an
//    error in the script that needed the memory. Once that error has unwound
//    the script's frames, their garbage is collectable again. Blocks up to
//    512 bytes come from the heap's own size-class pool (SmallBlockPool),
//    larger ones from malloc.
#include "js_engine.h"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "cesu8.h"
#include "duktape.h"
#include "html_natives.h"

namespace webx {
namespace {

using Clock = std::chrono::steady_clock;

// Everything Duktape's callbacks reach through the heap's user data: the
// allocation count, the deadline and the console sink. Owned by the engine's
// Impl, on the engine's thread.
// Small blocks of one heap, by size class: Duktape allocates and frees
// many tiny blocks (strings, property tables, activations) per call, and
// the general-purpose allocator was a sixth of a route's CPU. A class is a
// multiple of 16 bytes, header included, up to kMaxPooled; freed blocks go
// on their class's free list (the link lives in the freed payload) and are
// reused; new ones are carved from 256 KiB slabs, which go back to the
// system only with the heap. One heap is used by one thread: no locking.
class SmallBlockPool {
 public:
  static constexpr size_t kGranule = 16;
  static constexpr size_t kMaxPooled = 512;
  static constexpr size_t kSlabBytes = 256 * 1024;

  SmallBlockPool() = default;
  SmallBlockPool(const SmallBlockPool&) = delete;
  SmallBlockPool& operator=(const SmallBlockPool&) = delete;
  ~SmallBlockPool() {
    for (void* slab : slabs_) std::free(slab);
  }

  // `total` is a multiple of kGranule, at most kMaxPooled.
  unsigned char* take(size_t total) {
    FreeBlock*& head = free_[total / kGranule - 1];
    if (head != nullptr) {
      FreeBlock* block = head;
      head = block->next;
      return reinterpret_cast<unsigned char*>(block);
    }
    if (left_ < total) {
      void* slab = std::malloc(kSlabBytes);
      if (slab == nullptr) return nullptr;
      slabs_.push_back(slab);
      next_ = static_cast<unsigned char*>(slab);
      left_ = kSlabBytes;  // the rest of the previous slab is dropped: at most 511 bytes
    }
    unsigned char* block = next_;
    next_ += total;
    left_ -= total;
    return block;
  }
  void give(unsigned char* block, size_t total) {
    auto* f = reinterpret_cast<FreeBlock*>(block);
    f->next = free_[total / kGranule - 1];
    free_[total / kGranule - 1] = f;
  }

 private:
  struct FreeBlock {
    FreeBlock* next;
  };
  FreeBlock* free_[kMaxPooled / kGranule] = {};
  std::vector<void*> slabs_;
  unsigned char* next_ = nullptr;
  size_t left_ = 0;
};

struct HeapState {
  SmallBlockPool pool;
  size_t cap = 0;
  size_t in_use = 0;
  bool allocation_refused = false;  // since the current entry began
  bool deadline_set = false;
  Clock::time_point deadline;
  bool timed_out = false;  // latched: once past the deadline, stay past it
  std::function<void(std::string_view)> console;
  std::vector<std::function<std::string(std::string_view)>> natives;  // by magic number
  std::string native_text;  // the last native call's result or error (see call_native)
};

// ---- Memory ----------------------------------------------------------------

// Each block carries its size in a header so that free and realloc can keep
// the count. The header is as large as the strictest alignment, so the
// pointer handed to Duktape stays suitably aligned.
constexpr size_t kHeader = alignof(std::max_align_t);
static_assert(kHeader >= sizeof(size_t));

bool fits(const HeapState& s, size_t more) { return more <= s.cap - s.in_use; }

// The block size for a request of `size` bytes: header included, rounded
// up to the pool's granule when the pool serves it; 0 on overflow.
size_t block_total(size_t size) {
  size_t total = size + kHeader;
  if (total < size) return 0;
  if (total <= SmallBlockPool::kMaxPooled) {
    total = (total + SmallBlockPool::kGranule - 1) / SmallBlockPool::kGranule * SmallBlockPool::kGranule;
  }
  return total;
}

unsigned char* allocate_block(HeapState& s, size_t total) {
  return total <= SmallBlockPool::kMaxPooled ? s.pool.take(total) : static_cast<unsigned char*>(std::malloc(total));
}

void release_block(HeapState& s, unsigned char* base, size_t total) {
  if (total <= SmallBlockPool::kMaxPooled) {
    s.pool.give(base, total);
  } else {
    std::free(base);
  }
}

void* heap_alloc(void* udata, duk_size_t size) {
  auto* s = static_cast<HeapState*>(udata);
  if (size == 0) return nullptr;  // Duktape accepts NULL for empty blocks
  size_t total = block_total(size);
  if (total == 0 || !fits(*s, total)) {
    s->allocation_refused = true;
    return nullptr;
  }
  unsigned char* base = allocate_block(*s, total);
  if (base == nullptr) return nullptr;
  std::memcpy(base, &total, sizeof total);
  s->in_use += total;
  return base + kHeader;
}

void heap_free(void* udata, void* ptr) {
  if (ptr == nullptr) return;
  auto* s = static_cast<HeapState*>(udata);
  auto* base = static_cast<unsigned char*>(ptr) - kHeader;
  size_t total;
  std::memcpy(&total, base, sizeof total);
  s->in_use -= total;
  release_block(*s, base, total);
}

void* heap_realloc(void* udata, void* ptr, duk_size_t size) {
  if (ptr == nullptr) return heap_alloc(udata, size);
  if (size == 0) {
    heap_free(udata, ptr);
    return nullptr;
  }
  auto* s = static_cast<HeapState*>(udata);
  auto* base = static_cast<unsigned char*>(ptr) - kHeader;
  size_t old_total;
  std::memcpy(&old_total, base, sizeof old_total);
  size_t total = block_total(size);
  if (total == 0 || (total > old_total && !fits(*s, total - old_total))) {
    s->allocation_refused = true;
    return nullptr;  // the old block stays valid, as with realloc
  }
  if (total == old_total) return ptr;
  if (old_total > SmallBlockPool::kMaxPooled && total > SmallBlockPool::kMaxPooled) {
    auto* moved = static_cast<unsigned char*>(std::realloc(base, total));
    if (moved == nullptr) return nullptr;
    std::memcpy(moved, &total, sizeof total);
    s->in_use = s->in_use - old_total + total;
    return moved + kHeader;
  }
  // Into or out of the pool, or to another class: a new block.
  unsigned char* moved = allocate_block(*s, total);
  if (moved == nullptr) return nullptr;
  std::memcpy(moved, &total, sizeof total);
  std::memcpy(moved + kHeader, ptr, std::min(old_total, total) - kHeader);
  s->in_use = s->in_use - old_total + total;
  release_block(*s, base, old_total);
  return moved + kHeader;
}

// Duktape calls this only for errors outside any protected call, which this
// file never makes, or for internal inconsistencies; neither can be
// recovered from, so the process stops with the reason.
void on_fatal(void*, const char* message) {
  std::fprintf(stderr, "webx: fatal error in the JavaScript engine: %s\n",
               message != nullptr ? message : "(no message)");
  std::fflush(stderr);
  std::abort();
}

HeapState* state_of(duk_context* ctx) {
  duk_memory_functions funcs;
  duk_get_memory_functions(ctx, &funcs);
  return static_cast<HeapState*>(funcs.udata);
}

// ---- Protected functions (run by duk_safe_call) ----------------------------

// The inputs of one entry into the engine, as plain pointers into strings
// that the calling C++ method keeps alive (already converted to CESU-8).
struct CallRequest {
  const char* path = nullptr;  // dotted function path, for calls
  size_t path_size = 0;
  const char* input = nullptr;  // source code, JSON arguments
  size_t input_size = 0;
  const char* filename = nullptr;  // for load
  size_t filename_size = 0;
  bool text_mode = false;  // call_text: string arguments, String() result
  const std::string* text_args = nullptr;
  size_t text_arg_count = 0;
};

// Replaces the value at idx with String(value): like ToString, except that a
// symbol becomes its description ("Symbol(foo)") instead of throwing.
void to_display_string(duk_context* ctx, duk_idx_t idx) {
  idx = duk_normalize_index(ctx, idx);
  if (duk_is_symbol(ctx, idx)) {
    duk_get_prop_string(ctx, idx, "toString");
    duk_dup(ctx, idx);
    duk_call_method(ctx, 0);
    duk_replace(ctx, idx);
    return;
  }
  duk_to_string(ctx, idx);
}

// console.log and friends: [ args... ] -> writes one line to the sink.
duk_ret_t console_write(duk_context* ctx) {
  duk_idx_t count = duk_get_top(ctx);
  for (duk_idx_t i = 0; i < count; i++) to_display_string(ctx, i);
  duk_push_string(ctx, " ");
  duk_insert(ctx, 0);
  duk_join(ctx, count);
  duk_size_t size = 0;
  const char* data = duk_get_lstring(ctx, -1, &size);
  HeapState* state = state_of(ctx);
  if (state->console && data != nullptr) {
    // No Duktape calls from here on: the string below must reach its
    // destructor, and an exception must not unwind through Duktape's frames.
    try {
      state->console(cesu8_to_utf8(std::string_view(data, size), LoneSurrogate::kReplace));
    } catch (...) {
      // A sink that throws loses its line; the script is not at fault.
    }
  }
  return 0;
}

// $native.<name>(text), defined by JsEngine::define_native: the magic
// number picks the function. The C++ call runs outside any Duktape frame
// that could unwind through it: its result or error is kept in locals, and
// only then handed to Duktape.
duk_ret_t call_native(duk_context* ctx) {
  // No C++ object with a destructor may be alive at a Duktape call that can
  // throw (a throw is a longjmp and would skip it): the text is kept in the
  // heap's state, and the temporaries are gone before the pushes.
  HeapState* state = state_of(ctx);
  const auto index = static_cast<size_t>(duk_get_current_magic(ctx));
  duk_size_t size = 0;
  const char* data = duk_to_lstring(ctx, 0, &size);
  bool failed = false;
  try {
    state->native_text = utf8_to_cesu8(state->natives.at(index)(cesu8_to_utf8(std::string_view(data, size),
                                                                               LoneSurrogate::kReplace)));
  } catch (const std::exception& e) {
    failed = true;
    state->native_text = utf8_to_cesu8(e.what());
  } catch (...) {
    failed = true;
    state->native_text = "native function failed";
  }
  duk_push_lstring(ctx, state->native_text.data(), state->native_text.size());
  if (failed) {
    duk_push_error_object(ctx, DUK_ERR_ERROR, "%s", duk_get_string(ctx, -1));
    return duk_throw(ctx);
  }
  return 1;
}

struct NativeDefinition {
  const char* name;
  duk_int_t magic;
};

// [ ] -> [ ]: $native[name] = call_native with its magic number.
duk_ret_t install_native(duk_context* ctx, void* udata) {
  auto* def = static_cast<const NativeDefinition*>(udata);
  duk_get_global_string(ctx, "$native");
  duk_push_c_function(ctx, call_native, 1);
  duk_set_magic(ctx, -1, def->magic);
  duk_put_prop_string(ctx, -2, def->name);
  duk_pop(ctx);
  return 0;
}

duk_ret_t install_console(duk_context* ctx, void*) {
  duk_push_global_object(ctx);
  duk_push_string(ctx, "$native");
  duk_push_object(ctx);
  put_html_natives(ctx);
  duk_def_prop(ctx, -3,
               DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE | DUK_DEFPROP_SET_CONFIGURABLE |
                   DUK_DEFPROP_CLEAR_ENUMERABLE);
  duk_pop(ctx);

  duk_push_global_object(ctx);
  duk_push_string(ctx, "console");
  duk_push_object(ctx);
  static const char* const kMethods[] = {"log", "info", "debug", "warn", "error"};
  for (const char* name : kMethods) {
    duk_push_c_function(ctx, console_write, DUK_VARARGS);
    duk_put_prop_string(ctx, -2, name);
  }
  // Like the other globals the engine provides: writable, configurable and
  // not enumerable.
  duk_def_prop(ctx, -3,
               DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE | DUK_DEFPROP_SET_CONFIGURABLE |
                   DUK_DEFPROP_CLEAR_ENUMERABLE);
  duk_pop(ctx);
  return 0;
}

// [ ] -> [ completion value ]
duk_ret_t run_script(duk_context* ctx, void* udata) {
  auto* req = static_cast<const CallRequest*>(udata);
  duk_push_lstring(ctx, req->filename, req->filename_size);
  duk_compile_lstring_filename(ctx, 0, req->input, req->input_size);
  duk_call(ctx, 0);
  return 1;
}

// [ value ] -> [ JSON text, or undefined when the value has no JSON form ]
duk_ret_t encode_json(duk_context* ctx, void*) {
  if (!duk_is_undefined(ctx, 0)) duk_json_encode(ctx, 0);
  return 1;
}

// Resolves the dotted path from the global object and calls the function
// with the request's arguments. [ ] -> [ return value ]
void call_path(duk_context* ctx, const CallRequest* req) {
  duk_push_global_object(ctx);
  const char* p = req->path;
  const char* end = req->path + req->path_size;
  for (;;) {
    const char* dot = static_cast<const char*>(std::memchr(p, '.', static_cast<size_t>(end - p)));
    const char* seg_end = dot != nullptr ? dot : end;
    duk_get_prop_lstring(ctx, -1, p, static_cast<duk_size_t>(seg_end - p));
    if (dot == nullptr) break;
    duk_remove(ctx, -2);
    p = dot + 1;
  }
  // [ holder function ]
  if (!duk_is_callable(ctx, -1)) {
    duk_type_error(ctx, "%.*s is not a function", static_cast<int>(req->path_size), req->path);
  }
  duk_swap(ctx, -1, -2);
  // [ function holder ]
  duk_idx_t nargs = 0;
  if (req->text_mode) {
    nargs = static_cast<duk_idx_t>(req->text_arg_count);
    duk_require_stack(ctx, nargs);
    for (size_t i = 0; i < req->text_arg_count; i++) {
      duk_push_lstring(ctx, req->text_args[i].data(), req->text_args[i].size());
    }
  } else if (req->input_size > 0) {
    duk_idx_t args_idx = duk_get_top(ctx);
    duk_push_lstring(ctx, req->input, req->input_size);
    duk_json_decode(ctx, args_idx);
    if (!duk_is_array(ctx, args_idx)) {
      duk_type_error(ctx, "the arguments for %.*s must be a JSON array",
                     static_cast<int>(req->path_size), req->path);
    }
    nargs = static_cast<duk_idx_t>(duk_get_length(ctx, args_idx));
    duk_require_stack(ctx, nargs);
    for (duk_idx_t i = 0; i < nargs; i++)
      duk_get_prop_index(ctx, args_idx, static_cast<duk_uarridx_t>(i));
    duk_remove(ctx, args_idx);
  }
  duk_call_method(ctx, nargs);
}

// [ ] -> [ return value as JSON text, or undefined ]
duk_ret_t call_json(duk_context* ctx, void* udata) {
  call_path(ctx, static_cast<const CallRequest*>(udata));
  if (!duk_is_undefined(ctx, -1)) duk_json_encode(ctx, -1);
  return 1;
}

// [ ] -> [ String(return value) ]
duk_ret_t call_string(duk_context* ctx, void* udata) {
  call_path(ctx, static_cast<const CallRequest*>(udata));
  to_display_string(ctx, -1);
  return 1;
}

// [ ] -> [ strings ] for a call returning an array r: a new array holding
// String(r[i]) for each element, so reading it afterwards runs no script.
duk_ret_t call_strings(duk_context* ctx, void* udata) {
  const auto* req = static_cast<const CallRequest*>(udata);
  call_path(ctx, req);
  if (!duk_is_array(ctx, -1)) {
    duk_type_error(ctx, "%.*s must return an array", static_cast<int>(req->path_size), req->path);
  }
  duk_idx_t result = duk_get_top_index(ctx);
  duk_uarridx_t count = static_cast<duk_uarridx_t>(duk_get_length(ctx, result));
  duk_idx_t strings = duk_push_array(ctx);
  for (duk_uarridx_t i = 0; i < count; i++) {
    duk_get_prop_index(ctx, result, i);
    to_display_string(ctx, -1);
    duk_put_prop_index(ctx, strings, i);
  }
  return 1;
}

// [ thrown ] -> [ name message stack header ]: everything read_error needs,
// as strings. header is String(error), which Duktape's stack begins with.
duk_ret_t describe_error(duk_context* ctx, void*) {
  if (duk_is_error(ctx, 0)) {
    duk_get_prop_string(ctx, 0, "name");
    duk_safe_to_string(ctx, -1);
    duk_get_prop_string(ctx, 0, "message");
    duk_safe_to_string(ctx, -1);
    duk_get_prop_string(ctx, 0, "stack");
    if (!duk_is_string(ctx, -1)) {
      duk_pop(ctx);
      duk_push_string(ctx, "");
    }
    duk_dup(ctx, 0);
    duk_safe_to_string(ctx, -1);
  } else {
    duk_push_string(ctx, "");
    duk_dup(ctx, 0);
    if (duk_is_symbol(ctx, -1)) {
      to_display_string(ctx, -1);
    } else {
      duk_safe_to_string(ctx, -1);
    }
    duk_push_string(ctx, "");
    duk_push_string(ctx, "");
  }
  return 4;
}

duk_ret_t run_gc(duk_context* ctx, void*) {
  duk_gc(ctx, 0);
  // A second pass collects what finalizers of the first released.
  duk_gc(ctx, 0);
  return 0;
}

// ---- Reading results ---------------------------------------------------------

std::string_view string_at(duk_context* ctx, duk_idx_t idx) {
  duk_size_t size = 0;
  const char* data = duk_get_lstring(ctx, idx, &size);
  return data == nullptr ? std::string_view() : std::string_view(data, size);
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_native_source(std::string_view file) {
  return ends_with(file, ".c") || ends_with(file, ".cc") || ends_with(file, ".cpp");
}

// Parses one line of a Duktape stack trace (after "at "). The forms are
//   name (file:line) flags        a function compiled from source
//   name (file) native flags      a native function (file is usually empty)
//   name light flags              a lightweight native function
//   [anon] (file:line) internal   a position recorded by Duktape itself: the
//                                 source position of a syntax error, or the
//                                 C source line that raised the error
// Anonymous functions are named "[anon]". A function name is cut at the
// first " (", and a file name may contain anything up to the last ")".
// Returns false for lines to skip: positions in C or C++ sources (Duktape's,
// or this file's when it raises an error), which mean nothing to a user.
bool parse_frame(std::string_view text, JsStackFrame& frame) {
  size_t open = text.find(" (");
  size_t close = text.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    frame.function = std::string(text.substr(0, text.find(' ')));
  } else {
    frame.function = std::string(text.substr(0, open));
    std::string_view inside = text.substr(open + 2, close - open - 2);
    std::string_view flags = text.substr(close + 1);
    if (starts_with(flags, " native")) {
      frame.file = std::string(inside);
    } else {
      size_t colon = inside.rfind(':');
      std::string_view file = inside.substr(0, colon);
      uint32_t line = 0;
      if (colon != std::string_view::npos) {
        for (char c : inside.substr(colon + 1)) {
          if (c < '0' || c > '9') break;
          line = line * 10 + static_cast<uint32_t>(c - '0');
        }
      }
      if (starts_with(flags, " internal") && is_native_source(file)) return false;
      frame.file = std::string(file);
      frame.line = line;
    }
  }
  if (frame.function == "[anon]") frame.function.clear();
  return true;
}

// Duktape's stack text is String(error) followed by one "\n    at ..." line
// per frame, innermost first.
std::vector<JsStackFrame> parse_stack(std::string_view stack, std::string_view header) {
  std::vector<JsStackFrame> frames;
  if (starts_with(stack, header)) stack.remove_prefix(header.size());
  while (!stack.empty()) {
    size_t nl = stack.find('\n');
    std::string_view line = stack.substr(0, nl);
    stack.remove_prefix(nl == std::string_view::npos ? stack.size() : nl + 1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (!starts_with(line, "at ")) continue;
    JsStackFrame frame;
    if (parse_frame(line.substr(3), frame)) frames.push_back(std::move(frame));
  }
  return frames;
}

std::string to_utf8(std::string_view cesu8) {
  return cesu8_to_utf8(cesu8, LoneSurrogate::kReplace);
}

// Bounds one entry into the engine: sets the deadline and clears the flags
// on the way in, and lifts the deadline on the way out. The entry's value
// stack cleanup must happen inside the window, because releasing values can
// run finalizers, which are script code.
class CallWindow {
 public:
  CallWindow(HeapState& state, uint32_t timeout_ms) : state_(state) {
    state_.allocation_refused = false;
    state_.timed_out = false;
    state_.deadline_set = timeout_ms > 0;
    if (state_.deadline_set) state_.deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  }
  ~CallWindow() {
    state_.deadline_set = false;
    state_.timed_out = false;
  }
  CallWindow(const CallWindow&) = delete;
  CallWindow& operator=(const CallWindow&) = delete;

 private:
  HeapState& state_;
};

}  // namespace

struct JsEngine::Impl {
  JsLimits limits;
  HeapState state;
  duk_context* ctx = nullptr;

  ~Impl() {
    if (ctx == nullptr) return;
    // Destroying the heap runs the finalizers of what is left, under the
    // same time limit as any other entry.
    CallWindow window(state, limits.timeout_ms);
    duk_destroy_heap(ctx);
  }

  // Reads the thrown value at the top of the stack into a JsError.
  JsError read_error() {
    JsError error;
    error.timed_out = state.timed_out;
    duk_idx_t base = duk_get_top(ctx) - 1;
    if (duk_safe_call(ctx, describe_error, nullptr, 1, 4) == DUK_EXEC_SUCCESS) {
      error.name = to_utf8(string_at(ctx, base));
      error.message = to_utf8(string_at(ctx, base + 1));
      error.frames =
          parse_stack(to_utf8(string_at(ctx, base + 2)), to_utf8(string_at(ctx, base + 3)));
    } else {
      // Describing the error failed too, most likely for lack of memory.
      error.name = "Error";
      error.message = "the script's error could not be read";
    }
    // Duktape reports a failed allocation as "Error: alloc failed"; if even
    // creating that error fails, it throws a preallocated "double error".
    error.out_of_memory =
        state.allocation_refused &&
        (error.message == "alloc failed" || error.message == "error in error handling" ||
         error.message == "the script's error could not be read");
    if (error.timed_out) error.out_of_memory = false;
    return error;
  }

  // One entry into the engine, bounded by the time limit: runs `fn` on
  // `req`; then `read(result)` takes what it left at the top of the stack,
  // or the error is read. The stack is empty again afterwards.
  template <typename Result, typename Read>
  Result enter(duk_safe_call_function fn, CallRequest& req, Read read) {
    Result result;
    CallWindow window(state, limits.timeout_ms);
    duk_set_top(ctx, 0);
    if (duk_safe_call(ctx, fn, &req, 0, 1) != DUK_EXEC_SUCCESS) {
      result.error = read_error();
    } else {
      result.ok = true;
      read(result);
    }
    duk_set_top(ctx, 0);
    return result;
  }
};

JsEngine::JsEngine(JsLimits limits) : impl_(std::make_unique<Impl>()) {
  impl_->limits = limits;
  impl_->state.cap = limits.heap_bytes;
  impl_->ctx = duk_create_heap(heap_alloc, heap_realloc, heap_free, &impl_->state, on_fatal);
  if (impl_->ctx == nullptr) {
    throw std::runtime_error("cannot create a JavaScript heap within " +
                             std::to_string(limits.heap_bytes) + " bytes");
  }
  CallWindow window(impl_->state, limits.timeout_ms);
  bool installed = duk_safe_call(impl_->ctx, install_console, nullptr, 0, 1) == DUK_EXEC_SUCCESS;
  duk_set_top(impl_->ctx, 0);
  if (!installed) {
    throw std::runtime_error("cannot set up the JavaScript heap within " +
                             std::to_string(limits.heap_bytes) + " bytes");
  }
}

JsEngine::~JsEngine() = default;
JsEngine::JsEngine(JsEngine&&) noexcept = default;
JsEngine& JsEngine::operator=(JsEngine&&) noexcept = default;

JsResult JsEngine::load(std::string_view code, std::string_view filename) {
  duk_context* ctx = impl_->ctx;
  std::string name = utf8_to_cesu8(filename);
  CallRequest req;
  req.input = code.data();
  req.input_size = code.size();
  req.filename = name.c_str();
  req.filename_size = name.size();
  return impl_->enter<JsResult>(run_script, req, [ctx](JsResult& result) {
    // The script has run; a completion value without a JSON form (or one
    // that cannot be encoded, e.g. a cyclic object) is reported as "".
    if (duk_safe_call(ctx, encode_json, nullptr, 1, 1) == DUK_EXEC_SUCCESS) {
      result.value_json = cesu8_to_utf8(string_at(ctx, -1), LoneSurrogate::kJsonEscape);
    }
  });
}

JsResult JsEngine::call(std::string_view function_path, std::string_view args_json) {
  duk_context* ctx = impl_->ctx;
  std::string path = utf8_to_cesu8(function_path);
  std::string args = utf8_to_cesu8(args_json);
  CallRequest req;
  req.path = path.data();
  req.path_size = path.size();
  req.input = args.data();
  req.input_size = args.size();
  return impl_->enter<JsResult>(call_json, req, [ctx](JsResult& result) {
    result.value_json = cesu8_to_utf8(string_at(ctx, -1), LoneSurrogate::kJsonEscape);
  });
}

namespace {

// A call with string arguments (call_text, call_texts): the arguments in
// the engine's encoding, and the request pointing at them.
struct TextCall {
  std::string path;
  std::vector<std::string> args;
  CallRequest req;

  TextCall(std::string_view function_path, const std::vector<std::string_view>& arguments)
      : path(utf8_to_cesu8(function_path)) {
    args.reserve(arguments.size());
    for (std::string_view arg : arguments) args.push_back(utf8_to_cesu8(arg));
    req.path = path.data();
    req.path_size = path.size();
    req.text_mode = true;
    req.text_args = args.data();
    req.text_arg_count = args.size();
  }
};

}  // namespace

JsTextResult JsEngine::call_text(std::string_view function_path,
                                 const std::vector<std::string_view>& args) {
  duk_context* ctx = impl_->ctx;
  TextCall call(function_path, args);
  return impl_->enter<JsTextResult>(call_string, call.req, [ctx](JsTextResult& result) {
    result.text = to_utf8(string_at(ctx, -1));
  });
}

JsTextsResult JsEngine::call_texts(std::string_view function_path,
                                   const std::vector<std::string_view>& args) {
  duk_context* ctx = impl_->ctx;
  TextCall call(function_path, args);
  return impl_->enter<JsTextsResult>(call_strings, call.req, [ctx](JsTextsResult& result) {
    duk_uarridx_t count = static_cast<duk_uarridx_t>(duk_get_length(ctx, -1));
    for (duk_uarridx_t i = 0; i < count; i++) {
      duk_get_prop_index(ctx, -1, i);
      result.texts.push_back(to_utf8(string_at(ctx, -1)));
      duk_pop(ctx);
    }
  });
}

void JsEngine::define_native(const std::string& name, std::function<std::string(std::string_view)> fn) {
  HeapState& state = impl_->state;
  NativeDefinition def{name.c_str(), static_cast<duk_int_t>(state.natives.size())};
  state.natives.push_back(std::move(fn));
  duk_set_top(impl_->ctx, 0);
  if (duk_safe_call(impl_->ctx, install_native, &def, 0, 1) != DUK_EXEC_SUCCESS) {
    throw std::runtime_error("cannot define $native." + name);
  }
  duk_set_top(impl_->ctx, 0);
}

void JsEngine::set_console(std::function<void(std::string_view line)> sink) {
  impl_->state.console = std::move(sink);
}

size_t JsEngine::heap_bytes_in_use() const { return impl_->state.in_use; }

void JsEngine::collect_garbage() {
  CallWindow window(impl_->state, impl_->limits.timeout_ms);
  duk_set_top(impl_->ctx, 0);
  duk_safe_call(impl_->ctx, run_gc, nullptr, 0, 1);
  duk_set_top(impl_->ctx, 0);
}

}  // namespace webx

// Called by Duktape's bytecode executor (see duk_config_webx.h) with the
// heap's user data. Returning true makes Duktape throw "RangeError: execution
// timeout", and keep throwing at every instruction until control leaves
// Duktape, so the latch in timed_out keeps the answer consistent even if the
// clock were to be read differently.
extern "C" duk_bool_t webx_duk_exec_timeout_check(void* udata) {
  auto* state = static_cast<webx::HeapState*>(udata);
  if (state == nullptr || !state->deadline_set) return 0;
  if (state->timed_out) return 1;
  if (webx::Clock::now() < state->deadline) return 0;
  state->timed_out = true;
  return 1;
}
