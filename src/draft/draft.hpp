// One typed, normalized reading of a draft (contract §6) and its canvas: tracks and segments with
// their common metadata, the draft's own settings and the export settings the agent suggested. The
// original JSON is kept whole, so unknown keys survive and exports send it back untouched. Values are
// read by the rule in schema.hpp; nothing in the input can make reading fail.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "draft/export_options.hpp"
#include "draft/schema.hpp"

namespace cw::draft {

enum class TrackKind { video, audio, text, other };
const char* to_string(TrackKind kind);
TrackKind kind_of_type(int type);

// Why a segment's numbers are not exactly what the draft said.
enum SegmentFlag : std::uint8_t {
    start_inferred = 1 << 0,    // no usable `st`: placed after the previous segment
    duration_missing = 1 << 1,  // no usable `d`: zero length
    duration_clamped = 1 << 2,  // negative or beyond kMaxTimelineMs
    start_clamped = 1 << 3,     // negative or beyond kMaxTimelineMs
};

struct Segment {
    std::string id;
    std::int64_t start_ms = 0;
    std::int64_t duration_ms = 0;
    TrackKind kind = TrackKind::other;
    std::string label;             // what a person calls it: its text, name, source or position
    std::uint32_t colour = 0;      // 0xRRGGBB, by kind
    std::size_t source_index = 0;  // position in the original track's `sg`
    std::uint8_t flags = 0;
    // The common keys of `m`.
    std::string name;
    std::string text;
    std::string src;
    std::int64_t in_ms = 0;
    double volume = -1.0;  // 0..10; negative when absent (100 %)
    double speed = 0.0;    // 0 when absent (1×)
    bool muted = false;
    std::string transition;          // its type ("crossfade"), or its text when not an object
    std::int64_t transition_ms = 0;
    std::string effect;              // as text (a string, or compact JSON)
    std::string position;            // text placement
    std::string color;               // text colour
    double size = 0;                 // text size in px, 0 when absent

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

struct Canvas {
    int width = 0;  // 0 when unknown
    int height = 0;
    int fps = 0;

    bool known() const { return width > 0 && height > 0; }
    bool operator==(const Canvas& o) const { return width == o.width && height == o.height && fps == o.fps; }
    bool operator!=(const Canvas& o) const { return !(*this == o); }
};
Canvas read_canvas(const json& canvas_config);
// "16:9", "9:16", "1:1", "4:5", "3:4", … from the size, or "" when unknown.
std::string aspect_name(const Canvas& canvas);

struct Draft {
    std::vector<Track> tracks;
    json original = json::object();
    Canvas canvas;
    json settings = json::object();            // the draft's own `m`
    std::string fit;                           // m.fit: "pad", "crop", "blur"…; "" when unset
    std::optional<ExportOptions> export_settings;  // m.export, as the agent suggested it
    std::int64_t duration_ms = 0;
    std::size_t segment_count = 0;
    std::size_t flagged_segments = 0;
    std::vector<std::string> warnings;  // what was skipped or repaired, for logs and the state view

    bool empty() const { return segment_count == 0; }
};

Draft parse_draft(const json& draft, const json& canvas_config = json());
Draft parse_draft(json&& draft, const json& canvas_config = json());
Draft parse_draft_text(std::string_view text);

// The segment's original JSON, including keys this reader does not know.
const json* segment_json(const Draft& draft, const Track& track, const Segment& segment);

}  // namespace cw::draft
