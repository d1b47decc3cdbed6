// The edit functions the planner applies: one per intent, each changing the draft (and canvas) and
// saying what it did in English and Chinese.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "intent.hpp"
#include "media_info.hpp"

namespace cw::server {

struct EditContext {
    nlohmann::json draft;   // normalized: {"t": [...], "m": {...}}
    nlohmann::json canvas;  // {"width", "height", "fps"}
    const std::vector<MediaInfo>& media;
    std::string message;  // the request as written, for edits that follow its wording (order by the names used)
};

struct EditOutcome {
    bool changed = false;
    std::string en;  // one or two sentences for the reply
    std::string zh;
    bool needs_media = false;  // refused for want of uploads: said once per reply, however many edits ask
    bool question = false;     // unclear about what it would destroy: the reply asks, and nothing changes
};

// Applies one intent. Intents that cannot apply (no music to change, no photos uploaded) leave the
// draft alone and explain why.
EditOutcome apply_intent(EditContext& context, const Intent& intent);

}  // namespace cw::server
