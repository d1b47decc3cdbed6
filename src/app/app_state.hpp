// The UI's own state: what the user is typing and choosing, and how the timeline is viewed. The
// model (chat, timeline, uploads, jobs, credits) lives in the core client; nothing here talks HTTP.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/client_state.hpp"
#include "core/timeline_layout.hpp"
#include "app/layout.hpp"
#include "app/touch_gestures.hpp"

namespace cw::app {

enum class ExportFormat { mp4, gif, webm };
const char* to_string(ExportFormat format);

struct ExportSettings {
    ExportFormat format = ExportFormat::mp4;
    int resolution = 1080;          // height class of the output: 720 or 1080
    std::string aspect = "auto";    // "auto" (the timeline's canvas) | "16:9" | "9:16" | "1:1" | "4:5"
    int gif_fps = 12;
    int gif_width = 480;
    int gif_colors = 256;
    int gif_max_mb = 0;             // 0: no size limit
    std::string gif_dither = "none";  // "none" (clean colours, the smallest) | "sierra2_4a" | "bayer"
};

// The export request for these settings; `canvas` is the timeline's {"width","height"}.
core::ExportOptions export_options(const ExportSettings& settings, const nlohmann::json& canvas);

struct SegmentRef {
    int track = -1;
    int segment = -1;
    bool valid() const { return track >= 0 && segment >= 0; }
    bool operator==(const SegmentRef& o) const { return track == o.track && segment == o.segment; }
};

// The player as the user drives it; the clock is read back from the platform's video each frame.
struct PlayerView {
    double time_ms = 0;      // the playhead
    double duration_ms = 0;  // of the shown preview
    bool playing = false;
    double rate = 1.0;       // L doubles it up to 4x; J and K bring it back
    bool can_show = false;
    bool seeking = false;
};

struct AppState {
    std::string chat_input;
    ExportSettings export_settings;
    core::TimelineView timeline;
    bool timeline_fitted = false;    // fit the view once the first timeline arrives
    SegmentRef selected;
    SegmentRef hovered;
    Tab tab = Tab::chat;             // the panel shown on a phone
    PlayerView player;
    bool timeline_hovered = false;   // the timeline then owns the arrow keys (scrolling)
    bool scrubbing = false;          // dragging on the timeline's ruler moves the playhead
    enum class TrimEdge { none, start, end };
    TrimEdge trimming = TrimEdge::none;  // dragging an edge of the selected clip
    GestureFrame gesture;            // this frame's pans and pinches from a touch screen
    // The selected segment's fields as the user edits them before applying.
    float segment_seconds = 0;
    int segment_volume = 100;
    std::string segment_text;
    std::string preview_job;         // id of the export shown in the preview, "" when closed
    // Chat message heights at `chat_width`, so messages scrolled out of view cost no text layout.
    struct MessageHeight {
        float height = 0;
        std::size_t text_size = 0;  // the height is estimated again when the text changes
    };
    std::vector<MessageHeight> chat_heights;
    float chat_width = 0;
    uint64_t revision = 0;           // bumped on every change the user makes

    void touch() { ++revision; }
    nlohmann::json to_json() const;
    // The part worth keeping across reloads (export choices, timeline zoom).
    nlohmann::json layout_json() const;
    void restore_layout(const nlohmann::json& saved);
};

// The contract's typical requests, offered to a new user as one-click starting points, in the
// browser's language ("zh…" gets Chinese ones; anything else English).
const std::vector<std::string>& suggested_requests(const std::string& language = "en");

}  // namespace cw::app
