// Render benchmark: a 100-item list rendered by a JSX handler, lowered by the
// WebX compiler, against the same HTML built by a hand-written ES5
// string-concatenation function, both in the same embedded Duktape. Two
// more peers render the list with `{items.map(item)}`: a handler the
// engine renders from its render plan (no JavaScript per item), and the
// same template kept off the plan (`[t.title][0]` is not plan-able).
//
// usage: webx_render_bench [ROUNDS]   (see bench/render.sh)
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <vector>

#include "codegen.h"
#include "js_engine.h"
#include "parse.h"
#include "prelude.h"
#include "sema.h"

namespace {

// The template under test: what a WebX user writes.
constexpr const char* kWebx = R"webx(
global {
  var items = [];
  for (var i = 0; i < 100; i++) {
    items.push({ id: i, title: "Item <" + i + "> & co", done: i % 3 === 0 });
  }
}
handler list(items: any) (
  <ul id="todos">
    {items.map(t => <li id={"todo-" + t.id} class={t.done ? "done" : ""}>{t.title}</li>)}
  </ul>
)
handler item(t) (<li id={"todo-" + t.id} class={t.done ? "done" : ""}>{t.title}</li>)
handler itemJs(t) (<li id={"todo-" + t.id} class={t.done ? "done" : ""}>{[t.title][0]}</li>)
handler planned(items: any) (<ul id="todos">{items.map(item)}</ul>)
handler unplanned(items: any) (<ul id="todos">{items.map(itemJs)}</ul>)
)webx";

// The same HTML written by hand in ES5, escaping exactly as WebX does.
constexpr const char* kHandWritten = R"js(
var escRe = /[&<>"']/g, escTest = /[&<>"']/;
var ents = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };
function escOne(c) { return ents[c]; }
function esc(s) { s = String(s); return escTest.test(s) ? s.replace(escRe, escOne) : s; }
function handList(items) {
  return "<ul id=\"todos\">" + items.map(function (t) {
    return "<li id=\"" + esc("todo-" + t.id) + "\" class=\"" + esc(t.done ? "done" : "") + "\">" +
      esc(t.title) + "</li>";
  }).join("") + "</ul>";
}
function benchJsx(n) { var s; for (var i = 0; i < n; i++) s = list(items); return String(s).length; }
function benchPlanned(n) { var s; for (var i = 0; i < n; i++) s = planned(items); return String(s).length; }
function benchUnplanned(n) { var s; for (var i = 0; i < n; i++) s = unplanned(items); return String(s).length; }
function benchHand(n) { var s; for (var i = 0; i < n; i++) s = handList(items); return s.length; }
function same() {
  var h = handList(items);
  return String(list(items)) === h && String(planned(items)) === h && String(unplanned(items)) === h;
}
)js";

double seconds_for(webx::JsEngine& engine, const char* fn, int n) {
  auto t0 = std::chrono::steady_clock::now();
  auto r = engine.call(fn, fmt::format("[{}]", n));
  auto t1 = std::chrono::steady_clock::now();
  if (!r.ok) {
    std::cerr << fn << " failed: " << r.error.message << "\n";
    std::exit(1);
  }
  return std::chrono::duration<double>(t1 - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 9;
  webx::DiagnosticSink sink;
  auto file = std::make_shared<webx::SourceFile>("render.webx", kWebx);
  sink.add_source(file);
  webx::Program program;
  program.modules.push_back(webx::parse_module(file, sink));
  webx::check_program(program, sink);
  auto js = sink.has_errors() ? std::nullopt : webx::generate_js(program, sink);
  if (!js) {
    sink.render(std::cerr, false);
    return 1;
  }
  webx::JsEngine engine(webx::JsLimits{256u << 20, 60000});
  for (auto [code, name] : {std::pair<std::string_view, const char*>{webx::stdlib_prelude(), "prelude.js"},
                            {js->code, "render.js"},
                            {kHandWritten, "hand.js"}}) {
    auto r = engine.load(code, name);
    if (!r.ok) {
      std::cerr << name << ": " << r.error.message << "\n";
      return 1;
    }
  }
  engine.call("$wx.init");
  if (engine.call("same").value_json != "true") {
    std::cerr << "the renderers disagree\n";
    return 1;
  }
  if (js->code.find("$wx.plan(item,") == std::string::npos || js->code.find("$wx.plan(itemJs,") != std::string::npos) {
    std::cerr << "`item` must have a render plan and `itemJs` none\n";
    return 1;
  }
  // Calibrate to ~0.3 s per measurement, then alternate the peers.
  int n = 50;
  while (seconds_for(engine, "benchHand", n) < 0.3) n *= 2;
  std::vector<double> jsx, hand, plan, noplan;
  for (int r = 0; r < rounds; ++r) {
    jsx.push_back(n / seconds_for(engine, "benchJsx", n));
    plan.push_back(n / seconds_for(engine, "benchPlanned", n));
    noplan.push_back(n / seconds_for(engine, "benchUnplanned", n));
    hand.push_back(n / seconds_for(engine, "benchHand", n));
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  double j = median(jsx), h = median(hand), p = median(plan), u = median(noplan);
  std::cout << fmt::format("100-item list, {} renders per measurement, median of {} rounds\n", n, rounds);
  std::cout << fmt::format("  WebX JSX (lowered):      {:>9.0f} renders/s\n", j);
  std::cout << fmt::format("  hand-written ES5:        {:>9.0f} renders/s\n", h);
  std::cout << fmt::format("  hand-written / JSX:      {:>9.2f}x  (target <= 1.50x)\n", h / j);
  std::cout << fmt::format("  map(handler), plan:      {:>9.0f} renders/s\n", p);
  std::cout << fmt::format("  map(handler), no plan:   {:>9.0f} renders/s\n", u);
  std::cout << fmt::format("  plan / no plan:          {:>9.2f}x\n", p / u);
  std::cout << fmt::format("  plan / hand-written:     {:>9.2f}x\n", p / h);
  return 0;
}
