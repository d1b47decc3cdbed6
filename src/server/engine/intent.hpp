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

// The longest instruction read. std::regex matches recursively, about one stack frame per character
// of a repeated match, and around 25,000 characters overflow an 8 MB stack; the server refuses longer
// messages with this limit, and the parser reads no further than it.
constexpr size_t kMaxInstructionBytes = 4000;

// The intents in a message, English or Chinese, in the order they should be applied. Empty when the
// message asks for nothing the planner knows. Deterministic.
std::vector<Intent> parse_instruction(const std::string& message);

// True when the reply should be in Chinese: the message contains CJK characters.

}  // namespace cw::server
