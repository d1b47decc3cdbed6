// Timeline geometry for the UI: time <-> pixel with zoom and scroll, tick spacing, and a per-track
// index that finds the visible segments by binary search, fast with 100,000 segments.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/draft_types.hpp"

namespace cw::core {

struct TimelineView {
    double pixels_per_second = 40.0;
    double scroll_ms = 0.0;  // time at the left edge
    double width_px = 800.0;

    double time_to_x(double ms) const { return (ms - scroll_ms) * pixels_per_second / 1000.0; }
    double x_to_time(double x) const { return scroll_ms + x * 1000.0 / pixels_per_second; }
    double visible_end_ms() const { return x_to_time(width_px); }
    double ms_per_pixel() const { return 1000.0 / pixels_per_second; }
};

inline constexpr double min_pixels_per_second = 0.001;
inline constexpr double max_pixels_per_second = 20000.0;

// Zooms by `factor` keeping the time under `anchor_x` where it is.
TimelineView zoom_at(TimelineView view, double factor, double anchor_x);
// Scrolls by pixels, kept within [0, duration].
TimelineView scroll_by(TimelineView view, double dx_px, double duration_ms);
// Shows the whole of `duration_ms` in the view's width.
TimelineView fit(TimelineView view, double duration_ms);
// A 1-2-5 step between ruler ticks, at least `min_spacing_px` apart.
std::int64_t tick_step_ms(double pixels_per_second, double min_spacing_px = 80.0);

class TrackIndex {
public:
    explicit TrackIndex(const Track& track);

    // Indices into track.segments of the segments overlapping [from_ms, to_ms), by start time.
    void visible(double from_ms, double to_ms, std::vector<std::size_t>& out) const;
    // Same, but skips segments hidden under one already listed at this zoom (at most about one per
    // pixel), so a zoomed-out view of a huge track draws a bounded number of rectangles.
    void visible_lod(double from_ms, double to_ms, double ms_per_pixel, std::vector<std::size_t>& out) const;
    std::optional<std::size_t> segment_at(double ms) const;

private:
    std::size_t first_candidate(double from_ms) const;

    const Track* track_;
    std::vector<std::size_t> order_;    // segment indices sorted by start
    std::vector<std::int64_t> starts_;  // starts in that order
    std::vector<std::int64_t> max_end_; // running maximum of ends in that order
};

class TimelineLayout {
public:
    explicit TimelineLayout(const Draft& draft);
    std::size_t track_count() const { return tracks_.size(); }
    const TrackIndex& track(std::size_t i) const { return tracks_[i]; }

private:
    std::vector<TrackIndex> tracks_;
};

}  // namespace cw::core
