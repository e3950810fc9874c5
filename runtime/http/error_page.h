// The response for a route whose JavaScript failed: 500 for an exception
// or running out of memory, 503 for running too long. In dev mode a page
// with the error, where in the .webx source it was thrown (via the
// generated code's line map) and the code around it; in prod a generic
// page. Either way one line for the server's log.
//
// Pure function; safe on any thread.
#pragma once

#include <string>

#include "app.h"
#include "js_engine.h"
#include "request.h"

namespace webx::http {

struct ErrorResponse {
  int status = 500;
  std::string content_type;
  std::string body;
  std::string log_line;  // "webx: error: GET /x: TypeError: boom (webx/app.webx:12)"
};

ErrorResponse js_error_response(const HttpApp& app, const JsError& error, const Request& request);

}  // namespace webx::http
