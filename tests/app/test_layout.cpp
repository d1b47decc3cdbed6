// Panel layout arithmetic at common window sizes.
#include <utility>

#include <doctest/doctest.h>

#include "app/layout.hpp"

using cw::app::compute_layout;
using cw::app::Rect;

namespace {
bool overlaps(const Rect& a, const Rect& b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
}  // namespace

float area(const Rect& r) { return r.w * r.h; }

TEST_CASE("wide windows put media, the player over the chat, and export side by side above the timeline") {
    for (const auto& [w, h] : {std::pair{1280.0f, 800.0f}, std::pair{1920.0f, 1080.0f}, std::pair{1440.0f, 900.0f}}) {
        CAPTURE(w);
        const auto l = compute_layout(w, h, 17);
        CHECK(l.media.x == 0);
        CHECK(l.chat.x == doctest::Approx(l.media.w));
        CHECK(l.player.x == doctest::Approx(l.chat.x));
        CHECK(l.player.y + l.player.h == doctest::Approx(l.chat.y));
        CHECK(l.export_panel.x + l.export_panel.w == doctest::Approx(w));
        CHECK(l.timeline.y == doctest::Approx(l.chat.y + l.chat.h));
        CHECK(l.status.y + l.status.h == doctest::Approx(h));
        CHECK(l.timeline.w == w);
        // Of the panels above the timeline, the chat is the largest and the player the next.
        CHECK(area(l.chat) > area(l.player));
        for (const Rect& side : {l.media, l.export_panel}) CHECK(area(l.player) > area(side));
        const Rect all[] = {l.media, l.player, l.chat, l.export_panel, l.timeline, l.status};
        for (size_t i = 0; i < 6; ++i)
            for (size_t j = i + 1; j < 6; ++j) CHECK_FALSE(overlaps(all[i], all[j]));
    }
}

TEST_CASE("narrow windows stack media over export and keep the chat wide") {
    const auto l = compute_layout(700, 900, 17);
    CHECK(l.media.x == 0);
    CHECK(l.export_panel.x == 0);
    CHECK(l.export_panel.y == doctest::Approx(l.media.y + l.media.h));
    CHECK(l.chat.w >= 380);
    CHECK_FALSE(overlaps(l.media, l.export_panel));
    CHECK_FALSE(overlaps(l.chat, l.export_panel));
    CHECK_FALSE(overlaps(l.player, l.chat));
    CHECK(l.player.w >= 380);
}

TEST_CASE("panel sizes stay within their bounds on very large and very small windows") {
    const auto big = compute_layout(3840, 2160, 17);
    CHECK(big.media.w <= 340);
    CHECK(big.timeline.h <= 380);
    const auto tiny = compute_layout(320, 240, 17);
    CHECK(tiny.timeline.h >= 150);
    CHECK(tiny.chat.h >= 0);
}
