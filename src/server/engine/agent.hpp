// The agent: turns one chat instruction into timeline edits. A Planner is pure (no I/O, no clock),
// so the same draft, media and message always give the same edit; a language-model planner can
// be plugged in behind the same interface later.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "media_info.hpp"

namespace cw::server {

struct AgentInput {
    nlohmann::json draft;          // current draft {"t": [...], "m": {...}} (may be empty)
    nlohmann::json canvas;         // {"width", "height", "fps"}
    std::vector<MediaInfo> media;  // the session's media, in upload order
    std::string message;           // the user's words, any language
    std::string language;          // "en" | "zh" | ... (the session's language; the reply follows the message's language)
    bool can_undo = false;
    bool can_redo = false;
};

// One inner step, streamed as a functionCall part then a functionResponse part.
struct ToolStep {
    std::string name;          // e.g. "set_canvas", "add_text", "add_music"
    nlohmann::json args;
    nlohmann::json response;
};

enum class HistoryOp { none, undo, redo };

struct AgentResult {
    nlohmann::json draft;          // the draft after the edit (equal to the input when nothing changed)
    nlohmann::json canvas;         // the canvas after the edit
    std::vector<ToolStep> steps;   // what was done, in order
    std::string reply;             // full reply text: describes what changed, or how to ask
    bool changed = false;          // the timeline changed (this costs credits)
    bool question = false;         // the request was unclear: the reply asks, nothing changed or was charged
    HistoryOp history = HistoryOp::none;  // the server applies undo/redo from its own history
};

class Planner {
public:
    virtual ~Planner() = default;
    virtual AgentResult plan(const AgentInput& input) = 0;
};

std::unique_ptr<Planner> make_rule_planner();

}  // namespace cw::server
