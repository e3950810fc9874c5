// The WebX runtime helpers, loaded into Duktape after polyfills.js.
//
// Written in ECMAScript 5.1: this file is not lowered by the compiler. It
// holds three things:
//  - the helpers generated code calls (`$wx.c`, `$wx.a`, `$wx.Html`, class and
//    spread helpers) — their names are part of the code generator's contract;
//  - the response helpers users call (`error`, `redirect`, `json`, `html`,
//    `text`, `status`, `raw`, `header`, `cookie`, `hx`);
//  - `$wx.run`, which calls a route function for the runtime and turns its
//    value into a response the C++ side reads as JSON.
var $wx = typeof $wx === "object" && $wx !== null ? $wx : {};

(function (wx, global) {
  var isArray = Array.isArray;
  var hasOwn = Object.prototype.hasOwnProperty;

  // ---- HTML ---------------------------------------------------------------

  // A string of trusted HTML: what JSX evaluates to. Inserting one into JSX
  // does not escape it again.
  function Html(s) { this.s = s; }
  Html.prototype.toString = function () { return this.s; };
  Html.prototype.toJSON = function () { return this.s; };
  wx.Html = Html;

  // Escaping and the two JSX insertion points are the engine's, in C
  // (runtime/js/html_natives.cc):
  //  - esc(s): String(s) with & < > " ' as entities;
  //  - wx.c(x), a child of an element: a string escaped, Html as it is, null,
  //    undefined and booleans as nothing, a number as String(x), an array
  //    item by item, anything else as esc(String(x));
  //  - wx.a(name, v), an attribute from an expression: ` name="esc(v)"`,
  //    ` name` when v is true, nothing when it is false, null or undefined
  //    (`name` arrives with its leading space).
  //  - wx.cmap(list, handler): wx.c(list.map(handler)), which the compiler
  //    writes for `{list.map(handler)}`; a handler with a render plan
  //    (wx.plan(handler, plan), from the compiler too) has its items
  //    rendered without running it.
  var esc = $native.escapeHtml;
  var attr = $native.attr;
  $native.setup(Html, Array.prototype.map);
  wx.esc = esc;
  wx.c = $native.child;
  wx.a = attr;
  wx.cmap = $native.cmap;
  wx.plan = $native.plan;

  var attrNames = { className: "class", htmlFor: "for" };
  // `{...props}` on an HTML element.
  wx.spreadAttrs = function (obj) {
    if (obj === null || obj === undefined) return "";
    var out = "";
    for (var k in obj) {
      if (hasOwn.call(obj, k)) out += attr(" " + (attrNames[k] || k), obj[k]);
    }
    return out;
  };

  // `raw(s)`: insert trusted HTML.
  function raw(s) { return s instanceof Html ? s : new Html(s === null || s === undefined ? "" : String(s)); }

  // ---- language helpers ---------------------------------------------------

  // The strings array of a tagged template, with `.raw`.
  wx.tpl = function (cooked, rawStrings) {
    Object.defineProperty(cooked, "raw", { value: Object.freeze(rawStrings) });
    return Object.freeze(cooked);
  };

  // `...x` in arrays and calls: the values iteration gives, so holes become
  // undefined. Arrays without holes are used as they are.
  wx.items = function (x) {
    if (isArray(x)) {
      for (var i = 0; i < x.length; i++) {
        if (!(i in x)) {
          var dense = new Array(x.length);
          for (var j = 0; j < x.length; j++) dense[j] = x[j];
          return dense;
        }
      }
      return x;
    }
    return wx.arr(x);
  };

  // A property of an object literal after a computed key or a spread.
  wx.prop = function (obj, key, value) {
    Object.defineProperty(obj, key, { value: value, writable: true, enumerable: true, configurable: true });
  };

  // `{ __proto__: p }` in an object literal.
  wx.setProto = function (obj, proto) {
    if (proto === null || typeof proto === "object" || typeof proto === "function") {
      Object.setPrototypeOf(obj, proto);
    }
    return obj;
  };

  function copyInto(target, src) {
    if (src === null || src === undefined) return target;
    if (typeof src === "string") {
      for (var i = 0; i < src.length; i++) target[i] = src.charAt(i);
      return target;
    }
    var keys = Object.keys(Object(src));
    for (var j = 0; j < keys.length; j++) target[keys[j]] = src[keys[j]];
    return target;
  }
  // `{...a, b: 1}`: copies own enumerable properties of each source in order.
  wx.spread = copyInto;

  // `const {a, ...rest} = obj`: the own enumerable properties not named.
  wx.rest = function (obj, excluded) {
    var out = {};
    if (obj === null || obj === undefined) throw new TypeError("cannot destructure " + obj);
    var keys = Object.keys(Object(obj));
    for (var i = 0; i < keys.length; i++) {
      if (excluded.indexOf(keys[i]) < 0) out[keys[i]] = obj[keys[i]];
    }
    return out;
  };

  // `new C(...args)`.
  wx.construct = function (C, args) {
    return new (Function.prototype.bind.apply(C, [null].concat(args)))();
  };

  // ---- classes ------------------------------------------------------------

  wx.classCheck = function (self, C) {
    if (!(self instanceof C)) throw new TypeError("Class constructor " + (C.name || "") + " cannot be invoked without 'new'");
  };

  wx.inherits = function (C, Super) {
    if (Super !== null && typeof Super !== "function") {
      throw new TypeError("Class extends value " + Super + " is not a constructor or null");
    }
    C.prototype = Object.create(Super === null ? null : Super.prototype, {
      constructor: { value: C, writable: true, configurable: true }
    });
    if (Super !== null) {
      if (Object.setPrototypeOf) Object.setPrototypeOf(C, Super);
      else C.__proto__ = Super;
    }
  };

  // Methods are not enumerable, as in ES2015 classes.
  wx.method = function (obj, key, fn) {
    Object.defineProperty(obj, key, { value: fn, writable: true, configurable: true, enumerable: false });
  };

  wx.accessor = function (obj, key, get, set, enumerable) {
    var old = Object.getOwnPropertyDescriptor(obj, key);
    var desc = { configurable: true, enumerable: !!enumerable };
    desc.get = get || (old && old.get) || undefined;
    desc.set = set || (old && old.set) || undefined;
    Object.defineProperty(obj, key, desc);
  };

  // `super.x` and `super.x = v`: found on the parent's prototype chain, with
  // accessors called on `self`.
  function findProperty(base, key) {
    for (var o = base; o !== null && o !== undefined; o = Object.getPrototypeOf(o)) {
      var d = Object.getOwnPropertyDescriptor(o, key);
      if (d) return d;
    }
    return undefined;
  }
  wx.superGet = function (base, key, self) {
    var d = findProperty(base, key);
    if (!d) return undefined;
    return d.get ? d.get.call(self) : d.value;
  };
  wx.superSet = function (base, key, value, self) {
    var d = findProperty(base, key);
    if (d && d.set) d.set.call(self, value);
    else self[key] = value;
    return value;
  };

  var nativeErrors = [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError];
  // `super(...args)`: runs the parent constructor on `self`. Native Error
  // constructors ignore `this` and return a fresh object, so their message is
  // copied over instead.
  wx.sup = function (Super, self, args) {
    if (nativeErrors.indexOf(Super) >= 0) {
      if (args.length > 0 && args[0] !== undefined) {
        Object.defineProperty(self, "message", { value: String(args[0]), writable: true, configurable: true, enumerable: false });
      }
      return self;
    }
    var r = Super.apply(self, args);
    return r !== null && (typeof r === "object" || typeof r === "function") ? r : self;
  };

  // ---- responses ----------------------------------------------------------

  // A full response returned by a helper. The runtime reads it through `run`.
  function Response(status, body, type) {
    this.status = status;
    this.body = body;
    this.type = type;
    this.headers = [];
  }
  wx.Response = Response;
  wx.isResponse = function (v) { return v instanceof Response; };

  function checkStatus(code) {
    if (typeof code !== "number" || code % 1 !== 0 || code < 100 || code > 599) {
      throw new RangeError("invalid HTTP status " + code);
    }
    return code;
  }
  function bodyText(v) {
    if (v === null || v === undefined) return "";
    return v instanceof Html ? v.s : String(v);
  }

  var HTML = "text/html; charset=utf-8";
  var JSON_TYPE = "application/json; charset=utf-8";
  var TEXT = "text/plain; charset=utf-8";

  function error(code, message) {
    checkStatus(code);
    var r = new Response(code, message === undefined ? "" : bodyText(message), TEXT);
    if (message instanceof Html) r.type = HTML;
    return r;
  }
  function redirect(url, code) {
    var r = new Response(checkStatus(code === undefined ? 302 : code), "", null);
    r.headers.push(["Location", String(url)]);
    return r;
  }
  function json(v, code) {
    var s = JSON.stringify(v === undefined ? null : v);
    return new Response(checkStatus(code === undefined ? 200 : code), s, JSON_TYPE);
  }
  function html(v, code) { return new Response(checkStatus(code === undefined ? 200 : code), bodyText(v), HTML); }
  function text(v, code) { return new Response(checkStatus(code === undefined ? 200 : code), bodyText(v), TEXT); }
  function status(code, v) {
    var r = toResponse(v);
    r.status = checkStatus(code);
    return r;
  }
  // `static(path)` in a route: the runtime serves the file.
  wx.staticFile = function (path) {
    var r = new Response(200, "", null);
    r.file = String(path);
    if (r.file === "") throw new Error("static(): the path is empty");
    return r;
  };

  // The request being served: set by `run`, read by `hx` and the header
  // setters. The actor runs one request at a time.
  var current = null;

  function header(name, value) {
    if (current === null) throw new Error("header() can only be used while serving a request");
    current.headers.push([String(name), String(value)]);
  }
  function cookie(name, value, options) {
    var s = encodeURIComponent(name) + "=" + encodeURIComponent(value === undefined ? "" : value);
    var o = options || {};
    if (o.maxAge !== undefined) s += "; Max-Age=" + Math.floor(o.maxAge);
    if (o.expires !== undefined) s += "; Expires=" + (o.expires instanceof Date ? o.expires.toUTCString() : o.expires);
    s += "; Path=" + (o.path || "/");
    if (o.domain) s += "; Domain=" + o.domain;
    if (o.httpOnly !== false) s += "; HttpOnly";
    if (o.secure) s += "; Secure";
    s += "; SameSite=" + (o.sameSite || "Lax");
    header("Set-Cookie", s);
  }

  // The request (`req` in a route), parsed from its JSON on first use: most
  // routes never look at it.
  function request() {
    if (current.req === undefined) current.req = JSON.parse(current.reqJson);
    return current.req;
  }
  wx.req = request;

  function requestHeader(name) {
    if (current === null) return undefined;
    var h = request().headers || {};
    var v = h[name.toLowerCase()];
    return v === undefined ? undefined : v;
  }

  // The events of hx.trigger* calls: one header per kind for the whole
  // response, since htmx reads a single value. Its text is made when the
  // response is (triggerText): the names joined with ", ", or, once any
  // event has a detail, a JSON object of them all (null for no detail).
  function addTrigger(headerName, name, detail) {
    if (current === null) throw new Error("hx.trigger can only be used while serving a request");
    var t = current.triggers[headerName];
    if (t === undefined) {
      t = current.triggers[headerName] = { names: [], details: {}, json: false };
      current.headers.push([headerName, t]);
    }
    name = String(name);
    if (!hasOwn.call(t.details, name)) t.names.push(name);
    t.details[name] = detail === undefined ? null : detail;
    if (detail !== undefined) t.json = true;
  }
  function triggerText(t) {
    if (!t.json) return t.names.join(", ");
    var o = {};
    for (var i = 0; i < t.names.length; i++) o[t.names[i]] = t.details[t.names[i]];
    return JSON.stringify(o);
  }

  // htmx: reading the request's HX-* headers and setting response headers.
  var hx = {
    trigger: function (name, detail) { addTrigger("HX-Trigger", name, detail); },
    triggerAfterSwap: function (name, detail) { addTrigger("HX-Trigger-After-Swap", name, detail); },
    triggerAfterSettle: function (name, detail) { addTrigger("HX-Trigger-After-Settle", name, detail); },
    redirect: function (url) { header("HX-Redirect", String(url)); },
    location: function (url) { header("HX-Location", String(url)); },
    pushUrl: function (url) { header("HX-Push-Url", url === false ? "false" : String(url)); },
    replaceUrl: function (url) { header("HX-Replace-Url", url === false ? "false" : String(url)); },
    refresh: function () { header("HX-Refresh", "true"); },
    retarget: function (selector) { header("HX-Retarget", String(selector)); },
    reswap: function (how) { header("HX-Reswap", String(how)); },
    reselect: function (selector) { header("HX-Reselect", String(selector)); }
  };
  function hxGetter(prop, headerName, transform) {
    Object.defineProperty(hx, prop, {
      enumerable: true,
      get: function () {
        var v = requestHeader(headerName);
        return transform ? transform(v) : v;
      }
    });
  }
  function isTrue(v) { return v === "true"; }
  function withoutHash(v) { return v === undefined ? undefined : v.replace(/^#/, ""); }
  hxGetter("request", "HX-Request", isTrue);
  hxGetter("boosted", "HX-Boosted", isTrue);
  hxGetter("historyRestoreRequest", "HX-History-Restore-Request", isTrue);
  hxGetter("target", "HX-Target", withoutHash);
  hxGetter("triggerId", "HX-Trigger", null);  // the id of the element that triggered the request
  hxGetter("triggerName", "HX-Trigger-Name", null);
  hxGetter("currentUrl", "HX-Current-URL", null);
  hxGetter("prompt", "HX-Prompt", null);

  // Value → response, as the spec's "Response from a value" says.
  function toResponse(v) {
    if (v instanceof Response) return v;
    if (v === undefined || v === null) return new Response(204, "", null);
    if (v instanceof Html) return new Response(200, v.s, HTML);
    if (typeof v === "string") return new Response(200, v, HTML);
    return new Response(200, JSON.stringify(v), JSON_TYPE);
  }
  wx.toResponse = toResponse;

  // ---- program --------------------------------------------------------------

  var modules = [];
  function moduleIndex(path) {
    for (var i = 0; i < modules.length; i++) {
      if (modules[i].path === path) return i;
    }
    return -1;
  }
  // Generated code registers each module's global blocks in load order. A
  // program loaded again (hot reload) registers them again: the module keeps
  // its place, its global functions are the new ones.
  wx.defineModule = function (path, globals) {
    var i = moduleIndex(path);
    if (i < 0) modules.push({ path: path, globals: globals, ready: false });
    else modules[i].globals = globals;
  };
  function runGlobals(m) {
    for (var j = 0; j < m.globals.length; j++) m.globals[j]();
  }
  // Runs the global code of every module that has not run it (all of them
  // at first, then those marked by initModule, and any that an earlier
  // failure left out), in include order. A module that throws stays not
  // ready, and so do the ones after it: the next call tries them again.
  wx.init = function () {
    for (var i = 0; i < modules.length; i++) {
      if (modules[i].ready) continue;
      runGlobals(modules[i]);
      modules[i].ready = true;
    }
  };
  // Hot reload: marks one module's global code to run again at the next
  // init (it changed, or the module is new). The variables of other modules
  // keep their values.
  wx.initModule = function (path) {
    var i = moduleIndex(path);
    if (i >= 0) modules[i].ready = false;
  };
  wx.removeModule = function (path) {
    var i = moduleIndex(path);
    if (i >= 0) modules.splice(i, 1);
  };

  // Calls the route function `name` with the request context (JSON text:
  // {params, query, body}) and the request (JSON text, see `request`), and
  // returns the response as strings, which the runtime reads as they are:
  //   [status, content type ("" for none), body, file to serve ("" for none),
  //    header name, header value, header name, header value, ...]
  wx.run = function (name, ctxJson, reqJson) {
    var ctx = JSON.parse(ctxJson);
    current = { reqJson: reqJson, req: undefined, headers: [], triggers: {} };
    try {
      var route = global[name];
      if (typeof route !== "function") throw new ReferenceError("no route function " + name);
      var r = toResponse(route(ctx));
      var out = [r.status, r.type === null ? "" : r.type, bodyText(r.body), r.file === undefined ? "" : r.file];
      var lists = [r.headers, current.headers];
      for (var l = 0; l < 2; l++) {
        for (var i = 0; i < lists[l].length; i++) {
          var v = lists[l][i][1];
          out.push(lists[l][i][0], typeof v === "object" ? triggerText(v) : v);
        }
      }
      return out;
    } finally {
      current = null;
    }
  };

  global.raw = raw;
  global.error = error;
  global.redirect = redirect;
  global.json = json;
  global.html = html;
  global.text = text;
  global.status = status;
  global.header = header;
  global.cookie = cookie;
  global.hx = hx;
})($wx, this);
