// What changed between two drafts, in plain words, in English or Chinese: the agent's replies on the
// server and the app's summary of a turn that ended without text both come from here.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "draft/draft.hpp"
#include "draft/text.hpp"

namespace cw::draft {

enum class ChangeKind {
    added, removed, retimed, reordered, length, media, text, style, volume, mute, speed,
    transition, effect, canvas, fit, export_settings, settings, other
};

struct Change {
    ChangeKind kind = ChangeKind::other;
    std::string text;
};

struct Changes {
    std::vector<Change> list;  // at most the requested number
    std::size_t omitted = 0;   // further changes not listed

    bool empty() const { return list.empty(); }
    bool has(ChangeKind kind) const;
};

// Segments are matched by `id` when both have a unique one, else by track type and position; the
// work is linear in the number of segments.
Changes describe_changes(const Draft& before, const Draft& after, Language language, std::size_t max_changes = 12);

// "added title “Urban Dreams” 0–3 s; music volume 35%" (Chinese joins with "；"), "" when empty.
std::string joined(const Changes& changes, Language language);

// The server's reply: joined(), or "no changes" / "时间线没有变化".
std::string describe_change(const Draft& before, const Draft& after, Language language);

}  // namespace cw::draft
