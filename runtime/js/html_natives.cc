// The JSX helpers in C: $native.escapeHtml, $native.child, $native.attr.
//
// Rendering a list in Duktape's interpreter is mostly calls and strings: a
// JavaScript `child` called per item, and every `+` interning a new string.
// These do the same work with one native call per insertion point and, for
// an array, one string for the whole array however many items it holds.
//
// Strings are CESU-8 inside Duktape, whose multi-byte sequences never hold
// ASCII bytes, so escaping by scanning bytes is exact.
//
// Duktape errors are longjmps: nothing here has a destructor, and the only
// state kept across calls that can throw (String(x), a getter) lives in
// Duktape's own value stack.
#include "html_natives.h"

#include <cstring>

namespace webx {
namespace {

// The global stash key of the Html constructor (stdlib/webx.js registers it).
constexpr const char* kHtmlKey = "webxHtml";

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
  if (duk_is_boolean(ctx, 1)) {
    if (duk_get_boolean(ctx, 1)) {
      duk_dup(ctx, 0);
      return 1;
    }
    duk_push_string(ctx, "");
    return 1;
  }
  if (duk_is_null_or_undefined(ctx, 1)) {
    duk_push_string(ctx, "");
    return 1;
  }
  duk_dup(ctx, 0);
  duk_push_string(ctx, "=\"");
  if (duk_is_string(ctx, 1) && !duk_is_symbol(ctx, 1)) {
    duk_dup(ctx, 1);
  } else {
    push_string_of(ctx, 1);
  }
  escape_top(ctx);
  duk_push_string(ctx, "\"");
  duk_concat(ctx, 4);
  return 1;
}

// $native.escapeHtml(s): String(s) with & < > " ' as entities.
duk_ret_t native_escape(duk_context* ctx) {
  duk_set_top(ctx, 1);
  duk_to_string(ctx, 0);
  escape_top(ctx);
  return 1;
}

// $native.htmlClass(Html): tells child() which objects are trusted HTML.
duk_ret_t native_html_class(duk_context* ctx) {
  duk_require_function(ctx, 0);
  duk_push_global_stash(ctx);
  duk_dup(ctx, 0);
  duk_put_prop_string(ctx, -2, kHtmlKey);
  return 0;
}

}  // namespace

void put_html_natives(duk_context* ctx) {
  static const duk_function_list_entry kFunctions[] = {
      {"escapeHtml", native_escape, 1},
      {"child", native_child, 1},
      {"attr", native_attr, 2},
      {"htmlClass", native_html_class, 1},
      {nullptr, nullptr, 0},
  };
  duk_put_function_list(ctx, -1, kFunctions);
}

}  // namespace webx
