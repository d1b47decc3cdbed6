// One ADK event decoded from an SSE data payload: text, tool calls and results, heartbeats, errors.
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
    error,      // the agent reported a failure inside the stream
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
    std::string error;  // error and malformed events
};

AdkEvent decode_adk_event(const SseEvent& event);

}  // namespace cw::core
