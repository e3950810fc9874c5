// The IR as JSON, for `webx build --emit ir` and the golden tests.
#pragma once

#include <nlohmann/json.hpp>

#include "ir.h"

namespace webx {

nlohmann::json ast_to_json(const JsNode* node);
nlohmann::json module_to_json(const Module& module);
nlohmann::json program_to_json(const Program& program);

}  // namespace webx
