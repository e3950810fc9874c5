#include "error_page.h"

#include "codegen.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "text.h"

namespace webx::http {
namespace {

struct Place {
  SourceLoc loc;
  std::string function;
};

// The .webx places of the error's stack, innermost first.
std::vector<Place> source_places(const HttpApp& app, const JsError& error) {
  std::vector<Place> out;
  for (const JsStackFrame& f : error.frames) {
    if (f.file != app.js.filename) continue;
    if (std::optional<SourceLoc> loc = app.js.source_of(f.line)) out.push_back({*loc, f.function});
  }
  return out;
}

// Browsers (and clients that say nothing) get a page; API clients text.
bool wants_html(const Request& request) {
  const std::string* accept = request.header("accept");
  return accept == nullptr || accept->find("text/html") != std::string::npos ||
         accept->find("*/*") != std::string::npos;
}

}  // namespace

ErrorResponse js_error_response(const HttpApp& app, const JsError& error, const Request& request) {
  ErrorResponse r;
  const std::string what = error.name.empty() ? error.message : error.name + ": " + error.message;
  const std::vector<Place> places = source_places(app, error);
  const std::string where =
      places.empty() ? std::string() : fmt::format("{}:{}", places[0].loc.file, places[0].loc.line);
  std::string summary;
  if (error.timed_out) {
    r.status = 503;
    summary = fmt::format("the route ran longer than {} ms and was stopped",
                          app.config().limits.js_timeout_ms.value_or(app.dev ? 1000 : 5000));
  } else if (error.out_of_memory) {
    summary = fmt::format("the route ran out of JavaScript memory ({} MiB)",
                          app.config().limits.js_heap_bytes >> 20);
  } else {
    summary = what;
  }
  r.log_line = log_text(fmt::format("webx: error: {} {}: {}{}", request.method_name, request.target, summary,
                                    where.empty() ? "" : " (" + where + ")"));
  if (!app.dev) {
    r.content_type = "text/html; charset=utf-8";
    r.body = r.status == 503
                 ? "<!DOCTYPE html><title>503 Service Unavailable</title><h1>Service Unavailable</h1>"
                   "<p>The server took too long to answer. Please try again.</p>\n"
                 : "<!DOCTYPE html><title>500 Internal Server Error</title><h1>Internal Server Error</h1>"
                   "<p>Something went wrong on the server.</p>\n";
    return r;
  }
  // The code around the throw, as (line number, text, is the line).
  struct Line {
    uint32_t number;
    std::string_view text;
    bool hit;
  };
  std::vector<Line> lines;
  if (!places.empty()) {
    const Module* module = app.module(places[0].loc.file);
    if (module != nullptr && module->source) {
      const uint32_t line = places[0].loc.line;
      const uint32_t last = std::min(line + 3, module->source->line_count());
      for (uint32_t l = line > 3 ? line - 3 : 1; l <= last; ++l) {
        lines.push_back({l, module->source->line_text(l), l == line});
      }
    }
  }
  const char* title = r.status == 503 ? "Service Unavailable" : "Internal Server Error";
  if (!wants_html(request)) {
    r.content_type = "text/plain; charset=utf-8";
    r.body = fmt::format("{} {}: {}\n", r.status, title, summary);
    if (!where.empty()) r.body += fmt::format("  at {}\n", where);
    for (const Line& l : lines) r.body += fmt::format("{} {:>5} | {}\n", l.hit ? ">" : " ", l.number, l.text);
    for (const Place& p : places) {
      r.body += fmt::format("  {} ({}:{})\n", p.function.empty() ? "(anonymous)" : p.function, p.loc.file, p.loc.line);
    }
    return r;
  }
  std::string frame;
  for (const Line& l : lines) {
    frame += fmt::format("<span class=\"{}\">{:>5} | {}</span>\n", l.hit ? "hit" : "ctx", l.number, escape_html(l.text));
  }
  std::string stack;
  for (const Place& p : places) {
    stack += fmt::format("<li><code>{}</code> {}:{}</li>", escape_html(p.function.empty() ? "(anonymous)" : p.function),
                         escape_html(p.loc.file), p.loc.line);
  }
  r.content_type = "text/html; charset=utf-8";
  r.body = fmt::format(
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{} {}</title><style>"
      "body{{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#222}}"
      "h1{{font-size:1.3rem;color:#b00020}}pre{{background:#f6f6f6;padding:1rem;overflow:auto}}"
      ".hit{{background:#ffe0e0;font-weight:bold}}.ctx{{color:#555}}</style></head><body>"
      "<h1>{}</h1><p>{} <code>{}</code>{}</p>{}{}"
      "<p><small>webx dev mode: this page is not shown with --prod.</small></p></body></html>\n",
      r.status, title, escape_html(summary), escape_html(request.method_name), escape_html(request.target),
      where.empty() ? "" : " at <code>" + escape_html(where) + "</code>",
      frame.empty() ? "" : "<pre>" + frame + "</pre>",
      stack.empty() ? "" : "<h2>Stack</h2><ol>" + stack + "</ol>");
  return r;
}

}  // namespace webx::http
