// Matching by key in a hash map keeps the diff linear, so two 100,000-segment drafts compare quickly.
#include "core/draft_diff.hpp"

#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "core/draft_summary.hpp"

namespace cw::core {

namespace {

struct Located {
    const Track* track;
    const Segment* segment;
};

using SegmentIndex = std::unordered_map<std::string, Located>;

std::string position_key(std::size_t track, std::size_t segment) {
    return "#" + std::to_string(track) + ":" + std::to_string(segment);
}

// Ids are preferred; a repeated id falls back to the position so no segment is lost.
std::vector<std::pair<std::string, Located>> keyed_segments(const Draft& draft) {
    std::vector<std::pair<std::string, Located>> out;
    out.reserve(draft.segment_count);
    std::unordered_set<std::string> seen_ids;
    for (std::size_t t = 0; t < draft.tracks.size(); ++t) {
        const Track& track = draft.tracks[t];
        for (std::size_t s = 0; s < track.segments.size(); ++s) {
            const Segment& segment = track.segments[s];
            bool unique_id = !segment.id.empty() && seen_ids.insert(segment.id).second;
            out.push_back({unique_id ? "id:" + segment.id : position_key(t, s), {&track, &segment}});
        }
    }
    return out;
}

const char* noun(TrackKind kind) {
    switch (kind) {
    case TrackKind::video: return "clip";
    case TrackKind::audio: return "music";
    case TrackKind::text: return "title";
    case TrackKind::other: break;
    }
    return "segment";
}

std::string named(const Segment& segment) { return std::string(noun(segment.kind)) + " '" + segment.label + "'"; }

std::string time_range(const Segment& segment) {
    return format_seconds(segment.start_ms) + "\xE2\x80\x93" + format_seconds(segment.end_ms()) + " s";
}

std::string speed_text(double speed) {
    std::string text = format_seconds(static_cast<std::int64_t>(std::llround(speed * 1000.0)));
    return text + "\xC3\x97";
}

class DiffBuilder {
public:
    DiffBuilder(const Draft& before, const Draft& after, std::size_t max_changes)
        : before_(before), after_(after), max_(max_changes) {}

    DraftDiff build() {
        SegmentIndex old_segments;
        for (auto& [key, located] : keyed_segments(before_)) old_segments.emplace(key, located);
        std::unordered_set<const Segment*> matched;
        for (auto& [key, now] : keyed_segments(after_)) {
            auto found = old_segments.find(key);
            if (found == old_segments.end()) {
                add(ChangeKind::added, "added " + named(*now.segment) + " " + time_range(*now.segment));
                continue;
            }
            matched.insert(found->second.segment);
            compare(found->second, now);
        }
        for (const Track& track : before_.tracks)
            for (const Segment& segment : track.segments)
                if (!matched.count(&segment)) add(ChangeKind::removed, "removed " + named(segment));
        return std::move(diff_);
    }

private:
    void compare(const Located& was, const Located& now) {
        const Segment& a = *was.segment;
        const Segment& b = *now.segment;
        bool described = false;
        auto note = [&](ChangeKind kind, std::string text) {
            add(kind, std::move(text));
            described = true;
        };
        if (a.src != b.src) note(ChangeKind::media, named(a) + " replaced with '" + b.label + "'");
        if (a.text != b.text && b.kind == TrackKind::text) note(ChangeKind::text, named(a) + " now reads '" + b.text + "'");
        if (a.start_ms != b.start_ms || a.duration_ms != b.duration_ms) note(ChangeKind::retimed, named(b) + " now " + time_range(b));
        if (a.volume != b.volume)
            note(ChangeKind::volume, std::string(noun(b.kind)) + " volume " + (b.volume >= 0 ? format_percent(b.volume) : "default"));
        if (a.speed != b.speed) note(ChangeKind::speed, named(b) + " speed " + (b.speed > 0 ? speed_text(b.speed) : "normal"));
        if (a.transition != b.transition)
            note(ChangeKind::transition, named(b) + (b.transition.empty() ? " transition removed" : " transition " + b.transition));
        if (a.effect != b.effect) note(ChangeKind::effect, named(b) + (b.effect.empty() ? " effect removed" : " effect " + b.effect));
        if (described) return;
        const nlohmann::json* old_json = segment_json(before_, *was.track, a);
        const nlohmann::json* new_json = segment_json(after_, *now.track, b);
        if (old_json && new_json && *old_json != *new_json) add(ChangeKind::other, named(b) + " changed");
    }

    void add(ChangeKind kind, std::string description) {
        if (diff_.changes.size() < max_) diff_.changes.push_back({kind, std::move(description)});
        else ++diff_.omitted;
    }

    const Draft& before_;
    const Draft& after_;
    std::size_t max_;
    DraftDiff diff_;
};

}  // namespace

DraftDiff diff_drafts(const Draft& before, const Draft& after, std::size_t max_changes) {
    return DiffBuilder(before, after, max_changes).build();
}

std::string describe(const DraftDiff& diff) {
    std::string text;
    for (const DraftChange& change : diff.changes) {
        if (!text.empty()) text += "; ";
        text += change.description;
    }
    if (diff.omitted > 0) text += "; and " + std::to_string(diff.omitted) + " more changes";
    return text;
}

}  // namespace cw::core
