// Timeline geometry and visible-range queries, checked against a brute-force scan.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "core/timeline_layout.hpp"
#include "sample_drafts.hpp"

using namespace cw::core;
using nlohmann::json;

TEST_CASE("time and pixels convert both ways") {
    TimelineView view;
    view.pixels_per_second = 50;
    view.scroll_ms = 2000;
    CHECK(view.time_to_x(3000) == doctest::Approx(50));
    CHECK(view.x_to_time(50) == doctest::Approx(3000));
    CHECK(view.visible_end_ms() == doctest::Approx(2000 + 800 * 20));
}

TEST_CASE("zooming keeps the time under the anchor in place") {
    TimelineView view;
    view.scroll_ms = 5000;
    double anchor_ms = view.x_to_time(300);
    TimelineView zoomed = zoom_at(view, 2.5, 300);
    CHECK(zoomed.pixels_per_second == doctest::Approx(100));
    CHECK(zoomed.x_to_time(300) == doctest::Approx(anchor_ms));
    CHECK(zoom_at(view, 1e12, 0).pixels_per_second == max_pixels_per_second);
    CHECK(zoom_at(view, -1, 0).pixels_per_second == view.pixels_per_second);
}

TEST_CASE("scrolling and fitting stay within the timeline") {
    TimelineView view;
    CHECK(scroll_by(view, -500, 10000).scroll_ms == 0);
    CHECK(scroll_by(view, 1e9, 10000).scroll_ms == 10000);
    TimelineView fitted = fit(view, 20000);
    CHECK(fitted.visible_end_ms() == doctest::Approx(20000));
}

TEST_CASE("ticks follow 1-2-5 steps") {
    CHECK(tick_step_ms(40, 80) == 2000);
    CHECK(tick_step_ms(1000, 80) == 100);
    CHECK(tick_step_ms(0.01, 80) == 10000000);
}

TEST_CASE("visible segments of 100,000 match a brute-force scan") {
    // Unsorted, overlapping segments of random length, including a few very long ones.
    std::mt19937 random(7);
    json segments = json::array();
    for (int i = 0; i < 100000; ++i) {
        int start = static_cast<int>(random() % 10000000);
        int duration = i % 1000 == 0 ? 2000000 : static_cast<int>(random() % 5000);
        segments.push_back({{"st", start}, {"d", duration}});
    }
    Draft draft = parse_draft(json{{"t", json::array({{{"tt", 0}, {"sg", segments}}})}});
    TimelineLayout layout(draft);
    const Track& track = draft.tracks[0];
    std::vector<std::size_t> found;
    for (int query = 0; query < 50; ++query) {
        double from = random() % 10000000;
        double to = from + random() % 100000;
        layout.track(0).visible(from, to, found);
        std::vector<std::size_t> expected;
        for (std::size_t i = 0; i < track.segments.size(); ++i) {
            const Segment& s = track.segments[i];
            if (s.start_ms < to && (s.end_ms() > from || (s.duration_ms == 0 && s.start_ms >= from))) expected.push_back(i);
        }
        std::sort(found.begin(), found.end());
        CAPTURE(from);
        CHECK(found == expected);
    }
}

TEST_CASE("the level-of-detail query lists about one segment per pixel") {
    Draft draft = parse_draft(cw::test::long_draft(100000));
    TimelineLayout layout(draft);
    TimelineView view = fit(TimelineView{}, static_cast<double>(draft.duration_ms));
    std::vector<std::size_t> found;
    layout.track(0).visible_lod(0, view.visible_end_ms(), view.ms_per_pixel(), found);
    CHECK(found.size() <= static_cast<std::size_t>(view.width_px) + 1);
    CHECK(found.size() > 100);
    CHECK(layout.track(0).segment_at(1500) == std::optional<std::size_t>(1));
    CHECK_FALSE(layout.track(0).segment_at(1e12).has_value());
}
