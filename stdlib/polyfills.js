/*
 * WebX polyfills: the ES2015+ library functions that WebX programs use, for
 * Duktape 2.7, which runs ECMAScript 5.1 plus a few later additions.
 *
 * This file is itself ECMAScript 5.1, because Duktape compiles it as is. The
 * code generator lowers modern syntax; this file supplies the library.
 *
 * Each function is installed only when it is missing, so the file also works
 * on an engine that already has some of them. Duktape 2.7 as WebX builds it
 * (see runtime/js/duk_config_webx.h) already has, natively:
 *   Object.assign, Object.is, Object.setPrototypeOf, Object.getOwnPropertySymbols;
 *   String.prototype.repeat, startsWith, endsWith, includes, codePointAt;
 *   String.fromCodePoint;
 *   Number.isInteger, isFinite, isNaN, isSafeInteger, parseInt, parseFloat,
 *   EPSILON, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER;
 *   Math.trunc, sign, log2, log10, hypot, cbrt, clz32, imul;
 *   Symbol (with Symbol.iterator and Symbol.toStringTag), Proxy, Reflect,
 *   globalThis, TextEncoder/TextDecoder, typed arrays.
 * It lacks, and this file adds:
 *   Array.prototype find, findIndex, includes, flat, flatMap, fill, keys,
 *   values, entries and @@iterator (also on typed arrays); Array.from,
 *   Array.of;
 *   Object.entries, values, fromEntries;
 *   String.prototype padStart, padEnd, trimStart, trimEnd (and the trimLeft and
 *   trimRight aliases), replaceAll and @@iterator;
 *   Map, Set and WeakMap, with their iterators.
 * The fallbacks for what Duktape has natively are still here (and tested with
 * the native versions removed), so the prelude does not silently depend on
 * how Duktape was configured.
 *
 * Two native functions fall short and are replaced after a feature test:
 * Object.assign, which does not copy symbol keys, and Math.cbrt, which is
 * glibc's and gives 3.0000000000000004 for Math.cbrt(27).
 *
 * Array.prototype.sort is always replaced: Duktape's sort is not stable,
 * while ES2019 requires stability and users rely on it (sorting by one key
 * after another).
 *
 * Iteration. When the engine has Symbol, iterators live under Symbol.iterator
 * as in ES2015. Otherwise a small Symbol shim is installed in which symbols
 * are unique strings and Symbol.iterator is the string key "@@iterator".
 * Arrays, strings (by code point), Maps, Sets and their iterators are
 * iterable. Arguments objects cannot be given an own @@iterator from a
 * library, so the iteration helpers below (and Array.from, and the Map and Set
 * constructors) treat them as the array-likes they are.
 *
 * The code generator calls two helpers on the global object $wx, which
 * stdlib/webx.js extends:
 *   $wx.iter(x [, what])  a cursor over x for for...of: cursor.n() advances
 *                         and returns true while there is a value, which it
 *                         stores in cursor.v; cursor.c() closes the underlying
 *                         iterator (calls its return method) and should be
 *                         called when a loop is left early, as for...of does.
 *   $wx.arr(x [, what])   x itself when it is an Array, otherwise an array of
 *                         the values obtained by iterating x (for spread).
 * Both throw TypeError "<what> is not iterable" when x is not iterable; what
 * defaults to a description of the value (its String() for primitives), and
 * the code generator may pass the source text of the expression instead,
 * which is what Node's message shows.
 */
(function (global) {
  'use strict';

  var hasOwn = Object.prototype.hasOwnProperty;
  var toStr = Object.prototype.toString;

  // Built-in methods are writable, configurable and not enumerable, so that
  // for...in over arrays and plain objects does not see what we add.
  function defineMethod(target, name, fn) {
    Object.defineProperty(target, name, {
      value: fn, writable: true, enumerable: false, configurable: true
    });
  }

  function installMethod(target, name, fn) {
    if (typeof target[name] !== 'function') defineMethod(target, name, fn);
  }

  // Like installMethod, but also replaces a native function that fails the
  // works test: an engine may have a function that does not do what users
  // (and Node) expect of it.
  function installUnlessWorking(target, name, fn, works) {
    var existing = target[name];
    if (typeof existing === 'function' && works(existing)) return;
    defineMethod(target, name, fn);
  }

  // Numeric constants are read-only, as in the specification.
  function installConstant(target, name, value) {
    if (target[name] === undefined) {
      Object.defineProperty(target, name, {
        value: value, writable: false, enumerable: false, configurable: false
      });
    }
  }

  function defineGetter(target, name, getter) {
    Object.defineProperty(target, name, { get: getter, enumerable: false, configurable: true });
  }

  function isCallable(f) {
    return typeof f === 'function';
  }

  function isObject(x) {
    return (typeof x === 'object' && x !== null) || typeof x === 'function';
  }

  function isArguments(x) {
    return toStr.call(x) === '[object Arguments]';
  }

  function isRegExp(x) {
    return toStr.call(x) === '[object RegExp]';
  }

  function requireCoercible(x, method) {
    if (x === null || x === undefined) {
      throw new TypeError(method + ' called on null or undefined');
    }
    return x;
  }

  // The specification's ToIntegerOrInfinity: NaN becomes 0, infinities stay.
  function toIntegerOrInfinity(x) {
    var n = Number(x);
    if (n !== n || n === 0) return 0;
    if (n === Infinity || n === -Infinity) return n;
    return n < 0 ? Math.ceil(n) : Math.floor(n);
  }

  function toLength(x) {
    var n = toIntegerOrInfinity(x);
    if (n <= 0) return 0;
    return n > 9007199254740991 ? 9007199254740991 : n;
  }

  // A start or end index relative to len: negative values count from the end.
  function relativeIndex(x, len, fallback) {
    var n = x === undefined ? fallback : toIntegerOrInfinity(x);
    if (n < 0) return Math.max(len + n, 0);
    return Math.min(n, len);
  }

  function sameValueZero(a, b) {
    return a === b || (a !== a && b !== b);
  }

  // A short description of a value for TypeError messages, in the style of
  // Node's ("5 is not iterable", "undefined is not iterable").
  function describe(x) {
    if (typeof x === 'symbol') return x.toString();
    if (typeof x === 'function') return 'function';
    if (isObject(x)) return 'object';
    return String(x);
  }

  // Strings as the specification's ToString: String() would quietly turn a
  // symbol into its description, where the language throws.
  function toStringStrict(x) {
    if (typeof x === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
    return String(x);
  }

  // ---------------------------------------------------------------------
  // Symbol and the iteration protocol

  if (typeof global.Symbol !== 'function') {
    var symbolCount = 0;
    // Symbols as unique strings: good enough to key the iterator method and
    // hidden properties, which is all the prelude and generated code need.
    var SymbolShim = function Symbol(description) {
      if (this instanceof SymbolShim) throw new TypeError('Symbol is not a constructor');
      symbolCount += 1;
      return '@@webx.symbol(' + (description === undefined ? '' : String(description)) +
          ')#' + symbolCount;
    };
    SymbolShim.iterator = '@@iterator';
    defineMethod(global, 'Symbol', SymbolShim);
  }
  var ITERATOR = global.Symbol.iterator;
  var TO_STRING_TAG = global.Symbol.toStringTag;

  function setToStringTag(proto, tag) {
    if (TO_STRING_TAG !== undefined) {
      Object.defineProperty(proto, TO_STRING_TAG, {
        value: tag, writable: false, enumerable: false, configurable: true
      });
    }
  }

  // Iterators are themselves iterable: their @@iterator returns themselves.
  function returnThis() {
    return this;
  }

  function iterResult(value, done) {
    return { value: value, done: done };
  }

  // The code point of s that starts at index i, as a string of one or two
  // code units (a surrogate pair stays together; a lone surrogate is alone).
  function codePointStringAt(s, i) {
    var c = s.charCodeAt(i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) {
      var d = s.charCodeAt(i + 1);
      if (d >= 0xDC00 && d <= 0xDFFF) return s.charAt(i) + s.charAt(i + 1);
    }
    return s.charAt(i);
  }

  // %ArrayIteratorPrototype%: kind is 'keys', 'values' or 'entries'. The
  // length is read at every step, so elements pushed during iteration are
  // visited, as the specification requires.
  function ArrayIterator(object, kind) {
    this.object = object;
    this.kind = kind;
    this.index = 0;
  }
  defineMethod(ArrayIterator.prototype, 'next', function next() {
    var o = this.object;
    if (o === undefined) return iterResult(undefined, true);
    var i = this.index;
    if (i >= toLength(o.length)) {
      this.object = undefined;
      return iterResult(undefined, true);
    }
    this.index = i + 1;
    if (this.kind === 'keys') return iterResult(i, false);
    if (this.kind === 'values') return iterResult(o[i], false);
    return iterResult([i, o[i]], false);
  });
  defineMethod(ArrayIterator.prototype, ITERATOR, returnThis);
  setToStringTag(ArrayIterator.prototype, 'Array Iterator');

  installMethod(Array.prototype, 'keys', function keys() {
    return new ArrayIterator(Object(this), 'keys');
  });
  installMethod(Array.prototype, 'values', function values() {
    return new ArrayIterator(Object(this), 'values');
  });
  installMethod(Array.prototype, 'entries', function entries() {
    return new ArrayIterator(Object(this), 'entries');
  });
  installMethod(Array.prototype, ITERATOR, Array.prototype.values);

  // Typed arrays (TextEncoder's output, for one) iterate like arrays.
  var typedArrayNames = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array',
    'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array'];
  for (var t = 0; t < typedArrayNames.length; t++) {
    var typedArray = global[typedArrayNames[t]];
    if (!isCallable(typedArray)) continue;
    installMethod(typedArray.prototype, 'keys', Array.prototype.keys);
    installMethod(typedArray.prototype, 'values', Array.prototype.values);
    installMethod(typedArray.prototype, 'entries', Array.prototype.entries);
    installMethod(typedArray.prototype, ITERATOR, typedArray.prototype.values);
  }

  // %StringIteratorPrototype%: by code point.
  function StringIterator(s) {
    this.string = s;
    this.index = 0;
  }
  defineMethod(StringIterator.prototype, 'next', function next() {
    var s = this.string;
    if (s === undefined || this.index >= s.length) {
      this.string = undefined;
      return iterResult(undefined, true);
    }
    var cp = codePointStringAt(s, this.index);
    this.index += cp.length;
    return iterResult(cp, false);
  });
  defineMethod(StringIterator.prototype, ITERATOR, returnThis);
  setToStringTag(StringIterator.prototype, 'String Iterator');

  installMethod(String.prototype, ITERATOR, function () {
    return new StringIterator(String(requireCoercible(this, 'String.prototype[Symbol.iterator]')));
  });

  // Cursors are what for...of compiles to: cheaper than iterator result
  // objects, and with a fast path for arrays and array-likes.

  // Arrays and arguments objects: by index, reading the length at each step.
  function IndexCursor(a) {
    this.a = a;
    this.i = 0;
    this.v = undefined;
  }
  IndexCursor.prototype.n = function () {
    var a = this.a;
    if (a !== null && this.i < a.length) {
      this.v = a[this.i];
      this.i += 1;
      return true;
    }
    this.a = null;
    this.v = undefined;
    return false;
  };
  IndexCursor.prototype.c = function () {
    this.a = null;
  };

  // Strings: by code point.
  function StringCursor(s) {
    this.s = s;
    this.i = 0;
    this.v = undefined;
  }
  StringCursor.prototype.n = function () {
    var s = this.s;
    if (s !== null && this.i < s.length) {
      this.v = codePointStringAt(s, this.i);
      this.i += this.v.length;
      return true;
    }
    this.s = null;
    this.v = undefined;
    return false;
  };
  StringCursor.prototype.c = function () {
    this.s = null;
  };

  // Anything else with an @@iterator method: through next(). The next method
  // is read once, when iteration starts, as in the specification.
  function IteratorCursor(iterator) {
    if (!isObject(iterator)) {
      throw new TypeError('Result of the Symbol.iterator method is not an object');
    }
    this.it = iterator;
    this.next = iterator.next;
    this.v = undefined;
  }
  IteratorCursor.prototype.n = function () {
    var it = this.it;
    if (it === null) return false;
    var r = this.next.call(it);
    if (!isObject(r)) throw new TypeError('Iterator result ' + describe(r) + ' is not an object');
    if (r.done) {
      this.it = null;
      this.v = undefined;
      return false;
    }
    this.v = r.value;
    return true;
  };
  // Closing an iterator that is not done calls its return method, which lets
  // user iterators release what they hold when a loop is left early.
  IteratorCursor.prototype.c = function () {
    var it = this.it;
    this.it = null;
    if (it === null) return;
    var ret = it['return'];
    if (ret !== undefined && ret !== null) {
      var r = ret.call(it);
      if (!isObject(r)) throw new TypeError('Iterator result ' + describe(r) + ' is not an object');
    }
  };

  function cursorOf(x, what) {
    if (Array.isArray(x) || isArguments(x)) return new IndexCursor(x);
    if (typeof x === 'string') return new StringCursor(x);
    if (x !== null && x !== undefined) {
      var method = x[ITERATOR];
      if (isCallable(method)) return new IteratorCursor(method.call(x));
    }
    throw new TypeError((what === undefined ? describe(x) : String(what)) + ' is not iterable');
  }

  // Runs body on each value of a cursor. If body throws, the iterator is
  // closed (its return method's own errors are ignored, as in the
  // specification's IteratorClose) and the original error propagates.
  function forEachValue(cursor, body) {
    var finished = false;
    try {
      while (cursor.n()) body(cursor.v);
      finished = true;
    } finally {
      if (!finished) {
        try {
          cursor.c();
        } catch (ignored) {
          // The error that stopped the loop is the one to report.
        }
      }
    }
  }

  var wx = global.$wx;
  if (!isObject(wx)) {
    wx = {};
    global.$wx = wx;
  }
  wx.iter = function iter(x, what) {
    return cursorOf(x, what);
  };
  wx.arr = function arr(x, what) {
    if (Array.isArray(x)) return x;
    var cursor = cursorOf(x, what);
    var out = [];
    while (cursor.n()) out.push(cursor.v);
    return out;
  };

  // ---------------------------------------------------------------------
  // Array

  installMethod(Array.prototype, 'find', function find(predicate) {
    var o = Object(requireCoercible(this, 'Array.prototype.find'));
    var len = toLength(o.length);
    if (!isCallable(predicate)) throw new TypeError(describe(predicate) + ' is not a function');
    var thisArg = arguments[1];
    for (var k = 0; k < len; k++) {
      var v = o[k];
      if (predicate.call(thisArg, v, k, o)) return v;
    }
    return undefined;
  });

  installMethod(Array.prototype, 'findIndex', function findIndex(predicate) {
    var o = Object(requireCoercible(this, 'Array.prototype.findIndex'));
    var len = toLength(o.length);
    if (!isCallable(predicate)) throw new TypeError(describe(predicate) + ' is not a function');
    var thisArg = arguments[1];
    for (var k = 0; k < len; k++) {
      if (predicate.call(thisArg, o[k], k, o)) return k;
    }
    return -1;
  });

  // Unlike indexOf, includes finds NaN and treats holes as undefined.
  installMethod(Array.prototype, 'includes', function includes(searchElement) {
    var o = Object(requireCoercible(this, 'Array.prototype.includes'));
    var len = toLength(o.length);
    if (len === 0) return false;
    for (var k = relativeIndex(arguments[1], len, 0); k < len; k++) {
      if (sameValueZero(o[k], searchElement)) return true;
    }
    return false;
  });

  // Appends the elements of source to target, descending into nested arrays
  // while depth allows. Holes are skipped.
  function flattenInto(target, source, depth) {
    var len = toLength(source.length);
    for (var k = 0; k < len; k++) {
      if (!(k in source)) continue;
      var v = source[k];
      if (depth > 0 && Array.isArray(v)) {
        flattenInto(target, v, depth - 1);
      } else {
        target.push(v);
      }
    }
    return target;
  }

  installMethod(Array.prototype, 'flat', function flat() {
    var o = Object(requireCoercible(this, 'Array.prototype.flat'));
    var depth = arguments[0] === undefined ? 1 : toIntegerOrInfinity(arguments[0]);
    return flattenInto([], o, depth);
  });

  installMethod(Array.prototype, 'flatMap', function flatMap(callback) {
    var o = Object(requireCoercible(this, 'Array.prototype.flatMap'));
    var len = toLength(o.length);
    if (!isCallable(callback)) throw new TypeError('flatMap mapper function is not callable');
    var thisArg = arguments[1];
    var out = [];
    for (var k = 0; k < len; k++) {
      if (!(k in o)) continue;
      var mapped = callback.call(thisArg, o[k], k, o);
      if (Array.isArray(mapped)) {
        flattenInto(out, mapped, 0);
      } else {
        out.push(mapped);
      }
    }
    return out;
  });

  installMethod(Array.prototype, 'fill', function fill(value) {
    var o = Object(requireCoercible(this, 'Array.prototype.fill'));
    var len = toLength(o.length);
    var end = relativeIndex(arguments[2], len, len);
    for (var k = relativeIndex(arguments[1], len, 0); k < end; k++) o[k] = value;
    return o;
  });

  // A new array-like for Array.from and Array.of: an instance of the
  // constructor they were called on when that is not Array itself (which
  // keeps subclasses working), otherwise a plain array.
  function constructResult(C, len) {
    if (isCallable(C) && C !== Array) return len === undefined ? new C() : new C(len);
    return [];
  }

  installMethod(Array, 'from', function from(items) {
    var mapFn = arguments[1];
    var thisArg = arguments[2];
    if (mapFn !== undefined && !isCallable(mapFn)) {
      throw new TypeError(describe(mapFn) + ' is not a function');
    }
    if (items === null || items === undefined) {
      throw new TypeError(describe(items) + ' is not iterable');
    }
    var a;
    var k = 0;
    var method = items[ITERATOR];
    if (method !== undefined && method !== null) {
      if (!isCallable(method)) throw new TypeError(describe(items) + ' is not iterable');
      a = constructResult(this);
      forEachValue(new IteratorCursor(method.call(items)), function (v) {
        a[k] = mapFn === undefined ? v : mapFn.call(thisArg, v, k);
        k += 1;
      });
      a.length = k;
      return a;
    }
    var o = Object(items);
    var len = toLength(o.length);
    a = constructResult(this, len);
    for (; k < len; k++) a[k] = mapFn === undefined ? o[k] : mapFn.call(thisArg, o[k], k);
    a.length = len;
    return a;
  });

  installMethod(Array, 'of', function of() {
    var len = arguments.length;
    var a = constructResult(this, len);
    for (var k = 0; k < len; k++) a[k] = arguments[k];
    a.length = len;
    return a;
  });

  // Stable merge sort with the specification's semantics
  // (SortIndexedProperties): holes are skipped, undefined values go last
  // without reaching the comparator, a comparator result of NaN counts as 0,
  // and without a comparator values compare as strings (by UTF-16 code
  // units, which is also Duktape's string order). The result is written back
  // only after sorting, so a comparator that throws leaves the array as it was.
  function mergeSort(a, compare) {
    var n = a.length;
    if (n < 2) return a;
    var buf = new Array(n);
    // Short runs are sorted by insertion, which is stable because an element
    // only moves past elements that compare strictly greater.
    var RUN = 8;
    var lo;
    for (lo = 0; lo < n; lo += RUN) {
      var hi = Math.min(lo + RUN, n);
      for (var i = lo + 1; i < hi; i++) {
        var x = a[i];
        var j = i - 1;
        while (j >= lo && compare(a[j], x) > 0) {
          a[j + 1] = a[j];
          j -= 1;
        }
        a[j + 1] = x;
      }
    }
    // Bottom-up merges of neighbouring runs, alternating between a and buf.
    // Ties take from the left run, which keeps the sort stable.
    var src = a;
    var dst = buf;
    for (var width = RUN; width < n; width *= 2) {
      for (lo = 0; lo < n; lo += 2 * width) {
        var mid = Math.min(lo + width, n);
        var end = Math.min(lo + 2 * width, n);
        var l = lo;
        var r = mid;
        var o = lo;
        while (l < mid && r < end) {
          if (compare(src[l], src[r]) <= 0) {
            dst[o++] = src[l++];
          } else {
            dst[o++] = src[r++];
          }
        }
        while (l < mid) dst[o++] = src[l++];
        while (r < end) dst[o++] = src[r++];
      }
      var t = src;
      src = dst;
      dst = t;
    }
    return src;
  }

  function compareKeyed(x, y) {
    return x.key < y.key ? -1 : (x.key > y.key ? 1 : 0);
  }

  defineMethod(Array.prototype, 'sort', function sort(comparefn) {
    if (comparefn !== undefined && !isCallable(comparefn)) {
      throw new TypeError('The comparison function must be either a function or undefined');
    }
    var o = Object(requireCoercible(this, 'Array.prototype.sort'));
    var len = toLength(o.length);
    var items = [];
    var undefinedCount = 0;
    var k;
    for (k = 0; k < len; k++) {
      if (!(k in o)) continue;
      var v = o[k];
      if (v === undefined) {
        undefinedCount += 1;
      } else {
        items.push(v);
      }
    }
    var sorted;
    if (comparefn === undefined) {
      // Each value is converted to a string once, not at every comparison.
      var keyed = new Array(items.length);
      for (k = 0; k < items.length; k++) keyed[k] = { key: toStringStrict(items[k]), value: items[k] };
      keyed = mergeSort(keyed, compareKeyed);
      sorted = new Array(keyed.length);
      for (k = 0; k < keyed.length; k++) sorted[k] = keyed[k].value;
    } else {
      sorted = mergeSort(items, function (x, y) {
        var c = Number(comparefn.call(undefined, x, y));
        return c !== c ? 0 : c;
      });
    }
    for (k = 0; k < sorted.length; k++) o[k] = sorted[k];
    for (var u = 0; u < undefinedCount; u++, k++) o[k] = undefined;
    for (; k < len; k++) delete o[k];
    return o;
  });

  // ---------------------------------------------------------------------
  // Object

  // Duktape's Object.assign copies string keys only; ES2015 copies
  // enumerable symbol keys too.
  installUnlessWorking(Object, 'assign', function assign(target, source) {
    var to = Object(requireCoercible(target, 'Object.assign'));
    for (var i = 1; i < arguments.length; i++) {
      var next = arguments[i];
      if (next === null || next === undefined) continue;
      var from = Object(next);
      var keys = Object.keys(from);
      if (typeof Object.getOwnPropertySymbols === 'function') {
        var symbols = Object.getOwnPropertySymbols(from);
        for (var s = 0; s < symbols.length; s++) {
          if (Object.prototype.propertyIsEnumerable.call(from, symbols[s])) keys.push(symbols[s]);
        }
      }
      for (var k = 0; k < keys.length; k++) to[keys[k]] = from[keys[k]];
    }
    return to;
  }, function (assign) {
    var key = global.Symbol('probe');
    var source = {};
    source[key] = 1;
    return assign({}, source)[key] === 1;
  });

  installMethod(Object, 'entries', function entries(o) {
    var obj = Object(requireCoercible(o, 'Object.entries'));
    var keys = Object.keys(obj);
    var out = [];
    for (var i = 0; i < keys.length; i++) out.push([keys[i], obj[keys[i]]]);
    return out;
  });

  installMethod(Object, 'values', function values(o) {
    var obj = Object(requireCoercible(o, 'Object.values'));
    var keys = Object.keys(obj);
    var out = [];
    for (var i = 0; i < keys.length; i++) out.push(obj[keys[i]]);
    return out;
  });

  // Properties are defined rather than assigned, so that a key such as
  // "__proto__" becomes an own property instead of calling a setter.
  installMethod(Object, 'fromEntries', function fromEntries(iterable) {
    requireCoercible(iterable, 'Object.fromEntries');
    var obj = {};
    forEachValue(cursorOf(iterable), function (entry) {
      if (!isObject(entry)) throw new TypeError('Iterator value ' + describe(entry) + ' is not an entry object');
      var key = entry[0];
      Object.defineProperty(obj, typeof key === 'symbol' ? key : String(key), {
        value: entry[1], writable: true, enumerable: true, configurable: true
      });
    });
    return obj;
  });

  // ---------------------------------------------------------------------
  // String

  // The filler for padStart and padEnd, fillString repeated and truncated to
  // length, built by doubling so long pads take few concatenations.
  function makeFiller(fillString, length) {
    var filler = fillString;
    while (filler.length < length) filler += filler;
    return filler.slice(0, length);
  }

  function pad(thisValue, maxLength, fillString, atStart, method) {
    var s = String(requireCoercible(thisValue, method));
    var target = toLength(maxLength);
    if (target <= s.length) return s;
    var fill = fillString === undefined ? ' ' : toStringStrict(fillString);
    if (fill === '') return s;
    var filler = makeFiller(fill, target - s.length);
    return atStart ? filler + s : s + filler;
  }

  installMethod(String.prototype, 'padStart', function padStart(maxLength) {
    return pad(this, maxLength, arguments[1], true, 'String.prototype.padStart');
  });

  installMethod(String.prototype, 'padEnd', function padEnd(maxLength) {
    return pad(this, maxLength, arguments[1], false, 'String.prototype.padEnd');
  });

  installMethod(String.prototype, 'repeat', function repeat(count) {
    var s = String(requireCoercible(this, 'String.prototype.repeat'));
    var n = toIntegerOrInfinity(count);
    if (n < 0 || n === Infinity) throw new RangeError('Invalid count value: ' + n);
    var out = '';
    // Square-and-multiply on strings: log2(n) concatenations.
    while (n > 0) {
      if (n % 2 === 1) out += s;
      n = Math.floor(n / 2);
      if (n > 0) s += s;
    }
    return out;
  });

  function requireNotRegExp(x, method) {
    if (isRegExp(x)) {
      throw new TypeError('First argument to ' + method + ' must not be a regular expression');
    }
    return toStringStrict(x);
  }

  installMethod(String.prototype, 'startsWith', function startsWith(searchString) {
    var s = String(requireCoercible(this, 'String.prototype.startsWith'));
    var search = requireNotRegExp(searchString, 'String.prototype.startsWith');
    var start = Math.min(Math.max(toIntegerOrInfinity(arguments[1]), 0), s.length);
    return s.substr(start, search.length) === search;
  });

  installMethod(String.prototype, 'endsWith', function endsWith(searchString) {
    var s = String(requireCoercible(this, 'String.prototype.endsWith'));
    var search = requireNotRegExp(searchString, 'String.prototype.endsWith');
    var end = arguments[1] === undefined ? s.length :
        Math.min(Math.max(toIntegerOrInfinity(arguments[1]), 0), s.length);
    var start = end - search.length;
    return start >= 0 && s.slice(start, end) === search;
  });

  installMethod(String.prototype, 'includes', function includes(searchString) {
    var s = String(requireCoercible(this, 'String.prototype.includes'));
    var search = requireNotRegExp(searchString, 'String.prototype.includes');
    return s.indexOf(search, toIntegerOrInfinity(arguments[1])) !== -1;
  });

  // WhiteSpace and LineTerminator as ES2019 defines them for trimming
  // (Unicode category Zs, plus tab, vertical tab, form feed, no-break space,
  // byte order mark and the line terminators), spelled out rather than
  // trusting the engine's \s.
  var WS = '[\\u0009\\u000A\\u000B\\u000C\\u000D\\u0020\\u00A0\\u1680\\u2000-\\u200A' +
      '\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]';
  var leadingWhitespace = new RegExp('^' + WS + '+');
  var trailingWhitespace = new RegExp(WS + '+$');

  installMethod(String.prototype, 'trimStart', function trimStart() {
    return String(requireCoercible(this, 'String.prototype.trimStart')).replace(leadingWhitespace, '');
  });
  installMethod(String.prototype, 'trimEnd', function trimEnd() {
    return String(requireCoercible(this, 'String.prototype.trimEnd')).replace(trailingWhitespace, '');
  });
  // Annex B names for the same functions.
  installMethod(String.prototype, 'trimLeft', String.prototype.trimStart);
  installMethod(String.prototype, 'trimRight', String.prototype.trimEnd);

  // GetSubstitution for a plain-string match, which has no capture groups:
  // $$, $&, $` and $' are replaced; any other $ stays as written.
  function substitute(replacement, matched, position, s) {
    if (replacement.indexOf('$') === -1) return replacement;
    var out = '';
    for (var i = 0; i < replacement.length; i++) {
      var c = replacement.charAt(i);
      var d = replacement.charAt(i + 1);
      if (c === '$' && d === '$') {
        out += '$';
        i += 1;
      } else if (c === '$' && d === '&') {
        out += matched;
        i += 1;
      } else if (c === '$' && d === '`') {
        out += s.slice(0, position);
        i += 1;
      } else if (c === '$' && d === '\'') {
        out += s.slice(position + matched.length);
        i += 1;
      } else {
        out += c;
      }
    }
    return out;
  }

  installMethod(String.prototype, 'replaceAll', function replaceAll(searchValue, replaceValue) {
    requireCoercible(this, 'String.prototype.replaceAll');
    if (isRegExp(searchValue)) {
      if (!searchValue.global) {
        throw new TypeError('replaceAll must be called with a global RegExp');
      }
      return String(this).replace(searchValue, replaceValue);
    }
    var s = String(this);
    var search = toStringStrict(searchValue);
    var functional = isCallable(replaceValue);
    var replacement = functional ? '' : toStringStrict(replaceValue);
    // Every match position first (an empty search matches between all code
    // units and at both ends), then one pass to build the result.
    var positions = [];
    var advance = Math.max(1, search.length);
    var p = s.indexOf(search, 0);
    while (p !== -1) {
      positions.push(p);
      p = p + advance > s.length ? -1 : s.indexOf(search, p + advance);
    }
    var out = '';
    var end = 0;
    for (var i = 0; i < positions.length; i++) {
      p = positions[i];
      out += s.slice(end, p);
      out += functional ? toStringStrict(replaceValue.call(undefined, search, p, s)) :
          substitute(replacement, search, p, s);
      end = p + search.length;
    }
    return out + s.slice(end);
  });

  installMethod(String.prototype, 'codePointAt', function codePointAt(pos) {
    var s = String(requireCoercible(this, 'String.prototype.codePointAt'));
    var i = toIntegerOrInfinity(pos);
    if (i < 0 || i >= s.length) return undefined;
    var c = s.charCodeAt(i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) {
      var d = s.charCodeAt(i + 1);
      if (d >= 0xDC00 && d <= 0xDFFF) return (c - 0xD800) * 0x400 + (d - 0xDC00) + 0x10000;
    }
    return c;
  });

  installMethod(String, 'fromCodePoint', function fromCodePoint(codePoints) {
    var out = '';
    for (var i = 0; i < arguments.length; i++) {
      var cp = Number(arguments[i]);
      if (cp !== toIntegerOrInfinity(cp) || cp < 0 || cp > 0x10FFFF) {
        throw new RangeError('Invalid code point ' + cp);
      }
      if (cp < 0x10000) {
        out += String.fromCharCode(cp);
      } else {
        cp -= 0x10000;
        out += String.fromCharCode(0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
      }
    }
    return out;
  });

  // ---------------------------------------------------------------------
  // Number and Math

  installConstant(Number, 'EPSILON', Math.pow(2, -52));
  installConstant(Number, 'MAX_SAFE_INTEGER', 9007199254740991);
  installConstant(Number, 'MIN_SAFE_INTEGER', -9007199254740991);

  // Unlike the global functions, the Number versions do not convert.
  installMethod(Number, 'isFinite', function isFinite(x) {
    return typeof x === 'number' && x === x && x !== Infinity && x !== -Infinity;
  });
  installMethod(Number, 'isNaN', function isNaN(x) {
    return typeof x === 'number' && x !== x;
  });
  installMethod(Number, 'isInteger', function isInteger(x) {
    return Number.isFinite(x) && Math.floor(x) === x;
  });
  installMethod(Number, 'isSafeInteger', function isSafeInteger(x) {
    return Number.isInteger(x) && Math.abs(x) <= 9007199254740991;
  });

  installMethod(Math, 'trunc', function trunc(x) {
    var n = Number(x);
    if (n !== n || n === 0 || n === Infinity || n === -Infinity) return n;
    // Math.ceil keeps the sign of a negative fraction (-0.5 -> -0).
    return n < 0 ? Math.ceil(n) : Math.floor(n);
  });

  installMethod(Math, 'sign', function sign(x) {
    var n = Number(x);
    if (n !== n || n === 0) return n;
    return n > 0 ? 1 : -1;
  });

  // log(x) * LOG2E (or LOG10E) is within a unit in the last place of the
  // exact result (and closer than dividing by LN2 or LN10); exact powers of
  // the base are corrected so that log10(1000) is exactly 3.
  function logBase(x, logBaseE, base) {
    var n = Number(x);
    var r = Math.log(n) * logBaseE;
    var rounded = Math.round(r);
    return Math.pow(base, rounded) === n ? rounded : r;
  }
  installMethod(Math, 'log2', function log2(x) {
    return logBase(x, Math.LOG2E, 2);
  });
  installMethod(Math, 'log10', function log10(x) {
    return logBase(x, Math.LOG10E, 10);
  });

  installMethod(Math, 'hypot', function hypot(value1, value2) {
    var values = [];
    var max = 0;
    var sawNaN = false;
    for (var i = 0; i < arguments.length; i++) {
      var n = Math.abs(Number(arguments[i]));
      if (n === Infinity) return Infinity;
      if (n !== n) sawNaN = true;
      if (n > max) max = n;
      values.push(n);
    }
    if (sawNaN) return NaN;
    if (max === 0) return 0;
    // Scaling by the largest value keeps the squares from overflowing.
    var sum = 0;
    for (var j = 0; j < values.length; j++) {
      var scaled = values[j] / max;
      sum += scaled * scaled;
    }
    return Math.sqrt(sum) * max;
  });

  // Duktape's Math.cbrt is the C library's, which in glibc gives
  // 3.0000000000000004 for the cube root of 27; exact cubes should have
  // exact roots.
  installUnlessWorking(Math, 'cbrt', function cbrt(x) {
    var n = Number(x);
    if (n !== n || n === 0 || n === Infinity || n === -Infinity) return n;
    var a = Math.abs(n);
    // pow(a, 1/3) is often a unit in the last place off, because 1/3 is
    // not exact; one Newton step mostly repairs that (unless cubing would
    // overflow near Number.MAX_VALUE), and exact cubes snap to their root.
    var r = Math.pow(a, 1 / 3);
    var cube = r * r * r;
    if (cube !== Infinity) r -= (cube - a) / (3 * r * r);
    var whole = Math.round(r);
    if (whole * whole * whole === a) r = whole;
    return n < 0 ? -r : r;
  }, function (cbrt) {
    return cbrt(27) === 3 && cbrt(-64) === -4;
  });

  // ---------------------------------------------------------------------
  // Map and Set

  // Objects used as Map or Set keys get a hidden, non-enumerable,
  // read-only id property so that lookups are a dictionary access instead of
  // a scan. With native symbols the property is keyed by a symbol, which
  // Object.keys, for...in and JSON.stringify do not see. Objects that cannot
  // take a property (frozen, sealed, non-extensible) and symbols are kept in
  // a list and found by a linear scan instead.
  var OBJECT_ID = global.Symbol('webx.objectId');
  var nextObjectId = 1;

  function objectId(o, create) {
    if (hasOwn.call(o, OBJECT_ID)) return o[OBJECT_ID];
    if (!create || !Object.isExtensible(o)) return undefined;
    var id = 'o' + nextObjectId;
    nextObjectId += 1;
    Object.defineProperty(o, OBJECT_ID, {
      value: id, writable: false, enumerable: false, configurable: false
    });
    return id;
  }

  // The dictionary key for a Map or Set key, or undefined when the key has
  // to be found by a scan. Type prefixes keep 1 and "1" apart; NaN gets one
  // key ("nNaN") and so equals itself; -0 and +0 both print as "0".
  function lookupKey(k, create) {
    switch (typeof k) {
      case 'string': return 's' + k;
      case 'number': return 'n' + k;
      case 'boolean': return k ? 'true' : 'false';
      case 'undefined': return 'undefined';
      case 'object':
        if (k === null) return 'null';
        return objectId(k, create);
      case 'function': return objectId(k, create);
      default: return undefined;
    }
  }

  // The entries of a Map or Set form a doubly linked list in insertion
  // order. A deleted entry is unlinked but keeps its prev pointer, so an
  // iterator standing on it can walk back to the closest entry still in the
  // list and continue from there: deletions during iteration are skipped and
  // entries added during iteration are visited, as the specification
  // requires, without the store ever holding on to deleted entries.
  function Store() {
    this.first = null;
    this.last = null;
    this.size = 0;
    this.index = Object.create(null);
    this.scanned = [];
  }

  Store.prototype.find = function (k) {
    var key = lookupKey(k, false);
    if (key !== undefined) {
      var e = this.index[key];
      return e === undefined ? null : e;
    }
    for (var i = 0; i < this.scanned.length; i++) {
      if (this.scanned[i].key === k) return this.scanned[i];
    }
    return null;
  };

  Store.prototype.add = function (k, v) {
    var e = { key: k === 0 ? 0 : k, value: v, prev: this.last, next: null, removed: false };
    var key = lookupKey(k, true);
    if (key !== undefined) {
      this.index[key] = e;
    } else {
      this.scanned.push(e);
    }
    if (this.last === null) {
      this.first = e;
    } else {
      this.last.next = e;
    }
    this.last = e;
    this.size += 1;
    return e;
  };

  Store.prototype.remove = function (e) {
    var key = lookupKey(e.key, false);
    if (key !== undefined) {
      delete this.index[key];
    } else {
      this.scanned.splice(this.scanned.indexOf(e), 1);
    }
    e.removed = true;
    if (e.prev === null) {
      this.first = e.next;
    } else {
      e.prev.next = e.next;
    }
    if (e.next === null) {
      this.last = e.prev;
    } else {
      e.next.prev = e.prev;
    }
    this.size -= 1;
  };

  Store.prototype.clear = function () {
    // Cleared entries point back to nothing, so iterators resume at whatever
    // is added after the clear.
    for (var e = this.first; e !== null; e = e.next) {
      e.removed = true;
      e.prev = null;
    }
    this.first = null;
    this.last = null;
    this.size = 0;
    this.index = Object.create(null);
    this.scanned = [];
  };

  // The entry after e (null: before the first), skipping deleted entries.
  Store.prototype.after = function (e) {
    while (e !== null && e.removed) e = e.prev;
    return e === null ? this.first : e.next;
  };

  var STORE = global.Symbol('webx.store');

  function storeOf(x, type, method) {
    if (isObject(x) && hasOwn.call(x, STORE) && x[STORE].type === type) return x[STORE].store;
    throw new TypeError('Method ' + type + '.prototype.' + method +
        ' called on incompatible receiver ' + describe(x));
  }

  function attachStore(x, type) {
    if (!isObject(x) || hasOwn.call(x, STORE)) {
      throw new TypeError('Constructor ' + type + ' requires \'new\'');
    }
    var store = new Store();
    Object.defineProperty(x, STORE, {
      value: { type: type, store: store }, writable: false, enumerable: false, configurable: false
    });
    return store;
  }

  // %MapIteratorPrototype% and %SetIteratorPrototype%: kind is 'keys',
  // 'values' or 'entries'. Once done, an iterator stays done.
  function makeCollectionIterator(tag) {
    function CollectionIterator(store, kind) {
      this.store = store;
      this.kind = kind;
      this.entry = null;
    }
    defineMethod(CollectionIterator.prototype, 'next', function next() {
      var store = this.store;
      if (store === null) return iterResult(undefined, true);
      var e = store.after(this.entry);
      if (e === null) {
        this.store = null;
        this.entry = null;
        return iterResult(undefined, true);
      }
      this.entry = e;
      if (this.kind === 'keys') return iterResult(e.key, false);
      if (this.kind === 'values') return iterResult(e.value, false);
      return iterResult([e.key, e.value], false);
    });
    defineMethod(CollectionIterator.prototype, ITERATOR, returnThis);
    setToStringTag(CollectionIterator.prototype, tag);
    return CollectionIterator;
  }

  function forEachEntry(store, callback, thisArg, collection) {
    if (!isCallable(callback)) throw new TypeError(describe(callback) + ' is not a function');
    for (var e = store.after(null); e !== null; e = store.after(e)) {
      callback.call(thisArg, e.value, e.key, collection);
    }
  }

  if (typeof global.Map !== 'function') {
    var MapIterator = makeCollectionIterator('Map Iterator');
    var MapShim = function Map() {
      attachStore(this, 'Map');
      var iterable = arguments[0];
      if (iterable === undefined || iterable === null) return;
      var map = this;
      var adder = map.set;
      if (!isCallable(adder)) throw new TypeError('Map.prototype.set is not a function');
      forEachValue(cursorOf(iterable), function (entry) {
        if (!isObject(entry)) throw new TypeError('Iterator value ' + describe(entry) + ' is not an entry object');
        adder.call(map, entry[0], entry[1]);
      });
    };
    defineMethod(MapShim.prototype, 'get', function get(key) {
      var e = storeOf(this, 'Map', 'get').find(key);
      return e === null ? undefined : e.value;
    });
    defineMethod(MapShim.prototype, 'set', function set(key, value) {
      var store = storeOf(this, 'Map', 'set');
      var e = store.find(key);
      if (e === null) {
        store.add(key, value);
      } else {
        e.value = value;
      }
      return this;
    });
    defineMethod(MapShim.prototype, 'has', function has(key) {
      return storeOf(this, 'Map', 'has').find(key) !== null;
    });
    defineMethod(MapShim.prototype, 'delete', function (key) {
      var store = storeOf(this, 'Map', 'delete');
      var e = store.find(key);
      if (e === null) return false;
      store.remove(e);
      return true;
    });
    defineMethod(MapShim.prototype, 'clear', function clear() {
      storeOf(this, 'Map', 'clear').clear();
    });
    defineMethod(MapShim.prototype, 'forEach', function forEach(callback) {
      forEachEntry(storeOf(this, 'Map', 'forEach'), callback, arguments[1], this);
    });
    defineGetter(MapShim.prototype, 'size', function () {
      return storeOf(this, 'Map', 'size').size;
    });
    defineMethod(MapShim.prototype, 'keys', function keys() {
      return new MapIterator(storeOf(this, 'Map', 'keys'), 'keys');
    });
    defineMethod(MapShim.prototype, 'values', function values() {
      return new MapIterator(storeOf(this, 'Map', 'values'), 'values');
    });
    defineMethod(MapShim.prototype, 'entries', function entries() {
      return new MapIterator(storeOf(this, 'Map', 'entries'), 'entries');
    });
    defineMethod(MapShim.prototype, ITERATOR, MapShim.prototype.entries);
    setToStringTag(MapShim.prototype, 'Map');
    defineMethod(global, 'Map', MapShim);
  }

  if (typeof global.Set !== 'function') {
    var SetIterator = makeCollectionIterator('Set Iterator');
    var SetShim = function Set() {
      attachStore(this, 'Set');
      var iterable = arguments[0];
      if (iterable === undefined || iterable === null) return;
      var set = this;
      var adder = set.add;
      if (!isCallable(adder)) throw new TypeError('Set.prototype.add is not a function');
      forEachValue(cursorOf(iterable), function (value) {
        adder.call(set, value);
      });
    };
    defineMethod(SetShim.prototype, 'add', function add(value) {
      var store = storeOf(this, 'Set', 'add');
      if (store.find(value) === null) store.add(value, value);
      return this;
    });
    defineMethod(SetShim.prototype, 'has', function has(value) {
      return storeOf(this, 'Set', 'has').find(value) !== null;
    });
    defineMethod(SetShim.prototype, 'delete', function (value) {
      var store = storeOf(this, 'Set', 'delete');
      var e = store.find(value);
      if (e === null) return false;
      store.remove(e);
      return true;
    });
    defineMethod(SetShim.prototype, 'clear', function clear() {
      storeOf(this, 'Set', 'clear').clear();
    });
    defineMethod(SetShim.prototype, 'forEach', function forEach(callback) {
      forEachEntry(storeOf(this, 'Set', 'forEach'), callback, arguments[1], this);
    });
    defineGetter(SetShim.prototype, 'size', function () {
      return storeOf(this, 'Set', 'size').size;
    });
    defineMethod(SetShim.prototype, 'values', function values() {
      return new SetIterator(storeOf(this, 'Set', 'values'), 'values');
    });
    defineMethod(SetShim.prototype, 'keys', SetShim.prototype.values);
    defineMethod(SetShim.prototype, 'entries', function entries() {
      return new SetIterator(storeOf(this, 'Set', 'entries'), 'entries');
    });
    defineMethod(SetShim.prototype, ITERATOR, SetShim.prototype.values);
    setToStringTag(SetShim.prototype, 'Set');
    defineMethod(global, 'Set', SetShim);
  }

  // WeakMap keeps each value on its key object, under a hidden property
  // whose key is unique to the WeakMap (a symbol when the engine has them).
  // That makes it genuinely weak for ordinary objects: when the key object
  // is collected, so is the value, and the WeakMap itself holds nothing.
  // Keys that cannot take a property (frozen, sealed or non-extensible
  // objects) are the exception: they are kept in a list on the WeakMap,
  // found by a linear scan and held strongly until deleted. The hidden
  // property is not enumerable, so Object.keys, for...in, JSON.stringify and
  // Object.assign do not see it; Object.getOwnPropertySymbols does.
  if (typeof global.WeakMap !== 'function') {
    var WEAK = global.Symbol('webx.weakMap');
    var weakMapCount = 0;

    var weakStateOf = function (x, method) {
      if (isObject(x) && hasOwn.call(x, WEAK)) return x[WEAK];
      throw new TypeError('Method WeakMap.prototype.' + method +
          ' called on incompatible receiver ' + describe(x));
    };

    var strongIndex = function (state, key) {
      for (var i = 0; i < state.strongKeys.length; i++) {
        if (state.strongKeys[i] === key) return i;
      }
      return -1;
    };

    var WeakMapShim = function WeakMap() {
      if (!isObject(this) || hasOwn.call(this, WEAK)) {
        throw new TypeError('Constructor WeakMap requires \'new\'');
      }
      weakMapCount += 1;
      Object.defineProperty(this, WEAK, {
        value: {
          slot: global.Symbol('webx.weakMapSlot#' + weakMapCount),
          strongKeys: [],
          strongValues: []
        },
        writable: false, enumerable: false, configurable: false
      });
      var iterable = arguments[0];
      if (iterable === undefined || iterable === null) return;
      var map = this;
      var adder = map.set;
      if (!isCallable(adder)) throw new TypeError('WeakMap.prototype.set is not a function');
      forEachValue(cursorOf(iterable), function (entry) {
        if (!isObject(entry)) throw new TypeError('Iterator value ' + describe(entry) + ' is not an entry object');
        adder.call(map, entry[0], entry[1]);
      });
    };
    defineMethod(WeakMapShim.prototype, 'get', function get(key) {
      var state = weakStateOf(this, 'get');
      if (!isObject(key)) return undefined;
      if (hasOwn.call(key, state.slot)) return key[state.slot];
      var i = strongIndex(state, key);
      return i === -1 ? undefined : state.strongValues[i];
    });
    defineMethod(WeakMapShim.prototype, 'set', function set(key, value) {
      var state = weakStateOf(this, 'set');
      if (!isObject(key)) throw new TypeError('Invalid value used as weak map key');
      if (hasOwn.call(key, state.slot)) {
        key[state.slot] = value;
      } else if (Object.isExtensible(key)) {
        Object.defineProperty(key, state.slot, {
          value: value, writable: true, enumerable: false, configurable: true
        });
      } else {
        var i = strongIndex(state, key);
        if (i === -1) {
          state.strongKeys.push(key);
          state.strongValues.push(value);
        } else {
          state.strongValues[i] = value;
        }
      }
      return this;
    });
    defineMethod(WeakMapShim.prototype, 'has', function has(key) {
      var state = weakStateOf(this, 'has');
      if (!isObject(key)) return false;
      return hasOwn.call(key, state.slot) || strongIndex(state, key) !== -1;
    });
    defineMethod(WeakMapShim.prototype, 'delete', function (key) {
      var state = weakStateOf(this, 'delete');
      if (!isObject(key)) return false;
      if (hasOwn.call(key, state.slot)) return delete key[state.slot];
      var i = strongIndex(state, key);
      if (i === -1) return false;
      state.strongKeys.splice(i, 1);
      state.strongValues.splice(i, 1);
      return true;
    });
    setToStringTag(WeakMapShim.prototype, 'WeakMap');
    defineMethod(global, 'WeakMap', WeakMapShim);
  }
})(this);
