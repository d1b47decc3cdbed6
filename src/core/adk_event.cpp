// Lenient decoding: fields of the wrong type are ignored rather than failing the whole event.
#include "core/adk_event.hpp"

#include <cctype>
#include <cmath>

#include "draft/text.hpp"

namespace cw::core {

namespace {

using nlohmann::json;

std::string string_field(const json& object, const char* key) {
    auto found = object.find(key);
    if (found == object.end() || !found->is_string()) return {};
    return found->get<std::string>();
}

// Codes come as strings ("SAFETY", "2001") and sometimes as numbers.
std::string code_field(const json& object, const char* key) {
    auto found = object.find(key);
    if (found == object.end()) return {};
    if (found->is_string()) return found->get<std::string>();
    if (found->is_number_integer()) return std::to_string(found->get<long long>());
    return {};
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

// Reasons a model stops that are not failures.
bool normal_finish(const std::string& reason) {
    return reason.empty() || reason == "STOP" || reason == "FINISH_REASON_UNSPECIFIED";
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

// Python ADK writes float seconds, ADK JS integer milliseconds.
double timestamp_seconds(const json& object) {
    auto found = object.find("timestamp");
    if (found == object.end() || !found->is_number()) return 0;
    double value = found->get<double>();
    if (!std::isfinite(value) || value <= 0) return 0;
    return value > 1e11 ? value / 1000.0 : value;
}

void read_outcome(const json& parsed, AdkEvent& event) {
    event.finish_reason = code_field(parsed, "finishReason");
    event.error_code = code_field(parsed, "errorCode");
    event.error = error_text(parsed);
    if (event.error_code == "STOP" && event.error.empty()) event.error_code.clear();  // a normal end
    if (event.error_code.empty() && !normal_finish(event.finish_reason)) event.error_code = event.finish_reason;
    if (!event.error.empty() || !event.error_code.empty()) event.kind = AdkEventKind::error;
}

// "got status: 503 Service Unavailable. {"error": {"message": "overloaded"}}" → the words before the
// JSON, and the JSON's own message.
std::string readable_message(const std::string& message) {
    std::size_t brace = message.find('{');
    std::string lead = message.substr(0, brace);
    while (!lead.empty() && (std::isspace(static_cast<unsigned char>(lead.back())) || lead.back() == '.' || lead.back() == ':'))
        lead.pop_back();
    std::string inner;
    if (brace != std::string::npos) {
        json parsed = json::parse(message.substr(brace), nullptr, false);
        if (parsed.is_object()) inner = error_text(parsed);
    }
    std::string text = lead.empty() ? inner : inner.empty() || inner == lead ? lead : lead + ": " + inner;
    if (text.empty() && brace == std::string::npos) text = message;
    return draft::truncated(text, 160);
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
    event.timestamp_s = timestamp_seconds(parsed);
    read_outcome(parsed, event);
    auto actions = parsed.find("actions");
    if (actions != parsed.end() && actions->is_object()) {
        auto delta = actions->find("stateDelta");
        if (delta != actions->end() && delta->is_object()) event.state_delta = *delta;
    }
    auto content = parsed.find("content");
    if (content != parsed.end() && content->is_object()) {
        auto parts = content->find("parts");
        if (parts != content->end() && parts->is_array())
            for (const json& part : *parts) read_part(part, event);
    }
    return event;
}

int app_error_code(const AdkEvent& event) {
    const std::string& code = event.error_code;
    if (code.empty() || code.size() > 6 || code.find_first_not_of("0123456789") != std::string::npos) return 0;
    return std::stoi(code);
}

std::string plain_agent_error(const AdkEvent& event) {
    const std::string& code = event.error_code;
    if (code == "SAFETY" || code == "BLOCKLIST" || code == "PROHIBITED_CONTENT" || code == "SPII" || code == "IMAGE_SAFETY")
        return "The agent stopped: its safety filter blocked this request or its answer. Nothing was changed; "
               "try describing the edit in other words.";
    if (code == "RECITATION")
        return "The agent stopped because its answer would have repeated protected material. Nothing was changed; "
               "try describing the edit in other words.";
    if (code == "MAX_TOKENS") return "The agent's answer was cut off because it grew too long. Try asking for one change at a time.";
    if (code == "MALFORMED_FUNCTION_CALL")
        return "The agent tried an edit it could not carry out. Try again, or describe the edit differently.";
    std::string detail = readable_message(event.error);
    if (detail.empty()) detail = code.empty() || code == "UNKNOWN_ERROR" ? "" : code;
    return "The agent ran into a problem" + (detail.empty() ? std::string() : " (" + detail + ")") + ". Try again in a moment.";
}

}  // namespace cw::core
