// Pointer events that arrive faster than frames still make every click.
#include <utility>

#include <doctest/doctest.h>

#include "app/pointer_queue.hpp"

using cw::app::PointerQueue;

TEST_CASE("two clicks between frames are handed out one button change per frame, each after a frame of hover") {
    PointerQueue q;
    q.move(10, 10);
    q.button(0, true);
    q.button(0, false);
    q.move(200, 50);
    q.button(0, true);
    q.button(0, false);

    for (const auto& [x, down] : {std::pair{10.0f, false}, {10.0f, true}, {10.0f, false}, {200.0f, false}, {200.0f, true}}) {
        CAPTURE(x);
        CHECK(q.advance());
        CHECK(q.x() == x);
        CHECK(q.down(0) == down);
    }
    CHECK_FALSE(q.advance());
    CHECK_FALSE(q.down(0));
    CHECK(q.y() == 50);
    CHECK(q.applied_changes() == 4);
}

TEST_CASE("a tap lands, is hovered for a frame, then presses and releases where it landed") {
    PointerQueue q;
    q.move(300, 800);  // a finger touches down far from the last pointer position
    q.button(0, true);
    q.button(0, false);
    CHECK(q.advance());
    CHECK_FALSE(q.down(0));
    CHECK(q.applied_changes() == 0);
    CHECK(q.advance());
    CHECK(q.down(0));
    CHECK(q.applied_changes() == 1);
    CHECK_FALSE(q.advance());
    CHECK_FALSE(q.down(0));
    CHECK(q.applied_changes() == 2);
    CHECK(q.x() == 300);
}

TEST_CASE("moves alone are applied at once and repeated states are skipped") {
    PointerQueue q;
    q.move(1, 2);
    q.move(3, 4);
    CHECK_FALSE(q.advance());
    CHECK(q.x() == 3);
    q.button(1, false);
    CHECK_FALSE(q.advance());
    CHECK_FALSE(q.down(1));
    q.button(7, true);
    CHECK_FALSE(q.advance());
    CHECK_FALSE(q.down(7));
    CHECK(q.applied_changes() == 0);
}

TEST_CASE("a shortcut pressed and released between two frames is still seen, once, with its modifiers") {
    cw::app::KeyPresses keys;
    keys.press(90, true, false);  // Ctrl+Z, already released when the frame starts
    keys.press(65, false, false);  // A, still held: the frame sees it anyway
    const auto first = keys.take([](int key) { return key == 65; });
    REQUIRE(first);
    CHECK(first->key == 90);
    CHECK(first->ctrl);
    CHECK_FALSE(first->shift);
    CHECK_FALSE(keys.take([](int key) { return key == 65; }));
}
