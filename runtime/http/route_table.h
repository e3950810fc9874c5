// RouteTable: the program's routes compiled into a tree of path segments.
//
// Built once from the IR when the server starts; matching walks the tree
// segment by segment in precedence order — literal, then typed parameters
// (int, number, boolean), then string, then rest — backtracking when a
// branch has no route for the method, so the most specific route that has
// the method wins and declaration order never matters (docs/server.md).
//
// Immutable after construction; match() is safe from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "ir.h"

namespace webx::http {

constexpr size_t kMethodCount = 9;  // HttpMethod's values

// A set of HTTP methods, for Allow headers and 405s.
class MethodSet {
 public:
  void add(HttpMethod m) { bits_ |= 1u << static_cast<unsigned>(m); }
  bool has(HttpMethod m) const { return (bits_ & (1u << static_cast<unsigned>(m))) != 0; }
  bool empty() const { return bits_ == 0; }
  void merge(MethodSet other) { bits_ |= other.bits_; }
  // "GET, HEAD, POST, OPTIONS": in a fixed order, HEAD added when GET is
  // there, OPTIONS always (it is answered automatically).
  std::string allow_header() const;

 private:
  uint16_t bits_ = 0;
};

// A path parameter's matched text, with the route's name for it.
struct ParamValue {
  std::string name;  // "*" for a bare rest
  std::string type;  // string | number | int | boolean | path
  std::string text;  // decoded segment(s)
};

struct RouteMatch {
  enum class Kind { Found, MethodNotAllowed, NotFound };
  Kind kind = Kind::NotFound;
  size_t route = 0;                // Found: index in the table's route order
  std::vector<ParamValue> params;  // Found: in path order
  MethodSet allowed;               // not Found: the methods of every route matching the path
};

class RouteTable {
 public:
  // `routes` are the program's routes in program order (the index a match
  // reports); the pointers must outlive the table.
  explicit RouteTable(std::vector<const Route*> routes);

  // Matches decoded path segments. HEAD falls back to the GET route when
  // no route has HEAD itself.
  RouteMatch match(HttpMethod method, const std::vector<std::string>& segments) const;

  // Every method some route has (for `OPTIONS *`).
  MethodSet all_methods() const { return all_methods_; }

 private:
  static constexpr int32_t kNone = -1;
  using PerMethod = std::array<int32_t, kMethodCount>;

  struct Node {
    std::unordered_map<std::string, std::unique_ptr<Node>> literals;
    std::unique_ptr<Node> int_param, number_param, boolean_param, string_param;
    PerMethod here;  // routes ending at this node
    PerMethod rest;  // routes whose rest parameter starts at this node
    Node() { here.fill(kNone), rest.fill(kNone); }
  };

  struct Search;
  void insert(const Route& route, int32_t index);
  static bool find(const Node& node, size_t i, Search& search);
  static bool collect(const Node& node, size_t i, Search& search);
  static MethodSet methods_of(const PerMethod& routes);
  bool has_route(HttpMethod method, const std::vector<std::string>& segments) const;

  std::vector<const Route*> routes_;
  Node root_;
  MethodSet all_methods_;
};

}  // namespace webx::http
