// A chat turn as a Server-Sent Events stream in ADK's event format: the tool steps (functionCall
// then functionResponse, a heartbeat between), partial text chunks, then the final full text.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chat.hpp"

namespace cw::server {

struct SseFrame {
    int delay_ms = 0;          // pause before sending, so the reply arrives progressively
    std::string comment;       // a ":" heartbeat line when set
    nlohmann::json event;      // otherwise one ADK event; "timestamp" is stamped when sent
};

std::vector<SseFrame> turn_frames(const Turn& turn, int delay_ms, bool streaming);

// An ADK error event (errorCode, errorMessage) carrying the envelope's code and data in stateDelta.
nlohmann::json error_event(int code, const std::string& message, const nlohmann::json& data);

// The bytes on the wire for one frame.
std::string encode_frame(const SseFrame& frame);

// Splits text into a few pieces at spaces or between characters, never inside a UTF-8 sequence.
std::vector<std::string> split_reply(const std::string& text);

}  // namespace cw::server
