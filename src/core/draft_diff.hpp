// What changed between two drafts, in plain words for the chat ("added title 'Urban Dreams' 0–3 s",
// "music volume 35%"). Used when an edit ends with no text and after a broken stream.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/draft.hpp"

namespace cw::core {

enum class ChangeKind { added, removed, retimed, text, volume, speed, transition, effect, media, other };

struct DraftChange {
    ChangeKind kind = ChangeKind::other;
    std::string description;
};

struct DraftDiff {
    std::vector<DraftChange> changes;  // at most the requested number
    std::size_t omitted = 0;           // further changes not listed

    bool empty() const { return changes.empty(); }
};

// Segments are matched by `id` when both have one, else by track and position.
DraftDiff diff_drafts(const Draft& before, const Draft& after, std::size_t max_changes = 12);

// "added title 'Urban Dreams' 0–3 s; music volume 35%", or "" when nothing changed.
std::string describe(const DraftDiff& diff);

}  // namespace cw::core
