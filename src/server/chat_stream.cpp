// SSE framing of chat turns.
#include "chat_stream.hpp"

#include <algorithm>

#include "util.hpp"

namespace cw::server {

using nlohmann::json;

namespace {

const char* const author = "nemo_agent";

json adk_event(const Turn& turn, const std::string& role, json parts, bool partial, json state_delta) {
    return {{"id", random_hex(8)},
            {"invocationId", turn.invocation_id},
            {"author", author},
            {"partial", partial},
            {"content", {{"role", role}, {"parts", std::move(parts)}}},
            {"actions", {{"stateDelta", std::move(state_delta)}}}};
}

}  // namespace

std::vector<std::string> split_reply(const std::string& text) {
    const size_t pieces = std::clamp<size_t>(text.size() / 24, 1, 6);
    const size_t target = std::max<size_t>(1, text.size() / pieces);
    std::vector<std::string> out;
    std::string piece;
    for (size_t i = 0; i < text.size(); ++i) {
        piece += text[i];
        const bool next_starts_char = i + 1 >= text.size() || (static_cast<unsigned char>(text[i + 1]) & 0xC0) != 0x80;
        const bool boundary = text[i] == ' ' || static_cast<unsigned char>(text[i]) >= 0x80;
        if (piece.size() >= target && boundary && next_starts_char) {
            out.push_back(std::move(piece));
            piece.clear();
        }
    }
    if (!piece.empty()) out.push_back(std::move(piece));
    return out;
}

// As ADK writes a turn: the state change rides on the last tool result (and on the final text), and
// partial chunks come only when the request asked for streaming.
std::vector<SseFrame> turn_frames(const Turn& turn, int delay_ms, bool streaming) {
    std::vector<SseFrame> frames;
    const json version = {{"draft_version", turn.version}};
    for (size_t i = 0; i < turn.steps.size(); ++i) {
        const ToolStep& step = turn.steps[i];
        const std::string call_id = "call-" + random_hex(6);
        json call = {{"functionCall", {{"id", call_id}, {"name", step.name}, {"args", step.args}}}};
        json response = {{"functionResponse", {{"id", call_id}, {"name", step.name}, {"response", step.response}}}};
        const bool last = i + 1 == turn.steps.size();
        frames.push_back({delay_ms, "", adk_event(turn, "model", json::array({call}), false, json::object())});
        frames.push_back({0, "working", nullptr});
        frames.push_back({delay_ms, "", adk_event(turn, "user", json::array({response}), false, last ? version : json::object())});
    }
    if (turn.silent || turn.reply.empty()) return frames;
    for (const std::string& piece : streaming ? split_reply(turn.reply) : std::vector<std::string>{}) {
        frames.push_back({delay_ms, "", adk_event(turn, "model", json::array({{{"text", piece}}}), true, json::object())});
    }
    frames.push_back({delay_ms, "", adk_event(turn, "model", json::array({{{"text", turn.reply}}}), false,
                                              {{"draft_version", turn.version}})});
    return frames;
}

json error_event(int code, const std::string& message, const json& data) {
    return {{"id", random_hex(8)},
            {"invocationId", "e-" + random_hex(12)},
            {"author", author},
            {"partial", false},
            {"errorCode", std::to_string(code)},
            {"errorMessage", message},
            {"actions", {{"stateDelta", {{"code", code}, {"data", data}}}}}};
}

std::string encode_frame(const SseFrame& frame) {
    if (!frame.comment.empty()) return ": " + frame.comment + "\n\n";
    json event = frame.event;
    event["timestamp"] = now_s_precise();
    return "data: " + event.dump(-1, ' ', false, json::error_handler_t::replace) + "\n\n";
}

}  // namespace cw::server
