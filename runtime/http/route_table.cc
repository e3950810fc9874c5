#include "route_table.h"

#include "url.h"

namespace webx::http {

std::string MethodSet::allow_header() const {
  static constexpr HttpMethod kOrder[] = {HttpMethod::Get,   HttpMethod::Post,    HttpMethod::Put,
                                          HttpMethod::Patch, HttpMethod::Delete,  HttpMethod::Connect,
                                          HttpMethod::Trace};
  std::string out;
  auto add = [&out](const char* name) {
    if (!out.empty()) out += ", ";
    out += name;
  };
  for (HttpMethod m : kOrder) {
    if (!has(m)) continue;
    add(method_name(m));
    if (m == HttpMethod::Get) add("HEAD");
  }
  if (has(HttpMethod::Head) && !has(HttpMethod::Get)) add("HEAD");
  add("OPTIONS");
  return out;
}

RouteTable::RouteTable(std::vector<const Route*> routes) : routes_(std::move(routes)) {
  for (size_t i = 0; i < routes_.size(); ++i) insert(*routes_[i], static_cast<int32_t>(i));
}

void RouteTable::insert(const Route& route, int32_t index) {
  Node* node = &root_;
  const auto m = static_cast<size_t>(route.method);
  all_methods_.add(route.method);
  for (const PathSegment& seg : route.path) {
    std::unique_ptr<Node>* next = nullptr;
    switch (seg.kind) {
      case SegmentKind::Literal: next = &node->literals[seg.text]; break;
      case SegmentKind::Rest:
        // Rest is last (the checker guarantees it); duplicates were build errors.
        if (node->rest[m] == kNone) node->rest[m] = index;
        return;
      case SegmentKind::Param:
        if (seg.type == "int") next = &node->int_param;
        else if (seg.type == "number") next = &node->number_param;
        else if (seg.type == "boolean") next = &node->boolean_param;
        else next = &node->string_param;
        break;
    }
    if (!*next) *next = std::make_unique<Node>();
    node = next->get();
  }
  if (node->here[m] == kNone) node->here[m] = index;
}

struct RouteTable::Search {
  const std::vector<std::string>& segments;
  size_t method;
  std::vector<const std::string*> captured;  // texts of parameters passed so far
  int32_t found = kNone;
  std::string rest;  // the rest parameter's text, when the found route has one
  MethodSet allowed;
};

// Depth-first in precedence order; the first route with the method wins.
bool RouteTable::find(const Node& node, size_t i, Search& s) {
  if (i == s.segments.size() && node.here[s.method] != kNone) {
    s.found = node.here[s.method];
    return true;
  }
  if (i < s.segments.size()) {
    const std::string& seg = s.segments[i];
    if (auto it = node.literals.find(seg); it != node.literals.end()) {
      if (find(*it->second, i + 1, s)) return true;
    }
    const std::pair<const std::unique_ptr<Node>*, bool (*)(std::string_view)> typed[] = {
        {&node.int_param, is_int_segment},
        {&node.number_param, is_number_segment},
        {&node.boolean_param, is_boolean_segment},
    };
    for (const auto& [child, converts] : typed) {
      if (*child && converts(seg)) {
        s.captured.push_back(&seg);
        if (find(**child, i + 1, s)) return true;
        s.captured.pop_back();
      }
    }
    if (node.string_param) {
      s.captured.push_back(&seg);
      if (find(*node.string_param, i + 1, s)) return true;
      s.captured.pop_back();
    }
  }
  if (node.rest[s.method] != kNone) {
    s.found = node.rest[s.method];
    for (size_t j = i; j < s.segments.size(); ++j) {
      if (j > i) s.rest += '/';
      s.rest += s.segments[j];
    }
    return true;
  }
  return false;
}

// Every method of every route matching the path, for 405 and OPTIONS.
bool RouteTable::collect(const Node& node, size_t i, Search& s) {
  bool any = false;
  if (i == s.segments.size()) {
    MethodSet here = methods_of(node.here);
    any = !here.empty();
    s.allowed.merge(here);
  } else {
    const std::string& seg = s.segments[i];
    if (auto it = node.literals.find(seg); it != node.literals.end()) {
      any = collect(*it->second, i + 1, s) || any;
    }
    if (node.int_param && is_int_segment(seg)) any = collect(*node.int_param, i + 1, s) || any;
    if (node.number_param && is_number_segment(seg)) any = collect(*node.number_param, i + 1, s) || any;
    if (node.boolean_param && is_boolean_segment(seg)) {
      any = collect(*node.boolean_param, i + 1, s) || any;
    }
    if (node.string_param) any = collect(*node.string_param, i + 1, s) || any;
  }
  MethodSet rest = methods_of(node.rest);
  s.allowed.merge(rest);
  return any || !rest.empty();
}

MethodSet RouteTable::methods_of(const PerMethod& routes) {
  MethodSet set;
  for (size_t m = 0; m < kMethodCount; ++m) {
    if (routes[m] != kNone) set.add(static_cast<HttpMethod>(m));
  }
  return set;
}

bool RouteTable::has_route(HttpMethod method, const std::vector<std::string>& segments) const {
  Search s{segments, static_cast<size_t>(method), {}, kNone, {}, {}};
  return find(root_, 0, s);
}

RouteMatch RouteTable::match(HttpMethod method, const std::vector<std::string>& segments) const {
  RouteMatch result;
  // HEAD without a HEAD route is answered by the GET route.
  const HttpMethod effective =
      method == HttpMethod::Head && !has_route(HttpMethod::Head, segments) ? HttpMethod::Get : method;
  Search s{segments, static_cast<size_t>(effective), {}, kNone, {}, {}};
  bool found = find(root_, 0, s);
  if (!found) {
    Search all{segments, 0, {}, kNone, {}, {}};
    const bool path_exists = collect(root_, 0, all);
    result.allowed = all.allowed;
    result.kind = path_exists ? RouteMatch::Kind::MethodNotAllowed : RouteMatch::Kind::NotFound;
    return result;
  }
  result.kind = RouteMatch::Kind::Found;
  result.route = static_cast<size_t>(s.found);
  const Route& route = *routes_[result.route];
  size_t next = 0;
  for (const PathSegment& seg : route.path) {
    if (seg.kind == SegmentKind::Param) {
      result.params.push_back({seg.text, seg.type.empty() ? "string" : seg.type, *s.captured[next++]});
    } else if (seg.kind == SegmentKind::Rest) {
      result.params.push_back({seg.text, "path", s.rest});
    }
  }
  return result;
}

}  // namespace webx::http
