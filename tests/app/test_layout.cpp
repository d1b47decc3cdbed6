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

TEST_CASE("wide windows: media down the side; the player over the chat beside export; the timeline under both") {
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
        CHECK(l.timeline.x == doctest::Approx(l.media.w));
        CHECK(l.timeline.x + l.timeline.w == doctest::Approx(w));
        CHECK(l.media.y + l.media.h == doctest::Approx(l.status.y));
        // The chat is the largest area of the page, and the player the next.
        CHECK(area(l.chat) > area(l.player));
        for (const Rect& other : {l.media, l.export_panel, l.timeline}) CHECK(area(l.player) > area(other));
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
    CHECK(tiny.mode == cw::app::LayoutMode::one_panel);
    CHECK(tiny.chat.h >= 0);
}

TEST_CASE("phones in portrait show one panel at a time between the status bar and the tab bar") {
    using cw::app::Tab;
    for (const Tab tab : {Tab::chat, Tab::media, Tab::preview, Tab::export_panel}) {
        const auto l = compute_layout(390, 844, 17, tab);
        CHECK(l.mode == cw::app::LayoutMode::one_panel);
        CHECK(l.tabs.y + l.tabs.h == doctest::Approx(844));
        CHECK(l.tabs.h >= 44);
        const Rect shown[] = {l.chat, l.media, l.player, l.export_panel};
        int visible = 0;
        for (const Rect& r : shown) visible += r.w > 0 && r.h > 0 ? 1 : 0;
        CHECK(visible == 1);
        for (const Rect& r : shown) {
            if (r.w == 0) continue;
            CHECK(r.w == 390);
            CHECK(r.y >= l.status.y + l.status.h);
            CHECK(r.y + r.h <= l.tabs.y + 0.5f);
        }
    }
    CHECK(compute_layout(390, 844, 17, Tab::preview).timeline.h > 200);
}

TEST_CASE("landscape phones and small tablets get two columns; the layout follows a rotation") {
    const auto landscape = compute_layout(844, 390, 17);
    CHECK(landscape.mode == cw::app::LayoutMode::two_columns);
    CHECK(landscape.chat.h > 100);
    CHECK(landscape.status.y + landscape.status.h == doctest::Approx(390));
    CHECK(compute_layout(820, 1180, 17).mode == cw::app::LayoutMode::two_columns);
    CHECK(compute_layout(1280, 800, 17).mode == cw::app::LayoutMode::desktop);
}
