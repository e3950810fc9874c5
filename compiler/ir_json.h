// The IR as JSON, for `webx build --emit ir` and the golden tests.
#pragma once

#include <nlohmann/json.hpp>

#include "ir.h"

namespace webx {

// `compact` renders JS/JSX ASTs as one-line S-expressions such as
// `(Call (Member (Identifier todos) (Identifier push)) (Identifier todo))`
// instead of nested objects: small enough for golden files a person reviews.
nlohmann::json ast_to_json(const JsNode* node, bool compact = false);
std::string ast_to_sexpr(const JsNode* node);
nlohmann::json module_to_json(const Module& module, bool compact = false);
nlohmann::json program_to_json(const Program& program, bool compact = false);

}  // namespace webx
