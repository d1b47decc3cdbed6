// How stored records look on the wire (the contract's JSON shapes for media, renders and drafts), and
// the chat request's message text.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "store.hpp"

namespace cw::server {

// `origin` ("http://host:port") makes URLs absolute, so they work from any page or base URL.
nlohmann::json media_json(const MediaRecord& record, const std::string& origin);

// Gives every segment an `st` (after the one before when missing) and a `d`, and every track its
// `sg` array, so clients get the complete short-key form whatever the agent produced.

// A request body as a JSON object ("" reads as {}). Throws ApiError 400 naming what is wrong: not
// JSON, not an object, or nested deeper than 64 levels (no request needs more, and copying or
// printing a million nested arrays would overflow the stack).
nlohmann::json parse_request_body(const std::string& text);

// A /run_sse body's field in ADK's canonical camelCase spelling, or in the snake_case one Python ADK
// also accepts ("sessionId" or "session_id"); null when it has neither.
const nlohmann::json& request_field(const nlohmann::json& request, const char* camel, const char* snake);

// The text parts of a /run_sse body's newMessage (or new_message), joined by newlines; empty when it has none.
std::string request_message(const nlohmann::json& request);

}  // namespace cw::server
