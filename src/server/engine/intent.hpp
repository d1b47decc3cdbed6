// Intents: what an instruction asks for, as named calls with JSON arguments (the same shape a
// language model's tool calls would have), before anything touches the draft.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cw::server {

struct Intent {
    std::string name;      // e.g. "make_gif", "add_text", "set_music_volume"
    nlohmann::json args;   // always an object
};

// The longest chat message the server takes: a request is never longer than a few pages. The reader
// is linear in the message, so the limit is about what a request is, not about the parser.
constexpr size_t kMaxInstructionBytes = 100000;

// The intents in a message, English or Chinese, in the order they should be applied. Empty when the
// message asks for nothing the planner knows. Deterministic.
std::vector<Intent> parse_instruction(const std::string& message);


}  // namespace cw::server
