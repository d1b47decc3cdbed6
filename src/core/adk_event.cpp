// Lenient decoding: fields of the wrong type are ignored rather than failing the whole event.
#include "core/adk_event.hpp"

namespace cw::core {

namespace {

using nlohmann::json;

std::string string_field(const json& object, const char* key) {
    auto found = object.find(key);
    if (found == object.end() || !found->is_string()) return {};
    return found->get<std::string>();
}

bool is_blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

std::string error_text(const json& object) {
    for (const char* key : {"errorMessage", "error_message", "error"}) {
        auto found = object.find(key);
        if (found == object.end() || found->is_null()) continue;
        if (found->is_string()) return found->get<std::string>();
        if (found->is_object()) {
            std::string message = string_field(*found, "message");
            return message.empty() ? found->dump() : message;
        }
        return found->dump();
    }
    return {};
}

void read_part(const json& part, AdkEvent& event) {
    if (!part.is_object()) return;
    auto text = part.find("text");
    auto thought = part.find("thought");
    bool is_thought = thought != part.end() && thought->is_boolean() && thought->get<bool>();
    if (text != part.end() && text->is_string() && !is_thought) event.text += text->get<std::string>();
    auto call = part.find("functionCall");
    if (call != part.end() && call->is_object())
        event.calls.push_back({string_field(*call, "id"), string_field(*call, "name"), call->value("args", json::object())});
    auto response = part.find("functionResponse");
    if (response != part.end() && response->is_object())
        event.responses.push_back(
            {string_field(*response, "id"), string_field(*response, "name"), response->value("response", json::object())});
}

}  // namespace

AdkEvent decode_adk_event(const SseEvent& sse) {
    AdkEvent event;
    if (is_blank(sse.data)) return event;
    json parsed = json::parse(sse.data, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        event.kind = AdkEventKind::malformed;
        event.error = parsed.is_discarded() ? "event data is not JSON" : "event data is not a JSON object";
        return event;
    }
    event.kind = AdkEventKind::content;
    event.id = string_field(parsed, "id");
    event.invocation_id = string_field(parsed, "invocationId");
    event.author = string_field(parsed, "author");
    auto partial = parsed.find("partial");
    event.partial = partial != parsed.end() && partial->is_boolean() && partial->get<bool>();
    event.error = error_text(parsed);
    if (!event.error.empty()) event.kind = AdkEventKind::error;
    auto content = parsed.find("content");
    if (content != parsed.end() && content->is_object()) {
        auto parts = content->find("parts");
        if (parts != content->end() && parts->is_array())
            for (const json& part : *parts) read_part(part, event);
    }
    return event;
}

}  // namespace cw::core
