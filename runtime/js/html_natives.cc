// The JSX helpers in C: $native.escapeHtml, child, attr, and the render
// plans of handlers (plan, cmap).
//
// Rendering a list in Duktape's interpreter is mostly calls and strings: a
// JavaScript `child` called per item, and every `+` interning a new string.
// These do the same work with one native call per insertion point and, for
// an array, one string for the whole array however many items it holds.
//
// A render plan goes further for `{list.map(handler)}`: the compiler gives
// a handler whose template is simple enough (compiler/jsx_lower.cc,
// jsx_render_plan) a plan, and cmap renders each item from it without
// running the handler: static HTML copied, parameters and their properties
// read, `+` and escaping done here. The output is what the handler would
// have made. An item the plan cannot do exactly (a property of null or
// undefined, which must throw where the handler reads it; `+` on an object,
// which calls valueOf) is rendered by calling the handler after all; what
// the plan had already read for that item (getters included) is read again.
//
// Strings are CESU-8 inside Duktape, whose multi-byte sequences never hold
// ASCII bytes, so escaping by scanning bytes is exact.
//
// Duktape errors are longjmps: nothing here has a destructor, and the only
// state kept across calls that can throw (String(x), a getter) lives in
// Duktape's own value stack.
#include "html_natives.h"

#include <cstdint>
#include <cstring>
#include <utility>

namespace webx {
namespace {

// Global stash keys of the Html constructor and of Array.prototype.map, as
// stdlib/webx.js registers them.
constexpr const char* kHtmlKey = "webxHtml";
constexpr const char* kMapKey = "webxMap";
// A handler's compiled plan: a hidden property (no script can name it).
constexpr const char* kPlanKey = DUK_HIDDEN_SYMBOL("webxPlan");

size_t escaped_size(const char* data, size_t size) {
  size_t out = size;
  for (size_t i = 0; i < size; i++) {
    switch (data[i]) {
      case '&': case '\'': out += 4; break;  // &amp; &#39;
      case '<': case '>': out += 3; break;    // &lt; &gt;
      case '"': out += 5; break;              // &quot;
      default: break;
    }
  }
  return out;
}

void write_escaped(char* out, const char* data, size_t size) {
  for (size_t i = 0; i < size; i++) {
    const char c = data[i];
    const char* entity;
    size_t length;
    switch (c) {
      case '&': entity = "&amp;", length = 5; break;
      case '<': entity = "&lt;", length = 4; break;
      case '>': entity = "&gt;", length = 4; break;
      case '"': entity = "&quot;", length = 6; break;
      case '\'': entity = "&#39;", length = 5; break;
      default: *out++ = c; continue;
    }
    std::memcpy(out, entity, length);
    out += length;
  }
}

// [ ... string ] -> [ ... escaped string ]; the same string when there is
// nothing to escape.
void escape_top(duk_context* ctx) {
  duk_size_t size = 0;
  const char* data = duk_get_lstring(ctx, -1, &size);
  const size_t escaped = escaped_size(data, size);
  if (escaped == size) return;
  char* out = static_cast<char*>(duk_push_fixed_buffer(ctx, escaped));
  write_escaped(out, data, size);  // strings never move in Duktape's heap
  duk_buffer_to_string(ctx, -1);
  duk_remove(ctx, -2);
}

// [ ... ] -> [ ... String(x) ] for the value at `idx`, as JavaScript's
// String() gives it (symbols included, which duk_to_string refuses).
void push_string_of(duk_context* ctx, duk_idx_t idx) {
  if (duk_is_symbol(ctx, idx)) {
    duk_get_global_string(ctx, "String");
    duk_dup(ctx, idx);
    duk_call(ctx, 1);
    return;
  }
  duk_dup(ctx, idx);
  duk_to_string(ctx, -1);
}

bool is_html(duk_context* ctx, duk_idx_t idx) {
  duk_push_global_stash(ctx);
  const bool registered = duk_get_prop_string(ctx, -1, kHtmlKey) != 0 && duk_is_function(ctx, -1);
  const bool html = registered && duk_instanceof(ctx, idx, -1) != 0;
  duk_pop_2(ctx);
  return html;
}

// The text an array's items make, appended to a dynamic buffer on the value
// stack. `used` is how much of the buffer holds text.
struct Appender {
  duk_context* ctx;
  duk_idx_t buffer;
  size_t used = 0;

  char* reserve(size_t n) {
    duk_size_t capacity = 0;
    char* data = static_cast<char*>(duk_get_buffer(ctx, buffer, &capacity));
    if (used + n > capacity) {
      size_t grown = capacity < 256 ? 256 : capacity * 2;
      while (grown < used + n) grown *= 2;
      data = static_cast<char*>(duk_resize_buffer(ctx, buffer, grown));
    }
    char* out = data + used;
    used += n;
    return out;
  }
  void raw_top() {  // [ ... string ] -> [ ... ], its bytes appended as they are
    duk_size_t size = 0;
    const char* data = duk_get_lstring(ctx, -1, &size);
    std::memcpy(reserve(size), data, size);
    duk_pop(ctx);
  }
  void escaped_top() {  // [ ... string ] -> [ ... ], appended escaped
    duk_size_t size = 0;
    const char* data = duk_get_lstring(ctx, -1, &size);
    write_escaped(reserve(escaped_size(data, size)), data, size);
    duk_pop(ctx);
  }
};

// What `child(x)` gives for the value at `idx` (see stdlib/webx.js), appended.
void append_child(Appender& out, duk_idx_t idx, int depth) {
  duk_context* ctx = out.ctx;
  switch (duk_get_type(ctx, idx)) {
    case DUK_TYPE_UNDEFINED: case DUK_TYPE_NULL: case DUK_TYPE_BOOLEAN:
      return;
    case DUK_TYPE_NUMBER:
      duk_dup(ctx, idx);
      duk_to_string(ctx, -1);
      out.raw_top();
      return;
    case DUK_TYPE_STRING:
      if (!duk_is_symbol(ctx, idx)) {
        duk_dup(ctx, idx);
        out.escaped_top();
        return;
      }
      break;
    case DUK_TYPE_OBJECT:
      if (is_html(ctx, idx)) {
        duk_get_prop_string(ctx, idx, "s");
        duk_to_string(ctx, -1);
        out.raw_top();
        return;
      }
      if (duk_is_array(ctx, idx)) {
        if (depth > 1000) (void)duk_range_error(ctx, "JSX children nested too deeply");
        duk_require_stack(ctx, 4);
        const duk_size_t n = duk_get_length(ctx, idx);
        for (duk_size_t i = 0; i < n; i++) {
          duk_get_prop_index(ctx, idx, static_cast<duk_uarridx_t>(i));
          append_child(out, duk_get_top_index(ctx), depth + 1);
          duk_pop(ctx);
        }
        return;
      }
      break;
    default:
      break;
  }
  push_string_of(ctx, idx);
  out.escaped_top();
}

// What `attr(name, v)` gives for the value at `idx`, appended: ` name="v"`
// escaped, ` name` for true, nothing for false, null and undefined. `name`
// (with its leading space) must stay alive: a string on the value stack or
// bytes of a plan.
void append_attr(Appender& out, const char* name, size_t size, duk_idx_t idx) {
  duk_context* ctx = out.ctx;
  if (duk_is_boolean(ctx, idx) || duk_is_null_or_undefined(ctx, idx)) {
    if (duk_is_boolean(ctx, idx) && duk_get_boolean(ctx, idx)) std::memcpy(out.reserve(size), name, size);
    return;
  }
  std::memcpy(out.reserve(size), name, size);
  std::memcpy(out.reserve(2), "=\"", 2);
  if (duk_is_string(ctx, idx) && !duk_is_symbol(ctx, idx)) {
    duk_dup(ctx, idx);
  } else {
    push_string_of(ctx, idx);
  }
  out.escaped_top();
  std::memcpy(out.reserve(1), "\"", 1);
}

// $native.child(x): a child of a JSX element as HTML text: strings escaped,
// Html as it is, null, undefined and booleans as nothing, arrays item by item.
duk_ret_t native_child(duk_context* ctx) {
  duk_set_top(ctx, 1);
  switch (duk_get_type(ctx, 0)) {
    case DUK_TYPE_STRING:
      if (duk_is_symbol(ctx, 0)) break;
      escape_top(ctx);
      return 1;
    case DUK_TYPE_OBJECT:
      if (is_html(ctx, 0)) {
        duk_get_prop_string(ctx, 0, "s");
        duk_to_string(ctx, -1);
        return 1;
      }
      break;
    default:
      break;
  }
  duk_push_dynamic_buffer(ctx, 0);
  Appender out{ctx, duk_get_top_index(ctx)};
  append_child(out, 0, 0);
  duk_resize_buffer(ctx, out.buffer, out.used);
  duk_buffer_to_string(ctx, out.buffer);
  return 1;
}

// $native.attr(name, v): one attribute from an expression, ` name="value"`,
// ` name` (true) or nothing (false, null, undefined). `name` comes with its
// leading space.
duk_ret_t native_attr(duk_context* ctx) {
  duk_set_top(ctx, 2);
  duk_size_t size = 0;
  const char* name = duk_to_lstring(ctx, 0, &size);
  duk_push_dynamic_buffer(ctx, 0);  // 2
  Appender out{ctx, 2};
  append_attr(out, name, size, 1);
  duk_resize_buffer(ctx, 2, out.used);
  duk_buffer_to_string(ctx, 2);
  return 1;
}

// $native.escapeHtml(s): String(s) with & < > " ' as entities.
duk_ret_t native_escape(duk_context* ctx) {
  duk_set_top(ctx, 1);
  duk_to_string(ctx, 0);
  escape_top(ctx);
  return 1;
}

// $native.setup(Html, Array.prototype.map): tells child() which objects are
// trusted HTML, and cmap() which `map` is the built-in one.
duk_ret_t native_setup(duk_context* ctx) {
  duk_require_function(ctx, 0);
  duk_require_function(ctx, 1);
  duk_push_global_stash(ctx);
  duk_dup(ctx, 0);
  duk_put_prop_string(ctx, -2, kHtmlKey);
  duk_dup(ctx, 1);
  duk_put_prop_string(ctx, -2, kMapKey);
  return 0;
}

// ---- render plans ----------------------------------------------------------
//
// A compiled plan is a stream of 32-bit words in a Duktape buffer:
//   op   := TEXT n bytes | CHILD expr | ATTR n bytes expr      ... then END
//   expr := PARAM i | MEMBER n bytes expr | STRING n bytes | NUMBER (8 bytes) | ADD expr expr
//         | COND expr n expr n expr | AND expr n expr | OR expr n expr | NULLISH expr n expr
//         | STRICT_EQ expr expr | STRICT_NE expr expr | NOT expr | TO_STRING expr
// where "n bytes" is a length word and the bytes, padded to a word, and "n
// expr" a length word and an expression of that many bytes (skipped when
// the branch is not taken).

enum : uint32_t {
  kEnd, kText, kChild, kAttr, kParam, kMember, kString, kNumber, kAdd,
  // A branch's operands are preceded by their length in bytes, so the one
  // not taken is skipped.
  kCond, kAnd, kOr, kNullish, kStrictEq, kStrictNe, kNot,
  kToString,  // String(x) of a template literal's substitution
};

// Appends words to a dynamic buffer at `buffer` while a plan is compiled.
struct PlanBuilder {
  duk_context* ctx;
  duk_idx_t buffer;
  size_t used = 0;  // bytes

  uint8_t* reserve(size_t n) {
    duk_size_t capacity = 0;
    auto* data = static_cast<uint8_t*>(duk_get_buffer(ctx, buffer, &capacity));
    if (used + n > capacity) {
      data = static_cast<uint8_t*>(duk_resize_buffer(ctx, buffer, (used + n) * 2));
    }
    uint8_t* out = data + used;
    used += n;
    return out;
  }
  void word(uint32_t w) { std::memcpy(reserve(4), &w, 4); }
  // A length word for what is written next; close_length(at) fills it in.
  size_t open_length() {
    word(0);
    return used - 4;
  }
  void close_length(size_t at) {
    const auto length = static_cast<uint32_t>(used - at - 4);
    std::memcpy(static_cast<uint8_t*>(duk_get_buffer(ctx, buffer, nullptr)) + at, &length, 4);
  }
  // The string at `idx`, as a length word and its bytes.
  void bytes(duk_idx_t idx) {
    duk_size_t size = 0;
    const char* data = duk_require_lstring(ctx, idx, &size);
    if (duk_is_symbol(ctx, idx) || size > UINT32_MAX - 4) (void)duk_type_error(ctx, "bad render plan");
    word(static_cast<uint32_t>(size));
    const size_t padded = (size + 3) & ~size_t{3};
    uint8_t* out = reserve(padded);
    std::memcpy(out, data, size);
    std::memset(out + size, 0, padded - size);
  }
};

[[noreturn]] void bad_plan(duk_context* ctx) {
  (void)duk_type_error(ctx, "bad render plan");
  for (;;) {}  // duk_type_error does not return
}

// [0, i] | [1, expr, "name"] | [2, "string"] | [3, number] | [4, expr, expr] (+)
// | [5, test, then, else] | [6, a, b] (&&) | [7, a, b] (||) | [8, a, b] (??)
// | [9, a, b] (===) | [10, a, b] (!==) | [11, a] (!) | [12, a] (String(a))
void compile_expr(PlanBuilder& b, duk_idx_t expr, int depth) {
  duk_context* ctx = b.ctx;
  if (!duk_is_array(ctx, expr) || depth > 100) bad_plan(ctx);
  duk_require_stack(ctx, 4);
  duk_get_prop_index(ctx, expr, 0);
  const duk_int_t kind = duk_is_number(ctx, -1) ? duk_get_int(ctx, -1) : -1;
  duk_pop(ctx);
  const duk_idx_t top = duk_get_top(ctx);
  duk_get_prop_index(ctx, expr, 1);  // top
  duk_get_prop_index(ctx, expr, 2);  // top + 1
  duk_get_prop_index(ctx, expr, 3);  // top + 2
  // The second operand (and the third), each after its length.
  auto branches = [&](uint32_t op, int count) {
    b.word(op);
    compile_expr(b, top, depth + 1);
    for (int i = 1; i <= count; ++i) {
      const size_t at = b.open_length();
      compile_expr(b, top + i, depth + 1);
      b.close_length(at);
    }
  };
  switch (kind) {
    case 0:
      if (!duk_is_number(ctx, top) || duk_get_int(ctx, top) < 0) bad_plan(ctx);
      b.word(kParam);
      b.word(static_cast<uint32_t>(duk_get_int(ctx, top)));
      break;
    case 1:
      b.word(kMember);
      b.bytes(top + 1);
      compile_expr(b, top, depth + 1);
      break;
    case 2:
      b.word(kString);
      b.bytes(top);
      break;
    case 3: {
      const double v = duk_require_number(ctx, top);
      b.word(kNumber);
      std::memcpy(b.reserve(8), &v, 8);
      break;
    }
    case 4:
      b.word(kAdd);
      compile_expr(b, top, depth + 1);
      compile_expr(b, top + 1, depth + 1);
      break;
    case 5: branches(kCond, 2); break;
    case 6: branches(kAnd, 1); break;
    case 7: branches(kOr, 1); break;
    case 8: branches(kNullish, 1); break;
    case 9:
    case 10:
      b.word(kind == 9 ? kStrictEq : kStrictNe);
      compile_expr(b, top, depth + 1);
      compile_expr(b, top + 1, depth + 1);
      break;
    case 11:
    case 12:
      b.word(kind == 11 ? kNot : kToString);
      compile_expr(b, top, depth + 1);
      break;
    default:
      bad_plan(ctx);
  }
  duk_set_top(ctx, top);
}

// $native.plan(handler, ops): compiles the plan (see codegen.h,
// jsx_render_plan) onto the handler.
duk_ret_t native_plan(duk_context* ctx) {
  duk_set_top(ctx, 2);
  duk_require_function(ctx, 0);
  if (!duk_is_array(ctx, 1)) bad_plan(ctx);
  duk_push_dynamic_buffer(ctx, 0);  // 2
  PlanBuilder b{ctx, 2};
  const duk_size_t n = duk_get_length(ctx, 1);
  for (duk_size_t i = 0; i < n; i++) {
    duk_get_prop_index(ctx, 1, static_cast<duk_uarridx_t>(i));  // 3
    if (duk_is_string(ctx, 3)) {
      b.word(kText);
      b.bytes(3);
    } else if (duk_is_array(ctx, 3)) {
      duk_get_prop_index(ctx, 3, 0);  // 4
      const duk_int_t kind = duk_is_number(ctx, 4) ? duk_get_int(ctx, 4) : -1;
      duk_get_prop_index(ctx, 3, 1);  // 5
      duk_get_prop_index(ctx, 3, 2);  // 6
      if (kind == 1) {
        b.word(kChild);
        compile_expr(b, 5, 0);
      } else if (kind == 2) {
        b.word(kAttr);
        b.bytes(5);
        compile_expr(b, 6, 0);
      } else {
        bad_plan(ctx);
      }
    } else {
      bad_plan(ctx);
    }
    duk_set_top(ctx, 3);
  }
  b.word(kEnd);
  duk_resize_buffer(ctx, 2, b.used);
  duk_dup(ctx, 2);
  duk_put_prop_string(ctx, 0, kPlanKey);
  return 0;
}

// Reads a plan's words; a compiled plan is well formed, so the reader only
// guards against running past its end.
struct PlanReader {
  const uint8_t* at;
  const uint8_t* end;

  uint32_t word() {
    uint32_t w = kEnd;
    if (end - at >= 4) std::memcpy(&w, at, 4), at += 4;
    return w;
  }
  // A length word and that many bytes (padded).
  std::pair<const char*, size_t> bytes() {
    const size_t size = word();
    const size_t padded = (size + 3) & ~size_t{3};
    if (static_cast<size_t>(end - at) < padded) {
      at = end;
      return {nullptr, 0};
    }
    const char* data = reinterpret_cast<const char*>(at);
    at += padded;
    return {data, size};
  }
  double number() {
    double v = 0;
    if (end - at >= 8) std::memcpy(&v, at, 8), at += 8;
    return v;
  }
  void skip(size_t n) { at = static_cast<size_t>(end - at) < n ? end : at + n; }
};

// The values a plan's parameters stand for: the item, its index, the array.
struct PlanArgs {
  duk_idx_t item;
  duk_uarridx_t index;
  duk_idx_t array;
};

bool primitive_operand(duk_context* ctx, duk_idx_t idx) {
  switch (duk_get_type(ctx, idx)) {
    case DUK_TYPE_UNDEFINED: case DUK_TYPE_NULL: case DUK_TYPE_BOOLEAN: case DUK_TYPE_NUMBER:
      return true;
    case DUK_TYPE_STRING:
      return !duk_is_symbol(ctx, idx);
    default:
      return false;
  }
}

bool eval_expr(duk_context* ctx, PlanReader& r, const PlanArgs& args, int depth);

// ToBoolean of the value at the top, which stays; never runs script code.
bool truthy(duk_context* ctx) {
  duk_dup_top(ctx);
  const bool t = duk_to_boolean(ctx, -1) != 0;
  duk_pop(ctx);
  return t;
}

// The next operand, after its length: evaluated (pushed) when `take`, else
// skipped.
bool branch(duk_context* ctx, PlanReader& r, const PlanArgs& args, int depth, bool take) {
  const uint32_t length = r.word();
  if (take) return eval_expr(ctx, r, args, depth + 1);
  r.skip(length);
  return true;
}

// Pushes the value of the next expression; false (the stack then holds
// junk above where it was) for what the plan leaves to the handler.
bool eval_expr(duk_context* ctx, PlanReader& r, const PlanArgs& args, int depth) {
  if (depth > 100) return false;
  duk_require_stack(ctx, 2);
  const uint32_t op = r.word();
  switch (op) {
    case kParam:
      switch (r.word()) {
        case 0: duk_dup(ctx, args.item); break;
        case 1: duk_push_uint(ctx, args.index); break;
        case 2: duk_dup(ctx, args.array); break;
        default: duk_push_undefined(ctx); break;
      }
      return true;
    case kMember: {
      auto [name, size] = r.bytes();
      if (name == nullptr || !eval_expr(ctx, r, args, depth + 1) || duk_is_null_or_undefined(ctx, -1)) return false;
      duk_get_prop_lstring(ctx, -1, name, size);
      duk_remove(ctx, -2);
      return true;
    }
    case kString: {
      auto [text, size] = r.bytes();
      if (text == nullptr) return false;
      duk_push_lstring(ctx, text, size);
      return true;
    }
    case kNumber:
      duk_push_number(ctx, r.number());
      return true;
    case kAdd: {
      if (!eval_expr(ctx, r, args, depth + 1) || !eval_expr(ctx, r, args, depth + 1)) return false;
      if (!primitive_operand(ctx, -2) || !primitive_operand(ctx, -1)) return false;  // ToPrimitive: valueOf
      if (duk_is_string(ctx, -2) || duk_is_string(ctx, -1)) {
        duk_to_string(ctx, -2);
        duk_to_string(ctx, -1);
        duk_concat(ctx, 2);
      } else {
        const double sum = duk_to_number(ctx, -2) + duk_to_number(ctx, -1);
        duk_pop_2(ctx);
        duk_push_number(ctx, sum);
      }
      return true;
    }
    case kCond: {
      if (!eval_expr(ctx, r, args, depth + 1)) return false;
      const bool t = truthy(ctx);
      duk_pop(ctx);
      return branch(ctx, r, args, depth, t) && branch(ctx, r, args, depth, !t);
    }
    case kAnd:
    case kOr:
    case kNullish: {
      if (!eval_expr(ctx, r, args, depth + 1)) return false;
      // The first operand is the value unless it leaves the decision to the second.
      const bool second = op == kAnd ? truthy(ctx) : op == kOr ? !truthy(ctx) : duk_is_null_or_undefined(ctx, -1) != 0;
      if (second) duk_pop(ctx);
      return branch(ctx, r, args, depth, second);
    }
    case kStrictEq:
    case kStrictNe: {
      if (!eval_expr(ctx, r, args, depth + 1) || !eval_expr(ctx, r, args, depth + 1)) return false;
      const bool equal = duk_strict_equals(ctx, -2, -1) != 0;
      duk_pop_2(ctx);
      duk_push_boolean(ctx, equal != (op == kStrictNe));
      return true;
    }
    case kToString:
      // String() of an object calls its toString, and of a symbol does not
      // throw as + does: both left to the handler.
      if (!eval_expr(ctx, r, args, depth + 1) || !primitive_operand(ctx, -1)) return false;
      duk_to_string(ctx, -1);
      return true;
    case kNot: {
      if (!eval_expr(ctx, r, args, depth + 1)) return false;
      const bool t = truthy(ctx);
      duk_pop(ctx);
      duk_push_boolean(ctx, !t);
      return true;
    }
    default:
      return false;
  }
}

// Appends one item rendered from the plan; false when the handler must do it.
bool render_plan(Appender& out, const uint8_t* plan, size_t size, const PlanArgs& args) {
  duk_context* ctx = out.ctx;
  PlanReader r{plan, plan + size};
  for (;;) {
    switch (r.word()) {
      case kEnd:
        return true;
      case kText: {
        auto [text, n] = r.bytes();
        if (text == nullptr) return false;
        std::memcpy(out.reserve(n), text, n);
        break;
      }
      case kChild:
        if (!eval_expr(ctx, r, args, 0)) return false;
        append_child(out, duk_get_top_index(ctx), 0);
        duk_pop(ctx);
        break;
      case kAttr: {
        auto [name, n] = r.bytes();
        if (name == nullptr || !eval_expr(ctx, r, args, 0)) return false;
        append_attr(out, name, n, duk_get_top_index(ctx));
        duk_pop(ctx);
        break;
      }
      default:
        return false;
    }
  }
}

// $native.cmap(list, handler): what `$wx.c(list.map(handler))` gives, the
// items rendered from the handler's plan when it has one and `list` is an
// array whose `map` is the built-in one.
duk_ret_t native_cmap(duk_context* ctx) {
  duk_set_top(ctx, 2);
  bool fast = false;
  if (duk_is_array(ctx, 0) && duk_is_function(ctx, 1)) {
    duk_get_prop_string(ctx, 0, "map");
    duk_push_global_stash(ctx);
    duk_get_prop_string(ctx, -1, kMapKey);
    fast = duk_strict_equals(ctx, -1, -3) != 0;
    duk_pop_3(ctx);
  }
  if (fast) {
    duk_get_prop_string(ctx, 1, kPlanKey);  // 2
    fast = duk_is_buffer_data(ctx, 2) != 0;
  } else {
    duk_push_undefined(ctx);  // 2
  }
  duk_push_dynamic_buffer(ctx, 0);  // 3
  Appender out{ctx, 3};
  if (!fast) {
    duk_get_prop_string(ctx, 0, "map");  // throws for null and undefined, as list.map would
    duk_dup(ctx, 0);
    duk_dup(ctx, 1);
    duk_call_method(ctx, 1);  // 4: list.map(handler)
    append_child(out, 4, 0);
  } else {
    duk_size_t plan_size = 0;
    const auto* plan = static_cast<const uint8_t*>(duk_get_buffer_data(ctx, 2, &plan_size));
    const duk_size_t n = duk_get_length(ctx, 0);
    for (duk_size_t i = 0; i < n; i++) {
      const auto index = static_cast<duk_uarridx_t>(i);
      if (!duk_has_prop_index(ctx, 0, index)) continue;  // a hole: map skips it
      duk_get_prop_index(ctx, 0, index);                  // 4: the item
      const size_t mark = out.used;
      if (!render_plan(out, plan, plan_size, PlanArgs{4, index, 0})) {
        duk_set_top(ctx, 5);
        out.used = mark;
        duk_dup(ctx, 1);
        duk_push_undefined(ctx);
        duk_dup(ctx, 4);
        duk_push_uint(ctx, index);
        duk_dup(ctx, 0);
        duk_call_method(ctx, 3);  // handler(item, index, list)
        append_child(out, 5, 0);
      }
      duk_set_top(ctx, 4);
    }
  }
  duk_set_top(ctx, 4);  // the buffer on top
  duk_resize_buffer(ctx, 3, out.used);
  duk_buffer_to_string(ctx, 3);
  return 1;
}

}  // namespace

void put_html_natives(duk_context* ctx) {
  static const duk_function_list_entry kFunctions[] = {
      {"escapeHtml", native_escape, 1},
      {"child", native_child, 1},
      {"attr", native_attr, 2},
      {"setup", native_setup, 2},
      {"plan", native_plan, 2},
      {"cmap", native_cmap, 2},
      {nullptr, nullptr, 0},
  };
  duk_put_function_list(ctx, -1, kFunctions);
}

}  // namespace webx
