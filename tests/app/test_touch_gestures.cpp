// Touches become clicks, pans with inertia, pinches and long presses, as on a phone.
#include <doctest/doctest.h>

#include <vector>

#include "app/touch_gestures.hpp"

using cw::app::GestureFrame;
using cw::app::PointerQueue;
using cw::app::TouchGestures;

namespace {

// The button states the UI sees, frame by frame, until the queue is empty.
std::vector<int> button_frames(PointerQueue& q, int button) {
    std::vector<int> seen;
    bool more = true;
    while (more) {
        more = q.advance();
        seen.push_back(q.down(button) ? 1 : 0);
    }
    return seen;
}

// A finger moving from (x0, y) to (x1, y) in `steps` moves 16 ms apart, starting at t.
double swipe(TouchGestures& g, float x0, float x1, float y, int steps, double t) {
    g.down(1, x0, y, t);
    for (int i = 1; i <= steps; ++i) g.move(1, x0 + (x1 - x0) * static_cast<float>(i) / steps, y, t + 16.0 * i);
    t += 16.0 * steps;
    g.up(1, x1, y, t);
    return t;
}

}  // namespace

TEST_CASE("a tap is a click where the finger landed; a small wobble is still a tap") {
    PointerQueue q;
    TouchGestures g(q);
    g.down(1, 100, 200, 0);
    g.move(1, 104, 203, 40);
    g.up(1, 104, 203, 90);
    CHECK(button_frames(q, 0) == std::vector<int>{0, 1, 0});
    CHECK(q.x() == 100);
    CHECK(g.take().pan_x == 0);
    CHECK_FALSE(g.busy());
}

TEST_CASE("a drag pans what is under it by the finger's movement and presses nothing") {
    PointerQueue q;
    TouchGestures g(q);
    g.down(1, 100, 400, 0);
    g.move(1, 100, 350, 100);
    g.move(1, 100, 300, 200);
    const GestureFrame f = g.take();
    CHECK(f.pan_y == doctest::Approx(-100));
    CHECK(f.pan_x == 0);
    CHECK(f.touching);
    for (int pressed : button_frames(q, 0)) CHECK(pressed == 0);
    CHECK(q.y() == 300);  // the pointer follows, so the panel under the finger is the one that pans
}

TEST_CASE("a flick keeps gliding after the lift, slowing down until it stops") {
    PointerQueue q;
    TouchGestures g(q);
    double t = swipe(g, 300, 100, 500, 10, 0);  // 200 px in 160 ms: 1.25 px/ms to the left
    const float during = g.take().pan_x;
    CHECK(during == doctest::Approx(-200));
    CHECK(g.busy());
    std::vector<float> steps;
    while (g.busy() && steps.size() < 200) {
        t += 16;
        g.update(t);
        steps.push_back(g.take().pan_x);
    }
    CHECK_FALSE(g.busy());
    REQUIRE(steps.size() > 10);
    CHECK(steps.front() < -10);  // it carries on in the flick's direction at about its speed
    for (std::size_t i = 1; i < steps.size(); ++i) CHECK(steps[i] >= steps[i - 1]);  // always slowing
    float glide = 0;
    for (float step : steps) glide += step;
    CHECK(glide == doctest::Approx(-1.25f * 325).epsilon(0.2));  // v·τ, as the decay promises
}

TEST_CASE("a finger that stops before lifting does not glide; a touch stops a glide") {
    PointerQueue q;
    TouchGestures g(q);
    g.down(1, 300, 500, 0);
    g.move(1, 200, 500, 50);
    g.up(1, 200, 500, 400);
    g.take();
    CHECK_FALSE(g.busy());

    swipe(g, 300, 100, 500, 10, 1000);
    g.take();
    CHECK(g.busy());
    button_frames(q, 0);
    g.down(2, 50, 50, 1200);
    g.up(2, 50, 50, 1250);
    g.update(1300);
    CHECK(g.take().pan_x == 0);
    CHECK_FALSE(g.busy());
    for (int pressed : button_frames(q, 0)) CHECK(pressed == 0);
}

TEST_CASE("a drag that starts on a widget that drags is a mouse drag, not a pan") {
    PointerQueue q;
    TouchGestures g(q);
    g.drags_here = [](float, float y) { return y < 50; };  // say, the ruler
    g.down(1, 100, 20, 0);
    g.move(1, 160, 22, 50);
    g.move(1, 220, 25, 100);
    g.up(1, 220, 25, 150);
    CHECK(g.take().pan_x == 0);
    CHECK(button_frames(q, 0) == std::vector<int>{0, 1, 0});
    CHECK(q.x() == 220);
}

TEST_CASE("two fingers pinch: the scale follows their distance, about their midpoint") {
    PointerQueue q;
    TouchGestures g(q);
    g.down(1, 100, 300, 0);
    g.down(2, 200, 300, 10);
    g.move(2, 250, 300, 30);
    g.move(1, 50, 300, 40);
    const GestureFrame f = g.take();
    CHECK(f.pinch == doctest::Approx(2.0));
    CHECK(f.pinch_x == doctest::Approx(150));
    CHECK(f.pinch_y == doctest::Approx(300));
    g.up(2, 250, 300, 60);
    g.move(1, 10, 300, 80);  // the finger left behind neither pans nor clicks
    g.up(1, 10, 300, 100);
    const GestureFrame after = g.take();
    CHECK(after.pan_x == 0);
    CHECK(after.pinch == 1.0f);
    for (int pressed : button_frames(q, 0)) CHECK(pressed == 0);
    CHECK_FALSE(g.busy());
}

TEST_CASE("a long press is a right click, and lifting afterwards clicks nothing") {
    PointerQueue q;
    TouchGestures g(q);
    g.down(1, 80, 90, 0);
    g.update(300);
    CHECK(button_frames(q, 1) == std::vector<int>{0});
    g.update(520);
    g.up(1, 80, 90, 900);
    CHECK(button_frames(q, 1) == std::vector<int>{1, 0});
    CHECK_FALSE(q.down(0));
}
