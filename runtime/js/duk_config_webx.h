/* WebX's Duktape configuration, copied into the build folder as duk_config.h.
 *
 * Debian ships Duktape as an amalgamated source with a generic configuration.
 * Rather than regenerating a whole configuration, this wrapper includes
 * Debian's file by absolute path and then changes only what WebX needs. It has
 * to be named duk_config.h next to copies of duktape.c and duktape.h, because
 * duktape.h includes "duk_config.h" relative to its own directory first.
 *
 * This is a C header (duktape.c is compiled as C); it is also seen by the C++
 * engine wrapper through duktape.h.
 */
#if !defined(WEBX_DUK_CONFIG_H_INCLUDED)
#define WEBX_DUK_CONFIG_H_INCLUDED

#include "@DUKTAPE_SOURCE_DIR@/duk_config.h"

/* Execution-time limit. The bytecode executor calls the check every
 * DUK_HTHREAD_INTCTR_DEFAULT instructions; once it returns true, Duktape
 * throws "RangeError: execution timeout" before every further instruction
 * until control has left Duktape, so a script cannot catch its way out. The
 * heap's user data is the engine's per-heap state, which holds the deadline
 * (see js_engine.cc). */
#undef DUK_USE_INTERRUPT_COUNTER
#define DUK_USE_INTERRUPT_COUNTER
#undef DUK_USE_EXEC_TIMEOUT_CHECK
#define DUK_USE_EXEC_TIMEOUT_CHECK(udata) webx_duk_exec_timeout_check(udata)

#if defined(__cplusplus)
extern "C" {
#endif
duk_bool_t webx_duk_exec_timeout_check(void *udata);
#if defined(__cplusplus)
}
#endif

/* Error stacks are mapped back to .webx lines; generated code nests handler
 * calls inside runtime helpers, so the default depth of 10 frames is often too
 * shallow to reach the user's code. */
#undef DUK_USE_TRACEBACK_DEPTH
#define DUK_USE_TRACEBACK_DEPTH 32

/* Standard String.fromCharCode truncates each argument to 16 bits (ES5.1
 * 15.5.3.2); Debian's configuration enables a non-standard 32-bit variant
 * that would make Duktape disagree with Node, which is the project's oracle. */
#undef DUK_USE_NONSTD_STRING_FROMCHARCODE_32BIT

/* For the same reason: JSON.stringify leaves U+2028 and U+2029 unescaped
 * (ES2019 made JSON a subset of ECMAScript), and getters and setters receive
 * only their standard arguments, not the property key as an extra one. */
#undef DUK_USE_NONSTD_JSON_ESC_U2028_U2029
#undef DUK_USE_NONSTD_GETTER_KEY_ARGUMENT
#undef DUK_USE_NONSTD_SETTER_KEY_ARGUMENT

/* String hashing. Every string Duktape creates is interned through a hash
 * table. The default hash samples only every (length / 32)th byte, so
 * strings of equal length that differ only between the sampled bytes, as
 * generated HTML rows and ids typically do ("<li id=\"todo-17\">..."),
 * all land in one bucket and interning turns quadratic (a loop building
 * such strings spent 90% of its time in memcmp). The dense hash (Murmurhash2)
 * covers every byte of strings up to 4 KiB. */
#undef DUK_USE_STRHASH_DENSE
#define DUK_USE_STRHASH_DENSE

/* C stack. Calls from script to script do not use the C stack, but every
 * crossing through native code does (a getter, toString, a callback of a
 * native Array method), and Duktape's recursion limits are sized for an
 * ordinary 8 MB thread stack. Under AddressSanitizer C frames are ten to
 * twenty times larger (about 16 KB per native crossing against 1 KB), so the
 * default limit of 1000 nested native calls would overflow the stack before
 * Duktape's RangeError; instrumented builds get a lower limit instead. */
#if defined(__SANITIZE_ADDRESS__)
#define WEBX_DUK_ADDRESS_SANITIZER
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WEBX_DUK_ADDRESS_SANITIZER
#endif
#endif
#if defined(WEBX_DUK_ADDRESS_SANITIZER)
#undef DUK_USE_NATIVE_CALL_RECLIMIT
#define DUK_USE_NATIVE_CALL_RECLIMIT 250
#endif

#endif /* WEBX_DUK_CONFIG_H_INCLUDED */
