// Segments may overlap and be unsorted; sorting by start plus a running maximum of ends lets a
// range query start at the first segment that can still reach into the range.
#include "core/timeline_layout.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cw::core {

TimelineView zoom_at(TimelineView view, double factor, double anchor_x) {
    if (!(factor > 0) || !std::isfinite(factor)) return view;
    double anchor_ms = view.x_to_time(anchor_x);
    view.pixels_per_second = std::clamp(view.pixels_per_second * factor, min_pixels_per_second, max_pixels_per_second);
    view.scroll_ms = std::max(0.0, anchor_ms - anchor_x * view.ms_per_pixel());
    return view;
}

TimelineView scroll_by(TimelineView view, double dx_px, double duration_ms) {
    double limit = std::max(0.0, duration_ms);
    view.scroll_ms = std::clamp(view.scroll_ms + dx_px * view.ms_per_pixel(), 0.0, limit);
    return view;
}

TimelineView fit(TimelineView view, double duration_ms) {
    if (duration_ms <= 0 || view.width_px <= 0) return view;
    view.pixels_per_second = std::clamp(view.width_px * 1000.0 / duration_ms, min_pixels_per_second, max_pixels_per_second);
    view.scroll_ms = 0;
    return view;
}

std::int64_t tick_step_ms(double pixels_per_second, double min_spacing_px) {
    double min_ms = min_spacing_px * 1000.0 / std::max(pixels_per_second, min_pixels_per_second);
    std::int64_t step = 1;
    for (int i = 0; step < min_ms && i < 60; ++i) {
        step = i % 3 == 1 ? step / 2 * 5 : step * 2;  // 1, 2, 5, 10, 20, 50, …
    }
    return step;
}

TrackIndex::TrackIndex(const Track& track) : track_(&track) {
    const auto& segments = track.segments;
    order_.resize(segments.size());
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    bool sorted = std::is_sorted(segments.begin(), segments.end(),
                                 [](const Segment& a, const Segment& b) { return a.start_ms < b.start_ms; });
    if (!sorted)
        std::stable_sort(order_.begin(), order_.end(),
                         [&](std::size_t a, std::size_t b) { return segments[a].start_ms < segments[b].start_ms; });
    starts_.reserve(order_.size());
    max_end_.reserve(order_.size());
    std::int64_t running = 0;
    for (std::size_t index : order_) {
        starts_.push_back(segments[index].start_ms);
        running = std::max(running, segments[index].end_ms());
        max_end_.push_back(running);
    }
}

std::size_t TrackIndex::first_candidate(double from_ms) const {
    // Segments ending exactly at from_ms are filtered later; zero-length ones there still show.
    auto it = std::lower_bound(max_end_.begin(), max_end_.end(), from_ms,
                               [](std::int64_t end, double value) { return static_cast<double>(end) < value; });
    return static_cast<std::size_t>(it - max_end_.begin());
}

void TrackIndex::visible(double from_ms, double to_ms, std::vector<std::size_t>& out) const {
    visible_lod(from_ms, to_ms, 0.0, out);
}

void TrackIndex::visible_lod(double from_ms, double to_ms, double ms_per_pixel, std::vector<std::size_t>& out) const {
    out.clear();
    auto stop = std::lower_bound(starts_.begin(), starts_.end(), to_ms,
                                 [](std::int64_t start, double value) { return static_cast<double>(start) < value; });
    std::size_t end = static_cast<std::size_t>(stop - starts_.begin());
    double covered_until = -1.0;
    for (std::size_t i = first_candidate(from_ms); i < end; ++i) {
        const Segment& segment = track_->segments[order_[i]];
        double segment_end = static_cast<double>(segment.end_ms());
        bool overlaps = segment_end > from_ms || (segment.duration_ms == 0 && segment.start_ms >= from_ms);
        if (!overlaps) continue;
        if (ms_per_pixel > 0 && segment_end <= covered_until) continue;
        out.push_back(order_[i]);
        // Each listed segment pushes the covered time on by at least a pixel: bounded output.
        if (ms_per_pixel > 0)
            covered_until = std::max({segment_end, covered_until + ms_per_pixel, static_cast<double>(segment.start_ms) + ms_per_pixel});
    }
}

std::optional<std::size_t> TrackIndex::segment_at(double ms) const {
    std::vector<std::size_t> hits;
    visible(ms, std::nextafter(ms, ms + 1.0), hits);
    if (hits.empty()) return std::nullopt;
    return hits.back();  // the latest-starting segment is drawn on top
}

TimelineLayout::TimelineLayout(const Draft& draft) {
    tracks_.reserve(draft.tracks.size());
    for (const Track& track : draft.tracks) tracks_.emplace_back(track);
}

}  // namespace cw::core
