// The prelude's polyfills (stdlib/polyfills.js) and iteration helpers.
//
// Each case is a JavaScript expression (ES5, since it runs in Duktape as is)
// and the JSON of its value, or "throws <ErrorName>". Every case runs in
// three engines:
//   - with the prelude as shipped;
//   - with the functions Duktape has natively deleted first, so that the
//     prelude's fallbacks for them are the ones tested;
//   - additionally without Symbol, so that the prelude's Symbol shim
//     (Symbol.iterator as a string key) is the one tested.
// The cases marked for Node are also run by Node (the project's oracle),
// which must produce the same expected values: that checks the expectations
// themselves against a real ES2021 engine.
#include <doctest/doctest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "js_engine.h"
#include "prelude.h"

namespace webx {
namespace {

// Where a case runs, besides the engine with the prelude as shipped.
enum Where {
  kEverywhere,
  kDuktapeOnly,        // not in Node: it uses $wx, which only the prelude has
  kNeedsNativeSymbol,  // not with the Symbol shim: needs Symbol.toStringTag
};

struct Case {
  const char* expr;
  const char* expected;
  Where where = kEverywhere;
};

// clang-format off
const Case kArrayCases[] = {
  {"[1, 2, 3, 4].find(function (x) { return x > 2; })", "3"},
  {"[1, 2].find(function (x) { return x > 5; })", "undefined"},
  {"(function () { var seen = []; [1, , 3].find(function (x, i) { seen.push(i); }); return seen; })()", "[0,1,2]"},
  {"[1].find(function () { return this.ok; }, { ok: true })", "1"},
  {"[1].find(5)", "throws TypeError"},
  {"Array.prototype.find.call({ length: 2, 0: 'a', 1: 'b' }, function (x) { return x === 'b'; })", "\"b\""},
  {"[5, 6, 7].findIndex(function (x) { return x === 6; })", "1"},
  {"[5].findIndex(function () { return false; })", "-1"},
  {"[1, 2, NaN].includes(NaN)", "true"},
  {"[1, 2, 3].includes(3, -1)", "true"},
  {"[1, 2, 3].includes(1, 1)", "false"},
  {"[1, 2, 3].includes(2, -100)", "true"},
  {"[1, , 3].includes(undefined)", "true"},
  {"[-0].includes(0)", "true"},
  {"[1, 2, 3].includes('2')", "false"},
  {"[1, [2, [3, [4]]]].flat()", "[1,2,[3,[4]]]"},
  {"[1, [2, [3, [4]]]].flat(2)", "[1,2,3,[4]]"},
  {"[1, [2, [3, [4]]]].flat(Infinity)", "[1,2,3,4]"},
  {"[1, , [2, , 3]].flat()", "[1,2,3]"},
  {"[[1]].flat(0)", "[[1]]"},
  {"[[1]].flat(-1)", "[[1]]"},
  {"[1, 2].flatMap(function (x) { return [x, x * 2]; })", "[1,2,2,4]"},
  {"[1].flatMap(function (x) { return [[x]]; })", "[[1]]"},
  {"[1, 2].flatMap(function (x) { return x; })", "[1,2]"},
  {"['a', 'b'].flatMap(function (x, i) { return this.p + x + i; }, { p: '>' })", "[\">a0\",\">b1\"]"},
  {"[1].flatMap(null)", "throws TypeError"},
  {"[1, 2, 3, 4].fill(0)", "[0,0,0,0]"},
  {"[1, 2, 3, 4].fill(9, 1, 3)", "[1,9,9,4]"},
  {"[1, 2, 3, 4].fill(7, -2)", "[1,2,7,7]"},
  {"[1, 2, 3, 4].fill(7, 1, -1)", "[1,7,7,4]"},
  {"new Array(3).fill('a')", "[\"a\",\"a\",\"a\"]"},
  {"Array.prototype.fill.call({ length: 2 }, 1)", "{\"0\":1,\"1\":1,\"length\":2}"},
  {"Array.from('abc')", "[\"a\",\"b\",\"c\"]"},
  {"Array.from('a\\uD83D\\uDE00b')", "[\"a\",\"😀\",\"b\"]"},
  {"Array.from('x😀').length", "2"},
  {"Array.from({ length: 3 }, function (_, i) { return i * i; })", "[0,1,4]"},
  {"Array.from([1, 2], function (x) { return this.k * x; }, { k: 10 })", "[10,20]"},
  {"Array.from([1, , 3])", "[1,null,3]"},
  {"Array.from({ length: 2, 0: 'a' })", "[\"a\",null]"},
  {"Array.from(new Set([1, 1, 2]))", "[1,2]"},
  {"Array.from(new Map([[1, 'a']]))", "[[1,\"a\"]]"},
  {"Array.from((function () { return arguments; })(1, 2))", "[1,2]"},
  {"Array.from(5)", "[]"},
  {"Array.from(null)", "throws TypeError"},
  {"Array.from([1], 5)", "throws TypeError"},
  {"(function () { var o = {}; o[Symbol.iterator] = function () { var i = 0;"
   " return { next: function () { i++; return { value: i, done: i > 3 }; } }; };"
   " return Array.from(o, function (v, k) { return v + ':' + k; }); })()", "[\"1:0\",\"2:1\",\"3:2\"]"},
  {"(function () { var closed = false; var o = {}; o[Symbol.iterator] = function () {"
   " return { next: function () { return { value: 1, done: false }; },"
   " 'return': function () { closed = true; return {}; } }; };"
   " try { Array.from(o, function () { throw new Error('x'); }); } catch (e) {} return closed; })()", "true"},
  {"Array.of(7)", "[7]"},
  {"Array.of(1, 'b', null)", "[1,\"b\",null]"},
  {"Array.of()", "[]"},
  {"Array.from(['a', 'b'].entries())", "[[0,\"a\"],[1,\"b\"]]"},
  {"Array.from(['a', 'b'].keys())", "[0,1]"},
  {"Array.from([1, , 3].values())", "[1,null,3]"},
  {"[][Symbol.iterator] === [].values", "true"},
  {"(function () { var it = [1, 2][Symbol.iterator](); return it[Symbol.iterator]() === it; })()", "true"},
  {"(function () { var a = [1]; var it = a.values(); it.next(); it.next(); a.push(2); return it.next(); })()", "{\"done\":true}"},
  {"(function () { var a = [1]; var out = []; var it = a.values(); var r;"
   " while (!(r = it.next()).done) { out.push(r.value); if (a.length < 3) a.push(a.length + 1); }"
   " return out; })()", "[1,2,3]"},
  {"Object.prototype.toString.call([].values())", "\"[object Array Iterator]\"", kNeedsNativeSymbol},
  {"Object.keys([1, 2])", "[\"0\",\"1\"]"},
  {"(function () { var keys = []; for (var k in [7]) keys.push(k); return keys; })()", "[\"0\"]"},
};

const Case kObjectCases[] = {
  {"Object.entries({ a: 1, b: [2] })", "[[\"a\",1],[\"b\",[2]]]"},
  {"Object.entries('ab')", "[[\"0\",\"a\"],[\"1\",\"b\"]]"},
  {"Object.entries(null)", "throws TypeError"},
  {"Object.values({ x: 1, y: 'z' })", "[1,\"z\"]"},
  {"Object.values(Object.create({ inherited: 1 }, { own: { value: 2, enumerable: true }, hidden: { value: 3 } }))", "[2]"},
  {"Object.values(undefined)", "throws TypeError"},
  {"Object.fromEntries([['a', 1], ['b', 2]])", "{\"a\":1,\"b\":2}"},
  {"Object.fromEntries(new Map([['x', 1]]))", "{\"x\":1}"},
  {"Object.fromEntries([[1, 'a']])", "{\"1\":\"a\"}"},
  {"Object.fromEntries([['__proto__', 1]]).hasOwnProperty('__proto__')", "true"},
  {"Object.fromEntries([1])", "throws TypeError"},
  {"Object.fromEntries(Object.entries({ k: 'v' }))", "{\"k\":\"v\"}"},
  {"Object.assign({ a: 1 }, { b: 2 }, null, { a: 3 })", "{\"a\":3,\"b\":2}"},
  {"Object.assign({}, 'ab')", "{\"0\":\"a\",\"1\":\"b\"}"},
  {"(function () { var s = Symbol('k'); var o = {}; o[s] = 1; return Object.assign({}, o)[s]; })()", "1"},
  {"(function () { var log = []; var t = { set x(v) { log.push(v); } }; Object.assign(t, { x: 5 }); return log; })()", "[5]"},
  {"Object.assign(null, {})", "throws TypeError"},
};

const Case kStringCases[] = {
  {"'5'.padStart(3, '0')", "\"005\""},
  {"'abc'.padStart(10, '123')", "\"1231231abc\""},
  {"'abc'.padStart(2)", "\"abc\""},
  {"'abc'.padStart(6)", "\"   abc\""},
  {"'abc'.padStart(5, '')", "\"abc\""},
  {"'x'.padEnd(4, 'ab')", "\"xaba\""},
  {"'x'.padEnd(3)", "\"x  \""},
  {"'ab'.repeat(3)", "\"ababab\""},
  {"'ab'.repeat(0)", "\"\""},
  {"'x'.repeat(2.9)", "\"xx\""},
  {"'x'.repeat('3')", "\"xxx\""},
  {"'x'.repeat(-1)", "throws RangeError"},
  {"'x'.repeat(Infinity)", "throws RangeError"},
  {"''.repeat(1e9)", "\"\""},
  {"'hello'.startsWith('he')", "true"},
  {"'hello'.startsWith('l', 2)", "true"},
  {"'hello'.startsWith('h', 1)", "false"},
  {"'hello'.startsWith('')", "true"},
  {"'a'.startsWith(/a/)", "throws TypeError"},
  {"'hello'.endsWith('lo')", "true"},
  {"'hello'.endsWith('l', 4)", "true"},
  {"'hello'.endsWith('hello', 10)", "true"},
  {"'hello'.endsWith('h', 0)", "false"},
  {"'hello'.includes('ell')", "true"},
  {"'hello'.includes('ell', 2)", "false"},
  {"'a'.includes(/a/)", "throws TypeError"},
  {"'  \\t\\n x  '.trimStart()", "\"x  \""},
  {"'  \\t\\n x  '.trimEnd()", "\"  \\t\\n x\""},
  {"'\\u3000\\ufeff\\u00a0x\\u2028\\u2029\\u205f'.trimStart().trimEnd()", "\"x\""},
  {"'\\u200bx'.trimStart().length", "2"},
  {"String.prototype.trimLeft === String.prototype.trimStart", "true"},
  {"String.prototype.trimRight === String.prototype.trimEnd", "true"},
  {"'a.b.c'.replaceAll('.', '-')", "\"a-b-c\""},
  {"'aaaa'.replaceAll('aa', 'b')", "\"bb\""},
  {"'ab'.replaceAll('', '-')", "\"-a-b-\""},
  {"'xax'.replaceAll('a', '$&$&')", "\"xaax\""},
  {"'abc'.replaceAll('b', \"$`$'\")", "\"aacc\""},
  {"'a-b'.replaceAll('-', '$$')", "\"a$b\""},
  {"'a1'.replaceAll('1', '$1')", "\"a$1\""},
  {"'abcb'.replaceAll('b', function (m, i, s) { return '[' + m + i + s.length + ']'; })", "\"a[b14]c[b34]\""},
  {"'aXbx'.replaceAll(/x/gi, '_')", "\"a_b_\""},
  {"'ab'.replaceAll(/a/, '_')", "throws TypeError"},
  {"'no match'.replaceAll('z', 'y')", "\"no match\""},
  {"'\\uD83D\\uDE00'.codePointAt(0)", "128512"},
  {"'\\uD83D\\uDE00'.codePointAt(1)", "56832"},
  {"'a'.codePointAt(5)", "undefined"},
  {"String.fromCodePoint(0x1F600).length", "2"},
  {"String.fromCodePoint(65, 0x1F600, 66) === 'A\\uD83D\\uDE00B'", "true"},
  {"String.fromCodePoint()", "\"\""},
  {"String.fromCodePoint(-1)", "throws RangeError"},
  {"String.fromCodePoint(1.5)", "throws RangeError"},
  {"String.fromCodePoint(0x110000)", "throws RangeError"},
  {"String.fromCodePoint('abc')", "throws RangeError"},
  {"String.fromCharCode(0x1F600).charCodeAt(0)", "62976"},
  {"typeof ''[Symbol.iterator]", "\"function\""},
  {"Array.from('a\\uD83D\\uDE00b').length", "3"},
  {"[Array.from('\\uD800x').length, Array.from('\\uD800x')[0] === '\\uD800']", "[2,true]"},
  {"(function () { var it = 'ab'[Symbol.iterator](); return [it.next(), it.next(), it.next()]; })()",
   "[{\"value\":\"a\",\"done\":false},{\"value\":\"b\",\"done\":false},{\"done\":true}]"},
};

const Case kNumberMathCases[] = {
  {"[Number.isInteger(5), Number.isInteger(5.5), Number.isInteger('5'), Number.isInteger(Infinity)]", "[true,false,false,false]"},
  {"[Number.isFinite(1), Number.isFinite('5'), Number.isFinite(1 / 0), Number.isFinite(NaN)]", "[true,false,false,false]"},
  {"[Number.isNaN(NaN), Number.isNaN('x'), Number.isNaN(undefined)]", "[true,false,false]"},
  {"[Number.isSafeInteger(9007199254740991), Number.isSafeInteger(9007199254740992), Number.isSafeInteger(1.5)]", "[true,false,false]"},
  {"Number.EPSILON === Math.pow(2, -52)", "true"},
  {"[Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]", "[9007199254740991,-9007199254740991]"},
  {"[Math.trunc(4.7), Math.trunc(-4.7), Math.trunc('3.9'), Math.trunc(0.2)]", "[4,-4,3,0]"},
  {"[Object.is(Math.trunc(-0.5), -0), isNaN(Math.trunc(NaN)), Math.trunc(-Infinity) === -Infinity]", "[true,true,true]"},
  {"[Math.sign(3), Math.sign(-2), Math.sign(0), Math.sign('-5')]", "[1,-1,0,-1]"},
  {"[Object.is(Math.sign(-0), -0), isNaN(Math.sign('x'))]", "[true,true]"},
  {"[Math.log2(8), Math.log2(1), Math.log2(1024), Math.log2(0.5)]", "[3,0,10,-1]"},
  // Within two units in the last place where the result is not exact.
  {"Math.abs(Math.log2(3) - 1.584962500721156) < 5e-16", "true"},
  {"[Math.log10(1000), Math.log10(1), Math.log10(100000)]", "[3,0,5]"},
  {"Math.abs(Math.log10(2) - 0.3010299956639812) < 1e-16", "true"},
  {"[isNaN(Math.log10(-1)), Math.log2(0) === -Infinity]", "[true,true]"},
  {"[Math.hypot(3, 4), Math.hypot(), Math.hypot(3, 4, 12), Math.hypot(-3)]", "[5,0,13,3]"},
  {"[Math.hypot(NaN, Infinity) === Infinity, isNaN(Math.hypot(NaN, 1)), Math.hypot(1e200, 1e200) > 1e200]", "[true,true,true]"},
  {"[Math.cbrt(27), Math.cbrt(-8), Math.cbrt(1), Math.cbrt(0)]", "[3,-2,1,0]"},
  {"Math.abs(Math.cbrt(2) - 1.2599210498948732) < 5e-16", "true"},
  {"[Object.is(Math.cbrt(-0), -0), Math.cbrt(Infinity) === Infinity]", "[true,true]"},
};

const Case kMapCases[] = {
  {"(function () { var m = new Map(); m.set('a', 1).set('b', 2);"
   " return [m.size, m.get('a'), m.has('b'), m.has('c'), m.get('c')]; })()", "[2,1,true,false,null]"},
  {"(function () { var m = new Map([['x', 1], ['y', 2]]); m.set('x', 3); return Array.from(m); })()", "[[\"x\",3],[\"y\",2]]"},
  {"(function () { var m = new Map([['x', 1], ['y', 2]]); m['delete']('x'); m.set('x', 4); return Array.from(m); })()", "[[\"y\",2],[\"x\",4]]"},
  {"(function () { var m = new Map(); m.set(NaN, 'a'); m.set(NaN, 'b'); return [m.size, m.get(NaN), m.has(0 / 0)]; })()", "[1,\"b\",true]"},
  {"(function () { var m = new Map(); m.set(-0, 'z');"
   " return [m.get(0), m.has(-0), m.size, Object.is(Array.from(m.keys())[0], 0)]; })()", "[\"z\",true,1,true]"},
  {"(function () { var m = new Map(); m.set(1, 'n'); m.set('1', 's'); m.set(true, 'b'); m.set('true', 'bs');"
   " m.set(null, 'l'); m.set('null', 'ls'); m.set(undefined, 'u'); m.set('undefined', 'us');"
   " return [m.size, m.get(1), m.get('1'), m.get(true), m.get(null), m.get(undefined), m.get('undefined')]; })()",
   "[8,\"n\",\"s\",\"b\",\"l\",\"u\",\"us\"]"},
  {"(function () { var a = {}, b = {}; var m = new Map([[a, 1], [b, 2]]); return [m.get(a), m.get(b), m.get({}), m.size]; })()", "[1,2,null,2]"},
  {"(function () { var f = Object.freeze({}); var m = new Map(); m.set(f, 1); m.set(f, 2);"
   " return [m.get(f), m.size, m['delete'](f), m.size, m.has(f)]; })()", "[2,1,true,0,false]"},
  {"(function () { var s = Symbol('s'); var f = function () {}; var m = new Map([[s, 1], [f, 2]]);"
   " return [m.get(s), m.get(f), m.get(Symbol('s')), m.size]; })()", "[1,2,null,2]"},
  {"(function () { var o = { a: 1 }; var m = new Map([[o, 1]]); var ks = []; for (var k in o) ks.push(k);"
   " return [Object.keys(o), JSON.stringify(o), ks, Object.getOwnPropertyNames(o).length >= 1]; })()",
   "[[\"a\"],\"{\\\"a\\\":1}\",[\"a\"],true]"},
  {"(function () { var p = {}; var m = new Map([[p, 'p']]); var c = Object.create(p); return [m.get(c), m.has(c)]; })()", "[null,false]"},
  {"(function () { var m = new Map([[1, 1]]); return [m['delete'](1), m['delete'](1), m.size]; })()", "[true,false,0]"},
  {"(function () { var m = new Map([[1, 1], [2, 2]]); var r = m.clear(); return [r, m.size, m.has(1)]; })()", "[null,0,false]"},
  {"(function () { var out = []; new Map([['a', 1], ['b', 2]]).forEach(function (v, k, m) { out.push(k + v + (m instanceof Map) + this.t); }, { t: '!' }); return out; })()",
   "[\"a1true!\",\"b2true!\"]"},
  {"(function () { var m = new Map([[1, 1], [2, 2], [3, 3], [4, 4]]); var out = [];"
   " m.forEach(function (v, k) { out.push(k); if (k === 1) { m['delete'](2); m.set(5, 5); } }); return out; })()", "[1,3,4,5]"},
  {"(function () { var m = new Map([[1, 1], [2, 2], [3, 3]]); var out = [];"
   " m.forEach(function (v, k) { out.push(k); m['delete'](k); }); return [out, m.size]; })()", "[[1,2,3],0]"},
  {"(function () { var m = new Map([[1, 1], [2, 2], [3, 3]]); var it = m.keys(); var out = [it.next().value];"
   " m['delete'](2); m['delete'](1); m.set(4, 4); for (var r = it.next(); !r.done; r = it.next()) out.push(r.value); return out; })()", "[1,3,4]"},
  {"(function () { var m = new Map([[1, 1], [2, 2]]); var it = m.keys(); var out = [it.next().value];"
   " m.clear(); m.set(9, 9); out.push(it.next().value); out.push(it.next().done); return out; })()", "[1,9,true]"},
  {"(function () { var m = new Map(); var it = m.keys(); it.next(); m.set(1, 1); return it.next().done; })()", "true"},
  {"Array.from(new Map([[1, 'a']]).values())", "[\"a\"]"},
  {"Array.from(new Map([[1, 'a']]).keys())", "[1]"},
  {"Array.from(new Map([[1, 'a']]).entries())", "[[1,\"a\"]]"},
  {"Map.prototype[Symbol.iterator] === Map.prototype.entries", "true"},
  {"(function () { var it = new Map().entries(); return it[Symbol.iterator]() === it; })()", "true"},
  {"[Object.prototype.toString.call(new Map()), String(new Map().keys())]", "[\"[object Map]\",\"[object Map Iterator]\"]", kNeedsNativeSymbol},
  {"Map()", "throws TypeError"},
  {"new Map([1])", "throws TypeError"},
  {"new Map(5)", "throws TypeError"},
  {"new Map(null).size", "0"},
  {"typeof Object.getOwnPropertyDescriptor(Map.prototype, 'size').get", "\"function\""},
  {"Map.prototype.get.call({}, 1)", "throws TypeError"},
  {"Map.prototype.get.call(new Set(), 1)", "throws TypeError"},
  {"Map.length", "0"},
  {"(function () { var m = new Map(); for (var i = 0; i < 1000; i++) m.set('k' + i, i);"
   " for (i = 0; i < 1000; i += 2) m['delete']('k' + i); return [m.size, m.get('k999'), m.get('k0'), Array.from(m.keys())[0]]; })()",
   "[500,999,null,\"k1\"]"},
  {"(function () { var m = new Map([['a', 1]]); var out = []; m.forEach(function (v, k) { out.push(k); if (out.length < 3) m.set(k + 'x', 1); }); return out; })()",
   "[\"a\",\"ax\",\"axx\"]"},
};

const Case kSetCases[] = {
  {"(function () { var s = new Set([1, 2, 2, 3]); s.add(4).add(1); return [s.size, s.has(2), s.has(5), Array.from(s)]; })()",
   "[4,true,false,[1,2,3,4]]"},
  {"(function () { var s = new Set([NaN, NaN, 0, -0]); return [s.size, s.has(NaN), s.has(-0), Object.is(Array.from(s)[1], 0)]; })()",
   "[2,true,true,true]"},
  {"(function () { var s = new Set(['a', 'b', 'c']); s['delete']('a'); s.add('a'); return Array.from(s); })()", "[\"b\",\"c\",\"a\"]"},
  {"Array.from(new Set(['x']).entries())", "[[\"x\",\"x\"]]"},
  {"[Set.prototype.keys === Set.prototype.values, Set.prototype[Symbol.iterator] === Set.prototype.values]", "[true,true]"},
  {"(function () { var out = []; var s = new Set(['v']); s.forEach(function (a, b, set) { out.push(a, b, set === s); }); return out; })()", "[\"v\",\"v\",true]"},
  {"Array.from(new Set('aab'))", "[\"a\",\"b\"]"},
  {"(function () { var o = {}; var s = new Set([o, o, {}]); return [s.size, s.has(o)]; })()", "[2,true]"},
  {"(function () { var s = new Set([1]); var out = []; s.forEach(function (v) { out.push(v); if (v < 3) s.add(v + 1); }); return out; })()", "[1,2,3]"},
  {"(function () { var s = new Set([1, 2]); return [s['delete'](1), s['delete'](1), s.size]; })()", "[true,false,1]"},
  {"(function () { return Array.from(new Set(arguments)); })(1, 1, 2)", "[1,2]"},
  {"Object.prototype.toString.call(new Set())", "\"[object Set]\"", kNeedsNativeSymbol},
  {"Set()", "throws TypeError"},
  {"new Set(5)", "throws TypeError"},
  {"Set.prototype.add.call(new Map(), 1)", "throws TypeError"},
  {"(function () { var s = new Set([3, 1]); s.clear(); s.add(2); return [s.size, Array.from(s.values())]; })()", "[1,[2]]"},
};

const Case kWeakMapCases[] = {
  {"(function () { var k = {}; var w = new WeakMap([[k, 1]]);"
   " return [w.get(k), w.has(k), w.has({}), w['delete'](k), w.has(k), w.get(k)]; })()", "[1,true,false,true,false,null]"},
  {"new WeakMap().set(1, 2)", "throws TypeError"},
  {"[new WeakMap().get(1), new WeakMap().has('x'), new WeakMap()['delete'](null)]", "[null,false,false]"},
  {"(function () { var k = Object.freeze({}); var w = new WeakMap(); w.set(k, 'f'); w.set(k, 'g');"
   " return [w.get(k), w.has(k), w['delete'](k), w.has(k)]; })()", "[\"g\",true,true,false]"},
  {"(function () { var k = {}; var a = new WeakMap(), b = new WeakMap(); a.set(k, 1); b.set(k, 2); return [a.get(k), b.get(k)]; })()", "[1,2]"},
  {"(function () { var k = { x: 1 }; new WeakMap().set(k, 2); var ks = []; for (var p in k) ks.push(p);"
   " return [Object.keys(k), JSON.stringify(k), ks]; })()", "[[\"x\"],\"{\\\"x\\\":1}\",[\"x\"]]"},
  {"(function () { var w = new WeakMap(); return w.set({}, 1) === w; })()", "true"},
  {"(function () { var f = function () {}; var w = new WeakMap(); w.set(f, 'fn'); return w.get(f); })()", "\"fn\""},
  {"(function () { var p = {}; var w = new WeakMap([[p, 1]]); return w.has(Object.create(p)); })()", "false"},
  {"Object.prototype.toString.call(new WeakMap())", "\"[object WeakMap]\"", kNeedsNativeSymbol},
  {"WeakMap()", "throws TypeError"},
  {"WeakMap.prototype.get.call(new Map(), {})", "throws TypeError"},
};

const Case kSortCases[] = {
  {"(function () { var a = []; for (var i = 0; i < 100; i++) a.push({ k: i % 3, i: i });"
   " a.sort(function (x, y) { return x.k - y.k; });"
   " for (var j = 1; j < a.length; j++) if (a[j - 1].k === a[j].k && a[j - 1].i > a[j].i) return false;"
   " return a[0].k === 0 && a[99].k === 2; })()", "true"},
  {"(function () { var a = []; var seed = 1; for (var i = 0; i < 1000; i++) { seed = (seed * 75 + 74) % 65537; a.push({ k: seed % 10, i: i }); }"
   " a.sort(function (x, y) { return x.k - y.k; });"
   " for (var j = 1; j < a.length; j++) { if (a[j - 1].k > a[j].k) return 'order';"
   " if (a[j - 1].k === a[j].k && a[j - 1].i > a[j].i) return 'unstable'; } return 'ok'; })()", "\"ok\""},
  {"(function () { var a = ['b2', 'a1', 'b1', 'a2', 'c1']; return a.sort(function (x, y) { return x.charCodeAt(0) - y.charCodeAt(0); }); })()",
   "[\"a1\",\"a2\",\"b2\",\"b1\",\"c1\"]"},
  {"[10, 9, 1, 100, 'b', 'a'].sort()", "[1,10,100,9,\"a\",\"b\"]"},
  {"[10, 1, 5].sort(function (a, b) { return a - b; })", "[1,5,10]"},
  {"(function () { var a = [3, undefined, , 1]; a.sort();"
   " return [a.length, 0 in a, 1 in a, 2 in a, 3 in a, a[0], a[1], a[2] === undefined]; })()", "[4,true,true,true,false,1,3,true]"},
  {"(function () { var seen = false; [undefined, 2, 1, undefined].sort(function (a, b) {"
   " if (a === undefined || b === undefined) seen = true; return a - b; }); return seen; })()", "false"},
  {"[3, 1, 2].sort(function () { return NaN; })", "[3,1,2]"},
  {"(function () { var a = [5, 4, 3, 2, 1]; var n = 0; try { a.sort(function (x, y) { if (++n > 3) throw 1; return x - y; }); }"
   " catch (e) {} return a; })()", "[5,4,3,2,1]"},
  {"[1].sort(5)", "throws TypeError"},
  {"[1].sort(null)", "throws TypeError"},
  {"(function () { var a = [2, 1]; return a.sort() === a; })()", "true"},
  {"(function () { var o = { 0: 'b', 1: 'a', length: 2 }; Array.prototype.sort.call(o); return [o[0], o[1]]; })()", "[\"a\",\"b\"]"},
  {"['\\u00e9', 'z', 'a', '\\uD83D\\uDE00', '\\uFF5E'].sort()", "[\"a\",\"z\",\"é\",\"😀\",\"～\"]"},
  {"[true, false, null, 'null', 'true'].sort()", "[false,null,\"null\",true,\"true\"]"},
  {"[[2], [10], [1, 5]].sort()", "[[1,5],[10],[2]]"},
  {"(function () { var a = []; for (var i = 0; i < 50; i++) a.push(50 - i); a.sort(function (x, y) { return x - y; });"
   " return [a[0], a[49], a.length]; })()", "[1,50,50]"},
  {"[].sort()", "[]"},
  {"Array.prototype.sort.length", "1"},
};

// $wx.iter and $wx.arr exist only in the prelude, so these have explicit
// expectations and do not go to Node.
const Case kIterationCases[] = {
  {"(function () { var a = [1]; return $wx.arr(a) === a; })()", "true", kDuktapeOnly},
  {"$wx.arr('a\\uD83D\\uDE00')", "[\"a\",\"😀\"]", kDuktapeOnly},
  {"$wx.arr(new Set([1, 2]))", "[1,2]", kDuktapeOnly},
  {"$wx.arr(new Map([[1, 2]]))", "[[1,2]]", kDuktapeOnly},
  {"$wx.arr(new Map([[1, 2]]).keys())", "[1]", kDuktapeOnly},
  {"$wx.arr([5, 6].values())", "[5,6]", kDuktapeOnly},
  {"(function () { return $wx.arr(arguments); })(1, 2)", "[1,2]", kDuktapeOnly},
  {"(function () { return Array.isArray($wx.arr(arguments)); })()", "true", kDuktapeOnly},
  {"(function () { var o = {}; o[Symbol.iterator] = function () { var i = 0;"
   " return { next: function () { return i < 3 ? { value: i++, done: false } : { done: true }; } }; };"
   " return $wx.arr(o); })()", "[0,1,2]", kDuktapeOnly},
  {"$wx.arr({})", "throws TypeError", kDuktapeOnly},
  {"(function () { try { $wx.iter({}); } catch (e) { return e.name + ': ' + e.message; } })()",
   "\"TypeError: object is not iterable\"", kDuktapeOnly},
  {"(function () { try { $wx.iter(5); } catch (e) { return e.message; } })()", "\"5 is not iterable\"", kDuktapeOnly},
  {"(function () { try { $wx.iter(undefined); } catch (e) { return e.message; } })()", "\"undefined is not iterable\"", kDuktapeOnly},
  {"(function () { try { $wx.arr(null, 'todos'); } catch (e) { return e.message; } })()", "\"todos is not iterable\"", kDuktapeOnly},
  {"(function () { var a = [1, 2]; var out = []; for (var c = $wx.iter(a); c.n();) { out.push(c.v); if (a.length < 4) a.push(a.length + 1); }"
   " return out; })()", "[1,2,3,4]", kDuktapeOnly},
  {"(function () { var c = $wx.iter([1]); return [c.n(), c.v, c.n(), c.v, c.n()]; })()", "[true,1,false,null,false]", kDuktapeOnly},
  {"(function () { var out = []; for (var c = $wx.iter('x\\uD83D\\uDE00y'); c.n();) out.push(c.v); return out; })()",
   "[\"x\",\"😀\",\"y\"]", kDuktapeOnly},
  {"(function () { var out = []; for (var c = $wx.iter(new Map([['k', 'v']])); c.n();) out.push(c.v); return out; })()",
   "[[\"k\",\"v\"]]", kDuktapeOnly},
  {"(function () { var out = []; for (var c = $wx.iter(new Set(['a', 'b'])); c.n();) out.push(c.v); return out; })()",
   "[\"a\",\"b\"]", kDuktapeOnly},
  {"(function () { var out = []; for (var c = $wx.iter(arguments); c.n();) out.push(c.v); return out; })('p', 'q')",
   "[\"p\",\"q\"]", kDuktapeOnly},
  {"(function () { var log = []; var o = {}; o[Symbol.iterator] = function () { var i = 0;"
   " return { next: function () { return { value: i++, done: false }; }, 'return': function () { log.push('closed'); return {}; } }; };"
   " var c = $wx.iter(o); c.n(); c.n(); c.c(); return [c.v, log, c.n()]; })()", "[1,[\"closed\"],false]", kDuktapeOnly},
  {"(function () { var o = {}; o[Symbol.iterator] = function () { return { next: function () { return 1; } }; };"
   " try { $wx.arr(o); } catch (e) { return e.name; } })()", "\"TypeError\"", kDuktapeOnly},
  {"(function () { var o = {}; o[Symbol.iterator] = function () { return 1; }; try { $wx.arr(o); } catch (e) { return e.name; } })()",
   "\"TypeError\"", kDuktapeOnly},
  {"(function () { var m = new Map([[1, 1], [2, 2]]); var out = []; for (var c = $wx.iter(m); c.n();) { out.push(c.v[0]); m['delete'](2); m.set(3, 3); } return out; })()",
   "[1,3]", kDuktapeOnly},
  {"$wx.arr(new Uint8Array([3, 4]))", "[3,4]", kDuktapeOnly},
  // The same iteration rules reach Node-visible APIs.
  {"(function () { var out = []; var it = new Uint8Array([5, 6])[Symbol.iterator]();"
   " for (var r = it.next(); !r.done; r = it.next()) out.push(r.value); return out; })()", "[5,6]"},
  {"Array.from(new Int16Array([-1, 2]).entries())", "[[0,-1],[1,2]]"},
  {"typeof [][Symbol.iterator]", "\"function\""},
  {"(function () { var o = {}; o[Symbol.iterator] = function () { return [7, 8][Symbol.iterator](); };"
   " return [Array.from(o), Array.from(new Set(o)), Object.fromEntries(new Map([['k', o]]))]; })()",
   "[[7,8],[7,8],{\"k\":{}}]"},
};
// clang-format on

template <size_t N>
std::vector<Case> cases_of(const Case (&cases)[N]) {
  return std::vector<Case>(cases, cases + N);
}

// The harness: evaluates one case in the global scope and describes the
// outcome the way Node's side does (see run_in_node).
constexpr const char* kHarness = R"js(
function $case(src) {
  try {
    var v = (0, eval)(src);
    var json = JSON.stringify(v);
    return json === undefined ? 'undefined' : json;
  } catch (e) {
    return 'throws ' + (e && e.name);
  }
}
)js";

// What Duktape has natively and the prelude would otherwise leave alone.
constexpr const char* kDeleteNatives = R"js(
delete Object.assign;
delete String.prototype.repeat; delete String.prototype.startsWith;
delete String.prototype.endsWith; delete String.prototype.includes;
delete String.prototype.codePointAt; delete String.fromCodePoint;
delete Number.isInteger; delete Number.isFinite; delete Number.isNaN;
delete Number.isSafeInteger;
delete Math.trunc; delete Math.sign; delete Math.log2; delete Math.log10;
delete Math.hypot; delete Math.cbrt;
[typeof Object.assign, typeof String.prototype.repeat, typeof Number.isInteger,
 typeof Math.trunc, typeof Math.cbrt].join()
)js";

enum class Mode { kShipped, kFallbacks, kNoSymbol };

const char* mode_name(Mode mode) {
  switch (mode) {
    case Mode::kShipped:
      return "prelude as shipped";
    case Mode::kFallbacks:
      return "native functions deleted";
    case Mode::kNoSymbol:
      return "native functions and Symbol deleted";
  }
  return "";
}

std::unique_ptr<JsEngine> engine_for(Mode mode) {
  auto js = std::make_unique<JsEngine>();
  if (mode != Mode::kShipped) {
    JsResult r = js->load(kDeleteNatives, "delete-natives.js");
    REQUIRE(r.ok);
    REQUIRE(r.value_json == R"("undefined,undefined,undefined,undefined,undefined")");
  }
  if (mode == Mode::kNoSymbol) {
    JsResult r = js->load("delete this.Symbol; typeof Symbol", "delete-symbol.js");
    REQUIRE(r.value_json == R"("undefined")");
  }
  JsResult prelude = js->load(stdlib_prelude(), "webx-prelude.js");
  INFO(prelude.error.name << ": " << prelude.error.message);
  REQUIRE(prelude.ok);
  if (mode == Mode::kNoSymbol) {
    REQUIRE(js->load("typeof Symbol.iterator", "t.js").value_json == R"("string")");
  }
  REQUIRE(js->load(kHarness, "harness.js").ok);
  return js;
}

void run_cases(const std::vector<Case>& cases) {
  for (Mode mode : {Mode::kShipped, Mode::kFallbacks, Mode::kNoSymbol}) {
    std::unique_ptr<JsEngine> js = engine_for(mode);
    for (const Case& c : cases) {
      if (mode == Mode::kNoSymbol && c.where == kNeedsNativeSymbol) continue;
      JsTextResult r = js->call_text("$case", {c.expr});
      INFO(std::string(mode_name(mode)));
      INFO(std::string(c.expr));
      REQUIRE(r.ok);
      CHECK(r.text == std::string(c.expected));
    }
  }
}

TEST_CASE("Array polyfills") { run_cases(cases_of(kArrayCases)); }
TEST_CASE("Object polyfills") { run_cases(cases_of(kObjectCases)); }
TEST_CASE("String polyfills") { run_cases(cases_of(kStringCases)); }
TEST_CASE("Number and Math polyfills") { run_cases(cases_of(kNumberMathCases)); }
TEST_CASE("Map keeps insertion order, SameValueZero keys and live iteration") {
  run_cases(cases_of(kMapCases));
}
TEST_CASE("Set keeps insertion order, SameValueZero values and live iteration") {
  run_cases(cases_of(kSetCases));
}
TEST_CASE("WeakMap") { run_cases(cases_of(kWeakMapCases)); }
TEST_CASE("Array.prototype.sort is stable with the default comparator semantics") {
  run_cases(cases_of(kSortCases));
}
TEST_CASE("$wx.iter and $wx.arr iterate arrays, strings, Maps, Sets, arguments and iterables") {
  run_cases(cases_of(kIterationCases));
}

TEST_CASE("a WeakMap's value goes away with its key") {
  JsEngine js;
  REQUIRE(js.load(stdlib_prelude(), "webx-prelude.js").ok);
  REQUIRE(js.load("var wm = new WeakMap(); var key = {};"
                  "wm.set(key, new Array(200000).join('x'));",
                  "t.js")
              .ok);
  js.collect_garbage();
  size_t holding = js.heap_bytes_in_use();
  REQUIRE(js.load("key = null;", "t.js").ok);
  js.collect_garbage();
  CHECK(js.heap_bytes_in_use() + 150000 < holding);
}

TEST_CASE("sorting a large array is interruptible by the time limit") {
  JsEngine js(JsLimits{.heap_bytes = size_t{64} << 20, .timeout_ms = 100});
  REQUIRE(js.load(stdlib_prelude(), "webx-prelude.js").ok);
  JsResult r = js.load(
      "var a = []; for (var i = 0; i < 200000; i++) a.push((i * 7919) % 100003);"
      "for (;;) a.sort(function (x, y) { return x - y; });",
      "t.js");
  CHECK(r.error.timed_out);
}

// Runs every Node-comparable case in one Node process and returns Node's
// outcome for each, described as the Duktape harness does.
std::vector<std::string> run_in_node(const std::vector<Case>& cases) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("webx-js-oracle-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path script = dir / "cases.js";
  {
    std::ofstream out(script);
    out << "const cases = [\n";
    for (const Case& c : cases) {
      // JSON string syntax is valid JavaScript string syntax; the sources
      // contain no characters that would need more than escaping \ and ".
      out << "  \"";
      for (const char* p = c.expr; *p != '\0'; p++) {
        if (*p == '\\' || *p == '"') out << '\\';
        out << *p;
      }
      out << "\",\n";
    }
    out << "];\n"
        << "for (const src of cases) {\n"
        << "  let line;\n"
        << "  try {\n"
        << "    const json = JSON.stringify((0, eval)(src));\n"
        << "    line = json === undefined ? 'undefined' : json;\n"
        << "  } catch (e) {\n"
        << "    line = 'throws ' + (e && e.name);\n"
        << "  }\n"
        << "  console.log(line);\n"
        << "}\n";
  }
  std::string command = "node " + script.string();
  std::vector<std::string> lines;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string current;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) current.append(buf.data(), n);
  int status = ::pclose(pipe);
  fs::remove_all(dir);
  REQUIRE(status == 0);
  size_t start = 0;
  while (start < current.size()) {
    size_t nl = current.find('\n', start);
    if (nl == std::string::npos) nl = current.size();
    lines.push_back(current.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

TEST_CASE("Node agrees with the expected values") {
  std::vector<Case> all;
  for (const auto& group :
       {cases_of(kArrayCases), cases_of(kObjectCases), cases_of(kStringCases),
        cases_of(kNumberMathCases), cases_of(kMapCases), cases_of(kSetCases),
        cases_of(kWeakMapCases), cases_of(kSortCases), cases_of(kIterationCases)}) {
    for (const Case& c : group) {
      if (c.where != kDuktapeOnly) all.push_back(c);
    }
  }
  REQUIRE(std::system("node --version > /dev/null 2>&1") == 0);
  std::vector<std::string> node = run_in_node(all);
  REQUIRE(node.size() == all.size());
  for (size_t i = 0; i < all.size(); i++) {
    INFO(std::string(all[i].expr));
    CHECK(node[i] == std::string(all[i].expected));
  }
}

}  // namespace
}  // namespace webx
