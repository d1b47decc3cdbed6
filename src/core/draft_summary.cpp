// Long tracks list their first segments only, so the line stays readable for any draft.
#include "core/draft_summary.hpp"

#include <cmath>

namespace cw::core {

namespace {

constexpr std::size_t kSegmentsPerTrack = 3;

std::string segment_text(const Segment& segment) {
    std::string label = segment.kind == TrackKind::text ? "\"" + segment.label + "\"" : segment.label;
    std::string text = label + " (" + format_seconds(segment.start_ms) + "-" + format_seconds(segment.end_ms()) + "s";
    if (segment.volume >= 0 && segment.kind != TrackKind::text) text += ", " + format_percent(segment.volume);
    return text + ")";
}

std::string track_text(const Track& track) {
    std::string text = track.name + ": ";
    if (track.segments.empty()) return text + "empty";
    std::size_t shown = std::min(track.segments.size(), kSegmentsPerTrack);
    for (std::size_t i = 0; i < shown; ++i) {
        if (i > 0) text += ", ";
        text += segment_text(track.segments[i]);
    }
    if (track.segments.size() > shown) text += ", +" + std::to_string(track.segments.size() - shown) + " more";
    return text;
}

}  // namespace

std::string format_seconds(std::int64_t ms) {
    std::int64_t tenths = (ms + (ms >= 0 ? 50 : -50)) / 100;
    std::string text = std::to_string(tenths / 10);
    if (tenths % 10 != 0) text += "." + std::to_string(std::llabs(tenths % 10));
    return text;
}

std::string format_percent(double fraction) {
    return std::to_string(static_cast<long long>(std::lround(fraction * 100.0))) + "%";
}

std::string summarize_draft(const Draft& draft) {
    std::size_t count = draft.tracks.size();
    std::string text = "Timeline (" + std::to_string(count) + (count == 1 ? " track):" : " tracks):");
    if (count == 0) return text + " empty";
    for (std::size_t i = 0; i < count; ++i) text += " " + std::to_string(i + 1) + ". " + track_text(draft.tracks[i]);
    return text;
}

}  // namespace cw::core
