// The draft (contract §6) as tracks and segments the UI can draw, read leniently from any JSON.
// The original document is kept whole, so unknown keys survive and exports send it back untouched.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cw::core {

enum class TrackKind { video, audio, text, other };
const char* to_string(TrackKind kind);

// Why a segment's numbers are not exactly what the draft said.
enum SegmentFlag : std::uint8_t {
    start_inferred = 1 << 0,    // no usable `st`: placed after the previous segment
    duration_missing = 1 << 1,  // no usable `d`: zero length
    duration_clamped = 1 << 2,  // negative or beyond max_timeline_ms
    start_clamped = 1 << 3,     // negative or beyond max_timeline_ms
};

// Anything longer (1000 hours) is treated as a corrupt value rather than a real timeline.
inline constexpr std::int64_t max_timeline_ms = 1000LL * 60 * 60 * 1000;

struct Segment {
    std::string id;
    std::int64_t start_ms = 0;
    std::int64_t duration_ms = 0;
    TrackKind kind = TrackKind::other;
    std::string label;
    std::uint32_t colour = 0;   // 0xRRGGBB
    std::size_t source_index = 0;  // position in the original track's `sg`
    std::uint8_t flags = 0;
    std::string text;          // m.text
    std::string src;           // m.src
    double volume = -1.0;      // m.volume, 0..1; negative when absent
    double speed = 0.0;        // m.speed; 0 when absent
    std::string transition;    // m.transition as text (string or compact JSON)
    std::string effect;        // m.effect as text

    std::int64_t end_ms() const { return start_ms + duration_ms; }
};

struct Track {
    int type = -1;  // `tt`; -1 when absent or unreadable
    TrackKind kind = TrackKind::other;
    std::string name;  // "Video", "BGM", "Title"…, or the track's own m.name
    std::vector<Segment> segments;
    std::size_t source_index = 0;  // position in the original `t`
    std::int64_t end_ms = 0;
};

struct Draft {
    std::vector<Track> tracks;
    nlohmann::json original = nlohmann::json::object();
    std::int64_t duration_ms = 0;
    std::size_t segment_count = 0;
    std::size_t flagged_segments = 0;
    std::vector<std::string> warnings;  // what was skipped or repaired, for logs and the state view

    bool empty() const { return segment_count == 0; }
};

Draft parse_draft(const nlohmann::json& draft);
Draft parse_draft(nlohmann::json&& draft);
Draft parse_draft_text(std::string_view text);

// The segment's original JSON, including keys this client does not know.
const nlohmann::json* segment_json(const Draft& draft, const Track& track, const Segment& segment);

}  // namespace cw::core
