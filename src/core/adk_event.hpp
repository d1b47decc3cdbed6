// One ADK event decoded from an SSE data payload: text, tool calls and results, heartbeats, errors,
// written the way real ADK servers write them (Python and JS): errorCode with or without
// errorMessage, events with no content (only finishReason or usageMetadata), stateDelta on the tool
// result, timestamps in float seconds or integer milliseconds, a bare {"error": "…"} after an exception.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/sse.hpp"

namespace cw::core {

struct FunctionCall {
    std::string id;
    std::string name;
    nlohmann::json args;
};

struct FunctionResponse {
    std::string id;
    std::string name;
    nlohmann::json response;
};

enum class AdkEventKind {
    heartbeat,  // empty data: keeps the stream alive, nothing to show
    content,    // text and/or tool steps
    error,      // the agent reported a failure inside the stream (not a normal STOP)
    malformed,  // not JSON or not an object: reported, skipped, the stream goes on
};

struct AdkEvent {
    AdkEventKind kind = AdkEventKind::heartbeat;
    bool partial = false;
    std::string id;
    std::string invocation_id;
    std::string author;
    std::string text;  // the text parts joined; thoughts are left out
    std::vector<FunctionCall> calls;
    std::vector<FunctionResponse> responses;
    std::string error;       // error and malformed events: the message as sent, possibly empty
    std::string error_code;  // errorCode ("SAFETY", "MAX_TOKENS", "UNKNOWN_ERROR", "2001"…), or a
                             // finishReason that ended the turn abnormally
    std::string finish_reason;
    nlohmann::json state_delta = nlohmann::json::object();  // actions.stateDelta
    double timestamp_s = 0;  // 0 when absent
};

AdkEvent decode_adk_event(const SseEvent& event);

// The application code carried by an errorCode such as "2001" (ADK apps report their own codes
// that way), or 0 when the code is a model's reason such as "SAFETY".
int app_error_code(const AdkEvent& event);

// What an error event means, in plain words for the chat: never the raw JSON of a model service.
std::string plain_agent_error(const AdkEvent& event);

}  // namespace cw::core
