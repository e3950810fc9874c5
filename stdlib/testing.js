/*
 * The runner side of `webx test` (docs/testing.md): loaded after the prelude
 * into the test runner's own heap, never into the program's.
 *
 * Generated test functions (compiler/test_codegen.h) call the object passed
 * to them, made by $webxTest.begin():
 *   t.request(step, method, target, kind, body, headers)  sends a request
 *       through $native.httpRequest and returns {status, headers, body, json};
 *   t.expect(step, op, actual, expected)  checks one expectation; both sides
 *       are functions, so a throwing expression fails at its own step;
 *   t.header(name), t.path(value, keys), t.step(step).
 * A failed expectation throws a TestFailure; $webxTest.run(name) runs one
 * test and returns what happened as JSON.
 *
 * ECMAScript 5.1, like the rest of the prelude.
 */
var $webxTest = (function (global) {
  "use strict";

  function TestFailure(fields) {
    this.fields = fields;
  }

  function isObject(v) {
    return v !== null && typeof v === "object";
  }

  function isRegExp(v) {
    return Object.prototype.toString.call(v) === "[object RegExp]";
  }

  // Structural equality for JSON-like values; numbers by value (NaN equals
  // NaN), no coercion between types.
  function deepEqual(a, b) {
    if (a === b) return true;
    if (typeof a === "number" && typeof b === "number") return a !== a && b !== b;
    if (!isObject(a) || !isObject(b)) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (isRegExp(a) || isRegExp(b)) return isRegExp(a) && isRegExp(b) && String(a) === String(b);
    var ka = Object.keys(a), kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (var i = 0; i < ka.length; i++) {
      if (!Object.prototype.hasOwnProperty.call(b, ka[i])) return false;
      if (!deepEqual(a[ka[i]], b[ka[i]])) return false;
    }
    return true;
  }

  // Every key of `part` is in `whole` with a value that contains the part's.
  function containsDeep(whole, part) {
    if (!isObject(part) || !isObject(whole) || Array.isArray(part) !== Array.isArray(whole)) {
      return deepEqual(whole, part);
    }
    var keys = Object.keys(part);
    for (var i = 0; i < keys.length; i++) {
      if (!Object.prototype.hasOwnProperty.call(whole, keys[i])) return false;
      if (!containsDeep(whole[keys[i]], part[keys[i]])) return false;
    }
    return true;
  }

  // How a value is shown in a failure: JSON where it has one, so strings
  // are quoted and objects are pretty-printed.
  function show(v) {
    if (v === undefined) return "undefined";
    if (typeof v === "function") return "a function";
    if (isRegExp(v)) return String(v);
    if (typeof v === "number" && !isFinite(v)) return String(v);
    try {
      var text = JSON.stringify(v, null, 2);
      return text === undefined ? String(v) : text;
    } catch (e) {
      return String(v);
    }
  }

  // A value on one line, cut at 60 characters, for a headline.
  function brief(v) {
    var text;
    try {
      text = isRegExp(v) || v === undefined ? String(v) : JSON.stringify(v);
    } catch (e) {
      text = undefined;
    }
    if (text === undefined) text = String(v);
    return text.length > 60 ? text.slice(0, 59) + "\u2026" : text;
  }

  function typeName(v) {
    if (v === null) return "null";
    if (Array.isArray(v)) return "array";
    if (isRegExp(v)) return "regex";
    return typeof v;
  }

  var verbs = {
    "==": "to equal", "!=": "not to equal", "<": "to be less than", "<=": "to be at most",
    ">": "to be greater than", ">=": "to be at least", "contains": "to contain", "matches": "to match",
    "!contains": "not to contain", "!matches": "not to match"
  };

  // [passed, reason]: reason explains a failure beyond "expected X, got Y".
  function check(op, actual, expected) {
    if (op === "!contains" || op === "!matches") {
      var positive = check(op.slice(1), actual, expected);
      return positive[1] ? [false, positive[1]] : [!positive[0], ""];
    }
    switch (op) {
      case "":
      case "==": return [deepEqual(actual, expected), ""];
      case "!=": return [!deepEqual(actual, expected), ""];
      case "<": case "<=": case ">": case ">=": {
        var ok = (typeof actual === "number" && typeof expected === "number") ||
                 (typeof actual === "string" && typeof expected === "string");
        if (!ok) {
          return [false, "`" + op + "` compares two numbers or two strings, not a " + typeName(actual) +
                         " with a " + typeName(expected)];
        }
        if (op === "<") return [actual < expected, ""];
        if (op === "<=") return [actual <= expected, ""];
        if (op === ">") return [actual > expected, ""];
        return [actual >= expected, ""];
      }
      case "contains":
        if (typeof actual === "string") return [actual.indexOf(String(expected)) >= 0, ""];
        if (Array.isArray(actual)) {
          for (var i = 0; i < actual.length; i++) {
            if (containsDeep(actual[i], expected)) return [true, ""];
          }
          return [false, ""];
        }
        if (isObject(actual)) return [containsDeep(actual, expected), ""];
        return [false, "`contains` needs a string, an array or an object, not a " + typeName(actual)];
      case "matches": {
        if (typeof actual !== "string") {
          return [false, "`matches` needs a string, not a " + typeName(actual)];
        }
        var re = isRegExp(expected) ? expected : new RegExp(String(expected));
        re.lastIndex = 0;
        return [re.test(actual), ""];
      }
    }
    return [false, "unknown comparison " + op];
  }

  function encodeForm(pairs) {
    var parts = [];
    for (var i = 0; i < pairs.length; i++) {
      var name = encodeURIComponent(pairs[i][0]);
      var value = pairs[i][1];
      var values = Array.isArray(value) ? value : [value];
      for (var j = 0; j < values.length; j++) {
        var v = values[j] === undefined || values[j] === null ? "" : String(values[j]);
        parts.push(name + "=" + encodeURIComponent(v));
      }
    }
    return parts.join("&");
  }


  function begin() {
    var t = { current: -1, last: null };

    // json(k: v, ...): the fields as an object.
    t.object = function (pairs) {
      var o = {};
      for (var i = 0; i < pairs.length; i++) o[pairs[i][0]] = pairs[i][1];
      return o;
    };

    t.step = function (step) {
      t.current = step;
    };

    t.request = function (step, method, target, kind, body, headers) {
      t.current = step;
      var req = { method: method, target: String(target), headers: [], body: null, type: "" };
      if (kind === "json") {
        req.body = JSON.stringify(body);
        req.type = "application/json";
      } else if (kind === "form") {
        req.body = encodeForm(body);
        req.type = "application/x-www-form-urlencoded";
      } else if (kind === "text") {
        req.body = String(body);
        req.type = "text/plain; charset=utf-8";
      }
      if (headers !== undefined && headers !== null) {
        var names = Object.keys(headers);
        for (var i = 0; i < names.length; i++) req.headers.push([names[i], String(headers[names[i]])]);
      }
      var res = JSON.parse($native.httpRequest(JSON.stringify(req)));
      if (res.error) throw new Error(res.error);
      var byName = {};
      for (var k = 0; k < res.headers.length; k++) {
        var n = res.headers[k][0].toLowerCase();
        byName[n] = byName[n] === undefined ? res.headers[k][1] : byName[n] + ", " + res.headers[k][1];
      }
      var json;
      try {
        json = res.body === "" ? undefined : JSON.parse(res.body);
      } catch (e) {
        json = undefined;
      }
      t.last = { status: res.status, headers: byName, body: res.body, json: json };
      return t.last;
    };

    t.header = function (name) {
      if (t.last === null) throw new Error("no request has been sent yet");
      return t.last.headers[name.toLowerCase()];
    };

    // value[k0][k1]...; undefined as soon as a step has nothing there.
    t.path = function (value, keys) {
      for (var i = 0; i < keys.length; i++) {
        if (value === undefined || value === null) return undefined;
        value = value[keys[i]];
      }
      return value;
    };

    t.expect = function (step, op, subject, actualFn, expectedFn) {
      t.current = step;
      if (t.last === null) throw new Error("no request has been sent yet");
      var actual = actualFn(), expected = expectedFn();
      var result = check(op, actual, expected);
      if (result[0]) return;
      if (!result[1] && subject.slice(0, 4) === "json" && t.last.json === undefined && t.last.body !== "") {
        result[1] = "the response body is not JSON (content-type: " + (t.last.headers["content-type"] || "none") + ")";
      }
      throw new TestFailure({
        step: step,
        message: "expected " + subject + " " + (verbs[op] || "to equal") + " " + brief(expected),
        reason: result[1],
        expected: show(expected),
        actual: show(actual),
        equality: op === "" || op === "=="
      });
    };
    return t;
  }

  return {
    // Runs the test function `name`; returns JSON: {ok} or {ok: false,
    // step, message, reason, expected, actual, equality} for a failed
    // expectation, or {ok: false, step, error} for anything thrown.
    run: function (name) {
      var t = begin();
      try {
        global[name](t);
        return JSON.stringify({ ok: true });
      } catch (e) {
        if (e instanceof TestFailure) {
          var f = e.fields;
          f.ok = false;
          return JSON.stringify(f);
        }
        var text = e && e.name && e.message !== undefined ? e.name + ": " + e.message : String(e);
        return JSON.stringify({ ok: false, step: t.current, error: text });
      }
    }
  };
})(this);
