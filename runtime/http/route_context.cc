#include "route_context.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>

#include "text.h"
#include "url.h"

namespace webx::http {
namespace {

// Objects keep the order their keys came in: a handler sees a request body
// (and query, headers) as the client wrote it, as in JavaScript.
using json = nlohmann::ordered_json;

// Deeper JSON than this is refused before it is parsed (the parser
// recurses, and no form a route wants is this deep).
constexpr int kMaxJsonDepth = 64;
// `pattern(...)` is checked on strings up to this many bytes: the standard
// library's regex engine recurses per character.
constexpr size_t kMaxPatternInput = 4096;
constexpr double kMaxSafeInteger = 9007199254740992.0;

// Refusals quote what the client sent (a field name, the JSON parser's
// "last read" token), which can be as long as the body: past this many
// bytes the message is cut, at a character boundary, and ends in "…".
constexpr size_t kMaxMessage = 300;

ParseError bad(int status, std::string message) {
  if (message.size() > kMaxMessage) {
    size_t cut = kMaxMessage;
    while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
    message.resize(cut);
    message += "\u2026";
  }
  return ParseError{status, std::move(message), {}};
}

// The media type of a Content-Type header, lower case, without parameters.
std::string media_type(const Request& request) {
  const std::string* type = request.header("content-type");
  if (type == nullptr) return "";
  std::string_view t = *type;
  return ascii_lower(trim_ows(t.substr(0, t.find(';'))));
}

bool is_json_type(const std::string& type) {
  return type == "application/json" || (type.size() > 5 && type.ends_with("+json"));
}
bool is_form_type(const std::string& type) { return type == "application/x-www-form-urlencoded"; }

// Nesting depth of JSON text, counting brackets outside strings.
bool json_too_deep(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

std::optional<json> parse_json(std::string_view text, ParseError& error) {
  if (json_too_deep(text)) {
    error = bad(400, fmt::format("invalid JSON body: nested deeper than {} levels", kMaxJsonDepth));
    return std::nullopt;
  }
  try {
    return json::parse(text);
  } catch (const json::exception& e) {  // parse errors, and numbers out of range
    // "[json.exception.parse_error.101] parse error at line 1, column 15: …"
    std::string_view what = e.what();
    if (size_t end = what.find("] "); end != std::string_view::npos) what.remove_prefix(end + 2);
    error = bad(400, fmt::format("invalid JSON body: {}", what));
    return std::nullopt;
  }
}

size_t code_points(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

double constraint_number(const Constraint& c) {
  return c.args.empty() ? 0 : std::strtod(c.args[0].c_str(), nullptr);
}

// `/re/flags` as written in the source.
std::optional<std::regex> constraint_regex(const Constraint& c) {
  if (c.args.empty()) return std::nullopt;
  const std::string& lit = c.args[0];
  size_t end = lit.rfind('/');
  if (lit.size() < 2 || lit.front() != '/' || end == 0) return std::nullopt;
  auto flags = std::regex::ECMAScript;
  if (lit.find('i', end) != std::string::npos) flags |= std::regex::icase;
  try {
    return std::regex(lit.substr(1, end - 1), flags);
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
}

bool is_date_string(const std::string& s) {
  static const std::regex date(
      R"(^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$)");
  return s.size() <= 64 && std::regex_match(s, date);
}

// A whole number JavaScript represents exactly (|n| <= 2^53).
bool is_safe_integer(const json& value) {
  constexpr uint64_t kMax = 9007199254740992ull;
  if (value.is_number_unsigned()) return value.get<uint64_t>() <= kMax;
  if (value.is_number_integer()) {
    const int64_t v = value.get<int64_t>();
    return v >= -static_cast<int64_t>(kMax) && v <= static_cast<int64_t>(kMax);
  }
  const double v = value.get<double>();
  return std::floor(v) == v && std::fabs(v) <= kMaxSafeInteger;
}

// A number from text: whole numbers as JSON integers ("7", not "7.0"),
// which the engine reads without its arbitrary-precision conversion.
json number_json(const std::string& text) {
  const double v = std::strtod(text.c_str(), nullptr);
  if (std::floor(v) == v && std::fabs(v) <= kMaxSafeInteger && !(v == 0 && std::signbit(v))) {
    return json(static_cast<int64_t>(v));
  }
  return json(v);
}

const char* type_phrase(const std::string& name) {
  if (name == "string") return "a string";
  if (name == "number") return "a number";
  if (name == "int") return "an int";
  if (name == "boolean") return "a boolean";
  if (name == "Date") return "a date (ISO 8601)";
  return nullptr;
}

// Checks (and for forms, has converted) values against declared types.
class Checker {
 public:
  explicit Checker(const HttpApp& app) : app_(app) {}

  // Checks `value` against `type` (array_depth arrays of it); `path` names it.
  bool check(const TypeRef& type, uint32_t depth, const json& value, const std::string& path) {
    if (depth > 0) {
      if (!value.is_array()) return fail(fmt::format("field `{}` must be an array", path));
      for (size_t i = 0; i < value.size(); ++i) {
        if (!check(type, depth - 1, value[i], fmt::format("{}[{}]", path, i))) return false;
      }
      return true;
    }
    const std::string& t = type.name;
    if (t == "string" || t == "Date") {
      if (!value.is_string() || (t == "Date" && !is_date_string(value.get<std::string>()))) {
        return fail(fmt::format("field `{}` must be {}", path, type_phrase(t)));
      }
    } else if (t == "number" || t == "int") {
      if (!value.is_number() || !std::isfinite(value.get<double>())) {
        return fail(fmt::format("field `{}` must be {}", path, type_phrase(t)));
      }
      if (t == "int" && !is_safe_integer(value)) return fail(fmt::format("field `{}` must be an int", path));
    } else if (t == "boolean") {
      if (!value.is_boolean()) return fail(fmt::format("field `{}` must be a boolean", path));
    } else if (const Model* model = app_.model(t)) {
      if (!value.is_object()) return fail(fmt::format("field `{}` must be an object ({})", path, t));
      return check_fields(model->fields, value, path + ".");
    } else {
      return true;  // `any`, `object`
    }
    return check_constraints(type, value, path);
  }

  bool check_fields(const std::vector<Field>& fields, const json& object, const std::string& prefix) {
    for (const Field& f : fields) {
      auto it = object.find(f.name);
      if (it == object.end() || it->is_null()) {
        if (f.optional || f.default_value) continue;
        return fail(fmt::format("missing field `{}{}`", prefix, f.name));
      }
      if (!check(f.type, f.type.array_depth, *it, prefix + f.name)) return false;
    }
    return true;
  }

  bool check_constraints(const TypeRef& type, const json& value, const std::string& path) {
    for (const Constraint& c : type.constraints) {
      const double n = constraint_number(c);
      if (value.is_string()) {
        const std::string& s = value.get_ref<const std::string&>();
        if (c.name == "minLength" && code_points(s) < n) {
          return fail(fmt::format("field `{}` must have at least {} characters", path, c.args.at(0)));
        }
        if (c.name == "maxLength" && code_points(s) > n) {
          return fail(fmt::format("field `{}` must have at most {} characters", path, c.args.at(0)));
        }
        if (c.name == "pattern") {
          std::optional<std::regex> re = constraint_regex(c);
          if (!re) continue;
          if (s.size() > kMaxPatternInput) {
            return fail(fmt::format("field `{}` is too long to match {} (over {} bytes)", path, c.args[0],
                                    kMaxPatternInput));
          }
          if (!std::regex_search(s, *re)) return fail(fmt::format("field `{}` must match {}", path, c.args[0]));
        }
      } else if (value.is_number()) {
        const double v = value.get<double>();
        if (c.name == "min" && v < n) return fail(fmt::format("field `{}` must be at least {}", path, c.args.at(0)));
        if (c.name == "max" && v > n) return fail(fmt::format("field `{}` must be at most {}", path, c.args.at(0)));
      }
    }
    return true;
  }

  // A form value (text) converted by the field's scalar type.
  std::optional<json> from_text(const TypeRef& type, const std::string& text, const std::string& path) {
    const std::string& t = type.name;
    if (t == "number" || t == "int") {
      if (!is_number_segment(text)) {
        fail(fmt::format("field `{}` must be {}", path, type_phrase(t)));
        return std::nullopt;
      }
      return number_json(text);
    }
    if (t == "boolean") {
      std::string v = ascii_lower(text);
      if (v == "true" || v == "on" || v == "1" || v == "yes") return json(true);
      if (v == "false" || v == "off" || v == "0" || v == "no" || v.empty()) return json(false);
      fail(fmt::format("field `{}` must be a boolean", path));
      return std::nullopt;
    }
    return json(text);
  }

  // Form fields: every value is text; repeated keys feed array fields.
  std::optional<json> form_fields(const std::vector<Field>& fields,
                                  const std::vector<std::pair<std::string, std::string>>& pairs) {
    json out = json::object();
    for (const Field& f : fields) {
      std::vector<const std::string*> values;
      for (const auto& [key, value] : pairs) {
        if (key == f.name || (f.type.array_depth > 0 && key == f.name + "[]")) values.push_back(&value);
      }
      if (f.type.array_depth > 0) {
        // Left out: undefined when optional or defaulted (the default applies), else [].
        if (values.empty() && (f.optional || f.default_value)) continue;
        json list = json::array();
        for (size_t i = 0; i < values.size(); ++i) {
          auto v = from_text(f.type, *values[i], fmt::format("{}[{}]", f.name, i));
          if (!v) return std::nullopt;
          list.push_back(std::move(*v));
        }
        out[f.name] = std::move(list);
      } else if (values.empty()) {
        if (f.type.name == "boolean") {
          out[f.name] = false;  // an unchecked checkbox sends nothing
        } else if (!f.optional && !f.default_value) {
          fail(fmt::format("missing field `{}`", f.name));
          return std::nullopt;
        } else {
          continue;
        }
      } else {
        auto v = from_text(f.type, *values.back(), f.name);
        if (!v) return std::nullopt;
        out[f.name] = std::move(*v);
      }
      if (!check(f.type, f.type.array_depth, out[f.name], f.name)) return std::nullopt;
    }
    return out;
  }

  const ParseError& error() const { return error_; }

 private:
  bool fail(std::string message) {
    error_ = bad(400, std::move(message));
    return false;
  }

  const HttpApp& app_;
  ParseError error_;
};

// Decoded urlencoded pairs as an object: a key given once is a string, a
// repeated key an array of its values (the query string, a bare form body).
json pairs_object(std::vector<std::pair<std::string, std::string>>& pairs) {
  json out = json::object();
  for (auto& [key, value] : pairs) {
    auto it = out.find(key);
    if (it == out.end()) {
      out[key] = value;
    } else if (it->is_array()) {
      it->push_back(value);
    } else {
      *it = json::array({*it, value});
    }
  }
  return out;
}

json query_object(std::string_view query, ParseError& error, bool& ok) {
  auto pairs = parse_urlencoded(query);
  if (!pairs) {
    ok = false;
    error = bad(400, "malformed percent-encoding in the query string");
    return json::object();
  }
  return pairs_object(*pairs);
}

json cookies_object(const Request& request) {
  json out = json::object();
  for (const auto& [name, value] : request.headers) {
    if (name != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      size_t semi = rest.find(';');
      std::string_view pair = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      size_t eq = pair.find('=');
      if (eq == std::string_view::npos || eq == 0) continue;
      std::string key(pair.substr(0, eq));
      std::string_view v = pair.substr(eq + 1);
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      auto decoded = percent_decode(v);
      if (!out.contains(key)) out[key] = decoded ? *decoded : std::string(v);
    }
  }
  return out;
}

// Appends `value` as JSON; invalid UTF-8 from the client is replaced, never
// an exception.
void append_json(std::string& out, const json& value) {
  out += value.dump(-1, ' ', false, json::error_handler_t::replace);
}
void append_json_string(std::string& out, std::string_view s) { append_json(out, json(s)); }

// `req` as JSON text, written field by field: a request's few headers do not
// need a document built for them. Repeated headers are joined with ", ".
std::string request_json(const Request& request, const Target& target, const json& params) {
  std::string out;
  out.reserve(256 + request.target.size() + request.body.size());
  out += "{\"method\":";
  append_json_string(out, request.method_name);
  out += ",\"url\":";
  append_json_string(out, request.target);
  out += ",\"path\":";
  append_json_string(out, percent_decode(target.path).value_or(std::string(target.path)));
  out += ",\"query\":";
  append_json_string(out, target.query);
  out += ",\"headers\":{";
  const auto& headers = request.headers;
  bool first = true;
  for (size_t i = 0; i < headers.size(); ++i) {
    const std::string& name = headers[i].first;
    bool seen = false;
    for (size_t j = 0; j < i && !seen; ++j) seen = headers[j].first == name;
    if (seen) continue;
    std::string value = headers[i].second;
    for (size_t j = i + 1; j < headers.size(); ++j) {
      if (headers[j].first == name) value += ", " + headers[j].second;
    }
    if (!first) out += ',';
    first = false;
    append_json_string(out, name);
    out += ':';
    append_json_string(out, value);
  }
  out += "},\"cookies\":";
  append_json(out, cookies_object(request));
  out += ",\"ip\":";
  append_json_string(out, request.client_address);
  out += ",\"body\":";
  append_json_string(out, request.body);
  out += ",\"params\":";
  append_json(out, params);
  out += '}';
  return out;
}

}  // namespace

std::optional<std::vector<std::pair<std::string, std::string>>> parse_urlencoded(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!text.empty()) {
    size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key(pair.substr(0, eq));
    std::string value(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    for (char& c : key) c = c == '+' ? ' ' : c;
    for (char& c : value) c = c == '+' ? ' ' : c;
    auto k = percent_decode(key), v = percent_decode(value);
    if (!k || !v) return std::nullopt;
    out.emplace_back(std::move(*k), std::move(*v));
  }
  return out;
}

RouteContext build_route_context(const HttpApp& app, const RouteAction& action, const RouteMatch& match,
                                 const Request& request) {
  RouteContext result;
  ParseError error;
  Target target = split_target(request.target).value_or(Target{"/", {}});

  json params = json::object();
  for (const ParamValue& p : match.params) {
    if (p.type == "int" || p.type == "number") {
      params[p.name] = number_json(p.text);
    } else if (p.type == "boolean") {
      params[p.name] = p.text == "true";
    } else {
      params[p.name] = p.text;
    }
  }
  bool ok = true;
  json query = query_object(target.query, error, ok);
  if (!ok) {
    result.error = error;
    return result;
  }
  result.request_json = request_json(request, target, params);

  json body;
  const BodyFormat& format = action.route->body_format;
  const std::string type = media_type(request);
  Checker checker(app);
  auto refuse = [&](ParseError e) {
    result.error = std::move(e);
    return result;
  };
  switch (format.kind) {
    case BodyFormatKind::None: break;
    case BodyFormatKind::Text: body = request.body; break;
    case BodyFormatKind::Json: {
      if (!is_json_type(type)) {
        return refuse(bad(415, fmt::format("this route takes a JSON body (Content-Type: application/json), not `{}`",
                                           type.empty() ? "none" : type)));
      }
      std::optional<json> parsed = parse_json(request.body, error);
      if (!parsed) return refuse(error);
      if (format.fields.empty()) {
        body = std::move(*parsed);
      } else {
        if (!parsed->is_object()) return refuse(bad(400, "the JSON body must be an object"));
        if (!checker.check_fields(format.fields, *parsed, "")) return refuse(checker.error());
        body = json::object();
        for (const Field& f : format.fields) {
          auto it = parsed->find(f.name);
          if (it != parsed->end() && !it->is_null()) body[f.name] = std::move(*it);
        }
      }
      break;
    }
    case BodyFormatKind::Form: {
      if (!is_form_type(type)) {
        return refuse(bad(415, fmt::format("this route takes a form body "
                                           "(Content-Type: application/x-www-form-urlencoded), not `{}`",
                                           type.empty() ? "none" : type)));
      }
      auto pairs = parse_urlencoded(request.body);
      if (!pairs) return refuse(bad(400, "malformed percent-encoding in the form body"));
      if (format.fields.empty()) {
        body = pairs_object(*pairs);
      } else {
        std::optional<json> fields = checker.form_fields(format.fields, *pairs);
        if (!fields) return refuse(checker.error());
        body = std::move(*fields);
      }
      break;
    }
    case BodyFormatKind::Model: {
      const Model* model = app.model(format.model);
      if (model == nullptr) return refuse(bad(500, "unknown model " + format.model));
      if (is_json_type(type)) {
        std::optional<json> parsed = parse_json(request.body, error);
        if (!parsed) return refuse(error);
        if (!parsed->is_object()) return refuse(bad(400, "the JSON body must be an object"));
        if (!checker.check_fields(model->fields, *parsed, "")) return refuse(checker.error());
        body = std::move(*parsed);
      } else if (is_form_type(type)) {
        auto pairs = parse_urlencoded(request.body);
        if (!pairs) return refuse(bad(400, "malformed percent-encoding in the form body"));
        std::optional<json> fields = checker.form_fields(model->fields, *pairs);
        if (!fields) return refuse(checker.error());
        body = std::move(*fields);
      } else {
        return refuse(bad(415, fmt::format("this route takes a {} as JSON or a form, not `{}`", format.model,
                                           type.empty() ? "none" : type)));
      }
      break;
    }
  }
  json ctx = {{"params", std::move(params)}, {"query", std::move(query)}};
  if (format.kind != BodyFormatKind::None) ctx["body"] = std::move(body);
  // Invalid UTF-8 from the client is replaced, never an exception.
  result.json = ctx.dump(-1, ' ', false, json::error_handler_t::replace);
  return result;
}

}  // namespace webx::http
