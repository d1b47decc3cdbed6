// Wire shapes for stored records.
#include "views.hpp"

#include <algorithm>

#include "api_error.hpp"
#include "draft/edit.hpp"

namespace cw::server {

using namespace cw::draft;
using nlohmann::json;

json media_json(const MediaRecord& record, const std::string& origin) {
    const MediaInfo& m = record.info;
    return {{"id", m.id},           {"name", m.name},       {"type", m.type},
            {"url", origin + m.url}, {"size", m.size},       {"duration_ms", m.duration_ms},
            {"width", m.width},      {"height", m.height},   {"has_audio", m.has_audio}};
}

namespace {

// The deepest nesting of arrays and objects in JSON text, strings skipped; one pass, no recursion
// (nlohmann's parser callback, which also sees depths, is quadratic on long arrays).
size_t nesting_depth(const std::string& text) {
    size_t depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

}  // namespace

json parse_request_body(const std::string& text) {
    if (text.empty()) return json::object();
    if (nesting_depth(text) > 64) {
        throw ApiError(codes::bad_request, "the body is nested too deeply: at most 64 levels of JSON are accepted");
    }
    const json body = json::parse(text, nullptr, false);
    if (body.is_discarded()) throw ApiError(codes::bad_request, "the body is not valid JSON");
    if (!body.is_object()) throw ApiError(codes::bad_request, "the body must be a JSON object");
    return body;
}

const json& request_field(const json& request, const char* camel, const char* snake) {
    static const json absent;
    if (!request.is_object()) return absent;
    auto found = request.find(camel);
    if (found == request.end()) found = request.find(snake);
    return found == request.end() ? absent : *found;
}

std::string request_message(const json& request) {
    std::string text;
    const json& message = request_field(request, "newMessage", "new_message");
    if (!message.is_object()) return text;
    const json parts = message.value("parts", json::array());
    if (!parts.is_array()) return text;
    for (const json& part : parts) {
        if (!part.is_object() || !part.contains("text") || !part["text"].is_string()) continue;
        if (!text.empty()) text += "\n";
        text += part["text"].get<std::string>();
    }
    return text;
}

}  // namespace cw::server
